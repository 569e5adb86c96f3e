#include "document/set_param_command.h"

namespace volnet::ui {

SetParamCommand::SetParamCommand(GraphDocument *document, const std::string &id, const std::string &name,
                                 ParamValue value)
    : GraphCommand(document, QStringLiteral("Set %1 of %2")
                                 .arg(QString::fromStdString(name), QString::fromStdString(id))),
      m_node(id), m_name(name), m_before(graph().node(id)->params.at(name)), m_after(std::move(value))
{
}

int SetParamCommand::id() const
{
    return 1; // one family: mergeWith() decides by node and field
}

bool SetParamCommand::mergeWith(const QUndoCommand *other)
{
    const auto *next = static_cast<const SetParamCommand *>(other);
    if (next->m_node != m_node || next->m_name != m_name)
        return false;
    m_after = next->m_after;
    setObsolete(m_after == m_before); // typed back to where it was: no step at all
    return true;
}

void SetParamCommand::apply()
{
    graph().setParam(m_node, m_name, m_after);
}

void SetParamCommand::revert()
{
    graph().setParam(m_node, m_name, m_before);
}

} // namespace volnet::ui
