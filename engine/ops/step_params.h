#pragma once
// The words of the `step` buffer, which the trainer rewrites before each submission of a
// recorded training step: what changes from step to step without re-recording. Shaders
// declare the same std430 block (shaders/step_params.glsl).
#include <cmath>
#include <cstdint>

namespace volnet::ops {

struct StepParams {
    uint32_t seed = 0;         // this step's random seed (Dropout), see ops::nodeSeed
    uint32_t iteration = 0;    // optimizer updates done before this one (0 on the first)
    float learningRate = 0;    // the schedule's rate for this step
    float adamCorrection = 1;  // sqrt(1 - beta2^t) / (1 - beta1^t), t = iteration + 1
};
static_assert(sizeof(StepParams) == 16);

// Keras folds Adam's bias corrections into the learning rate; computed in double on the
// host so that every device applies the same factor.
inline float adamCorrection(double beta1, double beta2, uint32_t iteration)
{
    const double t = double(iteration) + 1.0;
    return float(std::sqrt(1.0 - std::pow(beta2, t)) / (1.0 - std::pow(beta1, t)));
}

} // namespace volnet::ops
