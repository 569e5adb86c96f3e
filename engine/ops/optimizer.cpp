#include "ops/optimizer.h"

#include "vk/context.h"
#include "vk/grid.h"
#include "vk/recorder.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace volnet::ops {

namespace {

constexpr uint32_t kGroupSize = 64;
// Enough partial sums to keep every core of a GPU busy, few enough to add in one pass.
constexpr uint32_t kPartials = 1024;

} // namespace

DeviceOptimizer::DeviceOptimizer(vk::Context &context, const OptimizerConfig &config, uint64_t parameterCount)
    : m_config(config), m_count(parameterCount)
{
    const uint64_t limit = context.device().maxStorageBufferRange / sizeof(float) /
                           uint64_t(std::max(1, stateFloatsPerParameter(config)));
    if (parameterCount > limit)
        throw std::runtime_error("the model has " + std::to_string(parameterCount) +
                                 " trainable parameters, more than this device binds in one buffer (" +
                                 std::to_string(limit) + "): use a smaller model or another device");
    const uint32_t count = uint32_t(std::max<uint64_t>(parameterCount, 1));
    const std::vector<vk::SpecConstant> common = {
        {0, kGroupSize}, {1, count}, {2, kPartials}, {7, float(config.clipNorm)}};
    if (config.clipNorm > 0) {
        m_normPartial = std::make_unique<vk::Kernel>(
            context, vk::KernelDesc{"optimizer_norm_partial", 2, 0, {{0, kGroupSize}, {1, count}, {2, kPartials}}});
        m_normTotal = std::make_unique<vk::Kernel>(context, vk::KernelDesc{"optimizer_norm_total", 1, 0, {{2, kPartials}}});
    }
    std::vector<vk::SpecConstant> update = common;
    if (config.kind == OptimizerKind::Sgd) {
        update.push_back({3, float(config.momentum)});
        update.push_back({4, uint32_t(config.nesterov)});
        m_update = std::make_unique<vk::Kernel>(context, vk::KernelDesc{"optimizer_sgd", 5, 0, update});
    } else {
        update.push_back({3, float(config.beta1)});
        update.push_back({4, float(config.beta2)});
        update.push_back({5, float(config.epsilon)});
        update.push_back({6, float(config.kind == OptimizerKind::AdamW ? config.weightDecay : 0.0)});
        m_update = std::make_unique<vk::Kernel>(context, vk::KernelDesc{"optimizer_adam", 5, 0, update});
    }
}

DeviceOptimizer::~DeviceOptimizer() = default;

uint64_t DeviceOptimizer::stateBytes() const
{
    return m_count * uint64_t(stateFloatsPerParameter(m_config)) * sizeof(float);
}

uint64_t DeviceOptimizer::scratchBytes() const
{
    return (kPartials + 1) * sizeof(float);
}

void DeviceOptimizer::recordUpdate(vk::Recorder &recorder, const vk::BufferRange &weights,
                                   const vk::BufferRange &gradients, const vk::BufferRange &state,
                                   const vk::BufferRange &scratch, const vk::BufferRange &step) const
{
    if (m_count == 0)
        return;
    if (m_normPartial) {
        recorder.dispatch(*m_normPartial, vk::divideRoundingUp(kPartials, kGroupSize),
                          {vk::reads(gradients), vk::writes(scratch)}, {}, "optimizer norm");
        recorder.dispatch(*m_normTotal, 1, {vk::readsWrites(scratch)}, {}, "optimizer norm total");
    }
    // An optimizer without state still binds a range: any valid one, never written.
    const vk::BufferRange stateRange = state.size > 0 ? state : scratch;
    recorder.dispatch(*m_update, vk::divideRoundingUp(m_count, kGroupSize),
                      {vk::readsWrites(weights), vk::reads(gradients),
                       state.size > 0 ? vk::readsWrites(stateRange) : vk::reads(stateRange), vk::reads(step),
                       vk::reads(scratch)},
                      {}, "optimizer update");
}

} // namespace volnet::ops
