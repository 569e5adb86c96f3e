#pragma once
// The training loss: softmax and sparse categorical cross-entropy in one step, from
// logits, the way Keras computes SparseCategoricalCrossentropy(from_logits=True) with
// its default reduction: the mean over every row (the batch, and any axes between it
// and the classes).
#include "tensor/tensor.h"

#include <cstdint>
#include <vector>

namespace volnet::ref {

template<typename T> struct LossResult {
    T loss = 0;
    BasicTensor<T> gradient; // d loss / d logits: (softmax - one_hot(label)) / counted rows
};

// A row with this label is left out: no loss, no gradient, not in the mean (Keras 3's
// `ignore_class`). The trainer pads a short last batch with such rows.
inline constexpr int64_t kIgnoredLabel = -1;

// `logits` (N, ..., classes); `labels` one class index (or kIgnoredLabel) per row, in
// row-major order.
// Throws std::invalid_argument when a label is out of range or the counts differ.
template<typename T>
LossResult<T> softmaxCrossEntropy(const BasicTensor<T> &logits, const std::vector<int64_t> &labels);

} // namespace volnet::ref
