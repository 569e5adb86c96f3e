#include "ops/loss.h"

#include "vk/context.h"
#include "vk/grid.h"
#include "vk/recorder.h"

#include <bit>
#include <stdexcept>
#include <string>

namespace volnet::ops {

namespace {

constexpr uint32_t kGroupSize = 64;

} // namespace

SoftmaxCrossEntropy::SoftmaxCrossEntropy(vk::Context &context, uint64_t rows, uint64_t classes)
    : m_rows(rows), m_classes(classes)
{
    const uint64_t bytes = rows * classes * sizeof(float);
    if (bytes > context.device().maxStorageBufferRange)
        throw std::runtime_error(
            "the loss over logits of " + std::to_string(rows) + " × " + std::to_string(classes) + " values (" +
            std::to_string(bytes) + " bytes) exceeds the largest binding of this device (" +
            std::to_string(context.device().maxStorageBufferRange) + " bytes): use a smaller batch");
    const std::vector<vk::SpecConstant> shape = {{1, uint32_t(rows)}, {2, uint32_t(classes)}};
    m_forward = std::make_unique<vk::Kernel>(context, vk::KernelDesc{"loss_forward", 3, 0, shape});
    m_metrics = std::make_unique<vk::Kernel>(context, vk::KernelDesc{"loss_metrics", 3, 0, shape});
    m_backward = std::make_unique<vk::Kernel>(context, vk::KernelDesc{"loss_backward", 3, 0, shape});
}

SoftmaxCrossEntropy::~SoftmaxCrossEntropy() = default;

void SoftmaxCrossEntropy::recordForward(vk::Recorder &recorder, const vk::BufferRange &logits,
                                        const vk::BufferRange &labels, const vk::BufferRange &samples,
                                        const vk::BufferRange &metrics) const
{
    recorder.dispatch(*m_forward, vk::divideRoundingUp(m_rows, kGroupSize),
                      {vk::reads(logits), vk::reads(labels), vk::writes(samples)}, {}, "loss");
    recorder.dispatch(*m_metrics, vk::divideRoundingUp(m_classes, kGroupSize),
                      {vk::reads(labels), vk::reads(samples), vk::readsWrites(metrics)}, {}, "loss metrics");
}

void SoftmaxCrossEntropy::recordBackward(vk::Recorder &recorder, const vk::BufferRange &logits,
                                         const vk::BufferRange &labels, const vk::BufferRange &logitsGradient) const
{
    recorder.dispatch(*m_backward, vk::divideRoundingUp(m_rows, kGroupSize),
                      {vk::reads(logits), vk::reads(labels), vk::writes(logitsGradient)}, {}, "loss backward");
}

void SoftmaxCrossEntropy::recordResetMetrics(vk::Recorder &recorder, const vk::BufferRange &metrics) const
{
    recorder.fill(metrics, 0);
}

LossMetrics SoftmaxCrossEntropy::decodeMetrics(std::span<const uint32_t> words) const
{
    if (words.size() * sizeof(uint32_t) != metricsBytes())
        throw std::invalid_argument("loss metrics of " + std::to_string(words.size()) + " words for " +
                                    std::to_string(m_classes) + " classes");
    LossMetrics m;
    m.lossSum = double(std::bit_cast<float>(words[0])) - double(std::bit_cast<float>(words[1]));
    m.rows = words[2];
    m.correct = words[3];
    m.confusion.assign(words.begin() + 4, words.end());
    return m;
}

} // namespace volnet::ops
