#pragma once
// `synthetic:shapes`: a shape (square, disc or diamond) moving across a noisy frame;
// the class is the direction it moves in. No single frame tells the class, so a model
// must use the time axis. Samples are (T, size, size, 1).
#include "data/dataset.h"
#include "data/sample_cache.h"

namespace volnet::data {

class MovingShapes : public Dataset {
public:
    struct Options {
        int64_t count = 400;
        int64_t frames = 8;
        int64_t size = 32;
        uint64_t seed = 1;
    };

    explicit MovingShapes(const Options &options);

    std::string description() const override;
    int64_t size() const override { return m_options.count; }
    int label(int64_t index) const override { return int(index % 4); }
    Tensor sample(int64_t index) const override;

private:
    Tensor render(int64_t index) const;

    Options m_options;
    SampleCache m_cache;
};

} // namespace volnet::data
