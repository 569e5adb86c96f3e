#include "document/connect_command.h"

namespace volnet::ui {

ConnectCommand::ConnectCommand(GraphDocument *document, const Edge &edge)
    : GraphCommand(document, QStringLiteral("Connect %1 to %2")
                                 .arg(QString::fromStdString(edge.from), QString::fromStdString(edge.to))),
      m_edge(edge)
{
    const auto inputs = graph().inputsOf(edge.to);
    if (size_t(edge.port) < inputs.size())
        m_replaced = inputs[size_t(edge.port)];
}

void ConnectCommand::apply()
{
    graph().connect(m_edge.from, m_edge.to, m_edge.port);
}

void ConnectCommand::revert()
{
    if (m_replaced)
        graph().connect(*m_replaced, m_edge.to, m_edge.port);
    else
        graph().disconnect(m_edge.to, m_edge.port);
}

} // namespace volnet::ui
