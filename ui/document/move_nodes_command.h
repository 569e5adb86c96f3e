#pragma once
#include "document/graph_command.h"

#include <map>

namespace volnet::ui {

// Moves nodes to new positions in one step: a drag's release, or an automatic layout.
class MoveNodesCommand : public GraphCommand {
public:
    struct Position {
        double x = 0, y = 0;
    };
    // Nodes that do not exist or would not move are left out; see isEmpty().
    MoveNodesCommand(GraphDocument *document, const std::map<std::string, Position> &targets, const QString &text);

    bool isEmpty() const { return m_moves.empty(); }

protected:
    void apply() override;
    void revert() override;

private:
    struct Move {
        Position before;
        Position after;
    };
    std::map<std::string, Move> m_moves;
};

} // namespace volnet::ui
