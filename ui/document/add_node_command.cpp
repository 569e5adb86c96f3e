#include "document/add_node_command.h"

namespace volnet::ui {

AddNodeCommand::AddNodeCommand(GraphDocument *document, const std::string &type, double x, double y)
    : GraphCommand(document, QStringLiteral("Add %1").arg(QString::fromStdString(type)))
{
    m_node.type = type;
    m_node.x = x;
    m_node.y = y;
}

void AddNodeCommand::apply()
{
    if (m_index >= 0) {
        graph().insertNode(m_node, nullptr, m_index);
        return;
    }
    const auto id = graph().addNode(m_node.type, {}, m_node.x, m_node.y);
    if (!id)
        return;
    m_node = *graph().node(*id);
    m_index = graph().indexOf(*id);
}

void AddNodeCommand::revert()
{
    graph().removeNode(m_node.id);
}

} // namespace volnet::ui
