#include "data/array_dataset.h"

#include "data/class_labels.h"
#include "data/data_error.h"
#include "tensor/npy.h"

#include <cmath>

namespace volnet::data {

namespace {

Tensor readArray(const std::string &path)
{
    NpyResult read = readNpy(path);
    if (!read.ok)
        throw DataError(read.error);
    return std::move(read.tensor);
}

// Class numbers from a label vector (N,) or (N, 1), or from one-hot rows (N, K).
std::vector<int64_t> classNumbers(const Tensor &y, const std::string &path)
{
    const auto place = [&](int64_t i) { return path + "[" + std::to_string(i) + "]"; };
    const int64_t n = y.rank() == 0 ? 0 : y.dim(0);
    std::vector<int64_t> numbers;
    if (y.rank() == 1 || (y.rank() == 2 && y.dim(1) == 1)) {
        for (int64_t i = 0; i < n; ++i) {
            const float v = y[i];
            if (!std::isfinite(v) || v != std::round(v))
                throw DataError(place(i) + ": label " + std::to_string(v) +
                                " is not a whole number; labels are class numbers from 0");
            numbers.push_back(int64_t(v));
        }
        return numbers;
    }
    if (y.rank() != 2)
        throw DataError(path + ": labels of shape " + formatTuple(y.shape()) +
                        "; expected N class numbers (N,) or one-hot rows (N, classes)");
    const int64_t k = y.dim(1);
    for (int64_t i = 0; i < n; ++i) {
        int64_t hot = -1, ones = 0;
        for (int64_t c = 0; c < k; ++c) {
            const float v = y[i * k + c];
            if (v != 0 && v != 1)
                throw DataError(place(i) + ": a one-hot row holds " + std::to_string(v) +
                                "; expected only 0 and a single 1");
            if (v == 1) {
                hot = c;
                ++ones;
            }
        }
        if (ones != 1)
            throw DataError(place(i) + ": a one-hot row with " + std::to_string(ones) + " ones; expected exactly one");
        numbers.push_back(hot);
    }
    return numbers;
}

} // namespace

ArrayDataset::ArrayDataset(const std::string &xPath, const std::string &yPath,
                           const std::vector<std::string> &classNames)
    : Dataset({}, {}), m_samples(readArray(xPath))
{
    const Tensor y = readArray(yPath);
    if (m_samples.rank() < 2)
        throw DataError(xPath + ": shape " + formatTuple(m_samples.shape()) +
                        "; expected samples along the first axis, e.g. (N, T, H, W, C)");
    const int64_t n = m_samples.dim(0);
    const int64_t labelCount = y.rank() == 0 ? 0 : y.dim(0);
    if (labelCount != n)
        throw DataError(xPath + " holds " + std::to_string(n) + " samples but " + yPath + " holds " +
                        std::to_string(labelCount) + " labels; give one label per sample");
    if (n == 0)
        throw DataError(xPath + ": holds no samples");

    std::vector<int64_t> numbers = classNumbers(y, yPath);
    ClassLabels labels =
        integerLabels(numbers, classNames, {yPath, [&](size_t i) { return yPath + "[" + std::to_string(i) + "]"; }});
    if (y.rank() == 2 && y.dim(1) > 1 && classNames.empty())
        for (int64_t c = int64_t(labels.classNames.size()); c < y.dim(1); ++c)
            labels.classNames.push_back(std::to_string(c));
    m_labels = std::move(labels.labels);
    setClassNames(std::move(labels.classNames));

    const Dims shape(m_samples.shape().begin() + 1, m_samples.shape().end());
    setSampleShape(shape);
    for (int64_t i = 0; i < n; ++i)
        requireFinite(sample(i), xPath + " sample " + std::to_string(i));
    m_description = "arrays " + xPath + ", " + yPath + ": " + std::to_string(n) + " samples of " + formatTuple(shape) +
                    " in " + std::to_string(classCount()) + " classes";
}

Tensor ArrayDataset::sample(int64_t index) const
{
    const Dims &shape = sampleShape();
    const int64_t count = elementCount(shape);
    const float *first = m_samples.data() + index * count;
    return Tensor(shape, std::vector<float>(first, first + count));
}

} // namespace volnet::data
