#pragma once
// Automatic placement of a design, left to right, the way people draw networks.
#include "graph/graph.h"

#include <QPointF>

#include <map>
#include <string>

namespace volnet::ui {

// Columns by the longest path from an input, so that every wire runs rightwards; in each
// column nodes sit at the mean height of their producers (a chain stays straight) and
// are pushed apart where they would overlap. The drawing keeps the top-left corner the
// design had, and every position is on the editor's grid.
std::map<std::string, QPointF> layeredLayout(const Graph &graph);

} // namespace volnet::ui
