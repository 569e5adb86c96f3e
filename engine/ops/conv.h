#pragma once
// Convolutions on the device as implicit matrix products (shaders/conv_*.comp): the
// forward pass, the gradient of the input and the gradient of the kernel and bias. Dense
// is the 1×1×1 case and the LSTM's products are too, so ConvKernels serves all three.
#include "ops/activation.h"
#include "ops/device_op.h"
#include "vk/kernel.h"

#include <cstdint>
#include <memory>
#include <string>

namespace volnet::ops {

// One spatial axis of a window. Tap k of output o reads input o·stride + k·dilation -
// padBefore, which may fall in the padding (zeros).
struct ConvAxis {
    uint32_t in = 1, out = 1, kernel = 1, stride = 1, dilation = 1, padBefore = 0;
};

// A convolution over (batch, d, h, w, channels) with a kernel (kd, kh, kw, channels,
// filters), Keras's layouts.
struct ConvGeometry {
    uint32_t batch = 1, channels = 1, filters = 1;
    ConvAxis d, h, w;

    uint64_t inputCount() const { return uint64_t(batch) * d.in * h.in * w.in * channels; }
    uint64_t outputCount() const { return uint64_t(batch) * d.out * h.out * w.out * filters; }
    uint64_t outputPositions() const { return uint64_t(batch) * d.out * h.out * w.out; }
    uint64_t taps() const { return uint64_t(d.kernel) * h.kernel * w.kernel; }
    uint64_t kernelCount() const { return taps() * channels * filters; }
};

// rows × features times features × units: a 1×1×1 convolution whose positions are the rows.
ConvGeometry matrixGeometry(uint64_t rows, uint64_t features, uint64_t units);

class ConvKernels {
public:
    // The passes to build kernels for; building one costs the driver a compilation.
    enum Pass : unsigned { Forward = 1, BackwardData = 2, BackwardFilter = 4, AllPasses = 7 };

    // `activation` is the code of an element-wise activation fused into the forward pass
    // (activationCode(); 0 for none). Throws std::runtime_error naming `nodeId` when a
    // tensor is larger than one binding of the device.
    ConvKernels(vk::Context &context, const ConvGeometry &geometry, uint32_t activation, bool hasBias,
                const std::string &nodeId, unsigned passes = AllPasses);
    ~ConvKernels();

    const ConvGeometry &geometry() const { return m_geometry; }
    // Scratch of the passes (repacked operands, partial sums), in bytes; the passes take
    // a range of it as `workspace`.
    uint64_t workspaceBytes() const { return m_workspaceBytes; }

    // output = activation(input ⊛ kernel + bias); `bias` is ignored without a bias.
    void recordForward(vk::Recorder &recorder, const vk::BufferRange &input, const vk::BufferRange &kernel,
                       const vk::BufferRange &bias, const vk::BufferRange &workspace,
                       const vk::BufferRange &output) const;
    // dInput from dZ, the gradient of the pre-activation.
    void recordBackwardData(vk::Recorder &recorder, const vk::BufferRange &dz, const vk::BufferRange &kernel,
                            const vk::BufferRange &workspace, const vk::BufferRange &dInput) const;
    // dKernel and (with a bias) dBias from the input and dZ.
    void recordBackwardFilter(vk::Recorder &recorder, const vk::BufferRange &input, const vk::BufferRange &dz,
                              const vk::BufferRange &workspace, const vk::BufferRange &dKernel,
                              const vk::BufferRange &dBias) const;

private:
    void recordPack(vk::Recorder &recorder, const vk::Kernel &kernel, uint64_t count, const vk::BufferRange &source,
                    const vk::BufferRange &packed) const;

    ConvGeometry m_geometry;
    bool m_hasBias;
    uint64_t m_splits = 1; // the backward filter pass's split of the output positions
    uint64_t m_forwardGroups = 0, m_dataGroups = 0, m_filterGroups = 0;
    // The workspace: the repacked kernel at 0, the repacked dz, the partial sums; counts
    // in floats, offsets in bytes.
    uint64_t m_kernelCopyCount = 0, m_gradientCopyCount = 0, m_partialsCount = 0;
    uint64_t m_gradientCopyOffset = 0, m_partialsOffset = 0;
    uint64_t m_workspaceBytes = 0;
    std::unique_ptr<vk::Kernel> m_forward, m_backwardData, m_backwardFilter, m_reduce;
    // B operands repacked to rows of whole vec4s: the kernel for the forward pass (where
    // the filters are not a multiple of 4), transposed for backward data, and dz.
    std::unique_ptr<vk::Kernel> m_packKernel, m_transposeKernel, m_packGradient;
};

// Conv3D, Conv2D (a Conv3D of depth 1) and Dense: a convolution of `geometry`, with the
// node's `activation` and `use_bias`.
class ConvOp : public DeviceOp {
public:
    ConvOp(const OpSetup &setup, const ConvGeometry &geometry);
    uint64_t workspaceBytes() const override;
    void recordForward(vk::Recorder &recorder, const OpTensors &tensors) override;
    // Works from the forward pass's output, which the plan keeps until the backward pass.
    void recordBackward(vk::Recorder &recorder, const OpTensors &tensors) override;

private:
    ConvKernels m_kernels;
    ActivationKernels m_activation;
    bool m_softmax;         // runs after the forward kernel; element-wise activations are fused into it
    uint64_t m_dzBytes = 0; // the gradient of the pre-activation, first in the workspace
};

} // namespace volnet::ops
