#pragma once
// One interface for every source of training data. A sample is a float32 volume without
// the batch axis, channels last: (T, H, W, C) for a time series of images, (D, H, W, C)
// for a 3D volume, or whatever rank the source holds; plus a class label in
// [0, classCount()). Datasets are immutable once opened and sample() may be called from
// several threads at once (the training and validation loaders).
#include "tensor/tensor.h"

#include <cstdint>
#include <string>
#include <vector>

namespace volnet::data {

class Dataset {
public:
    virtual ~Dataset() = default;

    // What it is, for titles and logs: "synthetic DCE-MRI phantom: 600 samples of (10, 64,
    // 64, 1), seed 1".
    virtual std::string description() const = 0;
    virtual int64_t size() const = 0;
    virtual int label(int64_t index) const = 0;
    virtual Tensor sample(int64_t index) const = 0;
    // Where sample `index` comes from, for messages: a file path, or "sample 17".
    virtual std::string sampleName(int64_t index) const;
    // The shape of one sample; the same for all unless the source's volumes differ.
    virtual Dims shapeOf(int64_t index) const;

    const std::vector<std::string> &classNames() const { return m_classNames; }
    int classCount() const { return int(m_classNames.size()); }
    // The shape every sample has, an axis that differs between samples given as -1
    // (Keras's None). Only spatial sizes may differ; the loader crops or pads them.
    const Dims &sampleShape() const { return m_sampleShape; }

protected:
    Dataset(std::vector<std::string> classNames, Dims sampleShape)
        : m_classNames(std::move(classNames)), m_sampleShape(std::move(sampleShape))
    {
    }
    // For datasets that learn their classes and shape by reading their files.
    void setClassNames(std::vector<std::string> names) { m_classNames = std::move(names); }
    void setSampleShape(Dims shape) { m_sampleShape = std::move(shape); }

private:
    std::vector<std::string> m_classNames;
    Dims m_sampleShape;
};

// Samples per class, indexed by label.
std::vector<int64_t> classCounts(const Dataset &dataset);

// Throws DataError when a value is NaN or infinite, naming `name` and the first such
// value's position: one bad voxel turns every loss into NaN, so it is refused up front.
void requireFinite(const Tensor &volume, const std::string &name);

} // namespace volnet::data
