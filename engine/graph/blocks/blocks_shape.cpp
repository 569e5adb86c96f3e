// Shape blocks: Reshape, Permute, Flatten. They move no numbers, but they decide
// which axis means what, so their roles are tracked with care.
#include "graph/blocks/block_helpers.h"

#include <algorithm>

namespace volnet::blocks {

namespace {

// The roles of a row-major reshape: an output axis takes the roles of every input axis
// whose stride range overlaps its own. (T2 H32 W32 C64) -> (32, 4096) gives T·H and
// H·W·C: the 32 rows of the result are frames and image rows interleaved.
std::vector<std::string> reshapeRoles(const TensorInfo &in, const Dims &out)
{
    auto strideRanges = [](const Dims &dims) {
        std::vector<std::pair<int64_t, int64_t>> ranges(dims.size());
        int64_t stride = 1;
        for (size_t i = dims.size(); i-- > 0;) {
            ranges[i] = {stride, stride * dims[i]};
            stride *= dims[i];
        }
        return ranges;
    };
    const auto inRanges = strideRanges(in.dims);
    const auto outRanges = strideRanges(out);
    std::vector<std::string> roles(out.size());
    for (size_t o = 0; o < out.size(); ++o) {
        std::vector<std::string> parts;
        const auto [lo, hi] = outRanges[o];
        for (size_t i = 0; i < in.dims.size(); ++i) {
            const auto [ilo, ihi] = inRanges[i];
            const bool overlaps = std::max(lo, ilo) < std::min(hi, ihi);
            // A size-1 output axis has an empty range; it belongs to the axis it sits in.
            const bool holds = lo == hi && ilo <= lo && lo < std::max(ihi, ilo + 1);
            if ((overlaps && in.dims[i] > 1) || (holds && parts.empty()))
                parts.push_back(in.roles[i]);
        }
        roles[o] = parts.empty() ? "S" : joinRoles(parts);
    }
    return roles;
}

bool mixesTimeWithSpace(const std::string &role)
{
    return (roleHas(role, "T") || roleHas(role, "D")) && (roleHas(role, "H") || roleHas(role, "W"));
}

BlockSpec reshape()
{
    BlockSpec b;
    b.type = "Reshape";
    b.idPrefix = "reshape";
    b.category = "Shape";
    b.summary = "Reinterprets the elements, read in row-major channels-last order, as target_shape.";
    b.shapes = "(...) -> target_shape";
    ParamSpec target = tupleParam("target_shape", {-1}, 1, 5, 1, 1 << 30,
                                  "the new shape without the batch axis; one value may be -1 (inferred)");
    target.allowInferred = true;
    b.params = {target};
    b.infer = [](ShapeContext &ctx) -> std::optional<TensorInfo> {
        const TensorInfo &in = ctx.input();
        Dims out = ctx.tuple("target_shape");
        const int64_t have = elementCount(in.dims);
        const auto inferred = std::find(out.begin(), out.end(), -1);
        int64_t known = 1;
        for (int64_t d : out)
            known = saturatingProduct({known, d == -1 ? 1 : d});
        if (inferred != out.end()) {
            if (have % known != 0) {
                ctx.error("reshape-count",
                          "the input " + formatTuple(in.dims) + " has " + std::to_string(have) +
                              " elements, which is not a multiple of the " + std::to_string(known) +
                              " that target_shape " + formatTuple(out) + " fixes, so -1 cannot be inferred.",
                          "Choose target dimensions whose product divides " + std::to_string(have) + ".",
                          "target_shape");
                return std::nullopt;
            }
            *inferred = have / known;
        } else if (known != have) {
            ctx.error("reshape-count",
                      "target_shape " + formatTuple(out) + " holds " + std::to_string(known) +
                          " elements, but the input " + formatTuple(in.dims) + " has " + std::to_string(have) + ".",
                      "Make the product of target_shape " + std::to_string(have) +
                          ", or put -1 in one place to infer it.",
                      "target_shape");
            return std::nullopt;
        }
        TensorInfo t{out, reshapeRoles(in, out)};
        for (size_t i = 0; i < t.roles.size(); ++i)
            if (mixesTimeWithSpace(t.roles[i])) {
                ctx.warning("reshape-mixes-time",
                            "reshaping " + formatWithRoles(in) + " to " + formatTuple(out) + " makes axis " +
                                std::to_string(i + 1) + " (size " + std::to_string(out[i]) +
                                ") a mix of time and space (" + t.roles[i] + ").",
                            "Reorder with Permute first so that time stays an axis of its own, or collapse "
                            "time with TemporalPooling or FoldTime.",
                            "target_shape");
                break;
            }
        return t;
    };
    b.label = [](const Node &n) { return "to " + formatTuple(std::get<IntTuple>(n.params.at("target_shape"))); };
    return b;
}

BlockSpec permute()
{
    BlockSpec b;
    b.type = "Permute";
    b.idPrefix = "permute";
    b.category = "Shape";
    b.summary = "Reorders the axes; dims are 1-based as in Keras: (2, 1, 3) swaps the first two.";
    b.shapes = "(a1, a2, ...) -> (a[dims[0]], a[dims[1]], ...)";
    b.params = {tupleParam("dims", {2, 1, 3}, 1, 5, 1, 5, "the new order of the input axes, counted from 1")};
    b.infer = [](ShapeContext &ctx) -> std::optional<TensorInfo> {
        const TensorInfo &in = ctx.input();
        const IntTuple &dims = ctx.tuple("dims");
        IntTuple sorted = dims;
        std::sort(sorted.begin(), sorted.end());
        bool isPermutation = int(dims.size()) == in.rank();
        for (size_t i = 0; isPermutation && i < sorted.size(); ++i)
            isPermutation = sorted[i] == int64_t(i + 1);
        if (!isPermutation) {
            ctx.error("permute-dims",
                      "dims " + formatTuple(dims) + " must list each of the input's " + std::to_string(in.rank()) +
                          " axes once, numbered 1 to " + std::to_string(in.rank()) + "; the input is " +
                          formatTuple(in.dims) + ".",
                      "Give a permutation of 1 to " + std::to_string(in.rank()) + ".", "dims");
            return std::nullopt;
        }
        TensorInfo t;
        for (int64_t d : dims) {
            t.dims.push_back(in.dims[size_t(d - 1)]);
            t.roles.push_back(in.roles[size_t(d - 1)]);
        }
        return t;
    };
    b.label = [](const Node &n) { return formatTuple(std::get<IntTuple>(n.params.at("dims"))); };
    return b;
}

BlockSpec flatten()
{
    BlockSpec b;
    b.type = "Flatten";
    b.idPrefix = "flatten";
    b.category = "Shape";
    b.summary = "All axes into one, in row-major channels-last order.";
    b.shapes = "(...) -> (product,)";
    b.infer = [](ShapeContext &ctx) -> std::optional<TensorInfo> {
        const TensorInfo &in = ctx.input();
        return TensorInfo{{elementCount(in.dims)}, {joinRoles(in.roles)}};
    };
    b.label = [](const Node &) { return std::string("to one axis"); };
    return b;
}

} // namespace

void addShapeBlocks(std::vector<BlockSpec> &out)
{
    out.push_back(reshape());
    out.push_back(permute());
    out.push_back(flatten());
}

} // namespace volnet::blocks
