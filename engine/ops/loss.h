#pragma once
// The training loss on the device: softmax and sparse categorical cross-entropy in one
// step, from logits, as Keras's SparseCategoricalCrossentropy(from_logits=True) computes
// it (ref/loss.h): the mean over every row of logits (N, ..., classes).
//
// Labels are uint32, one class index per row in row-major order (the loader's int32
// labels upload as they are). Label 0xffffffff (-1 as int32, ref::kIgnoredLabel) marks a
// padding row: no loss, zero gradient, not counted, and the mean is over the other rows.
// Any other label out of range is a loader bug: it gives that row a NaN loss and zero
// gradient on the label side, and is never read through.
//
// The forward pass writes each row's loss and predicted class, and adds the batch to a
// small metrics buffer that accumulates over many steps until recordResetMetrics(), so
// that the trainer reads it back only now and then. Its layout, in 32-bit words:
//     0  loss sum (float)            1  its Kahan compensation (float)
//     2  rows counted (uint)         3  rows whose argmax is their label (uint)
//     4… confusion counts (uint), classes × classes, row = label, column = prediction.
// The argmax is the first maximum, as argmax is everywhere.
#include "vk/buffer.h"
#include "vk/kernel.h"

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace volnet::vk {
class Context;
class Recorder;
} // namespace volnet::vk

namespace volnet::ops {

// The metrics buffer, read back.
struct LossMetrics {
    double lossSum = 0;
    uint64_t rows = 0;
    uint64_t correct = 0;
    std::vector<uint64_t> confusion; // classes × classes, row = label

    double meanLoss() const { return rows ? lossSum / double(rows) : 0.0; }
    double accuracy() const { return rows ? double(correct) / double(rows) : 0.0; }
};

class SoftmaxCrossEntropy {
public:
    // Throws std::runtime_error when the logits do not fit one storage-buffer binding.
    SoftmaxCrossEntropy(vk::Context &context, uint64_t rows, uint64_t classes);
    ~SoftmaxCrossEntropy();

    uint64_t rows() const { return m_rows; }
    uint64_t classes() const { return m_classes; }
    // Each row's loss (float) and predicted class (uint32), interleaved.
    uint64_t samplesBytes() const { return m_rows * 2 * sizeof(uint32_t); }
    uint64_t metricsBytes() const { return (4 + m_classes * m_classes) * sizeof(uint32_t); }

    // Writes `samples` and adds the batch to `metrics`.
    void recordForward(vk::Recorder &recorder, const vk::BufferRange &logits, const vk::BufferRange &labels,
                       const vk::BufferRange &samples, const vk::BufferRange &metrics) const;
    // d loss / d logits = (softmax(logits) - one_hot(label)) / rows, overwritten.
    void recordBackward(vk::Recorder &recorder, const vk::BufferRange &logits, const vk::BufferRange &labels,
                        const vk::BufferRange &logitsGradient) const;
    // Zeros the metrics: start it once before the first forward pass.
    void recordResetMetrics(vk::Recorder &recorder, const vk::BufferRange &metrics) const;

    // Decodes metricsBytes() read back from the metrics buffer.
    LossMetrics decodeMetrics(std::span<const uint32_t> words) const;

private:
    uint64_t m_rows, m_classes;
    std::unique_ptr<vk::Kernel> m_forward, m_metrics, m_backward;
};

} // namespace volnet::ops
