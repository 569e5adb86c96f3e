#include "tensor/shape.h"

namespace volnet {

namespace {

int64_t multiply(int64_t a, int64_t b)
{
    int64_t product = 0;
    return __builtin_mul_overflow(a, b, &product) ? INT64_MAX : product;
}

} // namespace

int64_t elementCount(const Dims &dims)
{
    int64_t n = 1;
    for (int64_t d : dims)
        n = multiply(n, d);
    return n;
}

int64_t saturatingProduct(std::initializer_list<int64_t> factors)
{
    int64_t n = 1;
    for (int64_t f : factors)
        n = multiply(n, f);
    return n;
}

std::string formatTuple(const Dims &dims)
{
    std::string s = "(";
    for (size_t i = 0; i < dims.size(); ++i) {
        if (i)
            s += ", ";
        s += std::to_string(dims[i]);
    }
    if (dims.size() == 1)
        s += ",";
    return s + ")";
}

std::string formatCross(const Dims &dims)
{
    std::string s;
    for (size_t i = 0; i < dims.size(); ++i) {
        if (i)
            s += "×";
        s += std::to_string(dims[i]);
    }
    return s.empty() ? "scalar" : s;
}

Dims rowMajorStrides(const Dims &dims)
{
    Dims strides(dims.size());
    int64_t stride = 1;
    for (size_t a = dims.size(); a-- > 0;) {
        strides[a] = stride;
        stride *= dims[a];
    }
    return strides;
}

std::vector<size_t> inversePermutation(const std::vector<size_t> &perm)
{
    std::vector<size_t> inverse(perm.size());
    for (size_t i = 0; i < perm.size(); ++i)
        inverse[perm[i]] = i;
    return inverse;
}

} // namespace volnet
