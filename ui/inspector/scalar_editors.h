#pragma once
// Editors of single values: Int (spin box), Float (checked text), Bool, Choice.
#include "inspector/param_editor.h"

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;

namespace volnet::ui {

class IntEditor : public ParamEditor {
    Q_OBJECT
public:
    IntEditor(const ParamSpec &spec, QWidget *parent = nullptr);
    void setValue(const ParamValue &value) override;
    QSpinBox *spinBox() const { return m_spin; }

private:
    QSpinBox *m_spin;
};

// Text rather than a spin box: rates and epsilons span orders of magnitude
// (0.5, 0.001, 1e-5) that fixed decimals would round away.
class FloatEditor : public ParamEditor {
    Q_OBJECT
public:
    FloatEditor(const ParamSpec &spec, QWidget *parent = nullptr);
    void setValue(const ParamValue &value) override;
    QLineEdit *lineEdit() const { return m_edit; }

private:
    void commit(const QString &text);

    QLineEdit *m_edit;
};

class BoolEditor : public ParamEditor {
    Q_OBJECT
public:
    BoolEditor(const ParamSpec &spec, QWidget *parent = nullptr);
    void setValue(const ParamValue &value) override;
    QCheckBox *checkBox() const { return m_check; }

private:
    QCheckBox *m_check;
};

class ChoiceEditor : public ParamEditor {
    Q_OBJECT
public:
    ChoiceEditor(const ParamSpec &spec, QWidget *parent = nullptr);
    void setValue(const ParamValue &value) override;
    QComboBox *comboBox() const { return m_combo; }

private:
    QComboBox *m_combo;
};

} // namespace volnet::ui
