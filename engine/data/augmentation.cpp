#include "data/augmentation.h"

#include "data/data_error.h"
#include "data/random.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

namespace volnet::data {

namespace {

constexpr double kDefaultIntensity = 0.1;

// Reverses the order along `axis`: blocks of `inner` values, `count` of them, in each of
// `outer` runs.
void flip(Tensor &volume, int axis)
{
    int64_t outer = 1, inner = 1;
    for (int a = 0; a < axis; ++a)
        outer *= volume.dim(a);
    for (int a = axis + 1; a < volume.rank(); ++a)
        inner *= volume.dim(a);
    const int64_t count = volume.dim(axis);
    float *data = volume.data();
    for (int64_t o = 0; o < outer; ++o) {
        float *run = data + o * count * inner;
        for (int64_t i = 0, j = count - 1; i < j; ++i, --j)
            std::swap_ranges(run + i * inner, run + (i + 1) * inner, run + j * inner);
    }
}

} // namespace

Augmentation parseAugmentation(const std::string &list)
{
    Augmentation a;
    if (list == "none")
        return a;
    std::istringstream words(list);
    for (std::string word; std::getline(words, word, ',');) {
        if (word == "flip")
            a.flipH = a.flipW = true;
        else if (word == "flip-h")
            a.flipH = true;
        else if (word == "flip-w")
            a.flipW = true;
        else if (word == "crop")
            a.crop = true;
        else if (word == "intensity")
            a.intensity = kDefaultIntensity;
        else if (word.starts_with("intensity=")) {
            const char *first = word.data() + 10, *last = word.data() + word.size();
            const auto [end, ec] = std::from_chars(first, last, a.intensity);
            if (ec != std::errc() || end != last || !(a.intensity >= 0 && a.intensity < 1))
                throw DataError("augmentation '" + word + "': the intensity change must be a number from 0 to 1");
        } else
            throw DataError("unknown augmentation '" + word +
                            "'; valid: flip, flip-h, flip-w, crop, intensity, intensity=J, none");
    }
    return a;
}

void augment(Tensor &volume, const Augmentation &augmentation, Random &rng)
{
    // Every draw is made whatever is enabled, so that turning one augmentation on or off
    // leaves the others' choices for each sample as they were.
    const bool flipH = rng.chance(0.5), flipW = rng.chance(0.5);
    const double scale = rng.uniform(-1, 1), shift = rng.uniform(-1, 1);
    if (volume.rank() >= 3) {
        if (augmentation.flipH && flipH)
            flip(volume, volume.rank() - 3);
        if (augmentation.flipW && flipW)
            flip(volume, volume.rank() - 2);
    }
    if (augmentation.intensity > 0) {
        const double a = 1 + augmentation.intensity * scale, b = augmentation.intensity * shift;
        for (float &x : volume.values())
            x = float(a * x + b);
    }
}

} // namespace volnet::data
