// Conv3D and Conv2D: Keras's convolutions, channels-last.
#include "graph/blocks/block_helpers.h"

namespace volnet::blocks {

namespace {

BlockSpec convBlock(int spatialRank)
{
    const bool is3d = spatialRank == 3;
    const IntTuple ones(size_t(spatialRank), 1);
    BlockSpec b;
    b.type = is3d ? "Conv3D" : "Conv2D";
    b.idPrefix = is3d ? "conv3d" : "conv2d";
    b.category = is3d ? "3D" : "2D";
    b.summary = is3d ? "3D convolution over (T or D, H, W): learns spatio-temporal filters."
                     : "2D convolution over (H, W): learns image filters.";
    b.shapes = is3d ? "(D, H, W, C) -> (D', H', W', filters)" : "(H, W, C) -> (H', W', filters)";
    b.params = {
        intParam("filters", 32, 1, 1 << 16, "number of output channels"),
        tupleParam("kernel_size", IntTuple(size_t(spatialRank), 3), spatialRank, spatialRank, 1, 1 << 12,
                   "extent of the filter along each spatial axis"),
        tupleParam("strides", ones, spatialRank, spatialRank, 1, 1 << 12, "step of the filter along each axis"),
        paddingParam(),
        tupleParam("dilation_rate", ones, spatialRank, spatialRank, 1, 1 << 12,
                   "spacing between kernel taps; cannot be combined with strides > 1"),
        activationParam("linear"),
        boolParam("use_bias", true, "add a learned bias per filter"),
    };
    const std::string axesHint = is3d ? "(T or D, H, W, C)" : "(H, W, C)";
    b.infer = [=](ShapeContext &ctx) -> std::optional<TensorInfo> {
        const std::string fix = is3d ? "Conv3D works on volumes and frame sequences; use Conv2D for images."
                                     : "Conv2D works on images; collapse or fold the time axis first "
                                       "(TemporalPooling, FoldTime), or use Conv3D.";
        if (!requireRank(ctx, spatialRank + 1, axesHint, fix))
            return std::nullopt;
        const TensorInfo &in = ctx.input();
        const IntTuple &k = ctx.tuple("kernel_size");
        const IntTuple &s = ctx.tuple("strides");
        const IntTuple &d = ctx.tuple("dilation_rate");
        const std::string &padding = ctx.word("padding");
        for (int i = 0; i < spatialRank; ++i)
            if (s[size_t(i)] > 1 && d[size_t(i)] > 1) {
                ctx.error("stride-and-dilation",
                          "strides " + formatTuple(s) + " and dilation_rate " + formatTuple(d) +
                              " are both above 1 on axis " + std::to_string(i + 1) +
                              "; Keras does not allow that combination.",
                          "Set the strides or the dilation_rate of that axis to 1.", "dilation_rate");
                return std::nullopt;
            }
        TensorInfo t{in.dims, in.roles};
        for (int i = 0; i < spatialRank; ++i) {
            const size_t a = size_t(i);
            const int64_t n = convOutputLength(in.dims[a], k[a], padding, s[a], d[a]);
            if (n <= 0) {
                ctx.error("kernel-too-large",
                          "the " + std::string(padding == "valid" ? "" : "dilated ") + "kernel " + formatTuple(k) +
                              " does not fit the input " + formatTuple(in.dims) + " on axis " + in.roles[a] +
                              " (size " + std::to_string(in.dims[a]) + ") with 'valid' padding.",
                          "Use padding 'same', a smaller kernel_size, or a larger input.", "kernel_size");
                return std::nullopt;
            }
            t.dims[a] = n;
        }
        t.dims.back() = ctx.integer("filters");
        t.roles.back() = "C";
        if (!is3d)
            warnTimeInImage(ctx, in, "Conv2D");
        return t;
    };
    b.weights = [](const ShapeContext &ctx, const TensorInfo &) {
        Dims kernel(ctx.tuple("kernel_size").begin(), ctx.tuple("kernel_size").end());
        kernel.push_back(ctx.input().dims.back());
        kernel.push_back(ctx.integer("filters"));
        std::vector<WeightSpec> w{{"kernel", kernel}};
        if (ctx.flag("use_bias"))
            w.push_back({"bias", {ctx.integer("filters")}});
        return w;
    };
    b.flops = [](const ShapeContext &ctx, const TensorInfo &out) {
        const int64_t taps = saturatingProduct({elementCount(ctx.tuple("kernel_size")), ctx.input().dims.back()});
        return saturatingProduct({2, taps, elementCount(out.dims)});
    };
    b.label = [](const Node &n) {
        return std::to_string(std::get<int64_t>(n.params.at("filters"))) + " × " +
               crossTuple(std::get<IntTuple>(n.params.at("kernel_size"))) + " · " +
               std::get<std::string>(n.params.at("activation")) + " · " +
               std::get<std::string>(n.params.at("padding"));
    };
    return b;
}

} // namespace

void addConvBlocks(std::vector<BlockSpec> &out)
{
    out.push_back(convBlock(3));
    out.push_back(convBlock(2));
}

} // namespace volnet::blocks
