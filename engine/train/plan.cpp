#include "train/plan.h"

#include "train/plan_layout.h"
#include "vk/context.h"
#include "vk/device_info.h"
#include "vk/error.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace volnet::train {

namespace {

std::string listErrors(const Analysis &a)
{
    std::string s;
    for (const Diagnostic &d : a.diagnostics)
        if (d.severity == Severity::Error)
            s += "\n  " + formatDiagnostic(d);
    return s;
}

// The output block as the loss needs it: class scores per sample, softmax taken by the loss.
Node logitsNode(const Node &node, const TensorInfo &out)
{
    if (out.rank() != 1)
        throw PlanError("the output block " + node.id + " gives " + formatTuple(out.dims) +
                        " per sample, but a classifier needs one score per class: end the network with "
                        "Dense(classes, activation='softmax') after a global pooling or Flatten.");
    Node compiled = node;
    const auto activation = node.params.find("activation");
    if (activation == node.params.end())
        return compiled;
    const std::string &name = std::get<std::string>(activation->second);
    if (name == "softmax")
        compiled.params["activation"] = std::string("linear");
    else if (name != "linear")
        throw PlanError("the output block " + node.id + " ends in '" + name +
                        "', but training uses softmax cross-entropy over class scores: set its activation "
                        "to 'softmax' (or 'linear' for raw scores).");
    return compiled;
}

std::unique_ptr<ops::DeviceOp> buildOp(vk::Context &context, const Plan::NodeProgram &p,
                                       const std::vector<Dims> &inputShapes, ref::Mode mode)
{
    try {
        return ops::createDeviceOp({context, p.node, inputShapes, p.shape, mode});
    } catch (const vk::Error &) {
        throw;
    } catch (const std::exception &e) {
        throw PlanError(p.node.id + " (" + p.node.type + "): " + e.what());
    }
}

bool dependsOnMode(const std::string &type)
{
    return type == "Dropout" || type == "BatchNormalization";
}

} // namespace

Plan::Plan(vk::Context &context, const Graph &graph, const PlanConfig &config)
    : m(std::make_unique<Impl>(context)), m_config(config)
{
    if (config.batch < 1)
        throw PlanError("the batch size must be at least 1, not " + std::to_string(config.batch));
    const Analysis analysis = analyze(graph);
    if (analysis.hasErrors())
        throw PlanError("the graph has errors:" + listErrors(analysis));
    m_outputNode = analysis.outputs.front();
    const int64_t batch = config.batch;
    const ref::Mode mode = config.training ? ref::Mode::Training : ref::Mode::Inference;

    for (const std::string &id : analysis.order) {
        const Node &node = *graph.node(id);
        const NodeAnalysis &info = analysis.nodes.at(id);
        NodeProgram p;
        p.node = id == m_outputNode ? logitsNode(node, *info.output) : node;
        p.shape = Dims{batch};
        p.shape.insert(p.shape.end(), info.output->dims.begin(), info.output->dims.end());
        p.isInput = node.type == "Input";
        // Before the ops, which refuse such tensors too but cannot say which batch would fit.
        checkBindable(context, p.isInput ? "the input batch" : p.node.id + "'s output", p.shape, config.batch);
        for (const auto &producer : graph.inputsOf(id))
            if (producer) // a variadic block's free last port is empty
                p.producers.push_back(m->index.at(*producer));
        std::vector<Dims> inputShapes;
        for (int producer : p.producers)
            inputShapes.push_back(m->nodes[size_t(producer)].shape);
        const int self = int(m->nodes.size());
        p.root = self;
        bool hasTrainable = false;
        if (p.isInput) {
            m_sampleShape = info.output->dims;
        } else {
            p.op = buildOp(context, p, inputShapes, mode);
            if (config.training && dependsOnMode(node.type))
                p.evalOp = buildOp(context, p, inputShapes, ref::Mode::Inference);
            if (p.op->isView())
                p.root = m->nodes[size_t(p.producers.front())].root;
            for (const WeightSpec &w : info.weights) {
                m->weightSlots.push_back({id, w.name, w.shape, w.trainable});
                hasTrainable |= w.trainable;
            }
        }
        p.needsGradient = config.training && !p.isInput &&
                          (hasTrainable || std::any_of(p.producers.begin(), p.producers.end(), [&](int producer) {
                               return m->nodes[size_t(producer)].needsGradient;
                           }));
        m->index[id] = self;
        m->nodes.push_back(std::move(p));
    }
    m->output = m->index.at(m_outputNode);
    m_classes = int(m->nodes[size_t(m->output)].shape.back());

    // Trainable weights first and contiguous: the optimizer updates them in one dispatch.
    std::stable_partition(m->weightSlots.begin(), m->weightSlots.end(), [](const WeightSlot &w) { return w.trainable; });
    // Each weight is bound on its own, so each starts at an offset the device can bind;
    // the padding between them is zero in the weights and in their gradients, and the
    // optimizer's update leaves a zero with a zero gradient at zero.
    const uint64_t alignFloats = std::max<uint64_t>(4, context.device().minStorageBufferOffsetAlignment / 4);
    for (WeightSlot &w : m->weightSlots) {
        m->weightFloats = (m->weightFloats + alignFloats - 1) / alignFloats * alignFloats;
        w.offset = m->weightFloats;
        m->weightFloats += uint64_t(elementCount(w.shape));
        if (w.trainable)
            m->trainableFloats = m->weightFloats;
    }

    m->loss = std::make_unique<ops::SoftmaxCrossEntropy>(context, uint64_t(batch), uint64_t(m_classes));
    m->softmax = std::make_unique<ops::ActivationKernels>(context, "softmax", uint64_t(batch), uint64_t(m_classes));
    if (config.training)
        m->optimizer = std::make_unique<ops::DeviceOptimizer>(context, config.optimizer, m->trainableFloats);
    m->accumulate = std::make_unique<vk::Kernel>(context, vk::KernelDesc{"accumulate", 2, 4, {}});
    if (config.accumulate && config.training)
        m->accumulateShare = std::make_unique<vk::Kernel>(context, vk::KernelDesc{"accumulate_share", 3, 4, {}});
    std::tie(m_deviceBytes, m_unsharedBytes) = allocatePlanMemory(*m, config, m_sampleShape, m_classes);

    for (int slot = 0; slot < 2; ++slot) {
        const vk::RecorderOptions options{.timestamps = config.timestamps && context.timestamps()};
        m->eval[size_t(slot)] = std::make_unique<vk::Recorder>(context, options);
        recordEvaluation(*m, *m->eval[size_t(slot)], slot);
        if (config.training) {
            m->train[size_t(slot)] = std::make_unique<vk::Recorder>(context, options);
            recordTrainStep(*m, *m->train[size_t(slot)], slot);
        }
    }
    if (m->gradientSum) {
        m->update = std::make_unique<vk::Recorder>(context, vk::RecorderOptions{.timestamps = config.timestamps &&
                                                                                           context.timestamps()});
        recordUpdate(*m, *m->update);
    }
    resetMetrics();
}

