#pragma once
#include "document/graph_command.h"

namespace volnet::ui {

// Removes the wire on `to`'s `port`; undo wires the same producer back.
class DisconnectCommand : public GraphCommand {
public:
    DisconnectCommand(GraphDocument *document, const Edge &edge);

protected:
    void apply() override;
    void revert() override;

private:
    Edge m_edge;
};

} // namespace volnet::ui
