#include "ref/optimizer.h"

#include <cmath>

namespace volnet::ref {

void optimizerStep(const ops::OptimizerConfig &config, const ops::StepParams &step, std::vector<double> &weights,
                   std::vector<double> gradients, std::vector<double> &state)
{
    const size_t n = weights.size();
    if (config.clipNorm > 0) {
        double squares = 0;
        for (double g : gradients)
            squares += g * g;
        const double norm = std::sqrt(squares);
        if (norm > config.clipNorm)
            for (double &g : gradients)
                g *= config.clipNorm / norm;
    }
    const double lr = step.learningRate;
    if (config.kind == ops::OptimizerKind::Sgd) {
        for (size_t i = 0; i < n; ++i) {
            if (config.momentum <= 0) {
                weights[i] -= lr * gradients[i];
                continue;
            }
            double &m = state[i];
            m = config.momentum * m - lr * gradients[i];
            weights[i] += config.nesterov ? config.momentum * m - lr * gradients[i] : m;
        }
        return;
    }
    for (size_t i = 0; i < n; ++i) {
        if (config.kind == ops::OptimizerKind::AdamW)
            weights[i] -= weights[i] * config.weightDecay * lr;
        double &m = state[i];
        double &v = state[n + i];
        m += (gradients[i] - m) * (1 - config.beta1);
        v += (gradients[i] * gradients[i] - v) * (1 - config.beta2);
        weights[i] -= lr * step.adamCorrection * m / (std::sqrt(v) + config.epsilon);
    }
}

} // namespace volnet::ref
