#include "graph/analysis.h"

#include <algorithm>
#include <functional>
#include <set>

namespace volnet {

bool Analysis::hasErrors() const
{
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic &d) { return d.severity == Severity::Error; });
}

std::vector<Diagnostic> Analysis::diagnosticsFor(const std::string &nodeId) const
{
    std::vector<Diagnostic> out;
    for (const Diagnostic &d : diagnostics)
        if (d.node == nodeId)
            out.push_back(d);
    return out;
}

namespace {

// 2^40 values, 4 TiB of float: beyond any device, and far enough below INT64_MAX that
// sums of counts, bytes and FLOPs over a graph cannot overflow.
constexpr int64_t kMaxElements = int64_t(1) << 40;

std::string joinIds(const std::vector<std::string> &ids)
{
    std::string s;
    for (const auto &id : ids)
        s += (s.empty() ? "" : ", ") + id;
    return s;
}

// Every parameter checked against its schema; each finding names the field.
bool checkParams(const Node &node, const BlockSpec &spec, std::vector<Diagnostic> &out)
{
    bool ok = true;
    for (const ParamSpec &p : spec.params) {
        const auto it = node.params.find(p.name);
        if (it == node.params.end())
            continue; // Graph fills in defaults; a missing value cannot happen.
        if (auto why = validateParam(p, it->second)) {
            out.push_back({Severity::Error, node.id, p.name, "param-range", p.name + " " + *why + ".",
                           p.help.empty() ? std::string() : "It is " + p.help + "."});
            ok = false;
        }
    }
    return ok;
}

// Producers of each wired port, or an error for each port left open.
bool checkPorts(const Graph &graph, const Node &node, const BlockSpec &spec, std::vector<std::string> &producers,
                std::vector<Diagnostic> &out)
{
    const auto inputs = graph.inputsOf(node.id);
    size_t wired = inputs.size();
    if (spec.variadic())
        while (wired > 0 && !inputs[wired - 1])
            --wired; // the free port after the last wire is there to be used, not an error
    bool ok = true;
    for (size_t port = 0; port < wired; ++port) {
        if (inputs[port]) {
            producers.push_back(*inputs[port]);
            continue;
        }
        out.push_back({Severity::Error, node.id, {}, "unconnected-input",
                       node.type + " " + node.id + " has nothing wired into input " + std::to_string(port + 1) + ".",
                       "Drag a wire from another block's output to this input, or delete the block."});
        ok = false;
    }
    if (spec.variadic() && int(wired) < spec.minInputs) {
        out.push_back({Severity::Error, node.id, {}, "too-few-inputs",
                       node.type + " " + node.id + " joins at least " + std::to_string(spec.minInputs) +
                           " inputs, but " + std::to_string(wired) + " " + (wired == 1 ? "is" : "are") + " wired.",
                       "Wire another branch into it, or delete it."});
        ok = false;
    }
    return ok;
}

// One cycle through `start`, as a path of ids, found by depth-first search.
std::vector<std::string> findCycle(const Graph &graph, const std::string &start)
{
    std::vector<std::string> path{start};
    std::set<std::string> seen;
    std::function<bool(const std::string &)> dfs = [&](const std::string &at) {
        for (const Edge &e : graph.consumersOf(at)) {
            if (e.to == start)
                return true;
            if (!seen.insert(e.to).second)
                continue;
            path.push_back(e.to);
            if (dfs(e.to))
                return true;
            path.pop_back();
        }
        return false;
    };
    return dfs(start) ? path : std::vector<std::string>{};
}

std::vector<std::string> topologicalOrder(const Graph &graph, std::vector<Diagnostic> &out)
{
    std::map<std::string, int> pending;
    for (const Node &n : graph.nodes())
        pending[n.id] = 0;
    for (const Edge &e : graph.edges())
        ++pending[e.to];
    std::vector<std::string> order;
    for (const Node &n : graph.nodes()) // file order among equals: stable output
        if (pending[n.id] == 0)
            order.push_back(n.id);
    for (size_t i = 0; i < order.size(); ++i)
        for (const Edge &e : graph.consumersOf(order[i]))
            if (--pending[e.to] == 0)
                order.push_back(e.to);
    for (const Node &n : graph.nodes()) {
        if (pending[n.id] == 0)
            continue;
        const auto cycle = findCycle(graph, n.id);
        if (cycle.empty())
            continue; // downstream of a cycle, not on it: its inputs are the problem
        out.push_back({Severity::Error, n.id, {}, "cycle",
                       n.id + " is on a cycle (" + joinIds(cycle) + ", back to " + n.id +
                           "): data in a network must flow one way.",
                       "Remove one of the wires of the loop."});
    }
    return order;
}

void checkEnds(const Graph &graph, Analysis &a)
{
    std::vector<std::string> inputs;
    for (const Node &n : graph.nodes()) {
        if (n.type == "Input")
            inputs.push_back(n.id);
        if (graph.consumersOf(n.id).empty())
            a.outputs.push_back(n.id);
    }
    if (inputs.empty())
        a.diagnostics.push_back({Severity::Error, {}, {}, "no-input", "the graph has no Input block.",
                                 "Add an Input block from the palette and set its shape."});
    if (inputs.size() > 1)
        a.diagnostics.push_back({Severity::Error, {}, {}, "many-inputs",
                                 "the graph has " + std::to_string(inputs.size()) + " Input blocks (" +
                                     joinIds(inputs) + "); a dataset gives one tensor per sample.",
                                 "Keep one Input and branch from it (FrameSlice takes one frame of it)."});
    if (a.outputs.size() > 1)
        a.diagnostics.push_back({Severity::Error, {}, {}, "many-outputs",
                                 "the graph has " + std::to_string(a.outputs.size()) + " outputs (" +
                                     joinIds(a.outputs) + "); a model needs exactly one: the block nothing "
                                     "else consumes.",
                                 "Wire the loose ends into the rest of the network (Concatenate, Add), or "
                                 "delete them."});
}

} // namespace

