#include "ops/layout.h"

#include "ops/elementwise.h"
#include "ops/op_families.h"
#include "vk/grid.h"
#include "vk/recorder.h"

#include <stdexcept>

namespace volnet::ops {

namespace {

constexpr uint32_t kGroupSize = 64;
constexpr size_t kMaxAxes = 6; // what permute.comp indexes

// A permutation reduced to what moves: each output axis, outermost first, with its size
// and its step through the input.
struct Moves {
    Dims sizes;
    Dims steps;
};

Moves reduce(const Dims &input, const std::vector<size_t> &perm)
{
    constexpr size_t kDropped = ~size_t(0);
    Dims dims;
    std::vector<size_t> renumbered(input.size(), kDropped);
    for (size_t a = 0; a < input.size(); ++a)
        if (input[a] > 1) {
            renumbered[a] = dims.size();
            dims.push_back(input[a]);
        }
    // Runs of input axes [first, last] that the output keeps together and in order.
    std::vector<std::pair<size_t, size_t>> runs;
    for (size_t p : perm) {
        const size_t a = renumbered[p];
        if (a == kDropped)
            continue;
        if (!runs.empty() && runs.back().second + 1 == a)
            runs.back().second = a;
        else
            runs.push_back({a, a});
    }
    const Dims strides = rowMajorStrides(dims);
    Moves moves;
    for (const auto &[first, last] : runs) {
        int64_t size = 1;
        for (size_t a = first; a <= last; ++a)
            size *= dims[a];
        moves.sizes.push_back(size);
        moves.steps.push_back(strides[last]);
    }
    return moves;
}

Dims permuted(const Dims &dims, const std::vector<size_t> &perm)
{
    Dims out;
    for (size_t p : perm)
        out.push_back(dims[p]);
    return out;
}

std::vector<size_t> permuteDims(const Node &node)
{
    std::vector<size_t> perm{0};
    for (int64_t d : std::get<IntTuple>(node.params.at("dims")))
        perm.push_back(size_t(d));
    return perm;
}

// (N, T, H, W, C) -> (N, H, W, T, C)
const std::vector<size_t> kFoldTime{0, 2, 3, 1, 4};

} // namespace

PermuteKernel::PermuteKernel(vk::Context &context, const Dims &input, const std::vector<size_t> &perm)
    : m_count(uint64_t(elementCount(input)))
{
    const Moves moves = reduce(input, perm);
    if (moves.sizes.size() <= 1)
        return;
    if (moves.sizes.size() > kMaxAxes)
        throw std::invalid_argument("a permutation of " + formatTuple(input) + " that moves more than " +
                                    std::to_string(kMaxAxes) + " groups of axes");
    std::vector<vk::SpecConstant> spec{{1, uint32_t(m_count)}};
    const size_t rank = moves.sizes.size();
    for (size_t k = 0; k < rank; ++k) {
        spec.push_back({uint32_t(2 + k), uint32_t(moves.sizes[rank - 1 - k])});
        spec.push_back({uint32_t(2 + kMaxAxes + k), uint32_t(moves.steps[rank - 1 - k])});
    }
    // The innermost axis still innermost, in fours: vec4 copies (shaders/permute.comp).
    m_lanes = moves.steps.back() == 1 && moves.sizes.back() % 4 == 0 ? 4 : 1;
    m_kernel = std::make_unique<vk::Kernel>(context, vk::KernelDesc{"permute", 2, 0, spec});
}

void PermuteKernel::record(vk::Recorder &recorder, const vk::BufferRange &input, const vk::BufferRange &output) const
{
    recorder.dispatch(*m_kernel, vk::divideRoundingUp(m_count / m_lanes, kGroupSize),
                      {vk::reads(input), vk::writes(output)});
}

PermuteOp::PermuteOp(const OpSetup &setup, const std::vector<size_t> &perm)
    : m_forward(setup.context, setup.inputShapes.at(0), perm),
      m_backward(setup.context, permuted(setup.inputShapes.at(0), perm), inversePermutation(perm))
{
    requireBindable(setup, setup.inputShapes);
}

void PermuteOp::recordForward(vk::Recorder &recorder, const OpTensors &tensors)
{
    if (!isView())
        m_forward.record(recorder, tensors.inputs[0].range, tensors.output.range);
}

void PermuteOp::recordBackward(vk::Recorder &recorder, const OpTensors &tensors)
{
    if (!isView() && !tensors.inputGradients[0].empty())
        m_backward.record(recorder, tensors.outputGradient.range, tensors.inputGradients[0].range);
}

FrameSliceOp::FrameSliceOp(const OpSetup &setup)
{
    requireBindable(setup, setup.inputShapes);
    const Dims &in = setup.inputShapes.at(0);
    const int64_t frames = in[1], rest = elementCount(in) / (in[0] * frames);
    if (frames > 1)
        m_slot = std::make_unique<ColumnSlot>(setup.context, uint64_t(in[0]), uint64_t(rest), uint64_t(frames * rest),
                                              uint64_t(std::get<int64_t>(setup.node.params.at("index")) * rest));
}

void FrameSliceOp::recordForward(vk::Recorder &recorder, const OpTensors &tensors)
{
    if (m_slot)
        m_slot->recordExtract(recorder, tensors.inputs[0].range, tensors.output.range);
}

void FrameSliceOp::recordBackward(vk::Recorder &recorder, const OpTensors &tensors)
{
    const vk::BufferRange &dIn = tensors.inputGradients[0].range;
    if (!m_slot || dIn.size == 0)
        return;
    recorder.fill(dIn, 0);
    m_slot->recordInsert(recorder, tensors.outputGradient.range, dIn);
}

void addLayoutDeviceOps(DeviceOpTable &table)
{
    const auto view = [](const OpSetup &) { return std::make_unique<ReshapeOp>(); };
    table.push_back({"Reshape", view});
    table.push_back({"Flatten", view});
    table.push_back({"Permute", [](const OpSetup &s) { return std::make_unique<PermuteOp>(s, permuteDims(s.node)); }});
    table.push_back({"FoldTime", [](const OpSetup &s) { return std::make_unique<PermuteOp>(s, kFoldTime); }});
    table.push_back({"FrameSlice", [](const OpSetup &s) { return std::make_unique<FrameSliceOp>(s); }});
}

} // namespace volnet::ops
