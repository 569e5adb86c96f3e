#pragma once
// The blocks that move values without arithmetic: Reshape and Flatten (views of their
// input), Permute and FoldTime (axis permutations), FrameSlice (one frame of the time axis).
#include "ops/device_op.h"
#include "ops/merge.h"
#include "vk/kernel.h"

#include <memory>
#include <vector>

namespace volnet::ops {

// Reshape and Flatten: row-major order is kept, so the output is the input's bytes.
class ReshapeOp : public DeviceOp {
public:
    bool isView() const override { return true; }
    void recordForward(vk::Recorder &, const OpTensors &) override {}
    void recordBackward(vk::Recorder &, const OpTensors &) override {}
};

// Output axis i is input axis perm[i] (batched axes). Axes of size 1 are dropped and
// axes that stay neighbours in the same order are merged first, so any permutation
// whose merged form has at most 6 axes runs. One that moves nothing has no kernel: its
// output is its input's bytes.
class PermuteKernel {
public:
    PermuteKernel(vk::Context &context, const Dims &input, const std::vector<size_t> &perm);
    bool movesNothing() const { return !m_kernel; }
    // Only where something moves.
    void record(vk::Recorder &recorder, const vk::BufferRange &input, const vk::BufferRange &output) const;

private:
    uint64_t m_count;
    uint64_t m_lanes = 1;                 // elements per invocation
    std::unique_ptr<vk::Kernel> m_kernel; // null when the permutation moves nothing
};

// Permute, and FoldTime: (N, T, H, W, C) -> (N, H, W, T, C), which is (N, H, W, T·C).
// A permutation that moves nothing (of axes of size 1) is a view.
class PermuteOp : public DeviceOp {
public:
    PermuteOp(const OpSetup &setup, const std::vector<size_t> &perm);
    bool isView() const override { return m_forward.movesNothing(); }
    void recordForward(vk::Recorder &recorder, const OpTensors &tensors) override;
    void recordBackward(vk::Recorder &recorder, const OpTensors &tensors) override;

private:
    PermuteKernel m_forward, m_backward;
};

// FrameSlice: the input seen as (N, T, rest) gives frame `index`; the gradient goes back
// into that frame and the other frames get zeros. One frame alone is a view.
class FrameSliceOp : public DeviceOp {
public:
    explicit FrameSliceOp(const OpSetup &setup);
    bool isView() const override { return !m_slot; }
    void recordForward(vk::Recorder &recorder, const OpTensors &tensors) override;
    void recordBackward(vk::Recorder &recorder, const OpTensors &tensors) override;

private:
    std::unique_ptr<ColumnSlot> m_slot;
};

} // namespace volnet::ops
