#include "document/graph_command.h"

#include "document/graph_document.h"

namespace volnet::ui {

GraphCommand::GraphCommand(GraphDocument *document, const QString &text)
    : QUndoCommand(text), m_document(document)
{
}

void GraphCommand::redo()
{
    m_document->beginBatch();
    apply();
    m_document->endBatch();
}

void GraphCommand::undo()
{
    m_document->beginBatch();
    revert();
    m_document->endBatch();
}

Graph &GraphCommand::graph()
{
    return m_document->mutableGraph();
}

const Graph &GraphCommand::graph() const
{
    return m_document->graph();
}

} // namespace volnet::ui
