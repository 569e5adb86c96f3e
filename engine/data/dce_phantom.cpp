#include "data/dce_phantom.h"

#include "data/random.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>

namespace volnet::data {

namespace {

// Shape families of the lesion, in the order of the classes they suggest when the shape
// follows the class: benign-looking round lesions enhance persistently, malignant-looking
// irregular ones wash out.
enum ShapeFamily { Round, Lobulated, Irregular };

struct Harmonic {
    double order, amplitude, phase;
};

// r(theta) = R (1 + sum a_k cos(k theta + phi_k)).
std::vector<Harmonic> contour(ShapeFamily family, Random &rng)
{
    const double twoPi = 2 * std::numbers::pi;
    std::vector<Harmonic> h;
    switch (family) {
    case Round:
        h.push_back({2, rng.uniform(0.0, 0.25), rng.uniform(0, twoPi)});
        break;
    case Lobulated:
        h.push_back({double(3 + rng.below(3)), rng.uniform(0.18, 0.3), rng.uniform(0, twoPi)});
        break;
    case Irregular:
        for (int k = 6; k <= 11; ++k)
            h.push_back({double(k), rng.uniform(0.04, 0.1), rng.uniform(0, twoPi)});
        break;
    }
    return h;
}

// The fraction of a pixel inside an edge at signed distance `inside` (positive inside):
// a one-pixel ramp, so that shapes are antialiased and sub-pixel motion changes pixels.
double coverage(double inside)
{
    return std::clamp(inside + 0.5, 0.0, 1.0);
}

// Motion moves a frame by at most this many pixels along each axis.
constexpr double kMaxShift = 2.0;
// Maps are rendered with this border of air, so that a shifted read needs no bounds checks.
constexpr int64_t kBorder = 3;

} // namespace

double KineticCurve::at(double minutes) const
{
    return 1 + amplitude * (1 - std::exp(-uptake * minutes)) * std::exp(-washout * minutes);
}

// Chosen so that each type meets its BI-RADS criterion with a wide margin even at the
// ends of the jitter and for any number of frames from 4: persistent rises by at least
// 20 % after the early phase, plateau stays within 6 %, washout falls by at least 22 %
// from its early peak.
const std::array<KineticCurve, 3> DcePhantom::kCurves = {{
    {1.0, 0.35, 0.0}, // type I, persistent: slow uptake that is still rising
    {1.4, 2.0, 0.01}, // type II, plateau: fast uptake, then flat
    {2.0, 3.0, 0.15}, // type III, washout: fast uptake to an early peak, then falling
}};

DcePhantom::DcePhantom(const Options &options)
    : Dataset({"persistent", "plateau", "washout"}, {options.frames, options.size, options.size, 1}),
      m_options(options), m_cache(options.count)
{
}

std::string DcePhantom::description() const
{
    return "synthetic DCE-MRI phantom: " + std::to_string(m_options.count) + " samples of " +
           formatTuple(sampleShape()) + ", seed " + std::to_string(m_options.seed);
}

double DcePhantom::frameMinutes(int64_t frame) const
{
    return double(frame) * kDurationMinutes / double(m_options.frames - 1);
}

Tensor DcePhantom::sample(int64_t index) const
{
    return m_cache.get(index, [&] { return render(index); });
}

Tensor DcePhantom::render(int64_t index) const
{
    const double twoPi = 2 * std::numbers::pi;
    const int64_t n = m_options.size;
    const double dn = double(n);
    Random rng = Random::stream(m_options.seed, uint64_t(index));
    const int cls = label(index);

    KineticCurve lesion = kCurves[size_t(cls)];
    lesion.amplitude *= rng.uniform(1 - kJitter, 1 + kJitter);
    lesion.uptake *= rng.uniform(1 - kJitter, 1 + kJitter);
    lesion.washout *= rng.uniform(1 - kJitter, 1 + kJitter);
    const KineticCurve tissue{rng.uniform(0.1, 0.2), rng.uniform(0.15, 0.3), 0.0};

    // The breast: an ellipse of tissue in air, its baseline modulated by a few plane
    // waves so that the background is not flat.
    const double bodyX = dn * rng.uniform(0.46, 0.54), bodyY = dn * rng.uniform(0.46, 0.54);
    const double bodyRx = dn * rng.uniform(0.4, 0.46), bodyRy = dn * rng.uniform(0.36, 0.46);
    struct Wave {
        double kx, ky, phase, amplitude;
    };
    std::vector<Wave> waves;
    for (int i = 0; i < 5; ++i) {
        const double angle = rng.uniform(0, twoPi), cycles = rng.uniform(1, 6);
        waves.push_back({twoPi * cycles * std::cos(angle) / dn, twoPi * cycles * std::sin(angle) / dn,
                         rng.uniform(0, twoPi), rng.uniform(0.01, 0.04)});
    }

    const auto family = ShapeFamily(rng.chance(m_options.shapeCue) ? cls : int(rng.below(3)));
    const double radius = dn * rng.uniform(0.06, 0.13);
    const std::vector<Harmonic> harmonics = contour(family, rng);
    // Beyond this distance the contour cannot reach, whatever the angle.
    double reach = 1;
    for (const Harmonic &h : harmonics)
        reach += h.amplitude;
    reach = radius * reach + 1;
    // Anywhere the whole lesion stays inside the breast.
    double lesionX = 0, lesionY = 0;
    do {
        lesionX = bodyX + bodyRx * rng.uniform(-1, 1);
        lesionY = bodyY + bodyRy * rng.uniform(-1, 1);
    } while (std::hypot((lesionX - bodyX) / (bodyRx - 1.5 * radius), (lesionY - bodyY) / (bodyRy - 1.5 * radius)) > 1);
    // Its baseline differs a little from the tissue's whatever the class, so the first
    // frame shows the lesion's shape but says nothing of its kinetics.
    const double lesionBaseline = rng.uniform(0.85, 1.15);
    const double sigma = 1 / rng.uniform(20, 40);

    // Tissue and lesion baselines on the pixel grid and its border; each frame mixes the
    // two with its enhancement, shifted by that frame's motion.
    const int64_t stride = n + 2 * kBorder;
    std::vector<double> tissueMap(size_t(stride * stride), 0.0), lesionMap(size_t(stride * stride), 0.0);
    // Each wave is the real part of a phasor turned by a fixed step from pixel to pixel
    // along a row: a complex multiplication instead of a cosine.
    std::vector<std::complex<double>> phasors(waves.size()), steps;
    for (const Wave &w : waves)
        steps.push_back(std::polar(1.0, w.kx));
    for (int64_t y = 0; y < n; ++y) {
        for (size_t i = 0; i < waves.size(); ++i)
            phasors[i] = std::polar(1.0, waves[i].kx * 0.5 + waves[i].ky * (double(y) + 0.5) + waves[i].phase);
        for (int64_t x = 0; x < n; ++x) {
            const double px = double(x) + 0.5, py = double(y) + 0.5;
            const size_t at = size_t((y + kBorder) * stride + x + kBorder);
            const double ellipse = std::hypot((px - bodyX) / bodyRx, (py - bodyY) / bodyRy);
            const double body = coverage((1 - ellipse) * std::min(bodyRx, bodyRy));
            double texture = 1;
            for (size_t i = 0; i < waves.size(); ++i) {
                texture += waves[i].amplitude * phasors[i].real();
                phasors[i] *= steps[i];
            }
            const double dx = px - lesionX, dy = py - lesionY, distance = std::hypot(dx, dy);
            double inLesion = 0;
            if (distance < reach) {
                const double theta = std::atan2(dy, dx);
                double edge = 1;
                for (const Harmonic &h : harmonics)
                    edge += h.amplitude * std::cos(h.order * theta + h.phase);
                inLesion = coverage(radius * edge - distance);
            }
            tissueMap[at] = body * texture * (1 - inLesion);
            lesionMap[at] = inLesion * lesionBaseline;
        }
    }

    const int64_t frames = m_options.frames;
    Tensor volume({frames, n, n, 1});
    std::vector<double> mixed(tissueMap.size());
    double shiftX = 0, shiftY = 0;
    for (int64_t t = 0; t < frames; ++t) {
        if (t > 0) {
            shiftX = std::clamp(shiftX + rng.uniform(-0.8, 0.8), -kMaxShift, kMaxShift);
            shiftY = std::clamp(shiftY + rng.uniform(-0.8, 0.8), -kMaxShift, kMaxShift);
        }
        const double minutes = frameMinutes(t);
        const double tissueGain = tissue.at(minutes), lesionGain = lesion.at(minutes);
        for (size_t i = 0; i < mixed.size(); ++i)
            mixed[i] = tissueMap[i] * tissueGain + lesionMap[i] * lesionGain;
        // Pixel (x, y) shows the scene at (x - shiftX, y - shiftY): the same whole-pixel
        // offset and bilinear weights for the whole frame.
        const double fx = std::floor(-shiftX), fy = std::floor(-shiftY);
        const double wx = -shiftX - fx, wy = -shiftY - fy;
        const int64_t origin = (kBorder + int64_t(fy)) * stride + kBorder + int64_t(fx);
        float *frame = volume.data() + t * n * n;
        for (int64_t y = 0; y < n; ++y) {
            const double *row = mixed.data() + origin + y * stride;
            for (int64_t x = 0; x < n; ++x) {
                const double *p = row + x;
                const double signal =
                    (1 - wy) * ((1 - wx) * p[0] + wx * p[1]) + wy * ((1 - wx) * p[stride] + wx * p[stride + 1]);
                // Rician: the magnitude of a complex signal with Gaussian noise in both
                // channels, which is what a magnitude MR image holds.
                const double re = signal + sigma * rng.normal(), im = sigma * rng.normal();
                frame[y * n + x] = float(std::sqrt(re * re + im * im));
            }
        }
    }
    return volume;
}

} // namespace volnet::data
