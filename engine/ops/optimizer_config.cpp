#include "ops/optimizer_config.h"

namespace volnet::ops {

double defaultLearningRate(OptimizerKind kind)
{
    return kind == OptimizerKind::Sgd ? 0.01 : 0.001;
}

bool parseOptimizerKind(const std::string &word, OptimizerKind *kind)
{
    if (word == "sgd")
        *kind = OptimizerKind::Sgd;
    else if (word == "adam")
        *kind = OptimizerKind::Adam;
    else if (word == "adamw")
        *kind = OptimizerKind::AdamW;
    else
        return false;
    return true;
}

const char *optimizerName(OptimizerKind kind)
{
    switch (kind) {
    case OptimizerKind::Sgd: return "sgd";
    case OptimizerKind::Adam: return "adam";
    case OptimizerKind::AdamW: return "adamw";
    }
    return "?";
}

int stateFloatsPerParameter(const OptimizerConfig &config)
{
    if (config.kind == OptimizerKind::Sgd)
        return config.momentum > 0 ? 1 : 0;
    return 2;
}

} // namespace volnet::ops
