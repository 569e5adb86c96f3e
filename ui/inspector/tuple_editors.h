#pragma once
// Editors of IntTuple parameters: one spin box per axis when the length is fixed
// (kernel_size), a line of numbers when the user chooses the length (target_shape,
// dims, or optional strides, where empty means None).
#include "inspector/param_editor.h"

#include <QList>

class QLineEdit;
class QSpinBox;

namespace volnet::ui {

class TupleSpinEditor : public ParamEditor {
    Q_OBJECT
public:
    TupleSpinEditor(const ParamSpec &spec, QWidget *parent = nullptr);
    void setValue(const ParamValue &value) override;
    const QList<QSpinBox *> &spinBoxes() const { return m_spins; }

private:
    IntTuple tuple() const;

    QList<QSpinBox *> m_spins;
};

class TupleTextEditor : public ParamEditor {
    Q_OBJECT
public:
    TupleTextEditor(const ParamSpec &spec, QWidget *parent = nullptr);
    void setValue(const ParamValue &value) override;
    QLineEdit *lineEdit() const { return m_edit; }

    // "2, 16, -1", "(2, 16, -1)" or "2 16 -1"; empty gives an empty tuple. Nothing
    // (and why) when a part is not a whole number.
    static std::optional<IntTuple> parse(const QString &text, QString *why);
    static QString format(const IntTuple &tuple);

private:
    void commit(const QString &text);

    QLineEdit *m_edit;
};

} // namespace volnet::ui
