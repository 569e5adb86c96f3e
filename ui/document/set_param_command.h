#pragma once
#include "document/graph_command.h"

namespace volnet::ui {

// Sets one parameter. Consecutive edits of the same field of the same node merge, so
// typing "128" into a field is one step back to the value before the first keystroke.
class SetParamCommand : public GraphCommand {
public:
    SetParamCommand(GraphDocument *document, const std::string &id, const std::string &name, ParamValue value);

    int id() const override;
    bool mergeWith(const QUndoCommand *other) override;

protected:
    void apply() override;
    void revert() override;

private:
    std::string m_node;
    std::string m_name;
    ParamValue m_before;
    ParamValue m_after;
};

} // namespace volnet::ui
