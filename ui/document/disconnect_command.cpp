#include "document/disconnect_command.h"

namespace volnet::ui {

DisconnectCommand::DisconnectCommand(GraphDocument *document, const Edge &edge)
    : GraphCommand(document, QStringLiteral("Disconnect %1 from %2")
                                 .arg(QString::fromStdString(edge.from), QString::fromStdString(edge.to))),
      m_edge(edge)
{
}

void DisconnectCommand::apply()
{
    graph().disconnect(m_edge.to, m_edge.port);
}

void DisconnectCommand::revert()
{
    graph().connect(m_edge.from, m_edge.to, m_edge.port);
}

} // namespace volnet::ui
