#pragma once
// The random numbers behind the synthetic datasets, splits, shuffles and augmentation.
// Everything here is our own arithmetic (SplitMix64 of ops/random.h and explicit transforms), not the
// std:: distributions, whose output differs between standard libraries: a seed must
// give the same phantom and the same epochs on every platform.
#include "ops/random.h"

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace volnet::data {

class Random {
public:
    explicit Random(uint64_t seed) : m_generator(seed) {}

    // An independent stream for a part of the work (sample i, epoch e): the generator
    // seeded with a hash of both words, so streams do not overlap in practice.
    static Random stream(uint64_t seed, uint64_t part);

    uint64_t next();
    // [0, 1) with 53 random bits.
    double uniform();
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    // An integer in [0, n), unbiased; n > 0.
    int64_t below(int64_t n);
    bool chance(double p) { return uniform() < p; }
    // Standard normal (Marsaglia's polar method, both values of each pair used).
    double normal();
    // Fisher–Yates with below().
    template<typename T> void shuffle(std::vector<T> &items)
    {
        for (std::size_t i = items.size(); i > 1; --i)
            std::swap(items[i - 1], items[std::size_t(below(int64_t(i)))]);
    }

private:
    SplitMix64 m_generator; // the engine's generator (ops/random.h), with the transforms below
    double m_spareNormal = 0;
    bool m_hasSpare = false;
};

} // namespace volnet::data
