#pragma once
#include "document/graph_command.h"

#include <vector>

namespace volnet::ui {

// Adds a set of complete nodes (ids already fresh) and the wires among them, at the end
// of the node order.
class PasteCommand : public GraphCommand {
public:
    PasteCommand(GraphDocument *document, std::vector<Node> nodes, std::vector<Edge> edges);

protected:
    void apply() override;
    void revert() override;

private:
    std::vector<Node> m_nodes;
    std::vector<Edge> m_edges;
};

} // namespace volnet::ui
