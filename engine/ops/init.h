#pragma once
// Keras's default initial weights, drawn so that one seed gives the same numbers on
// every machine: kernels glorot_uniform, recurrent kernels orthogonal, biases zeros
// (an LSTM's forget-gate bias ones: unit_forget_bias), BatchNormalization gamma ones,
// beta zeros, moving mean zeros, moving variance ones.
#include "graph/block_registry.h"
#include "graph/graph.h"
#include "ops/random.h"
#include "tensor/tensor.h"

#include <map>
#include <string>
#include <vector>

namespace volnet {

// The generator of one weight: SplitMix64 seeded with seed ^ FNV-1a-64(node id, '\0',
// weight name), so that adding a node or renaming another changes no one else's weights.
SplitMix64 weightGenerator(uint64_t seed, const std::string &nodeId, const std::string &weightName);

// glorot_uniform: uniform in [-limit, limit) with limit = sqrt(6 / (fan_in + fan_out)),
// the fans as Keras's compute_fans counts them (a conv kernel (k..., in, out): the
// receptive field times in, and times out).
Tensor glorotUniform(const Dims &shape, SplitMix64 &rng);
// orthogonal: Q of the QR factorisation of a normal matrix (max(r, c), min(r, c)), its
// columns' signs set by R's diagonal, transposed when r < c, where r is the product of
// all but the last axis and c the last axis (Keras's Orthogonal, gain 1).
Tensor orthogonal(const Dims &shape, SplitMix64 &rng);

// The initial value of one of the node's weights (a WeightSpec from its block's rule).
Tensor initialWeight(const Node &node, const WeightSpec &weight, uint64_t seed);
std::map<std::string, Tensor> initialWeights(const Node &node, const std::vector<WeightSpec> &weights, uint64_t seed);
// Every weight of the model by "<node id>.<weight>", the names Plan::setWeights takes.
std::map<std::string, Tensor> initialModelWeights(const Graph &graph, uint64_t seed);

} // namespace volnet
