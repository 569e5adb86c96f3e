#pragma once
// Tensor shapes without the batch axis, as Keras prints them: (10, 128, 128, 1).
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace volnet {

using Dims = std::vector<int64_t>;

// Product of the dimensions (1 for a scalar shape), saturating at INT64_MAX: a design
// can ask for absurd sizes, and counting them must not overflow.
int64_t elementCount(const Dims &dims);
// a·b·…, saturating at INT64_MAX likewise (for FLOPs and parameter counts). Operands are
// not negative.
int64_t saturatingProduct(std::initializer_list<int64_t> factors);

// The strides of a row-major (C-order) array of `dims`, in elements: the last axis 1.
Dims rowMajorStrides(const Dims &dims);
// The permutation that undoes `perm` (inverse[perm[i]] = i).
std::vector<size_t> inversePermutation(const std::vector<size_t> &perm);

// "(10, 128, 128, 1)", the way Keras and Python print a shape tuple.
std::string formatTuple(const Dims &dims);

// "10×128×128×1", the compact form used on node cards and in messages.
std::string formatCross(const Dims &dims);

} // namespace volnet
