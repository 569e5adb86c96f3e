#include "ops/merge.h"

#include "ops/elementwise.h"
#include "ops/op_families.h"
#include "vk/grid.h"
#include "vk/recorder.h"

namespace volnet::ops {

namespace {

constexpr uint32_t kGroupSize = 64;
constexpr uint64_t kElementsPerInvocation = 4; // add.comp reads vec4s

} // namespace

ColumnSlot::ColumnSlot(vk::Context &context, uint64_t outer, uint64_t width, uint64_t wideWidth, uint64_t start)
    : m_count(outer * width), m_lanes((width | wideWidth | start) % 4 == 0 ? 4 : 1) // as shaders/concat_*.comp
{
    const std::vector<vk::SpecConstant> shape = {
        {1, uint32_t(m_count)}, {2, uint32_t(width)}, {3, uint32_t(wideWidth)}, {4, uint32_t(start)}};
    m_insert = std::make_unique<vk::Kernel>(context, vk::KernelDesc{"concat_insert", 2, 0, shape});
    m_extract = std::make_unique<vk::Kernel>(context, vk::KernelDesc{"concat_extract", 2, 0, shape});
}

void ColumnSlot::recordInsert(vk::Recorder &recorder, const vk::BufferRange &narrow, const vk::BufferRange &wide) const
{
    recorder.dispatch(*m_insert, vk::divideRoundingUp(m_count / m_lanes, kGroupSize),
                      {vk::reads(narrow), vk::writes(wide)});
}

void ColumnSlot::recordExtract(vk::Recorder &recorder, const vk::BufferRange &wide, const vk::BufferRange &narrow) const
{
    recorder.dispatch(*m_extract, vk::divideRoundingUp(m_count / m_lanes, kGroupSize),
                      {vk::reads(wide), vk::writes(narrow)});
}

ConcatenateOp::ConcatenateOp(const OpSetup &setup)
{
    requireBindable(setup, setup.inputShapes);
    requireBindable(setup, {&setup.outputShape, 1});
    const Dims &out = setup.outputShape;
    const int64_t axisParam = std::get<int64_t>(setup.node.params.at("axis"));
    const size_t axis = size_t(axisParam < 0 ? int64_t(out.size()) + axisParam : axisParam);
    int64_t outer = 1, inner = 1;
    for (size_t i = 0; i < axis; ++i)
        outer *= out[i];
    for (size_t i = axis + 1; i < out.size(); ++i)
        inner *= out[i];
    // Each input fills a run of columns of the output seen as (outer, out[axis] · inner).
    int64_t start = 0;
    for (const Dims &in : setup.inputShapes) {
        const int64_t width = in[axis] * inner;
        m_slots.emplace_back(setup.context, uint64_t(outer), uint64_t(width), uint64_t(out[axis] * inner),
                             uint64_t(start));
        start += width;
    }
}

void ConcatenateOp::recordForward(vk::Recorder &recorder, const OpTensors &tensors)
{
    for (size_t i = 0; i < m_slots.size(); ++i)
        m_slots[i].recordInsert(recorder, tensors.inputs[i].range, tensors.output.range);
}

void ConcatenateOp::recordBackward(vk::Recorder &recorder, const OpTensors &tensors)
{
    for (size_t i = 0; i < m_slots.size(); ++i)
        if (!tensors.inputGradients[i].empty())
            m_slots[i].recordExtract(recorder, tensors.outputGradient.range, tensors.inputGradients[i].range);
}

AddOp::AddOp(const OpSetup &setup) : m_count(uint64_t(elementCount(setup.outputShape)))
{
    requireBindable(setup, {&setup.outputShape, 1});
    m_add = std::make_unique<vk::Kernel>(setup.context, vk::KernelDesc{"add", 3, 0, {{1, uint32_t(m_count)}}});
}

void AddOp::recordForward(vk::Recorder &recorder, const OpTensors &tensors)
{
    const uint64_t groups = vk::divideRoundingUp(m_count, kGroupSize * kElementsPerInvocation);
    const vk::BufferRange &sum = tensors.output.range;
    recorder.dispatch(*m_add, groups,
                      {vk::reads(tensors.inputs[0].range), vk::reads(tensors.inputs[1].range), vk::writes(sum)});
    for (size_t i = 2; i < tensors.inputs.size(); ++i)
        recorder.dispatch(*m_add, groups, {vk::reads(sum), vk::reads(tensors.inputs[i].range), vk::writes(sum)});
}

void AddOp::recordBackward(vk::Recorder &recorder, const OpTensors &tensors)
{
    for (const DeviceTensor &gradient : tensors.inputGradients)
        if (!gradient.empty())
            recorder.copy(tensors.outputGradient.range, gradient.range);
}

void addMergeDeviceOps(DeviceOpTable &table)
{
    table.push_back({"Concatenate", [](const OpSetup &s) { return std::make_unique<ConcatenateOp>(s); }});
    table.push_back({"Add", [](const OpSetup &s) { return std::make_unique<AddOp>(s); }});
}

} // namespace volnet::ops
