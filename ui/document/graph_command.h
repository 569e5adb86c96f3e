#pragma once
// The base of every edit on the undo stack. redo() and undo() each run as one batch,
// so a command that touches many nodes (a delete, a paste) is analysed once, after it.
#include "graph/graph.h"

#include <QUndoCommand>

namespace volnet::ui {

class GraphDocument;

class GraphCommand : public QUndoCommand {
public:
    GraphCommand(GraphDocument *document, const QString &text);

    void redo() final;
    void undo() final;

protected:
    virtual void apply() = 0;
    virtual void revert() = 0;

    Graph &graph();
    const Graph &graph() const;

private:
    GraphDocument *m_document;
};

} // namespace volnet::ui
