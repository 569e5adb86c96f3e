#pragma once
#include <QTreeWidget>

namespace volnet::ui {

// The palette's list of blocks under their categories. A drag carries the block's
// type name as `application/x-volnet-block`, which the canvas accepts.
class PaletteTree : public QTreeWidget {
    Q_OBJECT
public:
    static QString mimeType() { return QStringLiteral("application/x-volnet-block"); }
    // The role holding a block item's type name; categories hold none.
    static constexpr int TypeRole = Qt::UserRole;

    explicit PaletteTree(QWidget *parent = nullptr);

    // What a drag of `item` carries; null for a category.
    QMimeData *mimeDataFor(const QTreeWidgetItem *item) const;

protected:
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QList<QTreeWidgetItem *> &items) const override;
    // Copy only: a drop never takes a block out of the palette, whatever the modifiers.
    void startDrag(Qt::DropActions supportedActions) override;

private:
    // What follows the pointer: a chip in the category's colour with the block's name.
    QPixmap dragPixmap(const QTreeWidgetItem *item) const;
};

} // namespace volnet::ui