int Plan::largestBatch(const vk::Context &context, const Graph &graph)
{
    const uint64_t limit = context.device().maxStorageBufferRange;
    uint64_t largest = uint64_t(std::numeric_limits<int>::max());
    for (const auto &[id, info] : analyze(graph).nodes)
        if (info.output) {
            const uint64_t perSample = std::max<uint64_t>(1, uint64_t(elementCount(info.output->dims)) * sizeof(float));
            largest = std::min(largest, limit / perSample);
        }
    return int(std::max<uint64_t>(1, largest));
}

Plan::~Plan()
{
    if (m && m->pending)
        m->pending->wait();
}

std::vector<std::string> Plan::weightNames() const
{
    std::vector<std::string> names;
    for (const WeightSlot &w : m->weightSlots)
        names.push_back(w.node + "." + w.name);
    return names;
}

void Plan::setWeights(const std::map<std::string, Tensor> &weights)
{
    for (const auto &[name, tensor] : weights) {
        const auto names = weightNames();
        if (std::find(names.begin(), names.end(), name) == names.end())
            throw PlanError("the weights hold '" + name + "', which this graph has no place for: the weights "
                            "belong to another design (or a node was renamed)");
    }
    std::vector<float> all(m->weightFloats);
    for (const WeightSlot &w : m->weightSlots) {
        const std::string name = w.node + "." + w.name;
        const auto it = weights.find(name);
        if (it == weights.end())
            throw PlanError("the weights lack '" + name + "' " + formatTuple(w.shape) +
                            ": they belong to another design, or were saved before this block was added");
        if (it->second.shape() != w.shape)
            throw PlanError("weight '" + name + "' has the shape " + formatTuple(it->second.shape()) +
                            " but the graph needs " + formatTuple(w.shape) + " (Keras layout)");
        std::copy(it->second.values().begin(), it->second.values().end(), all.begin() + int64_t(w.offset));
    }
    wait();
    m->weights->upload(all.data(), all.size() * sizeof(float));
}

std::map<std::string, Tensor> Plan::weights() const
{
    const std::vector<float> all = m->weights->readback<float>(m->weightFloats);
    std::map<std::string, Tensor> out;
    for (const WeightSlot &w : m->weightSlots)
        out[w.node + "." + w.name] = Tensor(w.shape, std::vector<float>(all.begin() + int64_t(w.offset),
                                                                        all.begin() + int64_t(w.offset) +
                                                                            elementCount(w.shape)));
    return out;
}

