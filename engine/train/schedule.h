#pragma once
// Learning-rate schedules, evaluated on the host before each step (the rate reaches the
// device through the step buffer, so a recorded step needs no re-recording).
#include <cstdint>
#include <string>

namespace volnet::train {

struct Schedule {
    enum Kind { Constant, StepDecay, Cosine };
    Kind kind = Constant;
    double decayRate = 0.5;    // StepDecay: the rate is multiplied by this…
    int64_t decayEpochs = 10;  // …every this many epochs
    double minimumRate = 0;    // Cosine: where it ends, at the last step
};

// The rate for `step` (0-based) of `totalSteps`, `stepsPerEpoch` to an epoch.
double learningRateAt(const Schedule &schedule, double baseRate, int64_t step, int64_t stepsPerEpoch,
                      int64_t totalSteps);

// "constant", "step" or "step:RATE:EPOCHS", "cosine" or "cosine:MIN"; false otherwise.
bool parseSchedule(const std::string &text, Schedule *schedule);

} // namespace volnet::train
