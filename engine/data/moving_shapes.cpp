#include "data/moving_shapes.h"

#include "data/random.h"

#include <algorithm>
#include <cmath>

namespace volnet::data {

namespace {

// Unit steps of the classes, in image axes (x to the right, y down), in class order.
constexpr double kStepX[4] = {1, -1, 0, 0};
constexpr double kStepY[4] = {0, 0, 1, -1};

} // namespace

MovingShapes::MovingShapes(const Options &options)
    : Dataset({"right", "left", "down", "up"}, {options.frames, options.size, options.size, 1}), m_options(options),
      m_cache(options.count)
{
}

std::string MovingShapes::description() const
{
    return "synthetic moving shapes: " + std::to_string(m_options.count) + " samples of " + formatTuple(sampleShape()) +
           ", seed " + std::to_string(m_options.seed);
}

Tensor MovingShapes::sample(int64_t index) const
{
    return m_cache.get(index, [&] { return render(index); });
}

Tensor MovingShapes::render(int64_t index) const
{
    const int64_t n = m_options.size, frames = m_options.frames;
    const double dn = double(n);
    Random rng = Random::stream(m_options.seed, uint64_t(index));
    const int cls = label(index);

    const int kind = int(rng.below(3)); // square, disc, diamond
    const double radius = dn * rng.uniform(0.1, 0.16);
    const double travel = dn * rng.uniform(0.25, 0.4);
    // A start from which the whole path stays inside the frame.
    const double low = radius + 1, high = dn - radius - 1;
    const double along = rng.uniform(low, high - travel), across = rng.uniform(low, high);
    const bool horizontal = kStepY[cls] == 0;
    double startX = horizontal ? along : across, startY = horizontal ? across : along;
    if (kStepX[cls] < 0)
        startX = dn - startX;
    if (kStepY[cls] < 0)
        startY = dn - startY;
    const double background = rng.uniform(0.1, 0.3), foreground = rng.uniform(0.7, 1.0);
    const double sigma = rng.uniform(0.03, 0.08);

    Tensor volume({frames, n, n, 1});
    for (int64_t t = 0; t < frames; ++t) {
        const double progress = travel * double(t) / double(std::max<int64_t>(frames - 1, 1));
        const double cx = startX + kStepX[cls] * progress, cy = startY + kStepY[cls] * progress;
        float *frame = volume.data() + t * n * n;
        for (int64_t y = 0; y < n; ++y) {
            for (int64_t x = 0; x < n; ++x) {
                const double dx = std::abs(double(x) + 0.5 - cx), dy = std::abs(double(y) + 0.5 - cy);
                const double distance = kind == 0   ? std::max(dx, dy)
                                        : kind == 1 ? std::hypot(dx, dy)
                                                    : (dx + dy) / std::sqrt(2.0);
                const double inside = std::clamp(radius - distance + 0.5, 0.0, 1.0);
                frame[y * n + x] = float(background + (foreground - background) * inside + sigma * rng.normal());
            }
        }
    }
    return volume;
}

} // namespace volnet::data
