#pragma once
#include "document/graph_command.h"

#include <vector>

namespace volnet::ui {

// Deletes nodes with every wire touching them. Undo puts each node back at its place in
// the node order and every wire back on its port, so the file reads as before.
class RemoveNodesCommand : public GraphCommand {
public:
    RemoveNodesCommand(GraphDocument *document, const std::vector<std::string> &ids);

    bool isEmpty() const { return m_nodes.empty(); }

protected:
    void apply() override;
    void revert() override;

private:
    struct Removed {
        int index;
        Node node;
    };
    std::vector<Removed> m_nodes; // by ascending index: reinsertion in this order is exact
    std::vector<Edge> m_edges;
};

} // namespace volnet::ui
