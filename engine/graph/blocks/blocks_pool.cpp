// Pooling: windowed max/average in 3D and 2D, and global pooling over all positions.
#include "graph/blocks/block_helpers.h"

namespace volnet::blocks {

namespace {

BlockSpec poolBlock(int spatialRank, bool isMax)
{
    const bool is3d = spatialRank == 3;
    const std::string kind = isMax ? "Max" : "Average";
    BlockSpec b;
    b.type = kind + "Pooling" + (is3d ? "3D" : "2D");
    b.idPrefix = (isMax ? "max_pooling" : "average_pooling") + std::string(is3d ? "3d" : "2d");
    b.category = is3d ? "3D" : "2D";
    b.summary = kind + " over windows of " + (is3d ? "(T or D, H, W)" : "(H, W)") +
                (isMax ? ": keeps the strongest response." : ": smooths and shrinks.");
    b.shapes = is3d ? "(D, H, W, C) -> (D', H', W', C)" : "(H, W, C) -> (H', W', C)";
    b.params = {
        tupleParam("pool_size", IntTuple(size_t(spatialRank), 2), spatialRank, spatialRank, 1, 1 << 12,
                   "window extent along each axis"),
        tupleParam("strides", {}, 0, spatialRank, 1, 1 << 12,
                   "window step along each axis; empty means equal to pool_size (Keras's None)"),
        paddingParam(),
    };
    const std::string axesHint = is3d ? "(T or D, H, W, C)" : "(H, W, C)";
    b.infer = [=](ShapeContext &ctx) -> std::optional<TensorInfo> {
        if (!requireRank(ctx, spatialRank + 1, axesHint,
                         is3d ? "Use the 2D pooling block for images." : "Use the 3D pooling block for volumes."))
            return std::nullopt;
        const TensorInfo &in = ctx.input();
        const IntTuple &pool = ctx.tuple("pool_size");
        IntTuple strides = ctx.tuple("strides");
        if (strides.empty())
            strides = pool;
        if (int(strides.size()) != spatialRank) {
            ctx.error("strides-length",
                      "strides " + formatTuple(strides) + " needs " + std::to_string(spatialRank) +
                          " values, or none to equal pool_size.",
                      "Give one stride per axis, or clear the field.", "strides");
            return std::nullopt;
        }
        TensorInfo t = in;
        for (size_t a = 0; a < size_t(spatialRank); ++a) {
            const int64_t n = convOutputLength(in.dims[a], pool[a], ctx.word("padding"), strides[a]);
            if (n <= 0) {
                ctx.error("pool-too-large",
                          "pool_size " + formatTuple(pool) + " is larger than the input " + formatTuple(in.dims) +
                              " on axis " + in.roles[a] + " (size " + std::to_string(in.dims[a]) +
                              ") with 'valid' padding.",
                          "Use a smaller pool_size on that axis (1 leaves it alone), or padding 'same'.",
                          "pool_size");
                return std::nullopt;
            }
            t.dims[a] = n;
        }
        if (!is3d)
            warnTimeInImage(ctx, in, ctx.node().type);
        return t;
    };
    b.flops = [](const ShapeContext &ctx, const TensorInfo &out) {
        return saturatingProduct({elementCount(ctx.tuple("pool_size")), elementCount(out.dims)});
    };
    b.label = [](const Node &n) {
        const IntTuple &s = std::get<IntTuple>(n.params.at("strides"));
        std::string label = crossTuple(std::get<IntTuple>(n.params.at("pool_size")));
        if (!s.empty())
            label += " / " + crossTuple(s);
        return label + " · " + std::get<std::string>(n.params.at("padding"));
    };
    return b;
}

BlockSpec globalPoolBlock(int spatialRank, bool isMax)
{
    const bool is3d = spatialRank == 3;
    const std::string kind = isMax ? "Max" : "Average";
    BlockSpec b;
    b.type = "Global" + kind + "Pooling" + (is3d ? "3D" : "2D");
    b.idPrefix = "global_" + std::string(isMax ? "max" : "average") + "_pooling" + (is3d ? "3d" : "2d");
    b.category = is3d ? "3D" : "2D";
    b.summary = kind + " of each channel over all " + (is3d ? "(T or D, H, W)" : "(H, W)") + " positions.";
    b.shapes = is3d ? "(D, H, W, C) -> (C,)" : "(H, W, C) -> (C,)";
    b.infer = [=](ShapeContext &ctx) -> std::optional<TensorInfo> {
        if (!requireRank(ctx, spatialRank + 1, is3d ? "(T or D, H, W, C)" : "(H, W, C)",
                         is3d ? "Use the 2D global pooling block for images."
                              : "Use GlobalAveragePooling3D for volumes, or collapse time first."))
            return std::nullopt;
        const TensorInfo &in = ctx.input();
        if (!is3d)
            warnTimeInImage(ctx, in, ctx.node().type);
        return TensorInfo{{in.dims.back()}, {in.roles.back()}};
    };
    b.flops = [](const ShapeContext &ctx, const TensorInfo &) { return elementCount(ctx.input().dims); };
    b.label = [](const Node &) { return std::string("over all positions"); };
    return b;
}

} // namespace

void addPoolBlocks(std::vector<BlockSpec> &out)
{
    out.push_back(poolBlock(3, true));
    out.push_back(poolBlock(3, false));
    out.push_back(globalPoolBlock(3, false));
    out.push_back(poolBlock(2, true));
    out.push_back(poolBlock(2, false));
    out.push_back(globalPoolBlock(2, false));
    out.push_back(globalPoolBlock(2, true));
}

} // namespace volnet::blocks
