#include "train/schedule.h"

#include <cmath>
#include <numbers>
#include <sstream>

namespace volnet::train {

double learningRateAt(const Schedule &schedule, double baseRate, int64_t step, int64_t stepsPerEpoch,
                      int64_t totalSteps)
{
    switch (schedule.kind) {
    case Schedule::Constant:
        return baseRate;
    case Schedule::StepDecay: {
        const int64_t epoch = stepsPerEpoch > 0 ? step / stepsPerEpoch : 0;
        return baseRate * std::pow(schedule.decayRate, double(epoch / std::max<int64_t>(1, schedule.decayEpochs)));
    }
    case Schedule::Cosine: {
        const double progress = totalSteps > 1 ? std::min(1.0, double(step) / double(totalSteps - 1)) : 1.0;
        return schedule.minimumRate +
               (baseRate - schedule.minimumRate) * 0.5 * (1.0 + std::cos(std::numbers::pi * progress));
    }
    }
    return baseRate;
}

bool parseSchedule(const std::string &text, Schedule *schedule)
{
    std::istringstream in(text);
    std::string kind;
    std::getline(in, kind, ':');
    Schedule s;
    std::string a, b;
    std::getline(in, a, ':');
    std::getline(in, b, ':');
    try {
        if (kind == "constant" && a.empty()) {
            s.kind = Schedule::Constant;
        } else if (kind == "step") {
            s.kind = Schedule::StepDecay;
            if (!a.empty())
                s.decayRate = std::stod(a);
            if (!b.empty())
                s.decayEpochs = std::stoll(b);
            if (!(s.decayRate > 0 && s.decayRate <= 1) || s.decayEpochs < 1)
                return false;
        } else if (kind == "cosine" && b.empty()) {
            s.kind = Schedule::Cosine;
            if (!a.empty())
                s.minimumRate = std::stod(a);
            if (s.minimumRate < 0)
                return false;
        } else {
            return false;
        }
    } catch (const std::exception &) {
        return false; // not a number
    }
    *schedule = s;
    return true;
}

} // namespace volnet::train
