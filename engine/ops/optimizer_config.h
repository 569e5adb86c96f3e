#pragma once
// The optimizers and their settings, with Keras's defaults and Keras's update rules
// (keras/src/optimizers/{sgd,adam,adamw}.py), shared by the device kernels
// (ops/optimizer.h) and the CPU reference (ref/optimizer.h).
#include <string>

namespace volnet::ops {

enum class OptimizerKind { Sgd, Adam, AdamW };

struct OptimizerConfig {
    OptimizerKind kind = OptimizerKind::Adam;
    double momentum = 0.0;    // SGD
    bool nesterov = false;    // SGD
    double beta1 = 0.9;       // Adam, AdamW
    double beta2 = 0.999;
    double epsilon = 1e-7;
    double weightDecay = 0.004; // AdamW: w -= lr · weightDecay · w before the Adam step
    double clipNorm = 0;      // > 0: gradients scaled so that their global L2 norm is at most this
};

// Keras's default learning rate for each (SGD 0.01, Adam and AdamW 0.001).
double defaultLearningRate(OptimizerKind kind);
// "sgd", "adam", "adamw"; false for another word.
bool parseOptimizerKind(const std::string &word, OptimizerKind *kind);
const char *optimizerName(OptimizerKind kind);
// Floats of state per parameter: SGD with momentum 1, Adam and AdamW 2 (m, v), plain SGD 0.
int stateFloatsPerParameter(const OptimizerConfig &config);

} // namespace volnet::ops
