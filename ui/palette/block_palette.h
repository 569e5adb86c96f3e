#pragma once
// The blocks of the registry by category, in registry order, with a filter box.
// Drag a block onto the canvas, or double-click it (or press Enter) to add it at the
// centre of the view.
#include <QWidget>

class QLineEdit;
class QMimeData;
class QTreeWidgetItem;

namespace volnet::ui {

class PaletteTree;

class BlockPalette : public QWidget {
    Q_OBJECT
public:
    explicit BlockPalette(QWidget *parent = nullptr);

    QLineEdit *filterEdit() const { return m_filter; }
    PaletteTree *tree() const { return m_tree; }
    // The item of a block type, or null.
    QTreeWidgetItem *itemFor(const QString &type) const;
    // The payload a drag of `type` from the palette carries (the caller owns it).
    QMimeData *mimeDataFor(const QString &type) const;

signals:
    void blockActivated(const QString &type);

public slots:
    // Shows the blocks whose type, summary or category contains `text`.
    void setFilter(const QString &text);

private:
    void populate();
    void activateFirstVisible();

    QLineEdit *m_filter;
    PaletteTree *m_tree;
};

} // namespace volnet::ui