Analysis analyze(const Graph &graph)
{
    Analysis a;
    a.order = topologicalOrder(graph, a.diagnostics);
    std::map<std::string, std::set<std::string>> carriedWarnings; // node -> warning codes upstream
    for (const std::string &id : a.order) {
        const Node &node = *graph.node(id);
        const BlockSpec &spec = *findBlock(node.type);
        NodeAnalysis &info = a.nodes[id];
        std::vector<std::string> producers;
        const bool paramsOk = checkParams(node, spec, a.diagnostics);
        const bool portsOk = checkPorts(graph, node, spec, producers, a.diagnostics);
        // A block whose inputs have no shape stays quiet: the first error upstream is the
        // one to fix, and repeating it downstream would only bury it.
        std::vector<TensorInfo> inputs;
        for (const std::string &p : producers)
            if (const auto &out = a.nodes[p].output)
                inputs.push_back(*out);
        if (!paramsOk || !portsOk || inputs.size() != producers.size())
            continue;
        ShapeContext ctx(spec, node, std::move(inputs));
        ctx.setInputNodes(producers);
        info.output = spec.infer(ctx);
        if (info.output && elementCount(info.output->dims) > kMaxElements) {
            ctx.error("tensor-too-large",
                      node.type + " " + id + " would output " + formatTuple(info.output->dims) +
                          " per sample, far more than any device can hold.",
                      "Reduce the input size, or pool and stride earlier.");
            info.output.reset();
        }
        // A warning a producer already carries is the same mistake seen again downstream
        // (every 2D block after the Reshape that put time into rows): said once, where it starts.
        std::set<std::string> &carried = carriedWarnings[id];
        for (const std::string &p : producers)
            carried.insert(carriedWarnings[p].begin(), carriedWarnings[p].end());
        for (const Diagnostic &d : ctx.diagnostics())
            if (d.severity == Severity::Error || carried.insert(d.code).second)
                a.diagnostics.push_back(d);
        if (!info.output)
            continue;
        if (spec.weights)
            info.weights = spec.weights(ctx, *info.output);
        for (const WeightSpec &w : info.weights)
            (w.trainable ? info.trainableParams : info.nonTrainableParams) += std::min(elementCount(w.shape), kMaxElements);
        info.flops = spec.flops ? std::min(spec.flops(ctx, *info.output), kMaxElements * 1024) : 0;
        info.activationBytes = int64_t(sizeof(float)) * elementCount(info.output->dims);
        a.trainableParams += info.trainableParams;
        a.nonTrainableParams += info.nonTrainableParams;
        a.flops += info.flops;
        a.activationBytes += info.activationBytes;
    }
    checkEnds(graph, a);
    return a;
}

} // namespace volnet
