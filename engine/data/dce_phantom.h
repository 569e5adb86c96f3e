#pragma once
// `synthetic:dce`: a synthetic dynamic contrast-enhanced MRI phantom, the default
// dataset. A sample is one 2D slice over time, (T, size, size, 1): breast tissue that
// enhances slowly and mildly, and one lesion whose signal follows a BI-RADS kinetic
// curve type, the class: persistent (type I), plateau (type II), washout (type III).
// docs/datasets.md gives the model and every parameter.
#include "data/dataset.h"
#include "data/sample_cache.h"

#include <array>

namespace volnet::data {

// Relative signal S(t)/S0 = 1 + A (1 - e^(-alpha t)) e^(-beta t), t in minutes.
struct KineticCurve {
    double amplitude; // A
    double uptake;    // alpha, 1/min
    double washout;   // beta, 1/min

    double at(double minutes) const;
};

class DcePhantom : public Dataset {
public:
    struct Options {
        int64_t count = 600;
        int64_t frames = 10;
        int64_t size = 64;
        uint64_t seed = 1;
        // The fraction of samples whose lesion shape follows the class (round,
        // lobulated, irregular); the others get a shape drawn independently of it, so
        // that only the time course tells their class.
        double shapeCue = 0.5;
    };

    // The curve of each class before the per-sample jitter of kJitter.
    static const std::array<KineticCurve, 3> kCurves;
    static constexpr double kJitter = 0.15;
    static constexpr double kDurationMinutes = 6.0;
    // The BI-RADS early phase: its peak is what the delayed signal is compared with.
    static constexpr double kEarlyPhaseMinutes = 2.0;

    explicit DcePhantom(const Options &options);

    std::string description() const override;
    int64_t size() const override { return m_options.count; }
    int label(int64_t index) const override { return int(index % 3); }
    Tensor sample(int64_t index) const override;

    // When frame `frame` is acquired, in minutes after the injection.
    double frameMinutes(int64_t frame) const;

private:
    Tensor render(int64_t index) const;

    Options m_options;
    SampleCache m_cache;
};

} // namespace volnet::data
