#include "tensor/tensor.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace volnet {

template<typename T> BasicTensor<T>::BasicTensor(Dims shape, T fill) : m_shape(std::move(shape))
{
    for (int64_t d : m_shape)
        if (d < 0)
            throw std::invalid_argument("a tensor cannot have the negative shape " + formatTuple(m_shape));
    m_values.assign(size_t(elementCount(m_shape)), fill);
}

template<typename T>
BasicTensor<T>::BasicTensor(Dims shape, std::vector<T> values) : m_shape(std::move(shape)), m_values(std::move(values))
{
    for (int64_t d : m_shape)
        if (d < 0)
            throw std::invalid_argument("a tensor cannot have the negative shape " + formatTuple(m_shape));
    if (int64_t(m_values.size()) != elementCount(m_shape))
        throw std::invalid_argument("a tensor of shape " + formatTuple(m_shape) + " holds " +
                                    std::to_string(elementCount(m_shape)) + " values, not " +
                                    std::to_string(m_values.size()));
}

template<typename T> int64_t BasicTensor<T>::dim(int axis) const
{
    const int a = axis < 0 ? rank() + axis : axis;
    if (a < 0 || a >= rank())
        throw std::out_of_range("axis " + std::to_string(axis) + " of a tensor of shape " + formatTuple(m_shape));
    return m_shape[size_t(a)];
}

template<typename T> Dims BasicTensor<T>::strides() const
{
    return rowMajorStrides(m_shape);
}

template<typename T> int64_t BasicTensor<T>::offset(std::initializer_list<int64_t> index) const
{
    if (index.size() != m_shape.size())
        throw std::out_of_range("an index of " + std::to_string(index.size()) + " values into a tensor of shape " +
                                formatTuple(m_shape));
    int64_t off = 0;
    size_t axis = 0;
    for (int64_t i : index) {
        if (i < 0 || i >= m_shape[axis])
            throw std::out_of_range("index " + std::to_string(i) + " on axis " + std::to_string(axis) +
                                    " of a tensor of shape " + formatTuple(m_shape));
        off = off * m_shape[axis] + i;
        ++axis;
    }
    return off;
}

template<typename T> BasicTensor<T> BasicTensor<T>::reshaped(Dims shape) const
{
    if (elementCount(shape) != size())
        throw std::invalid_argument("cannot reshape " + formatTuple(m_shape) + " to " + formatTuple(shape));
    return BasicTensor(std::move(shape), m_values);
}

template<typename T> double relativeError(const BasicTensor<T> &actual, const BasicTensor<T> &expected, double floor)
{
    if (actual.shape() != expected.shape())
        return std::numeric_limits<double>::infinity();
    double scale = floor;
    double worst = 0;
    for (int64_t i = 0; i < expected.size(); ++i) {
        const double a = double(actual[i]);
        const double b = double(expected[i]);
        if (!std::isfinite(a) || !std::isfinite(b))
            return std::numeric_limits<double>::infinity();
        scale = std::max(scale, std::abs(b));
        worst = std::max(worst, std::abs(a - b));
    }
    return worst / scale;
}

template class BasicTensor<float>;
template class BasicTensor<double>;
template double relativeError(const BasicTensor<float> &, const BasicTensor<float> &, double);
template double relativeError(const BasicTensor<double> &, const BasicTensor<double> &, double);

} // namespace volnet
