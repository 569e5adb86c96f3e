#pragma once
// What the tests of the reference ops (and of the kernels compared with them) share:
// nodes built through the Graph API, reproducible random tensors, and random weights
// shaped by the block's own weight rule.
#include "graph/graph.h"
#include "ops/random.h"
#include "ref/ref_op.h"

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace volnet::testing {

using NodeParams = std::vector<std::pair<std::string, ParamValue>>;

// A node of `type` with its defaults, then `params` set as the editor would set them.
inline Node makeNode(const std::string &type, const NodeParams &params = {})
{
    Graph g;
    const auto id = g.addNode(type);
    if (!id)
        throw std::runtime_error("unknown block " + type);
    for (const auto &[name, value] : params) {
        std::string error;
        if (!g.setParam(*id, name, value, &error))
            throw std::runtime_error(type + "." + name + ": " + error);
    }
    return *g.node(*id);
}

// Uniform in [lo, hi), the same numbers on every machine.
template<typename T> BasicTensor<T> randomTensor(const Dims &shape, SplitMix64 &rng, double lo = -1, double hi = 1)
{
    BasicTensor<T> t(shape);
    for (T &v : t.values())
        v = T(lo + (hi - lo) * rng.uniform());
    return t;
}

// Weights for the node as its block lists them: a moving variance and gamma stay
// positive and near 1, the rest is spread around 0.
template<typename T>
ref::TensorMap<T> randomWeights(const Node &node, const std::vector<Dims> &inputShapes, SplitMix64 &rng)
{
    ref::TensorMap<T> weights;
    for (const WeightSpec &w : ref::signature(node, inputShapes).weights) {
        const bool positive = w.name == "moving_variance" || w.name == "gamma";
        weights.emplace(w.name, randomTensor<T>(w.shape, rng, positive ? 0.5 : -0.8, positive ? 1.5 : 0.8));
    }
    return weights;
}

} // namespace volnet::testing
