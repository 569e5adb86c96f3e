#pragma once
// Pooling: windowed max and average pooling in 3D and 2D (a 2D pool is a 3D pool with
// one plane), and pooling that removes a whole axis: global average/max pooling over
// (N, positions, C) and TemporalPooling over (N, T, rest). Each is a forward kernel with
// one invocation per output and a backward kernel that writes every gradient element
// once, so nothing needs atomics: per output where windows do not overlap, per input
// (gathering over the windows that cover it) where they do. Max pooling keeps the argmax
// of every output in the workspace for the backward pass.
#include "ops/device_op.h"
#include "vk/kernel.h"

#include <memory>
#include <string>
#include <vector>

namespace volnet::ops {

// How a PoolOp runs its two kernels.
struct PoolPlan {
    // pool_max, pool_average (shaders/pool_window.glsl) or pool_axis_max, pool_axis_mean
    // (shaders/pool_axis.glsl), each with a _forward and a _backward shader.
    std::string family;
    std::vector<vk::SpecConstant> shape; // all but the invocation count, constant 1
    uint64_t forwardInvocations = 0;
    uint64_t backwardInvocations = 0;
    bool zeroGradient = false; // the backward kernel leaves some of the gradient unwritten
};

class PoolOp : public DeviceOp {
public:
    PoolOp(const OpSetup &setup, bool isMax, const PoolPlan &plan);
    uint64_t workspaceBytes() const override;
    void recordForward(vk::Recorder &recorder, const OpTensors &tensors) override;
    void recordBackward(vk::Recorder &recorder, const OpTensors &tensors) override;

private:
    bool m_isMax;
    uint64_t m_outputs; // elements of the batch's output
    PoolPlan m_plan;
    std::unique_ptr<vk::Kernel> m_forward, m_backward;
};

} // namespace volnet::ops
