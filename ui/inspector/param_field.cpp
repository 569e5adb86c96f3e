#include "inspector/param_field.h"

#include "inspector/param_editor.h"
#include "panels/severity_icon.h"

#include <QFrame>
#include <QLabel>
#include <QVBoxLayout>

namespace volnet::ui {

ParamField::ParamField(ParamEditor *editor, QWidget *parent)
    : QWidget(parent), m_editor(editor), m_frame(new QFrame(this)), m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("field_") + editor->objectName());
    m_frame->setObjectName(QStringLiteral("fieldFrame"));
    auto *frameLayout = new QVBoxLayout(m_frame);
    frameLayout->setContentsMargins(2, 2, 2, 2);
    frameLayout->addWidget(editor);

    m_message->setObjectName(QStringLiteral("fieldMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(1);
    layout->addWidget(m_frame);
    layout->addWidget(m_message);
    setFocusProxy(editor);

    connect(editor, &ParamEditor::inputError, this, &ParamField::setInputError);
}

void ParamField::setProblem(Severity severity, const QString &message)
{
    m_severity = severity;
    m_problem = message;
    refresh();
}

void ParamField::setInputError(const QString &message)
{
    m_inputError = message;
    refresh();
}

QString ParamField::message() const
{
    return m_message->isHidden() ? QString() : m_message->text();
}

bool ParamField::hasError() const
{
    return !m_inputError.isEmpty() || (!m_problem.isEmpty() && m_severity == Severity::Error);
}

void ParamField::refresh()
{
    const QString text = m_inputError.isEmpty() ? m_problem : m_inputError;
    const Severity severity = m_inputError.isEmpty() ? m_severity : Severity::Error;
    if (text.isEmpty()) {
        m_frame->setStyleSheet(QString());
        m_message->hide();
        return;
    }
    const QColor color = severityColor(severity);
    // An ID selector, so that the editor inside keeps its own look.
    m_frame->setStyleSheet(
        QStringLiteral("QFrame#fieldFrame { border: 2px solid %1; border-radius: 4px; }").arg(color.name()));
    m_message->setStyleSheet(
        QStringLiteral("color: %1;").arg(severity == Severity::Error ? color.name() : color.darker(160).name()));
    m_message->setText(text);
    m_message->show();
}

} // namespace volnet::ui
