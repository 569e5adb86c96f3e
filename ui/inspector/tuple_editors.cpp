#include "inspector/tuple_editors.h"

#include <QHBoxLayout>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSignalBlocker>
#include <QSpinBox>

#include <algorithm>

namespace volnet::ui {

TupleSpinEditor::TupleSpinEditor(const ParamSpec &spec, QWidget *parent) : ParamEditor(spec, parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    for (int i = 0; i < spec.maxLength; ++i) {
        auto *spin = new QSpinBox(this);
        spin->setObjectName(objectName() + QLatin1Char('_') + QString::number(i));
        spin->setRange(minimum(), maximum());
        spin->setToolTip(tr("%1, axis %2 of %3").arg(toolTip()).arg(i + 1).arg(spec.maxLength));
        guardWheel(spin);
        layout->addWidget(spin, 1);
        m_spins << spin;
        connect(spin, &QSpinBox::valueChanged, this, [this] { emit edited(ParamValue(tuple())); });
        if (i > 0)
            setTabOrder(m_spins[i - 1], spin);
    }
    if (!m_spins.isEmpty())
        setFocusProxy(m_spins.first());
}

IntTuple TupleSpinEditor::tuple() const
{
    IntTuple t;
    for (const QSpinBox *spin : m_spins)
        t.push_back(spin->value());
    return t;
}

void TupleSpinEditor::setValue(const ParamValue &value)
{
    const auto *v = std::get_if<IntTuple>(&value);
    if (!v || tuple() == *v)
        return;
    // A tuple of the wrong length (from a file) shows what fits; the analysis says
    // at the field how many values the block needs.
    for (int i = 0; i < m_spins.size() && size_t(i) < v->size(); ++i) {
        const int x = int((*v)[size_t(i)]);
        const QSignalBlocker blocker(m_spins[i]);
        m_spins[i]->setRange(std::min(minimum(), x), std::max(maximum(), x));
        m_spins[i]->setValue(x);
    }
}

TupleTextEditor::TupleTextEditor(const ParamSpec &spec, QWidget *parent)
    : ParamEditor(spec, parent), m_edit(new QLineEdit(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit);
    setFocusProxy(m_edit);
    if (spec.minLength == 0)
        m_edit->setPlaceholderText(tr("None"));
    else if (spec.allowInferred)
        m_edit->setPlaceholderText(tr("e.g. 2, 16, -1"));
    else
        m_edit->setPlaceholderText(tr("numbers separated by commas"));
    connect(m_edit, &QLineEdit::textEdited, this, &TupleTextEditor::commit);
}

std::optional<IntTuple> TupleTextEditor::parse(const QString &text, QString *why)
{
    static const QRegularExpression brackets(QStringLiteral("[()\\[\\]]"));
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    QString plain = text;
    plain.remove(brackets);
    IntTuple tuple;
    for (const QString &part : plain.split(separators, Qt::SkipEmptyParts)) {
        bool ok = false;
        const qlonglong v = part.toLongLong(&ok);
        if (!ok) {
            *why = tr("\"%1\" is not a whole number; write numbers separated by commas, like 2, 16, 1024.").arg(part);
            return std::nullopt;
        }
        tuple.push_back(v);
    }
    return tuple;
}

QString TupleTextEditor::format(const IntTuple &tuple)
{
    QStringList parts;
    for (int64_t v : tuple)
        parts << QString::number(v);
    return parts.join(QLatin1String(", "));
}

void TupleTextEditor::commit(const QString &text)
{
    QString why;
    const auto tuple = parse(text, &why);
    emit inputError(tuple ? QString() : why);
    if (tuple)
        emit edited(ParamValue(*tuple));
}

void TupleTextEditor::setValue(const ParamValue &value)
{
    const auto *v = std::get_if<IntTuple>(&value);
    if (!v)
        return;
    QString why;
    if (parse(m_edit->text(), &why) == *v)
        return;
    m_edit->setText(format(*v));
}

} // namespace volnet::ui
