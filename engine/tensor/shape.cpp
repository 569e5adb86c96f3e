#include "tensor/shape.h"

namespace volnet {

int64_t elementCount(const Dims &dims)
{
    int64_t n = 1;
    for (int64_t d : dims)
        n *= d;
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

} // namespace volnet
