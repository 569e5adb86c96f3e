#include "document/connection_check.h"

#include "graph/analysis.h"

#include <map>
#include <set>
#include <vector>

namespace volnet::ui {

namespace {

// Errors about wiring still to be done (an open port, a Concatenate with one input) are
// not the fault of the wire being tried.
bool isWiringError(const Diagnostic &d)
{
    return d.code == "unconnected-input" || d.code == "too-few-inputs";
}

// The seeds and every node upstream of them, with the wires among them, in graph order.
Graph upstreamOf(const Graph &graph, std::vector<std::string> pending)
{
    std::map<std::string, std::vector<std::string>> producers;
    for (const Edge &e : graph.edges())
        producers[e.to].push_back(e.from);
    std::set<std::string> keep;
    while (!pending.empty()) {
        const std::string id = pending.back();
        pending.pop_back();
        if (!keep.insert(id).second)
            continue;
        for (const std::string &p : producers[id])
            pending.push_back(p);
    }
    std::vector<Node> nodes;
    for (const Node &n : graph.nodes())
        if (keep.count(n.id))
            nodes.push_back(n);
    std::vector<Edge> edges;
    for (const Edge &e : graph.edges())
        if (keep.count(e.from) && keep.count(e.to))
            edges.push_back(e);
    Graph sub;
    sub.reset(std::move(nodes), std::move(edges));
    return sub;
}

// The path by which `start` already feeds `target`, or nothing when it does not.
std::vector<std::string> feedPath(const Graph &graph, const std::string &start, const std::string &target)
{
    std::map<std::string, std::vector<std::string>> consumers;
    for (const Edge &e : graph.edges())
        consumers[e.from].push_back(e.to);
    std::map<std::string, std::string> cameFrom{{start, {}}};
    std::vector<std::string> frontier{start};
    for (size_t i = 0; i < frontier.size(); ++i) {
        for (const std::string &next : consumers[frontier[i]]) {
            if (!cameFrom.emplace(next, frontier[i]).second)
                continue;
            if (next == target) {
                std::vector<std::string> path{target};
                while (path.front() != start)
                    path.insert(path.begin(), cameFrom[path.front()]);
                return path;
            }
            frontier.push_back(next);
        }
    }
    return {};
}

std::set<std::string> shapeErrorsOf(const Graph &graph, const std::string &id)
{
    std::set<std::string> messages;
    for (const Diagnostic &d : analyze(graph).diagnosticsFor(id))
        if (d.severity == Severity::Error && !isWiringError(d))
            messages.insert(d.message);
    return messages;
}

} // namespace

std::optional<std::string> connectionProblem(const Graph &graph, const std::string &from, const std::string &to,
                                             int port)
{
    Graph open = upstreamOf(graph, {from, to});
    open.disconnect(to, port);
    Graph wired = open;
    std::string refusal;
    if (!wired.connect(from, to, port, &refusal))
        return refusal;
    if (const auto path = feedPath(graph, to, from); !path.empty()) {
        std::string through;
        for (const std::string &id : path)
            through += (through.empty() ? "" : " → ") + id;
        return to + " already feeds " + from + " (" + through +
               "), so this wire would close a loop: data in a network must flow one way.";
    }
    const std::set<std::string> before = shapeErrorsOf(open, to);
    for (const Diagnostic &d : analyze(wired).diagnosticsFor(to))
        if (d.severity == Severity::Error && !isWiringError(d) && !before.count(d.message))
            return d.message;
    return std::nullopt;
}

} // namespace volnet::ui
