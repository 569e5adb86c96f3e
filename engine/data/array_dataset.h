#pragma once
// `npy:X.npy,y.npy`: every sample in one array X of shape (N, ...sample shape), e.g.
// (N, T, H, W, C), of any numeric dtype; and N labels in y, integers of any dtype or
// floats that hold integers, either a vector (N,) or one-hot rows (N, K).
#include "data/dataset.h"

#include <memory>

namespace volnet::data {

class ArrayDataset : public Dataset {
public:
    // Throws DataError for unreadable files, X and y of different lengths, labels that
    // are not whole numbers, negative or out of range, a single class, or a non-finite
    // value in X (naming the sample). `classNames` (classes=) names the classes.
    ArrayDataset(const std::string &xPath, const std::string &yPath, const std::vector<std::string> &classNames);

    std::string description() const override { return m_description; }
    int64_t size() const override { return int64_t(m_labels.size()); }
    int label(int64_t index) const override { return m_labels[size_t(index)]; }
    Tensor sample(int64_t index) const override;

private:
    std::string m_description;
    Tensor m_samples;
    std::vector<int> m_labels;
};

} // namespace volnet::data
