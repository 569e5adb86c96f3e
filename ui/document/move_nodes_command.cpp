#include "document/move_nodes_command.h"

namespace volnet::ui {

MoveNodesCommand::MoveNodesCommand(GraphDocument *document, const std::map<std::string, Position> &targets,
                                   const QString &text)
    : GraphCommand(document, text)
{
    for (const auto &[id, to] : targets) {
        const Node *n = graph().node(id);
        if (n && (n->x != to.x || n->y != to.y))
            m_moves[id] = {{n->x, n->y}, to};
    }
}

void MoveNodesCommand::apply()
{
    for (const auto &[id, move] : m_moves)
        graph().setPosition(id, move.after.x, move.after.y);
}

void MoveNodesCommand::revert()
{
    for (const auto &[id, move] : m_moves)
        graph().setPosition(id, move.before.x, move.before.y);
}

} // namespace volnet::ui
