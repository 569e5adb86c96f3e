#pragma once
#include "document/graph_command.h"

namespace volnet::ui {

// Adds one block with its default parameters. The first redo picks the id; later redos
// put back exactly that node, so commands above this one on the stack still find it.
class AddNodeCommand : public GraphCommand {
public:
    AddNodeCommand(GraphDocument *document, const std::string &type, double x, double y);

    // Empty when the type is unknown (the command then does nothing).
    const std::string &nodeId() const { return m_node.id; }

protected:
    void apply() override;
    void revert() override;

private:
    Node m_node;
    int m_index = -1;
};

} // namespace volnet::ui
