#include "ref/op_family.h"

#include <algorithm>
#include <stdexcept>

namespace volnet::ref {

namespace {

template<typename T> const OpTable<T> &opTable()
{
    static const OpTable<T> table = [] {
        OpTable<T> t;
        addConvOps(t);
        addPoolOps(t);
        addReshapeOps(t);
        addMergeOps(t);
        addLstmOps(t);
        addDenseOps(t);
        addActivationOps(t);
        addNormalizationOps(t);
        return t;
    }();
    return table;
}

template<typename T> const OpEntry<T> &entryFor(const Node &node)
{
    for (const OpEntry<T> &e : opTable<T>())
        if (e.type == node.type)
            return e;
    throw std::invalid_argument(node.id + ": the block type '" + node.type + "' has no CPU reference");
}

[[noreturn]] void reject(const Node &node, const std::string &what)
{
    throw std::invalid_argument(node.id + " (" + node.type + "): " + what);
}

template<typename T> std::vector<Dims> shapesOf(const std::vector<BasicTensor<T>> &tensors)
{
    std::vector<Dims> shapes;
    for (const BasicTensor<T> &t : tensors)
        shapes.push_back(t.shape());
    return shapes;
}

// The weights must be exactly those the block's rule lists, in its shapes.
template<typename T> void checkWeights(const Node &node, const Signature &sig, const TensorMap<T> &weights)
{
    for (const WeightSpec &w : sig.weights) {
        const auto it = weights.find(w.name);
        if (it == weights.end())
            reject(node, "the weight '" + w.name + "' " + formatTuple(w.shape) + " is missing");
        if (it->second.shape() != w.shape)
            reject(node, "the weight '" + w.name + "' has shape " + formatTuple(it->second.shape()) +
                             " but the block needs " + formatTuple(w.shape));
    }
    for (const auto &[name, tensor] : weights)
        if (std::none_of(sig.weights.begin(), sig.weights.end(), [&](const WeightSpec &w) { return w.name == name; }))
            reject(node, "the block has no weight '" + name + "'");
}

} // namespace

Signature signature(const Node &node, const std::vector<Dims> &inputShapes)
{
    const BlockSpec *spec = findBlock(node.type);
    if (!spec)
        reject(node, "unknown block type");
    if (node.type == "Input")
        reject(node, "an Input computes nothing; feed its tensor to the blocks it feeds");
    for (const ParamSpec &p : spec->params) {
        const auto it = node.params.find(p.name);
        if (it == node.params.end())
            reject(node, "the parameter '" + p.name + "' is missing");
        if (const auto why = validateParam(p, it->second))
            reject(node, p.name + ": " + *why);
    }
    const int count = int(inputShapes.size());
    if (count < spec->minInputs || (!spec->variadic() && count > spec->maxInputs))
        reject(node, "the block takes " + std::to_string(spec->minInputs) + (spec->variadic() ? " or more" : "") +
                         " inputs, not " + std::to_string(count));
    std::vector<TensorInfo> infos;
    for (const Dims &shape : inputShapes) {
        if (shape.empty() || shape[0] != inputShapes[0].at(0))
            reject(node, "every input needs a batch axis of one size; got " + formatTuple(shape));
        if (std::find(shape.begin(), shape.end(), 0) != shape.end())
            reject(node, "an input of shape " + formatTuple(shape) + " has no elements");
        // Roles only change warnings, which the reference has no use for.
        const Dims sample(shape.begin() + 1, shape.end());
        infos.push_back(TensorInfo{sample, std::vector<std::string>(sample.size(), "S")});
    }
    ShapeContext ctx(*spec, node, infos);
    const std::optional<TensorInfo> out = spec->infer(ctx);
    if (!out || ctx.failed()) {
        std::string why;
        for (const Diagnostic &d : ctx.diagnostics())
            if (d.severity == Severity::Error)
                why += (why.empty() ? "" : "; ") + d.message;
        reject(node, why.empty() ? "the shape rule rejects the inputs" : why);
    }
    Signature sig;
    sig.output = out->dims;
    sig.output.insert(sig.output.begin(), inputShapes[0][0]);
    if (spec->weights)
        sig.weights = spec->weights(ctx, *out);
    return sig;
}

bool hasReference(std::string_view type)
{
    const auto &table = opTable<float>();
    return std::any_of(table.begin(), table.end(), [&](const OpEntry<float> &e) { return e.type == type; });
}

template<typename T>
Forward<T> forward(const Node &node, const std::vector<BasicTensor<T>> &inputs, const TensorMap<T> &weights,
                   const Options &options)
{
    const Signature sig = signature(node, shapesOf(inputs));
    checkWeights(node, sig, weights);
    Forward<T> result = entryFor<T>(node).forward(OpArgs<T>{node, inputs, weights, options});
    // The reference and the shape rule are written apart; each checks the other.
    if (result.output.shape() != sig.output)
        throw std::logic_error(node.id + " (" + node.type + "): the reference computes shape " +
                               formatTuple(result.output.shape()) + " where the shape rule says " +
                               formatTuple(sig.output));
    return result;
}

template<typename T>
Backward<T> backward(const Node &node, const std::vector<BasicTensor<T>> &inputs, const TensorMap<T> &weights,
                     const BasicTensor<T> &outputGradient, const Options &options)
{
    const Signature sig = signature(node, shapesOf(inputs));
    checkWeights(node, sig, weights);
    if (outputGradient.shape() != sig.output)
        reject(node, "the output gradient has shape " + formatTuple(outputGradient.shape()) + ", the output " +
                         formatTuple(sig.output));
    Backward<T> result = entryFor<T>(node).backward(OpArgs<T>{node, inputs, weights, options}, outputGradient);
    bool shapesAgree = result.inputs.size() == inputs.size();
    for (size_t i = 0; shapesAgree && i < inputs.size(); ++i)
        shapesAgree = result.inputs[i].shape() == inputs[i].shape();
    for (const WeightSpec &w : sig.weights)
        shapesAgree = shapesAgree &&
                      (!w.trainable || (result.weights.count(w.name) && result.weights.at(w.name).shape() == w.shape));
    if (!shapesAgree)
        throw std::logic_error(node.id + " (" + node.type +
                               "): the reference's gradients do not match the shapes "
                               "of the inputs and trainable weights");
    return result;
}

template Forward<float> forward(const Node &, const std::vector<Tensor> &, const TensorMap<float> &, const Options &);
template Forward<double> forward(const Node &, const std::vector<TensorD> &, const TensorMap<double> &,
                                 const Options &);
template Backward<float> backward(const Node &, const std::vector<Tensor> &, const TensorMap<float> &, const Tensor &,
                                  const Options &);
template Backward<double> backward(const Node &, const std::vector<TensorD> &, const TensorMap<double> &,
                                   const TensorD &, const Options &);

} // namespace volnet::ref
