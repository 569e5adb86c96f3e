#include "ops/pool.h"

#include "ops/elementwise.h"
#include "ops/op_families.h"
#include "ref/op_family.h"
#include "vk/grid.h"
#include "vk/recorder.h"

#include <algorithm>

namespace volnet::ops {

namespace {

constexpr uint32_t kGroupSize = 64;

// The channels an invocation handles: 4 (as one vec4) where they divide evenly, as
// shaders/pool_window.glsl and pool_axis.glsl decide it too.
uint64_t lanes(int64_t channels)
{
    return channels % 4 == 0 ? 4 : 1;
}

// Windows placed as the reference places them (ref::windowAxis, Keras on TF).
PoolPlan windowPlan(const OpSetup &setup, bool isMax)
{
    Dims in = setup.inputShapes.at(0), out = setup.outputShape;
    IntTuple size = std::get<IntTuple>(setup.node.params.at("pool_size"));
    IntTuple stride = std::get<IntTuple>(setup.node.params.at("strides"));
    if (stride.empty())
        stride = size;
    if (in.size() == 4) { // a 2D pool is a 3D pool of one plane
        in.insert(in.begin() + 1, 1);
        out.insert(out.begin() + 1, 1);
        size.insert(size.begin(), 1);
        stride.insert(stride.begin(), 1);
    }
    const std::string &padding = std::get<std::string>(setup.node.params.at("padding"));
    PoolPlan plan{isMax ? "pool_max" : "pool_average", {{2, uint32_t(in[4])}}};
    bool disjoint = true, covered = true;
    for (uint32_t a = 0; a < 3; ++a) {
        const int64_t pad = ref::windowAxis(in[a + 1], size[a], stride[a], 1, padding).padBefore;
        plan.shape.push_back({3 + a, uint32_t(in[a + 1])});
        plan.shape.push_back({6 + a, uint32_t(out[a + 1])});
        plan.shape.push_back({9 + a, int32_t(size[a])});
        plan.shape.push_back({12 + a, int32_t(stride[a])});
        plan.shape.push_back({15 + a, int32_t(pad)});
        disjoint = disjoint && stride[a] >= size[a];
        covered = covered && stride[a] == size[a] && out[a + 1] * stride[a] - pad >= in[a + 1];
    }
    plan.shape.push_back({18, uint32_t(disjoint)});
    const uint64_t perInvocation = lanes(in[4]);
    plan.forwardInvocations = uint64_t(elementCount(out)) / perInvocation;
    plan.backwardInvocations = uint64_t(elementCount(disjoint ? out : in)) / perInvocation;
    // Disjoint windows write only their taps: max pooling only its argmax.
    plan.zeroGradient = disjoint && (isMax || !covered);
    return plan;
}

// Global pooling reduces every axis between the batch and the channels, TemporalPooling
// the first axis after the batch: the middle of (outer, middle, inner) either way.
PoolPlan axisPlan(const OpSetup &setup, bool isMax, bool global)
{
    const Dims &in = setup.inputShapes.at(0);
    const int64_t inner = global ? in.back() : elementCount(in) / (in[0] * in[1]);
    const int64_t middle = elementCount(in) / (in[0] * inner);
    PoolPlan plan{isMax ? "pool_axis_max" : "pool_axis_mean", {{2, uint32_t(middle)}, {3, uint32_t(inner)}}};
    plan.forwardInvocations = uint64_t(elementCount(setup.outputShape)) / lanes(inner);
    plan.backwardInvocations = uint64_t(elementCount(in)) / lanes(inner);
    return plan;
}

} // namespace

PoolOp::PoolOp(const OpSetup &setup, bool isMax, const PoolPlan &plan)
    : m_isMax(isMax), m_outputs(uint64_t(elementCount(setup.outputShape))), m_plan(plan)
{
    requireBindable(setup, setup.inputShapes);
    const uint32_t bindings = isMax ? 3 : 2; // max pooling binds its argmax too
    std::vector<vk::SpecConstant> spec = plan.shape;
    spec.push_back({1, uint32_t(plan.forwardInvocations)});
    m_forward =
        std::make_unique<vk::Kernel>(setup.context, vk::KernelDesc{plan.family + "_forward", bindings, 0, spec});
    spec.back() = {1, uint32_t(plan.backwardInvocations)};
    m_backward =
        std::make_unique<vk::Kernel>(setup.context, vk::KernelDesc{plan.family + "_backward", bindings, 0, spec});
}

uint64_t PoolOp::workspaceBytes() const
{
    return m_isMax ? m_outputs * sizeof(uint32_t) : 0;
}

void PoolOp::recordForward(vk::Recorder &recorder, const OpTensors &tensors)
{
    const uint64_t groups = vk::divideRoundingUp(m_plan.forwardInvocations, kGroupSize);
    const vk::Binding in = vk::reads(tensors.inputs[0].range), out = vk::writes(tensors.output.range);
    if (m_isMax)
        recorder.dispatch(*m_forward, groups, {in, out, vk::writes(tensors.workspace.range)});
    else
        recorder.dispatch(*m_forward, groups, {in, out});
}

void PoolOp::recordBackward(vk::Recorder &recorder, const OpTensors &tensors)
{
    const vk::BufferRange &dIn = tensors.inputGradients[0].range;
    if (dIn.size == 0)
        return;
    if (m_plan.zeroGradient)
        recorder.fill(dIn, 0);
    const uint64_t groups = vk::divideRoundingUp(m_plan.backwardInvocations, kGroupSize);
    const vk::Binding dy = vk::reads(tensors.outputGradient.range), dx = vk::writes(dIn);
    if (m_isMax)
        recorder.dispatch(*m_backward, groups, {vk::reads(tensors.workspace.range), dy, dx});
    else
        recorder.dispatch(*m_backward, groups, {dy, dx});
}

void addPoolDeviceOps(DeviceOpTable &table)
{
    const auto window = [](bool isMax) {
        return [isMax](const OpSetup &s) { return std::make_unique<PoolOp>(s, isMax, windowPlan(s, isMax)); };
    };
    const auto axis = [](bool isMax) {
        return [isMax](const OpSetup &s) { return std::make_unique<PoolOp>(s, isMax, axisPlan(s, isMax, true)); };
    };
    table.push_back({"MaxPooling3D", window(true)});
    table.push_back({"MaxPooling2D", window(true)});
    table.push_back({"AveragePooling3D", window(false)});
    table.push_back({"AveragePooling2D", window(false)});
    table.push_back({"GlobalAveragePooling3D", axis(false)});
    table.push_back({"GlobalAveragePooling2D", axis(false)});
    table.push_back({"GlobalMaxPooling2D", axis(true)});
    table.push_back({"TemporalPooling", [](const OpSetup &s) {
                         const bool isMax = std::get<std::string>(s.node.params.at("mode")) == "max";
                         return std::make_unique<PoolOp>(s, isMax, axisPlan(s, isMax, false));
                     }});
}

} // namespace volnet::ops
