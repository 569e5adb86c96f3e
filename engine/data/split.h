#pragma once
// Dividing a dataset into training and validation samples.
#include "data/dataset.h"

namespace volnet::data {

struct Split {
    std::vector<int64_t> train, validation; // dataset indices, each in increasing order
};

// Stratified: each class gives round(fraction x its count) of its samples to validation,
// and at least one when it has two or more, so that every class is validated; which
// ones is decided by a shuffle seeded with `seed`. A fraction of 0 validates nothing.
// Throws DataError for a fraction outside [0, 1) or one that leaves nothing to train on.
Split splitDataset(const Dataset &dataset, double fraction, uint64_t seed);

// Every index, for a dataset used whole (training with a separate validation set, or
// validation data given by its own spec).
std::vector<int64_t> allIndices(const Dataset &dataset);

} // namespace volnet::data
