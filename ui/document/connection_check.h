#pragma once
// The editor's test of a wire before it is made: the rubber wire lights the input ports
// it may land on and explains the others.
#include "graph/graph.h"

#include <optional>
#include <string>

namespace volnet::ui {

// Why wiring `from` into `to`'s input `port` would be wrong, or nothing when it is fine:
// Graph::connect refuses it, it closes a loop, or the shape rules give `to` an error it
// does not have with that port left open (the diagnostic's message). Only the nodes
// upstream of the two ends are analysed: nothing else can change what `to` receives.
std::optional<std::string> connectionProblem(const Graph &graph, const std::string &from, const std::string &to,
                                             int port);

} // namespace volnet::ui
