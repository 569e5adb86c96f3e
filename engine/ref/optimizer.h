#pragma once
// The CPU reference of the optimizers: one update of a flat parameter vector, written
// line by line as Keras writes it, in double.
#include "ops/optimizer_config.h"
#include "ops/step_params.h"

#include <vector>

namespace volnet::ref {

// Updates `weights` from `gradients` (clipped by global norm first when configured) and
// the optimizer's state: `state` holds stateFloatsPerParameter × n values (m, then v).
void optimizerStep(const ops::OptimizerConfig &config, const ops::StepParams &step, std::vector<double> &weights,
                   std::vector<double> gradients, std::vector<double> &state);

} // namespace volnet::ref
