// Input: where a sample enters the network.
#include "graph/blocks/block_helpers.h"

namespace volnet::blocks {

void addInputBlocks(std::vector<BlockSpec> &out)
{
    BlockSpec b;
    b.type = "Input";
    b.idPrefix = "input";
    b.category = "Input";
    b.summary = "One sample without the batch axis: (T, H, W, C) for a time series of images or a volume.";
    b.shapes = "() -> shape";
    b.minInputs = b.maxInputs = 0;
    b.params = {
        tupleParam("shape", {10, 128, 128, 1}, 1, 4, 1, 1 << 20,
                   "the sample's shape: (T or D, H, W, C), (H, W, C), (T, F) or (F,)"),
        choiceParam("first_axis", "time", {"time", "depth"},
                    "what the first axis of a 4-axis (or 2-axis) shape is: frames in time, or slices in depth"),
    };
    b.infer = [](ShapeContext &ctx) -> std::optional<TensorInfo> {
        const IntTuple &shape = ctx.tuple("shape");
        const std::string first = ctx.word("first_axis") == "depth" ? "D" : "T";
        TensorInfo t{shape, {}};
        switch (shape.size()) {
        case 4: t.roles = {first, "H", "W", "C"}; break;
        case 3: t.roles = {"H", "W", "C"}; break;
        case 2: t.roles = {first, "F"}; break;
        default: t.roles = {"F"}; break;
        }
        return t;
    };
    b.label = [](const Node &n) {
        return formatCross(std::get<IntTuple>(n.params.at("shape"))) + " · " +
               std::get<std::string>(n.params.at("first_axis"));
    };
    out.push_back(std::move(b));
}

} // namespace volnet::blocks
