#pragma once
// A tensor in host memory: dense, row-major, the batch axis first and channels last
// (N, T, H, W, C). `Tensor` (float) is what the engine moves around; `TensorD` exists so
// that the CPU reference can be checked by finite differences in double precision.
#include "tensor/shape.h"

#include <cstdint>
#include <initializer_list>
#include <vector>

namespace volnet {

template<typename T> class BasicTensor {
public:
    BasicTensor() = default;
    // Every element set to `fill`.
    explicit BasicTensor(Dims shape, T fill = T(0));
    // Takes the values in row-major order; throws std::invalid_argument when their count
    // is not the shape's element count.
    BasicTensor(Dims shape, std::vector<T> values);

    const Dims &shape() const { return m_shape; }
    int rank() const { return int(m_shape.size()); }
    // The size of an axis; a negative axis counts from the end (-1: channels).
    int64_t dim(int axis) const;
    int64_t size() const { return int64_t(m_values.size()); }

    T *data() { return m_values.data(); }
    const T *data() const { return m_values.data(); }
    std::vector<T> &values() { return m_values; }
    const std::vector<T> &values() const { return m_values; }
    T &operator[](int64_t i) { return m_values[size_t(i)]; }
    const T &operator[](int64_t i) const { return m_values[size_t(i)]; }

    // Row-major element offsets of each axis.
    Dims strides() const;
    // The offset of a full index, e.g. {n, t, h, w, c}; throws std::out_of_range when
    // the index has the wrong length or lies outside the shape.
    int64_t offset(std::initializer_list<int64_t> index) const;
    T &at(std::initializer_list<int64_t> index) { return m_values[size_t(offset(index))]; }
    const T &at(std::initializer_list<int64_t> index) const { return m_values[size_t(offset(index))]; }

    // The same values under another shape with as many elements (Reshape, Flatten);
    // throws std::invalid_argument otherwise.
    BasicTensor reshaped(Dims shape) const;

    template<typename U> BasicTensor<U> cast() const
    {
        return BasicTensor<U>(m_shape, std::vector<U>(m_values.begin(), m_values.end()));
    }

    bool operator==(const BasicTensor &) const = default;

private:
    Dims m_shape;
    std::vector<T> m_values;
};

using Tensor = BasicTensor<float>;
using TensorD = BasicTensor<double>;

// How far `actual` is from `expected`: max |a - b| divided by the largest |b| (or by
// `floor` when that is smaller). Errors of float arithmetic scale with the magnitudes
// summed, not with each element, so a small element near a large one is judged by the
// tensor's scale. Infinity when the shapes differ or a value is not finite.
template<typename T>
double relativeError(const BasicTensor<T> &actual, const BasicTensor<T> &expected, double floor = 1e-6);

} // namespace volnet
