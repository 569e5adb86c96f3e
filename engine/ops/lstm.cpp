#include "ops/lstm.h"

#include "ops/op_families.h"
#include "vk/context.h"
#include "vk/grid.h"
#include "vk/recorder.h"

#include <algorithm>

namespace volnet::ops {

namespace {

constexpr uint32_t kGroupSize = 64;

struct StepPush {
    uint32_t step;
};

// The recurrent product as a convolution over (batch, 1, 1, steps, units) whose single
// tap reads the step before (padding 1 in front: the zero initial state), so that its
// kernel gradient is Σ_t h_{t-1}ᵀ·dz_t.
ConvGeometry recurrentGeometry(uint32_t batch, uint32_t steps, uint32_t units)
{
    ConvGeometry g;
    g.batch = batch;
    g.channels = units;
    g.filters = 4 * units;
    g.w = {steps, steps, 1, 1, 1, 1};
    return g;
}

} // namespace

LstmOp::LstmOp(const OpSetup &setup)
    : m_batch(uint32_t(setup.inputShapes.at(0).at(0))), m_steps(uint32_t(setup.inputShapes[0].at(1))),
      m_units(uint32_t(std::get<int64_t>(setup.node.params.at("units")))),
      m_input(setup.context,
              matrixGeometry(uint64_t(m_batch) * m_steps, uint64_t(setup.inputShapes[0].at(2)), 4 * m_units), 0, true,
              setup.node.id),
      m_recurrent(setup.context, recurrentGeometry(m_batch, m_steps, m_units), 0, false, setup.node.id,
                  ConvKernels::BackwardFilter)
{
    const bool sequences = std::get<bool>(setup.node.params.at("return_sequences"));
    const std::vector<vk::SpecConstant> shape = {
        {0, kGroupSize}, {1, m_batch}, {2, m_steps}, {3, m_units}, {4, uint32_t(sequences)}};
    m_forwardStep =
        std::make_unique<vk::Kernel>(setup.context, vk::KernelDesc{"lstm_forward_step", 5, sizeof(StepPush), shape});
    m_backwardStep =
        std::make_unique<vk::Kernel>(setup.context, vk::KernelDesc{"lstm_backward_step", 6, sizeof(StepPush), shape});

    const uint64_t rows = uint64_t(m_batch) * m_steps;
    const uint64_t floats[6] = {rows * 4 * m_units,
                                rows * m_units,
                                rows * m_units,
                                rows * 4 * m_units,
                                uint64_t(m_batch) * m_units,
                                std::max(m_input.workspaceBytes(), m_recurrent.workspaceBytes()) / sizeof(float)};
    const uint64_t alignment = std::max<uint64_t>(setup.context.device().minStorageBufferOffsetAlignment, 16);
    for (int i = 0; i < 6; ++i) {
        m_offsets[i] = m_workspaceBytes;
        m_workspaceBytes += vk::divideRoundingUp(floats[i] * sizeof(float), alignment) * alignment;
    }
}

LstmOp::Regions LstmOp::regions(const vk::BufferRange &workspace) const
{
    const uint64_t rows = uint64_t(m_batch) * m_steps;
    const auto region = [&](int i, uint64_t floats) { return workspace.sub(m_offsets[i], floats * sizeof(float)); };
    return {region(0, rows * 4 * m_units),
            region(1, rows * m_units),
            region(2, rows * m_units),
            region(3, rows * 4 * m_units),
            region(4, uint64_t(m_batch) * m_units),
            workspace.sub(m_offsets[5], std::max(m_input.workspaceBytes(), m_recurrent.workspaceBytes()))};
}

void LstmOp::recordForward(vk::Recorder &recorder, const OpTensors &tensors)
{
    const Regions r = regions(tensors.workspace.range);
    const vk::BufferRange &recurrent = tensors.weights.at("recurrent_kernel").range;
    m_input.recordForward(recorder, tensors.inputs[0].range, tensors.weights.at("kernel").range,
                          tensors.weights.at("bias").range, r.scratch, r.gates);
    const uint64_t groups = vk::divideRoundingUp(uint64_t(m_batch) * m_units, kGroupSize);
    for (uint32_t t = 0; t < m_steps; ++t)
        recorder.dispatch(*m_forwardStep, groups,
                          {vk::reads(recurrent), vk::readsWrites(r.gates), vk::readsWrites(r.cells),
                           vk::readsWrites(r.hidden), vk::writes(tensors.output.range)},
                          vk::asPushConstants(StepPush{t}), "lstm step");
}

void LstmOp::recordBackward(vk::Recorder &recorder, const OpTensors &tensors)
{
    const Regions r = regions(tensors.workspace.range);
    const vk::BufferRange &kernel = tensors.weights.at("kernel").range;
    const vk::BufferRange &recurrent = tensors.weights.at("recurrent_kernel").range;
    const uint64_t groups = vk::divideRoundingUp(uint64_t(m_batch) * m_units, kGroupSize);
    for (uint32_t t = m_steps; t-- > 0;)
        recorder.dispatch(*m_backwardStep, groups,
                          {vk::reads(recurrent), vk::reads(r.gates), vk::reads(r.cells),
                           vk::reads(tensors.outputGradient.range), vk::readsWrites(r.dgates),
                           vk::readsWrites(r.dcells)},
                          vk::asPushConstants(StepPush{t}), "lstm backward step");
    const DeviceTensor &dInput = tensors.inputGradients[0];
    if (!dInput.empty())
        m_input.recordBackwardData(recorder, r.dgates, kernel, r.scratch, dInput.range);
    m_input.recordBackwardFilter(recorder, tensors.inputs[0].range, r.dgates, r.scratch,
                                 tensors.weightGradients.at("kernel").range, tensors.weightGradients.at("bias").range);
    m_recurrent.recordBackwardFilter(recorder, r.hidden, r.dgates, r.scratch,
                                     tensors.weightGradients.at("recurrent_kernel").range, {});
}

void addLstmDeviceOps(DeviceOpTable &table)
{
    table.push_back({"LSTM", [](const OpSetup &s) { return std::make_unique<LstmOp>(s); }});
}

} // namespace volnet::ops
