#pragma once
// One parameter in the inspector: its editor, framed in red or amber when the value
// has a problem, and the reason written under it.
#include "graph/diagnostic.h"

#include <QWidget>

class QFrame;
class QLabel;

namespace volnet::ui {

class ParamEditor;

class ParamField : public QWidget {
    Q_OBJECT
public:
    ParamField(ParamEditor *editor, QWidget *parent = nullptr);

    ParamEditor *editor() const { return m_editor; }
    // What the analysis says about this field; an empty message clears it.
    void setProblem(Severity severity, const QString &message);
    // What the editor says about text it cannot read; it wins over the analysis,
    // which has not seen that text.
    void setInputError(const QString &message);
    QString message() const;
    bool hasError() const;

private:
    void refresh();

    ParamEditor *m_editor;
    QFrame *m_frame;
    QLabel *m_message;
    Severity m_severity = Severity::Error;
    QString m_problem;
    QString m_inputError;
};

} // namespace volnet::ui
