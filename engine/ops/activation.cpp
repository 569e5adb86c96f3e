#include "ops/activation.h"

#include "vk/context.h"
#include "vk/grid.h"
#include "vk/recorder.h"

#include <array>
#include <stdexcept>

namespace volnet::ops {

namespace {

constexpr uint32_t kGroupSize = 64;
constexpr uint32_t kSoftmax = 4;
constexpr uint64_t kElementsPerInvocation = 4; // activation_*.comp read vec4s

// Softmax runs one invocation per row, the others one per four elements.
uint64_t groupsFor(uint32_t code, uint64_t rows, uint64_t lastAxis)
{
    const uint64_t invocations =
        code == kSoftmax ? rows : vk::divideRoundingUp(rows * lastAxis, kElementsPerInvocation);
    return vk::divideRoundingUp(invocations, kGroupSize);
}

} // namespace

uint32_t activationCode(const std::string &name)
{
    static const std::array<const char *, 5> names = {"linear", "relu", "sigmoid", "tanh", "softmax"};
    for (uint32_t code = 0; code < names.size(); ++code)
        if (name == names[code])
            return code;
    throw std::invalid_argument("unknown activation '" + name + "'");
}

ActivationKernels::ActivationKernels(vk::Context &context, const std::string &activation, uint64_t rows,
                                     uint64_t lastAxis)
    : m_code(activationCode(activation)), m_rows(rows), m_lastAxis(lastAxis)
{
    if (isLinear())
        return;
    const uint64_t bytes = rows * lastAxis * sizeof(float);
    if (bytes > context.device().maxStorageBufferRange)
        throw std::runtime_error(activation + " over " + std::to_string(rows * lastAxis) + " values (" +
                                 std::to_string(bytes) + " bytes) exceeds the largest binding of this device (" +
                                 std::to_string(context.device().maxStorageBufferRange) +
                                 " bytes): use a smaller batch");
    if (m_code == kSoftmax) {
        const std::vector<vk::SpecConstant> shape = {{1, uint32_t(rows)}, {2, uint32_t(lastAxis)}};
        m_forward = std::make_unique<vk::Kernel>(context, vk::KernelDesc{"softmax_forward", 2, 0, shape});
        m_backward = std::make_unique<vk::Kernel>(context, vk::KernelDesc{"softmax_backward", 3, 0, shape});
        return;
    }
    const std::vector<vk::SpecConstant> shape = {{1, m_code}, {2, uint32_t(rows * lastAxis)}};
    m_forward = std::make_unique<vk::Kernel>(context, vk::KernelDesc{"activation_forward", 2, 0, shape});
    m_backward = std::make_unique<vk::Kernel>(context, vk::KernelDesc{"activation_backward", 3, 0, shape});
}

ActivationKernels::~ActivationKernels() = default;

void ActivationKernels::recordForward(vk::Recorder &recorder, const vk::BufferRange &x, const vk::BufferRange &y) const
{
    if (isLinear()) {
        if (x.buffer != y.buffer || x.offset != y.offset)
            recorder.copy(x, y);
        return;
    }
    recorder.dispatch(*m_forward, groupsFor(m_code, m_rows, m_lastAxis), {vk::reads(x), vk::writes(y)});
}

void ActivationKernels::recordBackward(vk::Recorder &recorder, const vk::BufferRange &y, const vk::BufferRange &dy,
                                       const vk::BufferRange &dx) const
{
    if (isLinear()) {
        if (dy.buffer != dx.buffer || dy.offset != dx.offset)
            recorder.copy(dy, dx);
        return;
    }
    recorder.dispatch(*m_backward, groupsFor(m_code, m_rows, m_lastAxis),
                      {vk::reads(y), vk::reads(dy), vk::writes(dx)});
}

} // namespace volnet::ops
