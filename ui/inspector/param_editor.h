#pragma once
// An editor for one block parameter, made from the registry's ParamSpec. It reports
// each value the user enters (edited) and text it cannot read (inputError); values it
// reads but the schema rejects are committed anyway, so the analysis can say why at
// the field, as it does for a file that holds them.
#include "graph/param.h"

#include <QWidget>

namespace volnet::ui {

class ParamEditor : public QWidget {
    Q_OBJECT
public:
    // The editor that fits `spec`: spin box, line edit, check box, combo box or tuple.
    static ParamEditor *create(const ParamSpec &spec, QWidget *parent = nullptr);

    explicit ParamEditor(const ParamSpec &spec, QWidget *parent = nullptr);
    const ParamSpec &spec() const { return m_spec; }

    // Shows `value` without emitting; leaves the editor alone when it already shows
    // it, so that a value coming back from the document does not disturb typing.
    virtual void setValue(const ParamValue &value) = 0;

signals:
    void edited(const volnet::ParamValue &value);
    // The text cannot be read as a value; an empty message clears the complaint.
    void inputError(const QString &message);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    // Lets `w` take the mouse wheel only once it has focus: scrolling the inspector
    // over a spin box or combo box must not change a parameter by accident.
    void guardWheel(QWidget *w);
    // The spin-box range of an Int, or of each element of an IntTuple.
    int minimum() const;
    int maximum() const;

private:
    ParamSpec m_spec;
};

} // namespace volnet::ui
