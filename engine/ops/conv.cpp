#include "ops/conv.h"

#include "ops/op_families.h"
#include "ref/op_family.h"
#include "vk/context.h"
#include "vk/grid.h"
#include "vk/recorder.h"

#include <algorithm>
#include <bit>
#include <stdexcept>

namespace volnet::ops {

namespace {

// How a pass's product is cut among invocations (shaders/conv_geometry.glsl). CPU drivers
// load memory lane by lane, so there a workgroup is one subgroup of 8 lanes sharing its A
// values by shuffles; GPUs broadcast loads of one address themselves, and run 8 groups
// of 8 lanes per workgroup, each on its own rows.
struct Tiling {
    uint32_t groupSize = 64;
    uint32_t lanes = 8;
    uint32_t rows = 8;
    uint32_t columnsPerLane = 1;
    bool shareA = false;

    uint32_t rowLanes() const { return groupSize / lanes; }
    uint64_t blocks(uint64_t columns) const { return vk::divideRoundingUp(columns, 4ull * lanes * columnsPerLane); }
};

bool canShareA(vk::Context &context)
{
    VkPhysicalDeviceSubgroupProperties subgroup{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_PROPERTIES};
    VkPhysicalDeviceProperties2 properties{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2};
    properties.pNext = &subgroup;
    vkGetPhysicalDeviceProperties2(context.physicalDevice(), &properties);
    return context.device().type == vk::DeviceType::Cpu && subgroup.subgroupSize >= 8 &&
           (subgroup.supportedStages & VK_SHADER_STAGE_COMPUTE_BIT) &&
           (subgroup.supportedOperations & VK_SUBGROUP_FEATURE_SHUFFLE_BIT);
}

// A tile is up to 16 rows (a run of positions along W, or of kernel rows) by 32 or 64
// columns: on lavapipe larger ones spill registers and take its compiler minutes, and
// smaller ones load more per multiply-add. GPUs keep 4 rows per invocation, whose 64
// invocations share the registers of one core. Rows are a multiple of 4, which
// conv_backward_filter relies on.
Tiling tilingFor(bool shareA, uint64_t columns, uint64_t runLength)
{
    Tiling t;
    t.shareA = shareA;
    t.groupSize = shareA ? 8 : 64;
    t.columnsPerLane = columns > 4 * t.lanes ? 2 : 1;
    t.rows = shareA ? uint32_t(std::clamp<uint64_t>(std::bit_ceil(runLength), 4, 16)) : 4;
    return t;
}

std::vector<vk::SpecConstant> specialization(const ConvGeometry &g, const Tiling &t)
{
    return {{0, t.groupSize},    {1, g.batch},
            {2, g.d.in},         {3, g.h.in},
            {4, g.w.in},         {5, g.channels},
            {6, g.d.out},        {7, g.h.out},
            {8, g.w.out},        {9, g.filters},
            {10, g.d.kernel},    {11, g.h.kernel},
            {12, g.w.kernel},    {13, g.d.stride},
            {14, g.h.stride},    {15, g.w.stride},
            {16, g.d.dilation},  {17, g.h.dilation},
            {18, g.w.dilation},  {19, g.d.padBefore},
            {20, g.h.padBefore}, {21, g.w.padBefore},
            {22, t.rows},        {23, t.columnsPerLane},
            {24, t.lanes},       {25, uint32_t(t.shareA)}};
}

uint64_t alignUp(uint64_t bytes, uint64_t alignment)
{
    return vk::divideRoundingUp(bytes, alignment) * alignment;
}

// Workgroups that keep every core of a device busy; the backward filter pass splits its
// positions until it has about this many.
constexpr uint64_t kBusyGroups = 2048;
// Positions per split below which splitting costs more in partial sums than it gains.
constexpr uint64_t kMinRun = 1024;
constexpr uint32_t kReduceGroupSize = 64;
constexpr uint32_t kPackGroupSize = 64; // volnet_grid.glsl's default

// A row of `width` floats padded to a whole number of vec4s.
uint32_t padded(uint32_t width)
{
    return (width + 3) / 4 * 4;
}

struct ReducePush {
    uint32_t firstRow;
    uint32_t count;
};

} // namespace

ConvGeometry matrixGeometry(uint64_t rows, uint64_t features, uint64_t units)
{
    ConvGeometry g;
    g.channels = uint32_t(features);
    g.filters = uint32_t(units);
    g.w.in = g.w.out = uint32_t(rows);
    return g;
}

ConvKernels::ConvKernels(vk::Context &context, const ConvGeometry &geometry, uint32_t activation, bool hasBias,
                         const std::string &nodeId, unsigned passes)
    : m_geometry(geometry), m_hasBias(hasBias)
{
    const ConvGeometry &g = geometry;
    const vk::DeviceInfo &device = context.device();
    const uint64_t limit = device.maxStorageBufferRange;
    const auto requireBindable = [&](const char *what, uint64_t count) {
        const uint64_t bytes = count * sizeof(float);
        if (bytes > limit)
            throw std::runtime_error(nodeId + ": the " + what + " takes " + std::to_string(bytes) +
                                     " bytes, more than this device binds at once (" + std::to_string(limit) +
                                     " bytes): use a smaller batch");
    };
    requireBindable("input", g.inputCount());
    requireBindable("output", g.outputCount());
    requireBindable("kernel", g.kernelCount());

    const bool shareA = canShareA(context);
    const uint64_t depth = g.taps() * g.channels;
    const uint64_t kernelRows = depth + (hasBias ? 1 : 0);
    const uint64_t positions = g.outputPositions();
    const uint32_t paddedFilters = padded(g.filters), paddedChannels = padded(g.channels);
    const auto pack = [&](uint64_t groups, uint64_t rows, uint32_t width, bool transpose) {
        return std::make_unique<vk::Kernel>(
            context,
            vk::KernelDesc{
                "conv_pack", 2, 0, {{1, uint32_t(groups)}, {2, uint32_t(rows)}, {3, width}, {4, uint32_t(transpose)}}});
    };

    // The workspace: a repacked kernel, a repacked dz, the partial sums.
    uint64_t kernelCopy = 0, gradientCopy = 0;
    if (passes & Forward) {
        const Tiling t = tilingFor(shareA, g.filters, g.w.out);
        const uint64_t tiles = uint64_t(g.batch) * g.d.out * g.h.out * vk::divideRoundingUp(g.w.out, t.rows);
        m_forwardGroups = vk::divideRoundingUp(tiles, t.rowLanes()) * t.blocks(g.filters);
        auto constants = specialization(g, t);
        constants.push_back({26, uint32_t(hasBias)});
        constants.push_back({27, activation});
        m_forward = std::make_unique<vk::Kernel>(context, vk::KernelDesc{"conv_forward", 4, 0, constants});
        if (paddedFilters != g.filters) {
            m_packKernel = pack(1, depth, g.filters, false);
            kernelCopy = depth * paddedFilters;
        }
    }
    if (passes & BackwardData) {
        const Tiling t = tilingFor(shareA, g.channels, g.w.in);
        const uint64_t tiles = uint64_t(g.batch) * g.d.in * g.h.in * vk::divideRoundingUp(g.w.in, t.rows);
        m_dataGroups = vk::divideRoundingUp(tiles, t.rowLanes()) * t.blocks(g.channels);
        m_backwardData =
            std::make_unique<vk::Kernel>(context, vk::KernelDesc{"conv_backward_data", 3, 0, specialization(g, t)});
        m_transposeKernel = pack(g.taps(), g.filters, g.channels, true);
        kernelCopy = std::max(kernelCopy, g.taps() * g.filters * paddedChannels);
    }
    if (passes & BackwardFilter) {
        const Tiling t = tilingFor(shareA, g.filters, kernelRows);
        const uint64_t rowGroups = vk::divideRoundingUp(vk::divideRoundingUp(kernelRows, t.rows), t.rowLanes());
        const uint64_t groupsPerSplit = rowGroups * t.blocks(g.filters);
        const uint64_t slice = kernelRows * paddedFilters;
        m_splits = std::clamp<uint64_t>(vk::divideRoundingUp(kBusyGroups, groupsPerSplit), 1,
                                        std::max<uint64_t>(positions / kMinRun, 1));
        m_splits = std::min(m_splits, std::max<uint64_t>(limit / (slice * sizeof(float)), 1));
        const uint64_t run = vk::divideRoundingUp(positions, m_splits);
        m_splits = vk::divideRoundingUp(positions, run);
        m_filterGroups = m_splits * groupsPerSplit;
        m_partialsCount = m_splits * slice;
        requireBindable("kernel gradient's partial sums", m_partialsCount);
        auto constants = specialization(g, t);
        constants.push_back({26, uint32_t(hasBias)});
        constants.push_back({27, uint32_t(run)});
        m_backwardFilter =
            std::make_unique<vk::Kernel>(context, vk::KernelDesc{"conv_backward_filter", 3, 0, constants});
        m_reduce = std::make_unique<vk::Kernel>(
            context, vk::KernelDesc{
                         "conv_reduce",
                         2,
                         sizeof(ReducePush),
                         {{0, kReduceGroupSize}, {1, uint32_t(m_splits)}, {2, uint32_t(kernelRows)}, {3, g.filters}}});
        if (paddedFilters != g.filters) {
            m_packGradient = pack(1, positions, g.filters, false);
            gradientCopy = positions * paddedFilters;
        }
    }
    requireBindable("repacked kernel", kernelCopy);
    requireBindable("repacked output gradient", gradientCopy);

    const uint64_t alignment = std::max<uint64_t>(device.minStorageBufferOffsetAlignment, 16);
    m_kernelCopyCount = kernelCopy;
    m_gradientCopyCount = gradientCopy;
    m_gradientCopyOffset = alignUp(kernelCopy * sizeof(float), alignment);
    m_partialsOffset = m_gradientCopyOffset + alignUp(gradientCopy * sizeof(float), alignment);
    m_workspaceBytes = std::max<uint64_t>(m_partialsOffset + m_partialsCount * sizeof(float), sizeof(float));
}

ConvKernels::~ConvKernels() = default;

void ConvKernels::recordPack(vk::Recorder &recorder, const vk::Kernel &kernel, uint64_t count,
                             const vk::BufferRange &source, const vk::BufferRange &packed) const
{
    recorder.dispatch(kernel, vk::divideRoundingUp(count, kPackGroupSize), {vk::reads(source), vk::writes(packed)}, {},
                      "conv pack");
}

void ConvKernels::recordForward(vk::Recorder &recorder, const vk::BufferRange &input, const vk::BufferRange &kernel,
                                const vk::BufferRange &bias, const vk::BufferRange &workspace,
                                const vk::BufferRange &output) const
{
    vk::BufferRange b = kernel;
    if (m_packKernel) {
        b = workspace.sub(0, m_kernelCopyCount * sizeof(float));
        recordPack(recorder, *m_packKernel, m_kernelCopyCount, kernel, b);
    }
    recorder.dispatch(*m_forward, m_forwardGroups,
                      {vk::reads(input), vk::reads(b), vk::reads(m_hasBias ? bias : kernel), vk::writes(output)}, {},
                      "conv forward");
}

void ConvKernels::recordBackwardData(vk::Recorder &recorder, const vk::BufferRange &dz, const vk::BufferRange &kernel,
                                     const vk::BufferRange &workspace, const vk::BufferRange &dInput) const
{
    const uint64_t count = m_geometry.taps() * m_geometry.filters * padded(m_geometry.channels);
    const vk::BufferRange transposed = workspace.sub(0, count * sizeof(float));
    recordPack(recorder, *m_transposeKernel, count, kernel, transposed);
    recorder.dispatch(*m_backwardData, m_dataGroups, {vk::reads(dz), vk::reads(transposed), vk::writes(dInput)}, {},
                      "conv backward data");
}

void ConvKernels::recordBackwardFilter(vk::Recorder &recorder, const vk::BufferRange &input, const vk::BufferRange &dz,
                                       const vk::BufferRange &workspace, const vk::BufferRange &dKernel,
                                       const vk::BufferRange &dBias) const
{
    vk::BufferRange b = dz;
    if (m_packGradient) {
        b = workspace.sub(m_gradientCopyOffset, m_gradientCopyCount * sizeof(float));
        recordPack(recorder, *m_packGradient, m_gradientCopyCount, dz, b);
    }
    const vk::BufferRange partials = workspace.sub(m_partialsOffset, m_partialsCount * sizeof(float));
    recorder.dispatch(*m_backwardFilter, m_filterGroups, {vk::reads(input), vk::reads(b), vk::writes(partials)}, {},
                      "conv backward filter");
    const uint32_t kernelCount = uint32_t(m_geometry.kernelCount());
    recorder.dispatch(*m_reduce, vk::divideRoundingUp(kernelCount, kReduceGroupSize),
                      {vk::reads(partials), vk::writes(dKernel)}, vk::asPushConstants(ReducePush{0, kernelCount}),
                      "conv kernel gradient sum");
    if (m_hasBias)
        recorder.dispatch(
            *m_reduce, vk::divideRoundingUp(m_geometry.filters, kReduceGroupSize),
            {vk::reads(partials), vk::writes(dBias)},
            vk::asPushConstants(ReducePush{uint32_t(m_geometry.taps() * m_geometry.channels), m_geometry.filters}),
            "conv bias gradient sum");
}

namespace {

const std::string &word(const Node &node, const char *name)
{
    return std::get<std::string>(node.params.at(name));
}

// The node's geometry, a Conv2D read as a Conv3D of depth 1.
ConvGeometry convGeometry(const OpSetup &setup)
{
    const Dims &in = setup.inputShapes.at(0);
    IntTuple kernel = std::get<IntTuple>(setup.node.params.at("kernel_size"));
    IntTuple strides = std::get<IntTuple>(setup.node.params.at("strides"));
    IntTuple dilation = std::get<IntTuple>(setup.node.params.at("dilation_rate"));
    Dims spatial(in.begin() + 1, in.end() - 1);
    if (spatial.size() == 2) {
        spatial.insert(spatial.begin(), 1);
        kernel.insert(kernel.begin(), 1);
        strides.insert(strides.begin(), 1);
        dilation.insert(dilation.begin(), 1);
    }
    if (spatial.size() != 3 || kernel.size() != 3 || strides.size() != 3 || dilation.size() != 3)
        throw std::invalid_argument(setup.node.id + ": a convolution needs an input of rank 4 or 5");
    const std::string &padding = word(setup.node, "padding");
    ConvGeometry g;
    g.batch = uint32_t(in.front());
    g.channels = uint32_t(in.back());
    g.filters = uint32_t(std::get<int64_t>(setup.node.params.at("filters")));
    // Windows placed as the reference places them (Keras's 'valid' and 'same').
    const auto axis = [&](size_t a) {
        const ref::WindowAxis w = ref::windowAxis(spatial[a], kernel[a], strides[a], dilation[a], padding);
        return ConvAxis{uint32_t(w.in),     uint32_t(w.out),      uint32_t(w.kernel),
                        uint32_t(w.stride), uint32_t(w.dilation), uint32_t(w.padBefore)};
    };
    g.d = axis(0);
    g.h = axis(1);
    g.w = axis(2);
    return g;
}

// The code fused into the forward kernel: element-wise activations; softmax runs after it.
uint32_t fusedActivation(const std::string &name)
{
    const uint32_t code = activationCode(name);
    return code == activationCode("softmax") ? 0 : code;
}

} // namespace

ConvOp::ConvOp(const OpSetup &setup, const ConvGeometry &geometry)
    : m_kernels(setup.context, geometry, fusedActivation(word(setup.node, "activation")),
                std::get<bool>(setup.node.params.at("use_bias")), setup.node.id),
      m_activation(setup.context, word(setup.node, "activation"), m_kernels.geometry().outputPositions(),
                   m_kernels.geometry().filters),
      m_softmax(activationCode(word(setup.node, "activation")) == activationCode("softmax"))
{
    if (!m_activation.isLinear()) {
        const uint64_t alignment = std::max<uint64_t>(setup.context.device().minStorageBufferOffsetAlignment, 16);
        m_dzBytes = vk::divideRoundingUp(m_kernels.geometry().outputCount() * sizeof(float), alignment) * alignment;
    }
}

uint64_t ConvOp::workspaceBytes() const
{
    return m_dzBytes + m_kernels.workspaceBytes();
}

void ConvOp::recordForward(vk::Recorder &recorder, const OpTensors &tensors)
{
    const auto bias = tensors.weights.find("bias");
    m_kernels.recordForward(recorder, tensors.inputs[0].range, tensors.weights.at("kernel").range,
                            bias == tensors.weights.end() ? vk::BufferRange{} : bias->second.range,
                            tensors.workspace.range.sub(m_dzBytes, m_kernels.workspaceBytes()), tensors.output.range);
    if (m_softmax)
        m_activation.recordForward(recorder, tensors.output.range, tensors.output.range);
}

void ConvOp::recordBackward(vk::Recorder &recorder, const OpTensors &tensors)
{
    const ConvGeometry &g = m_kernels.geometry();
    vk::BufferRange dz = tensors.outputGradient.range;
    if (!m_activation.isLinear()) {
        const vk::BufferRange gradient = tensors.workspace.range.sub(0, g.outputCount() * sizeof(float));
        m_activation.recordBackward(recorder, tensors.output.range, dz, gradient);
        dz = gradient;
    }
    const vk::BufferRange scratch = tensors.workspace.range.sub(m_dzBytes, m_kernels.workspaceBytes());
    const DeviceTensor &dInput = tensors.inputGradients[0];
    if (!dInput.empty())
        m_kernels.recordBackwardData(recorder, dz, tensors.weights.at("kernel").range, scratch, dInput.range);
    const auto dBias = tensors.weightGradients.find("bias");
    m_kernels.recordBackwardFilter(recorder, tensors.inputs[0].range, dz, scratch,
                                   tensors.weightGradients.at("kernel").range,
                                   dBias == tensors.weightGradients.end() ? vk::BufferRange{} : dBias->second.range);
}

void addConvDeviceOps(DeviceOpTable &table)
{
    for (const char *type : {"Conv3D", "Conv2D"})
        table.push_back({type, [](const OpSetup &s) { return std::make_unique<ConvOp>(s, convGeometry(s)); }});
}

} // namespace volnet::ops
