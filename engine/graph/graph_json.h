#pragma once
// The graph file format ("format": "volnet-graph"), documented in docs/graph-format.md.
#include "graph/graph.h"

#include <string>
#include <string_view>

namespace volnet {

inline constexpr int kGraphFormatVersion = 1;

struct GraphLoadResult {
    bool ok = false;
    Graph graph;
    // When !ok: where and what, e.g. `nodes[3] ("conv3d_1").params.kernel_size:
    // expected a list of 3 integers, found "3"`.
    std::string error;
};

// Pretty-printed JSON, every parameter written (defaults included) so that a file
// means the same thing when a later version changes a default.
std::string graphToJson(const Graph &graph);
GraphLoadResult graphFromJson(std::string_view text);

GraphLoadResult loadGraphFile(const std::string &path);
// Atomic: writes a temporary file beside `path` and renames it over `path`.
bool saveGraphFile(const Graph &graph, const std::string &path, std::string *error = nullptr);

} // namespace volnet
