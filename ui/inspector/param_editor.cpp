#include "inspector/param_editor.h"

#include "inspector/scalar_editors.h"
#include "inspector/tuple_editors.h"

#include <QEvent>

#include <algorithm>
#include <climits>

namespace volnet::ui {

ParamEditor *ParamEditor::create(const ParamSpec &spec, QWidget *parent)
{
    switch (spec.kind) {
    case ParamKind::Int:
        return new IntEditor(spec, parent);
    case ParamKind::Float:
        return new FloatEditor(spec, parent);
    case ParamKind::Bool:
        return new BoolEditor(spec, parent);
    case ParamKind::Choice:
        return new ChoiceEditor(spec, parent);
    case ParamKind::IntTuple:
        // A fixed length reads best as one spin box per axis; a length the user
        // chooses (target_shape, dims, optional strides) as text.
        if (spec.minLength == spec.maxLength && !spec.allowInferred)
            return new TupleSpinEditor(spec, parent);
        return new TupleTextEditor(spec, parent);
    }
    return nullptr;
}

ParamEditor::ParamEditor(const ParamSpec &spec, QWidget *parent) : QWidget(parent), m_spec(spec)
{
    setObjectName(QString::fromStdString(spec.name));
    setToolTip(QString::fromStdString(spec.help));
}

void ParamEditor::guardWheel(QWidget *w)
{
    w->setFocusPolicy(Qt::StrongFocus);
    w->installEventFilter(this);
}

bool ParamEditor::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Wheel && !static_cast<QWidget *>(watched)->hasFocus()) {
        event->ignore(); // the scroll area behind scrolls instead
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

int ParamEditor::minimum() const
{
    return int(std::clamp(m_spec.minValue, double(INT_MIN), double(INT_MAX)));
}

int ParamEditor::maximum() const
{
    return int(std::clamp(m_spec.maxValue, double(INT_MIN), double(INT_MAX)));
}

} // namespace volnet::ui
