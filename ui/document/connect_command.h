#pragma once
#include "document/graph_command.h"

#include <optional>

namespace volnet::ui {

// Wires `from` into `to`'s `port`. A wire already on that port is replaced in the same
// step, and comes back on undo.
class ConnectCommand : public GraphCommand {
public:
    ConnectCommand(GraphDocument *document, const Edge &edge);

protected:
    void apply() override;
    void revert() override;

private:
    Edge m_edge;
    std::optional<std::string> m_replaced; // the producer that was on the port before
};

} // namespace volnet::ui
