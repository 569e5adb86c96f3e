#include "document/paste_command.h"

namespace volnet::ui {

PasteCommand::PasteCommand(GraphDocument *document, std::vector<Node> nodes, std::vector<Edge> edges)
    : GraphCommand(document, nodes.size() == 1 ? QStringLiteral("Paste %1").arg(QString::fromStdString(nodes[0].type))
                                               : QStringLiteral("Paste %1 blocks").arg(nodes.size())),
      m_nodes(std::move(nodes)), m_edges(std::move(edges))
{
}

void PasteCommand::apply()
{
    for (const Node &n : m_nodes)
        graph().insertNode(n);
    for (const Edge &e : m_edges)
        graph().connect(e.from, e.to, e.port);
}

void PasteCommand::revert()
{
    for (auto it = m_nodes.rbegin(); it != m_nodes.rend(); ++it)
        graph().removeNode(it->id);
}

} // namespace volnet::ui
