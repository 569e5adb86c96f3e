#include "ref/loss.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace volnet::ref {

template<typename T> LossResult<T> softmaxCrossEntropy(const BasicTensor<T> &logits, const std::vector<int64_t> &labels)
{
    if (logits.rank() < 2)
        throw std::invalid_argument("the logits need a batch axis and a class axis, not shape " +
                                    formatTuple(logits.shape()));
    const int64_t classes = logits.dim(-1);
    const int64_t rows = logits.size() / classes;
    if (int64_t(labels.size()) != rows)
        throw std::invalid_argument(std::to_string(labels.size()) + " labels for " + std::to_string(rows) +
                                    " rows of logits " + formatTuple(logits.shape()));
    LossResult<T> r{0, BasicTensor<T>(logits.shape())};
    const int64_t counted = std::count_if(labels.begin(), labels.end(), [](int64_t l) { return l != kIgnoredLabel; });
    for (int64_t row = 0; row < rows; ++row) {
        const int64_t label = labels[size_t(row)];
        if (label == kIgnoredLabel)
            continue; // a padding row: no loss, zero gradient
        if (label < 0 || label >= classes)
            throw std::invalid_argument("label " + std::to_string(label) + " of row " + std::to_string(row) +
                                        " is not a class index below " + std::to_string(classes));
        const T *z = logits.data() + row * classes;
        // log-sum-exp shifted by the maximum, so that nothing overflows.
        const T top = *std::max_element(z, z + classes);
        T sum = 0;
        for (int64_t k = 0; k < classes; ++k)
            sum += std::exp(z[k] - top);
        const T logSum = top + std::log(sum);
        r.loss += (logSum - z[label]) / T(counted);
        T *g = r.gradient.data() + row * classes;
        for (int64_t k = 0; k < classes; ++k)
            g[k] = (std::exp(z[k] - logSum) - (k == label ? T(1) : T(0))) / T(counted);
    }
    return r;
}

template LossResult<float> softmaxCrossEntropy(const BasicTensor<float> &, const std::vector<int64_t> &);
template LossResult<double> softmaxCrossEntropy(const BasicTensor<double> &, const std::vector<int64_t> &);

} // namespace volnet::ref
