#pragma once
// Per-sample intensity normalisation, before a sample is cropped or padded to the
// model's input (so padding, 0, is the mean after z-score and the minimum after
// min-max). Per sample because MR intensities have no absolute scale: two scans of one
// patient can differ by a factor.
#include "tensor/tensor.h"

#include <string>

namespace volnet::data {

enum class Normalization {
    ZScore, // mean 0, standard deviation 1 (a constant sample: all 0)
    MinMax, // to [0, 1] (a constant sample: all 0)
    None,
};

// "zscore", "minmax", "none"; throws DataError for other words, listing these.
Normalization parseNormalization(const std::string &name);
std::string normalizationName(Normalization normalization);

void normalize(Tensor &volume, Normalization normalization);

} // namespace volnet::data
