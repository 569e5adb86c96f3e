// LSTM: Keras's LSTM (gates i, f, c, o; one bias of 4·units), over the first axis.
#include "graph/blocks/block_helpers.h"

namespace volnet::blocks {

namespace {

// An LSTM carries state from one step to the next along its first axis; that axis
// should be time. Keras steps along whatever comes first, rows of an image included.
void warnIfNotTimeSteps(ShapeContext &ctx, const TensorInfo &in)
{
    const std::string &role = in.roles[0];
    if (role == "T" || role == "D" || role == "S")
        return;
    std::string walks;
    if (roleHas(role, "H") || roleHas(role, "W"))
        walks = std::string("image ") + (roleHas(role, "H") ? "rows (H)" : "columns (W)") +
                (roleHas(role, "T") ? ", with frames (T) interleaved," : "") + " not time";
    else if (roleHas(role, "T"))
        walks = "time mixed with " + role;
    else
        walks = "features (" + role + "), not time";
    ctx.warning("lstm-not-over-time",
                "the LSTM steps along the first axis of " + formatWithRoles(in) + ": its " +
                    std::to_string(in.dims[0]) + " steps walk through " + walks + ".",
                "Feed it (T, features): keep time first, e.g. reduce each frame to a vector (pooling "
                "and Reshape to (T, H·W·C)) and let the LSTM iterate over T.");
}

} // namespace

void addRecurrentBlocks(std::vector<BlockSpec> &out)
{
    BlockSpec b;
    b.type = "LSTM";
    b.idPrefix = "lstm";
    b.category = "Recurrent";
    b.summary = "Long short-term memory over the first axis (steps) of (steps, features).";
    b.shapes = "(S, F) -> (units,) or (S, units)";
    b.params = {
        intParam("units", 64, 1, 1 << 16, "size of the hidden state"),
        boolParam("return_sequences", false, "output every step (S, units) instead of the last (units,)"),
    };
    b.infer = [](ShapeContext &ctx) -> std::optional<TensorInfo> {
        if (!requireRank(ctx, 2, "(steps, features)",
                         "Reshape to (T, features) first, keeping the time axis first."))
            return std::nullopt;
        const TensorInfo &in = ctx.input();
        warnIfNotTimeSteps(ctx, in);
        const int64_t units = ctx.integer("units");
        if (ctx.flag("return_sequences"))
            return TensorInfo{{in.dims[0], units}, {in.roles[0], "F"}};
        return TensorInfo{{units}, {"F"}};
    };
    b.weights = [](const ShapeContext &ctx, const TensorInfo &) {
        const int64_t units = ctx.integer("units");
        const int64_t features = ctx.input().dims[1];
        return std::vector<WeightSpec>{
            {"kernel", {features, 4 * units}}, {"recurrent_kernel", {units, 4 * units}}, {"bias", {4 * units}}};
    };
    // The four gate products per step; the element-wise gate arithmetic is under 1 %.
    b.flops = [](const ShapeContext &ctx, const TensorInfo &) {
        const int64_t units = ctx.integer("units");
        return saturatingProduct({ctx.input().dims[0], 8, units, ctx.input().dims[1] + units});
    };
    b.label = [](const Node &n) {
        return std::to_string(std::get<int64_t>(n.params.at("units"))) + " units" +
               (std::get<bool>(n.params.at("return_sequences")) ? " · sequences" : "");
    };
    out.push_back(std::move(b));
}

} // namespace volnet::blocks
