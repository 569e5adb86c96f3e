#include "ops/normalization.h"

#include "ops/elementwise.h"
#include "ops/op_families.h"
#include "vk/context.h"
#include "vk/grid.h"
#include "vk/recorder.h"

#include <algorithm>

namespace volnet::ops {

namespace {

constexpr uint32_t kGroupSize = 64;
// Reductions aim at this many invocations (chunks × features), enough to fill a GPU and
// every core of a CPU, with chunks of at least kMinChunk samples so that combining the
// chunks stays cheap.
constexpr uint64_t kTargetInvocations = 4096;
constexpr uint64_t kMinChunk = 32;
// Bytes per feature of the workspace's sections (shaders/batchnorm.glsl).
constexpr uint64_t kCoefficientBytes = 4 * sizeof(float);
constexpr uint64_t kPairBytes = 2 * sizeof(float);

uint64_t alignUp(uint64_t bytes, uint64_t alignment)
{
    return vk::divideRoundingUp(bytes, alignment) * alignment;
}

} // namespace

BatchNormOp::BatchNormOp(const OpSetup &setup)
    : m_training(setup.mode == Mode::Training), m_alignment(setup.context.device().minStorageBufferOffsetAlignment)
{
    requireBindable(setup, setup.inputShapes);
    const Dims &in = setup.inputShapes.at(0);
    const int64_t axisParam = std::get<int64_t>(setup.node.params.at("axis"));
    const size_t axis = size_t(axisParam < 0 ? int64_t(in.size()) + axisParam : axisParam);
    m_count = uint64_t(elementCount(in));
    m_features = uint64_t(in[axis]);
    uint64_t inner = 1;
    for (size_t a = axis + 1; a < in.size(); ++a)
        inner *= uint64_t(in[a]);
    const uint64_t samples = m_count / m_features;
    const uint64_t chunks = std::clamp<uint64_t>(vk::divideRoundingUp(kTargetInvocations, m_features), 1,
                                                 vk::divideRoundingUp(samples, kMinChunk));
    const uint64_t chunk = vk::divideRoundingUp(samples, chunks);
    m_partials = vk::divideRoundingUp(samples, chunk); // so that none is empty
    // Features last and a multiple of 4: four of them per invocation (shaders/batchnorm.glsl).
    m_lanes = inner == 1 && m_features % 4 == 0 ? 4 : 1;

    const std::vector<vk::SpecConstant> spec = {
        {1, uint32_t(m_features)},
        {2, uint32_t(inner)},
        {3, uint32_t(samples)},
        {4, uint32_t(m_partials)},
        {5, float(std::get<double>(setup.node.params.at("epsilon")))},
        {6, float(std::get<double>(setup.node.params.at("momentum")))},
        {7, uint32_t(m_training)},
        {8, uint32_t(m_count)},
        {9, uint32_t(chunk)},
    };
    vk::Context &context = setup.context;
    if (m_training)
        m_partialsKernel = std::make_unique<vk::Kernel>(context, vk::KernelDesc{"batchnorm_partials", 2, 0, spec});
    m_statistics = std::make_unique<vk::Kernel>(context, vk::KernelDesc{"batchnorm_statistics", 6, 0, spec});
    m_forward = std::make_unique<vk::Kernel>(context, vk::KernelDesc{"batchnorm_forward", 3, 0, spec});
    m_backwardPartials =
        std::make_unique<vk::Kernel>(context, vk::KernelDesc{"batchnorm_backward_partials", 4, 0, spec});
    m_backwardSums = std::make_unique<vk::Kernel>(context, vk::KernelDesc{"batchnorm_backward_sums", 4, 0, spec});
    m_backward = std::make_unique<vk::Kernel>(context, vk::KernelDesc{"batchnorm_backward", 5, 0, spec});
}

uint64_t BatchNormOp::workspaceBytes() const
{
    return alignUp(m_features * kCoefficientBytes, m_alignment) + alignUp(m_features * kPairBytes, m_alignment) +
           m_partials * m_features * kPairBytes;
}

BatchNormOp::Sections BatchNormOp::sections(const OpTensors &tensors) const
{
    const vk::BufferRange &w = tensors.workspace.range;
    const uint64_t sumsAt = alignUp(m_features * kCoefficientBytes, m_alignment);
    const uint64_t partialsAt = sumsAt + alignUp(m_features * kPairBytes, m_alignment);
    return {w.sub(0, m_features * kCoefficientBytes), w.sub(sumsAt, m_features * kPairBytes),
            w.sub(partialsAt, m_partials * m_features * kPairBytes)};
}

void BatchNormOp::recordForward(vk::Recorder &recorder, const OpTensors &tensors)
{
    const vk::BufferRange &x = tensors.inputs[0].range;
    const Sections s = sections(tensors);
    const vk::BufferRange &movingMean = tensors.weights.at("moving_mean").range;
    const vk::BufferRange &movingVariance = tensors.weights.at("moving_variance").range;
    if (m_training)
        recorder.dispatch(*m_partialsKernel, vk::divideRoundingUp(m_partials * m_features / m_lanes, kGroupSize),
                          {vk::reads(x), vk::writes(s.partials)}, {}, "batchnorm statistics");
    // Inference reads the moving statistics and no partial sums.
    const vk::Binding moving[] = {m_training ? vk::readsWrites(movingMean) : vk::reads(movingMean),
                                  m_training ? vk::readsWrites(movingVariance) : vk::reads(movingVariance)};
    recorder.dispatch(*m_statistics, vk::divideRoundingUp(m_features, kGroupSize),
                      {vk::reads(s.partials), vk::reads(tensors.weights.at("gamma").range),
                       vk::reads(tensors.weights.at("beta").range), moving[0], moving[1], vk::writes(s.coefficients)},
                      {}, "batchnorm coefficients");
    recorder.dispatch(*m_forward, vk::divideRoundingUp(m_count / m_lanes, kGroupSize),
                      {vk::reads(x), vk::reads(s.coefficients), vk::writes(tensors.output.range)}, {}, "batchnorm");
}

void BatchNormOp::recordBackward(vk::Recorder &recorder, const OpTensors &tensors)
{
    const vk::BufferRange &x = tensors.inputs[0].range, &dy = tensors.outputGradient.range;
    const Sections s = sections(tensors);
    recorder.dispatch(*m_backwardPartials, vk::divideRoundingUp(m_partials * m_features / m_lanes, kGroupSize),
                      {vk::reads(x), vk::reads(dy), vk::reads(s.coefficients), vk::writes(s.partials)}, {},
                      "batchnorm backward sums");
    recorder.dispatch(*m_backwardSums, vk::divideRoundingUp(m_features, kGroupSize),
                      {vk::reads(s.partials), vk::writes(tensors.weightGradients.at("gamma").range),
                       vk::writes(tensors.weightGradients.at("beta").range), vk::writes(s.sums)},
                      {}, "batchnorm backward sums merge");
    const vk::BufferRange &dx = tensors.inputGradients[0].range;
    if (dx.size == 0)
        return;
    // Inference needs no sums here: it binds the coefficients in their place, which
    // spares it from waiting for them.
    recorder.dispatch(*m_backward, vk::divideRoundingUp(m_count / m_lanes, kGroupSize),
                      {vk::reads(x), vk::reads(dy), vk::reads(s.coefficients),
                       vk::reads(m_training ? s.sums : s.coefficients), vk::writes(dx)},
                      {}, "batchnorm backward");
}

void addNormalizationDeviceOps(DeviceOpTable &table)
{
    table.push_back({"BatchNormalization", [](const OpSetup &s) { return std::make_unique<BatchNormOp>(s); }});
}

} // namespace volnet::ops
