#pragma once
// The element-wise blocks: Activation and Dropout. Both are views where they compute
// nothing: Activation('linear'), and Dropout outside training.
#include "ops/activation.h"
#include "ops/device_op.h"
#include "vk/kernel.h"

#include <memory>
#include <span>

namespace volnet::ops {

// Throws std::runtime_error naming the node when one of `shapes` (batched) is larger than
// one storage-buffer binding of the device: ops that bind each tensor whole call it at
// construction rather than compute garbage.
void requireBindable(const OpSetup &setup, std::span<const Dims> shapes);

class ActivationOp : public DeviceOp {
public:
    explicit ActivationOp(const OpSetup &setup);
    bool isView() const override { return m_kernels.isLinear(); }
    void recordForward(vk::Recorder &recorder, const OpTensors &tensors) override;
    // Works from the forward pass's output, which the plan keeps until the backward pass.
    void recordBackward(vk::Recorder &recorder, const OpTensors &tensors) override;

private:
    ActivationKernels m_kernels;
};

class DropoutOp : public DeviceOp {
public:
    explicit DropoutOp(const OpSetup &setup);
    bool isView() const override { return !m_kernel; }
    void recordForward(vk::Recorder &recorder, const OpTensors &tensors) override;
    // Draws the forward pass's mask again from the same step seed.
    void recordBackward(vk::Recorder &recorder, const OpTensors &tensors) override;

private:
    uint64_t m_count;
    std::unique_ptr<vk::Kernel> m_kernel; // training only
};

} // namespace volnet::ops
