#include "document/remove_nodes_command.h"

#include <algorithm>
#include <set>

namespace volnet::ui {

RemoveNodesCommand::RemoveNodesCommand(GraphDocument *document, const std::vector<std::string> &ids)
    : GraphCommand(document, {})
{
    const std::set<std::string> doomed(ids.begin(), ids.end());
    for (const std::string &id : doomed)
        if (const Node *n = graph().node(id))
            m_nodes.push_back({graph().indexOf(id), *n});
    std::sort(m_nodes.begin(), m_nodes.end(), [](const Removed &a, const Removed &b) { return a.index < b.index; });
    for (const Edge &e : graph().edges())
        if (doomed.count(e.from) || doomed.count(e.to))
            m_edges.push_back(e);
    setText(m_nodes.size() == 1 ? QStringLiteral("Delete %1").arg(QString::fromStdString(m_nodes.front().node.id))
                                : QStringLiteral("Delete %1 blocks").arg(m_nodes.size()));
}

void RemoveNodesCommand::apply()
{
    for (const Removed &r : m_nodes)
        graph().removeNode(r.node.id);
}

void RemoveNodesCommand::revert()
{
    for (const Removed &r : m_nodes)
        graph().insertNode(r.node, nullptr, r.index);
    for (const Edge &e : m_edges)
        graph().connect(e.from, e.to, e.port);
}

} // namespace volnet::ui
