// Time blocks: the ways a 3D-2D network gets rid of the time axis.
#include "graph/blocks/block_helpers.h"

namespace volnet::blocks {

namespace {

// The first axis is where Input puts time; these blocks act on it, and say so when
// the axis they are given is not time.
void warnIfNotTime(ShapeContext &ctx, const TensorInfo &in, const std::string &doing)
{
    if (in.roles[0] == "T" || in.roles[0] == "D")
        return;
    ctx.warning("not-time",
                ctx.node().type + " " + doing + " the first axis, but that axis is " + in.roles[0] +
                    std::to_string(in.dims[0]) + " in " + formatWithRoles(in) + ", not time.",
                "Place it where the first axis is still the time axis T, e.g. right after the 3D blocks.");
}

BlockSpec temporalPooling()
{
    BlockSpec b;
    b.type = "TemporalPooling";
    b.idPrefix = "temporal_pooling";
    b.category = "Time";
    b.summary = "Max or mean over the time axis, which it removes: (T, H, W, C) -> (H, W, C).";
    b.shapes = "(T, ...) -> (...)";
    b.params = {choiceParam("mode", "mean", {"mean", "max"}, "how frames are combined")};
    b.infer = [](ShapeContext &ctx) -> std::optional<TensorInfo> {
        const TensorInfo &in = ctx.input();
        if (in.rank() < 2) {
            ctx.error("input-rank",
                      "TemporalPooling needs an input with a time axis and at least one more axis, but gets " +
                          formatTuple(in.dims) + ".",
                      "Connect it to a tensor shaped (T, H, W, C) or (T, F).");
            return std::nullopt;
        }
        warnIfNotTime(ctx, in, "pools over");
        return TensorInfo{Dims(in.dims.begin() + 1, in.dims.end()),
                          std::vector<std::string>(in.roles.begin() + 1, in.roles.end())};
    };
    b.flops = [](const ShapeContext &ctx, const TensorInfo &) { return elementCount(ctx.input().dims); };
    b.label = [](const Node &n) { return std::get<std::string>(n.params.at("mode")) + " over T"; };
    return b;
}

BlockSpec foldTime()
{
    BlockSpec b;
    b.type = "FoldTime";
    b.idPrefix = "fold_time";
    b.category = "Time";
    b.summary = "Moves time into channels: (T, H, W, C) -> (H, W, T·C), channel index t·C + c.";
    b.shapes = "(T, H, W, C) -> (H, W, T·C)";
    b.infer = [](ShapeContext &ctx) -> std::optional<TensorInfo> {
        if (!requireRank(ctx, 4, "(T, H, W, C)", "Connect it to the output of a 3D block or a 4-axis Input."))
            return std::nullopt;
        const TensorInfo &in = ctx.input();
        warnIfNotTime(ctx, in, "folds");
        return TensorInfo{{in.dims[1], in.dims[2], saturatingProduct({in.dims[0], in.dims[3]})},
                          {in.roles[1], in.roles[2], joinRoles({in.roles[0], in.roles[3]})}};
    };
    b.label = [](const Node &) { return std::string("T into channels"); };
    return b;
}

BlockSpec frameSlice()
{
    BlockSpec b;
    b.type = "FrameSlice";
    b.idPrefix = "frame_slice";
    b.category = "Time";
    b.summary = "Takes one frame, like Lambda(lambda x: x[:, index]): (T, H, W, C) -> (H, W, C).";
    b.shapes = "(T, ...) -> (...)";
    b.params = {intParam("index", 0, 0, 1 << 20, "which frame (0 is the first)")};
    b.infer = [](ShapeContext &ctx) -> std::optional<TensorInfo> {
        const TensorInfo &in = ctx.input();
        if (in.rank() < 2) {
            ctx.error("input-rank",
                      "FrameSlice needs an input with a time axis and at least one more axis, but gets " +
                          formatTuple(in.dims) + ".",
                      "Connect it to a tensor shaped (T, H, W, C).");
            return std::nullopt;
        }
        const int64_t index = ctx.integer("index");
        if (index >= in.dims[0]) {
            ctx.error("index-out-of-range",
                      "frame " + std::to_string(index) + " does not exist: the input " + formatTuple(in.dims) +
                          " has " + std::to_string(in.dims[0]) + " frames (0 to " + std::to_string(in.dims[0] - 1) +
                          ").",
                      "Choose an index below " + std::to_string(in.dims[0]) + ".", "index");
            return std::nullopt;
        }
        warnIfNotTime(ctx, in, "slices");
        return TensorInfo{Dims(in.dims.begin() + 1, in.dims.end()),
                          std::vector<std::string>(in.roles.begin() + 1, in.roles.end())};
    };
    b.label = [](const Node &n) { return "frame " + std::to_string(std::get<int64_t>(n.params.at("index"))); };
    return b;
}

} // namespace

void addTimeBlocks(std::vector<BlockSpec> &out)
{
    out.push_back(temporalPooling());
    out.push_back(foldTime());
    out.push_back(frameSlice());
}

} // namespace volnet::blocks
