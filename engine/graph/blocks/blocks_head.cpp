// Head blocks: Dense, Dropout, BatchNormalization, Activation.
#include "graph/blocks/block_helpers.h"

namespace volnet::blocks {

namespace {

BlockSpec dense()
{
    BlockSpec b;
    b.type = "Dense";
    b.idPrefix = "dense";
    b.category = "Head";
    b.summary = "Fully connected layer on the last axis (of any rank), like Keras's Dense.";
    b.shapes = "(..., F) -> (..., units)";
    b.params = {
        intParam("units", 64, 1, 1 << 20, "number of outputs"),
        activationParam("linear"),
        boolParam("use_bias", true, "add a learned bias per output"),
    };
    b.infer = [](ShapeContext &ctx) -> std::optional<TensorInfo> {
        TensorInfo t = ctx.input();
        t.dims.back() = ctx.integer("units");
        if (t.roles.back() != "C")
            t.roles.back() = "F";
        return t;
    };
    b.weights = [](const ShapeContext &ctx, const TensorInfo &) {
        const int64_t units = ctx.integer("units");
        std::vector<WeightSpec> w{{"kernel", {ctx.input().dims.back(), units}}};
        if (ctx.flag("use_bias"))
            w.push_back({"bias", {units}});
        return w;
    };
    b.flops = [](const ShapeContext &ctx, const TensorInfo &out) {
        return saturatingProduct({2, ctx.input().dims.back(), elementCount(out.dims)});
    };
    b.label = [](const Node &n) {
        return std::to_string(std::get<int64_t>(n.params.at("units"))) + " · " +
               std::get<std::string>(n.params.at("activation"));
    };
    return b;
}

BlockSpec dropout()
{
    BlockSpec b;
    b.type = "Dropout";
    b.idPrefix = "dropout";
    b.category = "Head";
    b.summary = "During training, zeroes a fraction `rate` of the values and rescales the rest.";
    b.shapes = "(s) -> (s)";
    b.params = {floatParam("rate", 0.5, 0.0, 1.0, "fraction of values dropped while training", false, true)};
    b.infer = [](ShapeContext &ctx) -> std::optional<TensorInfo> { return ctx.input(); };
    b.label = [](const Node &n) { return "rate " + formatParam(n.params.at("rate")); };
    return b;
}

BlockSpec batchNormalization()
{
    BlockSpec b;
    b.type = "BatchNormalization";
    b.idPrefix = "batch_normalization";
    b.category = "Head";
    b.summary = "Normalises each channel with batch statistics while training, moving averages after.";
    b.shapes = "(s) -> (s)";
    b.params = {
        intParam("axis", -1, -5, 5, "the axis of the features to normalise, as Keras counts it (-1: last)"),
        floatParam("momentum", 0.99, 0.0, 1.0, "weight of the old value in the moving averages", false, true),
        floatParam("epsilon", 0.001, 0.0, 1.0, "added to the variance before the square root", true, false),
    };
    b.infer = [](ShapeContext &ctx) -> std::optional<TensorInfo> {
        const TensorInfo &in = ctx.input();
        const int64_t axis = ctx.integer("axis");
        const int64_t a = axis < 0 ? in.rank() + axis : axis - 1;
        if (a < 0 || a >= in.rank()) {
            ctx.error("axis-range",
                      "axis " + std::to_string(axis) + " does not exist in the input " + formatTuple(in.dims) +
                          " (use 1 to " + std::to_string(in.rank()) + ", or -1 for the last; 0 is the batch axis).",
                      "Use -1 to normalise channels.", "axis");
            return std::nullopt;
        }
        return in;
    };
    b.weights = [](const ShapeContext &ctx, const TensorInfo &) {
        const TensorInfo &in = ctx.input();
        const int64_t axis = ctx.integer("axis");
        const int64_t n = in.dims[size_t(axis < 0 ? in.rank() + axis : axis - 1)];
        return std::vector<WeightSpec>{{"gamma", {n}}, {"beta", {n}}, {"moving_mean", {n}, false},
                                       {"moving_variance", {n}, false}};
    };
    b.flops = [](const ShapeContext &, const TensorInfo &out) { return saturatingProduct({2, elementCount(out.dims)}); };
    b.label = [](const Node &n) { return "axis " + std::to_string(std::get<int64_t>(n.params.at("axis"))); };
    return b;
}

BlockSpec activation()
{
    BlockSpec b;
    b.type = "Activation";
    b.idPrefix = "activation";
    b.category = "Head";
    b.summary = "Applies an activation function element-wise (softmax: over the last axis).";
    b.shapes = "(s) -> (s)";
    b.params = {activationParam("relu")};
    b.infer = [](ShapeContext &ctx) -> std::optional<TensorInfo> { return ctx.input(); };
    b.flops = [](const ShapeContext &, const TensorInfo &out) { return elementCount(out.dims); };
    b.label = [](const Node &n) { return std::get<std::string>(n.params.at("activation")); };
    return b;
}

} // namespace

void addHeadBlocks(std::vector<BlockSpec> &out)
{
    out.push_back(dense());
    out.push_back(dropout());
    out.push_back(batchNormalization());
    out.push_back(activation());
}

} // namespace volnet::blocks
