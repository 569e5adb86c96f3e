#include "ops/elementwise.h"

#include "ops/op_families.h"
#include "ops/random.h"
#include "vk/context.h"
#include "vk/grid.h"
#include "vk/recorder.h"

#include <stdexcept>

namespace volnet::ops {

namespace {

constexpr uint32_t kGroupSize = 64;
constexpr uint64_t kElementsPerInvocation = 4; // dropout.comp reads vec4s

// The activation over the output's last axis, after the size check that names the node.
ActivationKernels activationKernels(const OpSetup &setup)
{
    requireBindable(setup, {&setup.outputShape, 1});
    const Dims &shape = setup.outputShape;
    return ActivationKernels(setup.context, std::get<std::string>(setup.node.params.at("activation")),
                             uint64_t(elementCount(shape) / shape.back()), uint64_t(shape.back()));
}

} // namespace

void requireBindable(const OpSetup &setup, std::span<const Dims> shapes)
{
    const uint64_t limit = setup.context.device().maxStorageBufferRange;
    for (const Dims &shape : shapes) {
        const uint64_t bytes = uint64_t(elementCount(shape)) * sizeof(float);
        if (bytes > limit)
            throw std::runtime_error(setup.node.id + ": the tensor " + formatTuple(shape) + " takes " +
                                     std::to_string(bytes) + " bytes, more than this device binds at once (" +
                                     std::to_string(limit) + " bytes): use a smaller batch");
    }
}

ActivationOp::ActivationOp(const OpSetup &setup) : m_kernels(activationKernels(setup)) {}

void ActivationOp::recordForward(vk::Recorder &recorder, const OpTensors &tensors)
{
    m_kernels.recordForward(recorder, tensors.inputs[0].range, tensors.output.range);
}

void ActivationOp::recordBackward(vk::Recorder &recorder, const OpTensors &tensors)
{
    if (!tensors.inputGradients[0].empty())
        m_kernels.recordBackward(recorder, tensors.output.range, tensors.outputGradient.range,
                                 tensors.inputGradients[0].range);
}

DropoutOp::DropoutOp(const OpSetup &setup) : m_count(uint64_t(elementCount(setup.outputShape)))
{
    if (setup.mode != Mode::Training)
        return;
    requireBindable(setup, setup.inputShapes);
    const double rate = std::get<double>(setup.node.params.at("rate"));
    m_kernel = std::make_unique<vk::Kernel>(setup.context, vk::KernelDesc{"dropout",
                                                                          3,
                                                                          0,
                                                                          {{1, uint32_t(m_count)},
                                                                           {2, nodeIdHash(setup.node.id)},
                                                                           {3, dropoutThreshold(rate)},
                                                                           {4, dropoutScale(rate)}}});
}

void DropoutOp::recordForward(vk::Recorder &recorder, const OpTensors &tensors)
{
    if (isView())
        return;
    recorder.dispatch(
        *m_kernel, vk::divideRoundingUp(m_count, kGroupSize * kElementsPerInvocation),
        {vk::reads(tensors.step.range), vk::reads(tensors.inputs[0].range), vk::writes(tensors.output.range)}, {},
        "dropout");
}

void DropoutOp::recordBackward(vk::Recorder &recorder, const OpTensors &tensors)
{
    if (isView() || tensors.inputGradients[0].empty())
        return;
    recorder.dispatch(*m_kernel, vk::divideRoundingUp(m_count, kGroupSize * kElementsPerInvocation),
                      {vk::reads(tensors.step.range), vk::reads(tensors.outputGradient.range),
                       vk::writes(tensors.inputGradients[0].range)},
                      {}, "dropout backward");
}

void addElementwiseDeviceOps(DeviceOpTable &table)
{
    table.push_back({"Activation", [](const OpSetup &s) { return std::make_unique<ActivationOp>(s); }});
    table.push_back({"Dropout", [](const OpSetup &s) { return std::make_unique<DropoutOp>(s); }});
}

} // namespace volnet::ops
