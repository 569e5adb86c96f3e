#pragma once
// BatchNormalization. Training: normalises with the batch's mean and biased variance per
// feature, and updates moving_mean and moving_variance in place. Inference: normalises
// with the moving statistics. Either way the backward pass gives d input, d gamma and
// d beta. The workspace holds, from the forward pass to the backward pass, each
// feature's gamma, beta, mean and inverse deviation packed together.
#include "ops/device_op.h"
#include "vk/kernel.h"

#include <memory>

namespace volnet::ops {

class BatchNormOp : public DeviceOp {
public:
    explicit BatchNormOp(const OpSetup &setup);
    uint64_t workspaceBytes() const override;
    void recordForward(vk::Recorder &recorder, const OpTensors &tensors) override;
    void recordBackward(vk::Recorder &recorder, const OpTensors &tensors) override;

private:
    // The workspace: [coefficients][d beta, d gamma][partial sums], each section at a
    // multiple of the device's offset alignment.
    struct Sections {
        vk::BufferRange coefficients, sums, partials;
    };
    Sections sections(const OpTensors &tensors) const;

    bool m_training;
    uint64_t m_count, m_features, m_partials;
    uint64_t m_lanes; // elements per invocation of the element-wise kernels
    uint64_t m_alignment;
    std::unique_ptr<vk::Kernel> m_partialsKernel, m_statistics, m_forward;      // forward pass
    std::unique_ptr<vk::Kernel> m_backwardPartials, m_backwardSums, m_backward; // backward pass
};

} // namespace volnet::ops
