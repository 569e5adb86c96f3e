#include "inspector/scalar_editors.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QLocale>
#include <QSignalBlocker>
#include <QSpinBox>

#include <algorithm>

namespace volnet::ui {

namespace {

// One editor control filling the ParamEditor.
void fill(QWidget *owner, QWidget *control)
{
    auto *layout = new QHBoxLayout(owner);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(control);
}

} // namespace

IntEditor::IntEditor(const ParamSpec &spec, QWidget *parent) : ParamEditor(spec, parent), m_spin(new QSpinBox(this))
{
    m_spin->setRange(minimum(), maximum());
    m_spin->setAccelerated(true);
    guardWheel(m_spin);
    fill(this, m_spin);
    setFocusProxy(m_spin);
    connect(m_spin, &QSpinBox::valueChanged, this, [this](int v) { emit edited(ParamValue(int64_t(v))); });
}

void IntEditor::setValue(const ParamValue &value)
{
    const auto *v = std::get_if<int64_t>(&value);
    if (!v || m_spin->value() == *v)
        return;
    const QSignalBlocker blocker(m_spin);
    // A file may hold a value outside the schema's range; show it as it is, and let
    // the analysis say at the field why it is wrong.
    m_spin->setRange(std::min<int>(minimum(), int(*v)), std::max<int>(maximum(), int(*v)));
    m_spin->setValue(int(*v));
}

FloatEditor::FloatEditor(const ParamSpec &spec, QWidget *parent)
    : ParamEditor(spec, parent), m_edit(new QLineEdit(this))
{
    fill(this, m_edit);
    setFocusProxy(m_edit);
    connect(m_edit, &QLineEdit::textEdited, this, &FloatEditor::commit);
}

void FloatEditor::commit(const QString &text)
{
    bool ok = false;
    const double v = QLocale::c().toDouble(text.trimmed(), &ok);
    if (!ok) {
        emit inputError(tr("\"%1\" is not a number; write it like 0.5 or 1e-3.").arg(text.trimmed()));
        return;
    }
    emit inputError(QString());
    emit edited(ParamValue(v));
}

void FloatEditor::setValue(const ParamValue &value)
{
    const auto *v = std::get_if<double>(&value);
    if (!v)
        return;
    bool ok = false;
    if (QLocale::c().toDouble(m_edit->text().trimmed(), &ok) == *v && ok)
        return;
    m_edit->setText(QString::number(*v, 'g', 12));
}

BoolEditor::BoolEditor(const ParamSpec &spec, QWidget *parent) : ParamEditor(spec, parent), m_check(new QCheckBox(this))
{
    fill(this, m_check);
    setFocusProxy(m_check);
    connect(m_check, &QCheckBox::toggled, this, [this](bool on) { emit edited(ParamValue(on)); });
}

void BoolEditor::setValue(const ParamValue &value)
{
    const auto *v = std::get_if<bool>(&value);
    if (!v || m_check->isChecked() == *v)
        return;
    const QSignalBlocker blocker(m_check);
    m_check->setChecked(*v);
}

ChoiceEditor::ChoiceEditor(const ParamSpec &spec, QWidget *parent)
    : ParamEditor(spec, parent), m_combo(new QComboBox(this))
{
    for (const std::string &choice : spec.choices)
        m_combo->addItem(QString::fromStdString(choice));
    guardWheel(m_combo);
    fill(this, m_combo);
    setFocusProxy(m_combo);
    connect(m_combo, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index >= 0)
            emit edited(ParamValue(m_combo->itemText(index).toStdString()));
    });
}

void ChoiceEditor::setValue(const ParamValue &value)
{
    const auto *v = std::get_if<std::string>(&value);
    if (!v)
        return;
    const QString word = QString::fromStdString(*v);
    if (m_combo->currentIndex() >= 0 && m_combo->currentText() == word)
        return;
    const QSignalBlocker blocker(m_combo);
    // A word the schema does not offer (from a file) shows as the placeholder, and
    // the analysis marks the field.
    m_combo->setPlaceholderText(word);
    m_combo->setCurrentIndex(m_combo->findText(word));
}

} // namespace volnet::ui
