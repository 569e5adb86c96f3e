#pragma once
// The merge blocks: Concatenate (any axis, any number of inputs) and Add (any number).
#include "ops/device_op.h"
#include "vk/kernel.h"

#include <memory>
#include <vector>

namespace volnet::ops {

// Copies between a tensor seen as (outer, width) and the columns [start, start + width)
// of one seen as (outer, wideWidth): how Concatenate places an input in its output and
// takes its gradient back out, and how FrameSlice takes one frame.
class ColumnSlot {
public:
    ColumnSlot(vk::Context &context, uint64_t outer, uint64_t width, uint64_t wideWidth, uint64_t start);
    // wide[:, start : start + width] = narrow; the other columns of wide are left alone.
    void recordInsert(vk::Recorder &recorder, const vk::BufferRange &narrow, const vk::BufferRange &wide) const;
    // narrow = wide[:, start : start + width].
    void recordExtract(vk::Recorder &recorder, const vk::BufferRange &wide, const vk::BufferRange &narrow) const;

private:
    uint64_t m_count;
    uint64_t m_lanes; // elements per invocation
    std::unique_ptr<vk::Kernel> m_insert, m_extract;
};

class ConcatenateOp : public DeviceOp {
public:
    explicit ConcatenateOp(const OpSetup &setup);
    void recordForward(vk::Recorder &recorder, const OpTensors &tensors) override;
    void recordBackward(vk::Recorder &recorder, const OpTensors &tensors) override;

private:
    std::vector<ColumnSlot> m_slots; // one per input
};

class AddOp : public DeviceOp {
public:
    explicit AddOp(const OpSetup &setup);
    void recordForward(vk::Recorder &recorder, const OpTensors &tensors) override;
    // Every input's gradient is the output's: copies.
    void recordBackward(vk::Recorder &recorder, const OpTensors &tensors) override;

private:
    uint64_t m_count;
    std::unique_ptr<vk::Kernel> m_add;
};

} // namespace volnet::ops
