#include "data/normalization.h"

#include "data/data_error.h"

#include <algorithm>
#include <cmath>

namespace volnet::data {

Normalization parseNormalization(const std::string &name)
{
    for (Normalization n : {Normalization::ZScore, Normalization::MinMax, Normalization::None})
        if (name == normalizationName(n))
            return n;
    throw DataError("unknown normalisation '" + name + "'; valid: zscore, minmax, none");
}

std::string normalizationName(Normalization normalization)
{
    switch (normalization) {
    case Normalization::ZScore:
        return "zscore";
    case Normalization::MinMax:
        return "minmax";
    case Normalization::None:
        return "none";
    }
    return {};
}

void normalize(Tensor &volume, Normalization normalization)
{
    if (normalization == Normalization::None || volume.size() == 0)
        return;
    std::vector<float> &v = volume.values();
    if (normalization == Normalization::MinMax) {
        const auto [low, high] = std::minmax_element(v.begin(), v.end());
        const double lo = *low, range = double(*high) - lo;
        for (float &x : v)
            x = range > 0 ? float((x - lo) / range) : 0.0f;
        return;
    }
    // Accumulated in double: a 256^3 volume of float sums loses the mean's digits.
    double sum = 0;
    for (float x : v)
        sum += x;
    const double mean = sum / double(v.size());
    double squares = 0;
    for (float x : v)
        squares += (x - mean) * (x - mean);
    const double sd = std::sqrt(squares / double(v.size()));
    for (float &x : v)
        x = sd > 0 ? float((x - mean) / sd) : 0.0f;
}

} // namespace volnet::data
