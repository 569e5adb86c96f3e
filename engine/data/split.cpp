#include "data/split.h"

#include "data/data_error.h"
#include "data/random.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace volnet::data {

Split splitDataset(const Dataset &dataset, double fraction, uint64_t seed)
{
    if (!(fraction >= 0 && fraction < 1))
        throw DataError("validation fraction " + std::to_string(fraction) +
                        ": must be at least 0 and below 1 (e.g. 0.2 validates a fifth of the data)");
    std::vector<std::vector<int64_t>> byClass(size_t(dataset.classCount()));
    for (int64_t i = 0; i < dataset.size(); ++i)
        byClass[size_t(dataset.label(i))].push_back(i);

    Split split;
    Random rng(seed);
    for (std::vector<int64_t> &members : byClass) {
        int64_t take = std::llround(fraction * double(members.size()));
        if (fraction > 0 && members.size() >= 2)
            take = std::clamp<int64_t>(take, 1, int64_t(members.size()) - 1);
        rng.shuffle(members);
        split.validation.insert(split.validation.end(), members.begin(), members.begin() + take);
        split.train.insert(split.train.end(), members.begin() + take, members.end());
    }
    if (split.train.empty())
        throw DataError("a validation fraction of " + std::to_string(fraction) + " leaves no training samples of " +
                        std::to_string(dataset.size()) + "; lower it");
    std::sort(split.train.begin(), split.train.end());
    std::sort(split.validation.begin(), split.validation.end());
    return split;
}

std::vector<int64_t> allIndices(const Dataset &dataset)
{
    std::vector<int64_t> all(size_t(dataset.size()));
    std::iota(all.begin(), all.end(), 0);
    return all;
}

} // namespace volnet::data
