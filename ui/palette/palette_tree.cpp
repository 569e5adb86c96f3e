#include "palette/palette_tree.h"

#include "editor/canvas_style.h"
#include "palette/category_style.h"

#include <QDrag>
#include <QMimeData>
#include <QPainter>

namespace volnet::ui {

PaletteTree::PaletteTree(QWidget *parent) : QTreeWidget(parent)
{
    setHeaderHidden(true);
    setDragEnabled(true);
    setDragDropMode(QAbstractItemView::DragOnly);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setAnimated(true);
    setIndentation(12);
}

QMimeData *PaletteTree::mimeDataFor(const QTreeWidgetItem *item) const
{
    const QString type = item ? item->data(0, TypeRole).toString() : QString();
    if (type.isEmpty())
        return nullptr;
    auto *data = new QMimeData;
    data->setData(mimeType(), type.toUtf8());
    data->setText(type);
    return data;
}

QStringList PaletteTree::mimeTypes() const
{
    return {mimeType()};
}

QMimeData *PaletteTree::mimeData(const QList<QTreeWidgetItem *> &items) const
{
    return items.isEmpty() ? nullptr : mimeDataFor(items.first());
}

void PaletteTree::startDrag(Qt::DropActions)
{
    QTreeWidgetItem *item = currentItem();
    QMimeData *data = mimeDataFor(item);
    if (!data)
        return;
    auto *drag = new QDrag(this);
    drag->setMimeData(data);
    const QPixmap chip = dragPixmap(item);
    drag->setPixmap(chip);
    drag->setHotSpot(
        QPoint(chip.width() / (2 * chip.devicePixelRatio()), chip.height() / (2 * chip.devicePixelRatio())));
    drag->exec(Qt::CopyAction, Qt::CopyAction);
}

QPixmap PaletteTree::dragPixmap(const QTreeWidgetItem *item) const
{
    const QColor color = CategoryStyle::color(item->parent() ? item->parent()->text(0) : QString());
    QFont font = this->font();
    font.setBold(true);
    const QSize size(QFontMetrics(font).horizontalAdvance(item->text(0)) + 24, QFontMetrics(font).height() + 12);
    const qreal ratio = devicePixelRatioF();
    QPixmap pixmap(size * ratio);
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(color.darker(130));
    p.setBrush(color);
    p.drawRoundedRect(QRectF(0.5, 0.5, size.width() - 1, size.height() - 1), 6, 6);
    p.setFont(font);
    p.setPen(canvas::textOn(color));
    p.drawText(QRect(QPoint(0, 0), size), Qt::AlignCenter, item->text(0));
    return pixmap;
}

} // namespace volnet::ui
