#include "data/random.h"

#include <cmath>

namespace volnet::data {

Random Random::stream(uint64_t seed, uint64_t part)
{
    return Random(mix64(mix64(seed) ^ (part + 0x9E3779B97F4A7C15ull)));
}

uint64_t Random::next()
{
    return m_generator.next();
}

double Random::uniform()
{
    return m_generator.uniform();
}

int64_t Random::below(int64_t n)
{
    // Rejects the top partial copy of [0, n) so that every value is equally likely.
    const uint64_t range = uint64_t(n);
    const uint64_t limit = UINT64_MAX - UINT64_MAX % range;
    uint64_t v = next();
    while (v >= limit)
        v = next();
    return int64_t(v % range);
}

double Random::normal()
{
    if (m_hasSpare) {
        m_hasSpare = false;
        return m_spareNormal;
    }
    // Marsaglia's polar method: Box–Muller without the sine and cosine, which cost more
    // than the rejected quarter of the draws.
    double u = 0, v = 0, s = 0;
    do {
        u = 2 * uniform() - 1;
        v = 2 * uniform() - 1;
        s = u * u + v * v;
    } while (s >= 1 || s == 0);
    const double f = std::sqrt(-2 * std::log(s) / s);
    m_spareNormal = v * f;
    m_hasSpare = true;
    return u * f;
}

} // namespace volnet::data
