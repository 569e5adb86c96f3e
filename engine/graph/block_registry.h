#pragma once
// One entry per block type, read the way a Keras layer reads: its parameters with
// defaults and ranges, its inputs, its shape rule, its weights and its FLOPs.
#include "graph/diagnostic.h"
#include "graph/graph.h"
#include "graph/tensor_info.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace volnet {

struct BlockSpec;

// A weight tensor in its Keras layout, e.g. Conv3D kernel (kd, kh, kw, in, out).
struct WeightSpec {
    std::string name; // kernel, bias, recurrent_kernel, gamma, beta, moving_mean, moving_variance
    Dims shape;
    bool trainable = true;
};

// What a shape rule sees: the node, its input tensors, and a sink for findings.
class ShapeContext {
public:
    ShapeContext(const BlockSpec &spec, const Node &node, std::vector<TensorInfo> inputs)
        : m_spec(spec), m_node(node), m_inputs(std::move(inputs)) {}

    const Node &node() const { return m_node; }
    const std::vector<TensorInfo> &inputs() const { return m_inputs; }
    const TensorInfo &input(int i = 0) const { return m_inputs.at(size_t(i)); }
    // "input 2 from reshape_1": how messages name an input of a multi-input block.
    std::string describeInput(int i) const;
    void setInputNodes(std::vector<std::string> ids) { m_inputNodes = std::move(ids); }

    int64_t integer(const std::string &name) const;
    double real(const std::string &name) const;
    bool flag(const std::string &name) const;
    const std::string &word(const std::string &name) const;
    const IntTuple &tuple(const std::string &name) const;

    void error(std::string code, std::string message, std::string fix = {}, std::string field = {});
    void warning(std::string code, std::string message, std::string fix = {}, std::string field = {});
    const std::vector<Diagnostic> &diagnostics() const { return m_diagnostics; }
    bool failed() const;

private:
    const ParamValue &value(const std::string &name) const;

    const BlockSpec &m_spec;
    const Node &m_node;
    std::vector<TensorInfo> m_inputs;
    std::vector<std::string> m_inputNodes;
    std::vector<Diagnostic> m_diagnostics;
};

struct BlockSpec {
    std::string type;      // "Conv3D", as Keras names it where Keras has it
    std::string idPrefix;  // "conv3d", for node ids
    std::string category;  // Input, 3D, Time, Shape, Merge, Recurrent, 2D, Head
    std::string summary;   // one line for the palette tooltip
    std::string shapes;    // input -> output shapes, for docs: "(T, H, W, C) -> (T', H', W', filters)"
    std::vector<ParamSpec> params;
    int minInputs = 1;
    int maxInputs = 1; // -1: any number (Concatenate, Add)

    // The output tensor, or nothing (after reporting why) when the inputs do not fit.
    std::function<std::optional<TensorInfo>(ShapeContext &)> infer;
    // Weights in Keras order and layout; none for blocks without weights.
    std::function<std::vector<WeightSpec>(const ShapeContext &, const TensorInfo &out)> weights;
    // Forward FLOPs per sample, a multiply-add counted as 2.
    std::function<int64_t(const ShapeContext &, const TensorInfo &out)> flops;
    // Key parameters for a node card: "32 × 3×3×3 · relu · same".
    std::function<std::string(const Node &)> label;

    const ParamSpec *param(std::string_view name) const;
    bool variadic() const { return maxInputs < 0; }
};

// Every block, in palette order.
const std::vector<BlockSpec> &blockRegistry();
const BlockSpec *findBlock(std::string_view type);

} // namespace volnet