std::vector<float> Plan::optimizerState() const
{
    if (!m->optimizer || m->optimizer->stateBytes() == 0)
        return {};
    return m->optimizerState->readback<float>(m->optimizer->stateBytes() / sizeof(float));
}

void Plan::setOptimizerState(const std::vector<float> &state)
{
    const uint64_t expected = m->optimizer ? m->optimizer->stateBytes() / sizeof(float) : 0;
    if (state.size() != expected)
        throw PlanError("the optimizer state holds " + std::to_string(state.size()) + " values but this model and "
                        "optimizer need " + std::to_string(expected) + ": it was saved for another configuration");
    if (expected)
        m->optimizerState->upload(state.data(), expected * sizeof(float));
}

void Plan::writeBatch(int slot, const float *input, const std::vector<int32_t> &labels)
{
    const ops::DeviceTensor &in = m->inputSlots[size_t(slot)];
    const ops::DeviceTensor &lab = m->labelSlots[size_t(slot)];
    if (labels.size() != uint64_t(m_config.batch))
        throw std::invalid_argument("writeBatch needs one label per sample");
    m->io->upload(input, in.count() * sizeof(float), in.range.offset);
    m->io->upload(labels.data(), labels.size() * sizeof(int32_t), lab.range.offset);
}

void Plan::submitTrain(int slot, const ops::StepParams &step)
{
    if (!m->train[0])
        throw std::logic_error("an inference plan cannot train");
    if (m->gradientSum)
        throw std::logic_error("a plan that accumulates micro-batches trains with submitMicroBatch and submitUpdate");
    submit(*m->train[size_t(slot)], step);
    m->lastSlot = slot;
}

void Plan::submitMicroBatch(int slot, const ops::StepParams &step, float share, bool first)
{
    if (!m->gradientSum)
        throw std::logic_error("submitMicroBatch needs a plan made with PlanConfig::accumulate");
    wait();
    const MicroBatchShare words{share, first ? 1u : 0u};
    m->io->upload(&words, sizeof words, m->share.range.offset);
    submit(*m->train[size_t(slot)], step);
    m->lastSlot = slot;
}

void Plan::submitUpdate(const ops::StepParams &step)
{
    if (!m->gradientSum)
        throw std::logic_error("submitUpdate needs a plan made with PlanConfig::accumulate");
    submit(*m->update, step);
}

void Plan::submit(vk::Recorder &recording, const ops::StepParams &step)
{
    wait();
    m->io->upload(&step, sizeof step, m->step.range.offset);
    m->pending = &recording;
    m->pending->submit();
}

void Plan::submitEval(int slot)
{
    wait();
    m->pending = m->eval[size_t(slot)].get();
    m->pending->submit();
    m->lastSlot = slot;
}

void Plan::wait()
{
    if (!m->pending)
        return;
    vk::Recorder *pending = m->pending;
    m->pending = nullptr;
    pending->wait();
    m->lastFinished = pending;
}

const std::vector<vk::DispatchTiming> &Plan::lastTimings() const
{
    static const std::vector<vk::DispatchTiming> none;
    return m->lastFinished ? m->lastFinished->timings() : none;
}

EvalMetrics Plan::readMetrics() const
{
    const std::vector<uint32_t> words =
        m->io->readback<uint32_t>(m->metrics.range.size / sizeof(uint32_t), m->metrics.range.offset);
    const ops::LossMetrics loss = m->loss->decodeMetrics(words);
    EvalMetrics out;
    out.lossSum = loss.lossSum;
    out.correct = int64_t(loss.correct);
    out.samples = int64_t(loss.rows);
    out.confusion.assign(loss.confusion.begin(), loss.confusion.end());
    return out;
}

void Plan::resetMetrics()
{
    wait();
    std::vector<uint8_t> zeros(m->metrics.range.size, 0);
    m->io->upload(zeros.data(), zeros.size(), m->metrics.range.offset);
}

Tensor Plan::readPredictions() const
{
    Tensor t(m->probabilities.shape);
    m->io->readback(t.data(), uint64_t(t.size()) * sizeof(float), m->probabilities.range.offset);
    return t;
}

Tensor Plan::readActivation(const std::string &nodeId) const
{
    const auto it = m->index.find(nodeId);
    if (it == m->index.end())
        throw std::invalid_argument("no node named '" + nodeId + "' in this graph");
    const ops::DeviceTensor t = outputOf(*m, it->second, m->lastSlot);
    Tensor out(t.shape);
    const vk::Buffer &buffer = m->nodes[size_t(m->nodes[size_t(it->second)].root)].isInput ? *m->io : *m->activations;
    buffer.readback(out.data(), uint64_t(out.size()) * sizeof(float), t.range.offset);
    return out;
}

} // namespace volnet::train
