#pragma once
// Tensor shapes without the batch axis, as Keras prints them: (10, 128, 128, 1).
#include <cstdint>
#include <string>
#include <vector>

namespace volnet {

using Dims = std::vector<int64_t>;

// Product of the dimensions (1 for a scalar shape).
int64_t elementCount(const Dims &dims);

// "(10, 128, 128, 1)", the way Keras and Python print a shape tuple.
std::string formatTuple(const Dims &dims);

// "10×128×128×1", the compact form used on node cards and in messages.
std::string formatCross(const Dims &dims);

} // namespace volnet
