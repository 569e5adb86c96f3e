#pragma once
// Activations on the device, for the Activation block and for blocks with an `activation`
// parameter (Conv3D, Conv2D, Dense). Element-wise ones can be fused into a block's own
// kernel through shaders/activation.glsl; softmax (over the last axis) always runs here.
#include "ops/device_op.h"
#include "vk/kernel.h"

#include <memory>
#include <string>

namespace volnet::ops {

// The code shaders/activation.glsl and the softmax kernels use: linear 0, relu 1,
// sigmoid 2, tanh 3, softmax 4. Throws std::invalid_argument for another name.
uint32_t activationCode(const std::string &name);

// The kernels of one activation over tensors of one shape (`rows` × `lastAxis` elements).
class ActivationKernels {
public:
    ActivationKernels(vk::Context &context, const std::string &activation, uint64_t rows, uint64_t lastAxis);
    ~ActivationKernels();

    bool isLinear() const { return m_code == 0; }
    // y = activation(x); x and y may be the same range.
    void recordForward(vk::Recorder &recorder, const vk::BufferRange &x, const vk::BufferRange &y) const;
    // dx = d activation/dx · dy, from the output y; dx and dy may be the same range.
    void recordBackward(vk::Recorder &recorder, const vk::BufferRange &y, const vk::BufferRange &dy,
                        const vk::BufferRange &dx) const;

private:
    uint32_t m_code;
    uint64_t m_rows, m_lastAxis;
    std::unique_ptr<vk::Kernel> m_forward, m_backward;
};

} // namespace volnet::ops
