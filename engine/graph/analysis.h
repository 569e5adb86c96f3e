#pragma once
// Shape inference over a whole graph: every node's output tensor and axis roles,
// parameter counts as Keras counts them, FLOPs, activation memory and diagnostics.
#include "graph/block_registry.h"
#include "graph/diagnostic.h"
#include "graph/graph.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace volnet {

struct NodeAnalysis {
    std::optional<TensorInfo> output; // empty when the node's shape could not be inferred
    std::vector<WeightSpec> weights;
    int64_t trainableParams = 0;
    int64_t nonTrainableParams = 0;
    int64_t flops = 0;           // forward, per sample
    int64_t activationBytes = 0; // output tensor, fp32, per sample

    int64_t params() const { return trainableParams + nonTrainableParams; }
};

struct Analysis {
    std::map<std::string, NodeAnalysis> nodes;
    std::vector<std::string> order;   // nodes in topological order (those on a cycle left out)
    std::vector<std::string> outputs; // nodes nobody consumes: the model's outputs
    std::vector<Diagnostic> diagnostics;

    int64_t trainableParams = 0;
    int64_t nonTrainableParams = 0;
    int64_t flops = 0;
    int64_t activationBytes = 0;

    int64_t totalParams() const { return trainableParams + nonTrainableParams; }
    bool hasErrors() const;
    std::vector<Diagnostic> diagnosticsFor(const std::string &nodeId) const;
};

Analysis analyze(const Graph &graph);

} // namespace volnet
