// Merge blocks: where two branches of a design meet.
#include "graph/blocks/block_helpers.h"

namespace volnet::blocks {

namespace {

// Keras counts `axis` over the batched tensor: 1 is the first axis of a sample, -1 the
// last. Returns the 0-based axis of a sample, or -1 when it is out of range.
int sampleAxis(int64_t axis, int rank)
{
    const int64_t a = axis < 0 ? rank + axis : axis - 1;
    return a >= 0 && a < rank ? int(a) : -1;
}

void warnRoleMismatch(ShapeContext &ctx, int skipAxis)
{
    const TensorInfo &first = ctx.input(0);
    for (size_t i = 1; i < ctx.inputs().size(); ++i)
        for (int a = 0; a < first.rank(); ++a)
            if (a != skipAxis && ctx.input(int(i)).roles[size_t(a)] != first.roles[size_t(a)]) {
                ctx.warning("merge-roles",
                            "axis " + std::to_string(a + 1) + " means " + first.roles[size_t(a)] + " in " +
                                ctx.describeInput(0) + " " + formatWithRoles(first) + " but " +
                                ctx.input(int(i)).roles[size_t(a)] + " in " + ctx.describeInput(int(i)) + " " +
                                formatWithRoles(ctx.input(int(i))) + ": the sizes agree, the meanings do not.",
                            "Bring both branches to the same layout (Permute, TemporalPooling) before merging.");
                return;
            }
}

std::string listShapes(const ShapeContext &ctx)
{
    std::string s;
    for (size_t i = 0; i < ctx.inputs().size(); ++i)
        s += (i ? " and " : "") + ctx.describeInput(int(i)) + " " + formatTuple(ctx.input(int(i)).dims);
    return s;
}

BlockSpec concatenate()
{
    BlockSpec b;
    b.type = "Concatenate";
    b.idPrefix = "concatenate";
    b.category = "Merge";
    b.summary = "Joins two or more tensors along one axis; all other axes must match.";
    b.shapes = "(..., a, ...), (..., b, ...) -> (..., a + b, ...)";
    b.minInputs = 2;
    b.maxInputs = -1;
    b.params = {intParam("axis", -1, -5, 5, "the axis to join along, as Keras counts it (-1: the last)")};
    b.infer = [](ShapeContext &ctx) -> std::optional<TensorInfo> {
        const TensorInfo &first = ctx.input(0);
        const int64_t axisParam = ctx.integer("axis");
        for (size_t i = 1; i < ctx.inputs().size(); ++i)
            if (ctx.input(int(i)).rank() != first.rank()) {
                ctx.error("concat-rank",
                          "Concatenate needs inputs with the same number of axes, but gets " + listShapes(ctx) + ".",
                          "Reshape or pool one branch so both have the same axes.");
                return std::nullopt;
            }
        const int axis = sampleAxis(axisParam, first.rank());
        if (axis < 0) {
            ctx.error("axis-range",
                      "axis " + std::to_string(axisParam) + " does not exist in inputs of " +
                          std::to_string(first.rank()) + " axes (use 1 to " + std::to_string(first.rank()) +
                          ", or -1 to -" + std::to_string(first.rank()) + "; 0 is the batch axis).",
                      "Use -1 to join along channels.", "axis");
            return std::nullopt;
        }
        TensorInfo t = first;
        std::vector<std::string> axisRoles{first.roles[size_t(axis)]};
        for (size_t i = 1; i < ctx.inputs().size(); ++i) {
            const TensorInfo &in = ctx.input(int(i));
            for (int a = 0; a < first.rank(); ++a)
                if (a != axis && in.dims[size_t(a)] != first.dims[size_t(a)]) {
                    ctx.error("concat-mismatch",
                              "Concatenate along axis " + std::to_string(axisParam) + " needs all axes but the "
                              "concatenation axis to match, but gets " + listShapes(ctx) + ": axis " +
                                  std::to_string(a + 1) + " is " + std::to_string(first.dims[size_t(a)]) +
                                  " in one and " + std::to_string(in.dims[size_t(a)]) + " in the other.",
                              "Resize one branch (pooling, strides, Reshape) so that the other axes agree, "
                              "or concatenate along another axis.",
                              "axis");
                    return std::nullopt;
                }
            t.dims[size_t(axis)] += in.dims[size_t(axis)];
            axisRoles.push_back(in.roles[size_t(axis)]);
        }
        t.roles[size_t(axis)] = joinRoles(axisRoles);
        warnRoleMismatch(ctx, axis);
        return t;
    };
    b.label = [](const Node &n) { return "axis " + std::to_string(std::get<int64_t>(n.params.at("axis"))); };
    return b;
}

BlockSpec add()
{
    BlockSpec b;
    b.type = "Add";
    b.idPrefix = "add";
    b.category = "Merge";
    b.summary = "Element-wise sum of two or more tensors of the same shape (a residual join).";
    b.shapes = "(s), (s) -> (s)";
    b.minInputs = 2;
    b.maxInputs = -1;
    b.infer = [](ShapeContext &ctx) -> std::optional<TensorInfo> {
        const TensorInfo &first = ctx.input(0);
        for (size_t i = 1; i < ctx.inputs().size(); ++i)
            if (ctx.input(int(i)).dims != first.dims) {
                ctx.error("add-mismatch", "Add needs inputs of one shape, but gets " + listShapes(ctx) + ".",
                          "Make the branches produce the same shape (filters, pooling, strides).");
                return std::nullopt;
            }
        warnRoleMismatch(ctx, -1);
        return first;
    };
    b.flops = [](const ShapeContext &ctx, const TensorInfo &out) {
        return saturatingProduct({int64_t(ctx.inputs().size() - 1), elementCount(out.dims)});
    };
    b.label = [](const Node &) { return std::string("element-wise sum"); };
    return b;
}

} // namespace

void addMergeBlocks(std::vector<BlockSpec> &out)
{
    out.push_back(concatenate());
    out.push_back(add());
}

} // namespace volnet::blocks
