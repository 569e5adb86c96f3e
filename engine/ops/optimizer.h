#pragma once
// The optimizer on the device: one update of every trainable parameter at once. The plan
// keeps all trainable weights in one contiguous range, their gradients in another of the
// same layout and the optimizer state in a third, so an update is one dispatch (two more
// for the global norm when clipping), whatever the number of layers.
#include "ops/optimizer_config.h"
#include "vk/buffer.h"
#include "vk/kernel.h"

#include <memory>

namespace volnet::vk {
class Context;
class Recorder;
} // namespace volnet::vk

namespace volnet::ops {

class DeviceOptimizer {
public:
    // Throws std::runtime_error when the parameters do not fit one storage-buffer binding.
    DeviceOptimizer(vk::Context &context, const OptimizerConfig &config, uint64_t parameterCount);
    ~DeviceOptimizer();

    uint64_t stateBytes() const;   // zero it before the first step
    uint64_t scratchBytes() const; // the global norm's partial sums

    void recordUpdate(vk::Recorder &recorder, const vk::BufferRange &weights, const vk::BufferRange &gradients,
                      const vk::BufferRange &state, const vk::BufferRange &scratch,
                      const vk::BufferRange &step) const;

private:
    OptimizerConfig m_config;
    uint64_t m_count;
    std::unique_ptr<vk::Kernel> m_normPartial, m_normTotal, m_update;
};

} // namespace volnet::ops
