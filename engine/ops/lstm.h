#pragma once
// The LSTM as Keras computes it (gates i, f, c, o; zero initial state), on the device:
// the input projection of every step is one matrix product before the steps, each step
// one dispatch that adds the recurrent product and applies the gates. Backward is full
// backpropagation through time, one dispatch per step for the gate gradients and then
// matrix products for the gradients of the input and of the three weights.
#include "ops/conv.h"
#include "ops/device_op.h"
#include "vk/kernel.h"

#include <memory>

namespace volnet::ops {

class LstmOp : public DeviceOp {
public:
    explicit LstmOp(const OpSetup &setup);
    uint64_t workspaceBytes() const override { return m_workspaceBytes; }
    void recordForward(vk::Recorder &recorder, const OpTensors &tensors) override;
    void recordBackward(vk::Recorder &recorder, const OpTensors &tensors) override;

private:
    // The workspace's regions: what the forward pass leaves for backward, then what
    // backward computes, then the products' scratch.
    struct Regions {
        vk::BufferRange gates, cells, hidden, dgates, dcells, scratch;
    };
    Regions regions(const vk::BufferRange &workspace) const;

    uint32_t m_batch, m_steps, m_units;
    ConvKernels m_input;     // x·kernel + bias over every (sample, step); dx; dkernel, dbias
    ConvKernels m_recurrent; // d recurrent_kernel = Σ_t h_{t-1}ᵀ·dz_t
    std::unique_ptr<vk::Kernel> m_forwardStep, m_backwardStep;
    uint64_t m_offsets[6] = {}; // bytes, of the regions in order
    uint64_t m_workspaceBytes = 0;
};

} // namespace volnet::ops
