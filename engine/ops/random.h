#pragma once
// Random numbers that are the same bits on every machine: the standard library's
// distributions are not (each library draws differently), so initial weights and
// dropout masks are built from integer generators whose every step is specified here.
#include <cmath>
#include <cstdint>
#include <numbers>

namespace volnet {

// SplitMix64 (Steele, Lea and Flood, 2014; the constants of Vigna's splitmix64.c): a
// 64-bit counter passed through a mixing function. Seed 1234567 starts
// 6457827717110365317, 3203168211198807973, 9817491932198370423.
// SplitMix64's output function: a 64-bit mixing bijection, also a good hash of a word.
constexpr uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

class SplitMix64 {
public:
    explicit SplitMix64(uint64_t seed) : m_state(seed) {}

    uint64_t next() { return mix64(m_state += 0x9e3779b97f4a7c15ull); }

    // Uniform in [0, 1), from the top 53 bits: every value is exact in double.
    double uniform() { return double(next() >> 11) * 0x1.0p-53; }

    // Standard normal by Box-Muller, one value per two draws (the sine half is not kept,
    // so a value never depends on whether an earlier one was consumed). u1 lies in
    // (0, 1] so that log never sees 0. log, cos and sqrt of glibc, macOS and MSVC agree
    // to the last bit for almost all arguments, and callers round to float, so the
    // weights agree across machines.
    double normal()
    {
        const double u1 = 1.0 - uniform();
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
    }

private:
    uint64_t m_state;
};

// lowbias32 (Wellons, "hash prospector"): a 32-bit integer hash with only xor, shift and
// multiply, so that a GLSL shader computes exactly the same value with uint arithmetic.
constexpr uint32_t lowbias32(uint32_t x)
{
    x ^= x >> 16;
    x *= 0x7feb352du;
    x ^= x >> 15;
    x *= 0x846ca68bu;
    x ^= x >> 16;
    return x;
}

// Dropout keeps element `index` of the batched tensor (its row-major offset) iff
// dropoutHash(seed, index) >= dropoutThreshold(rate), and scales what it keeps by
// dropoutScale(rate). A shader gets the seed, the threshold and the scale from the host
// and reproduces the mask bit for bit.
constexpr uint32_t dropoutHash(uint32_t seed, uint32_t index)
{
    return lowbias32(lowbias32(index) ^ seed);
}

// floor(rate * 2^32): a fraction `rate` of the 2^32 hash values falls below it.
inline uint32_t dropoutThreshold(double rate)
{
    const double t = std::floor(rate * 4294967296.0);
    return t <= 0 ? 0u : t >= 4294967295.0 ? 4294967295u : uint32_t(t);
}

// 1 / (1 - rate), computed in double and rounded once, as Keras's inverted dropout scales.
inline float dropoutScale(double rate)
{
    return float(1.0 / (1.0 - rate));
}

} // namespace volnet
