#include "palette/category_style.h"

#include <QCoreApplication>
#include <QHash>
#include <QPainter>
#include <QPixmap>

namespace volnet::ui {

QColor CategoryStyle::color(const QString &category)
{
    static const QHash<QString, QColor> colors = {
        {QStringLiteral("Input"), QColor(0x60, 0x7d, 0x8b)}, {QStringLiteral("3D"), QColor(0x1e, 0x88, 0xe5)},
        {QStringLiteral("Time"), QColor(0x8e, 0x24, 0xaa)},  {QStringLiteral("Shape"), QColor(0xfb, 0x8c, 0x00)},
        {QStringLiteral("Merge"), QColor(0x00, 0x89, 0x7b)}, {QStringLiteral("Recurrent"), QColor(0xd8, 0x1b, 0x60)},
        {QStringLiteral("2D"), QColor(0x43, 0xa0, 0x47)},    {QStringLiteral("Head"), QColor(0x6d, 0x4c, 0x41)},
    };
    return colors.value(category, QColor(0x75, 0x75, 0x75));
}

QIcon CategoryStyle::icon(const QString &category)
{
    QIcon icon;
    for (int size : {16, 32}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(color(category).darker(130));
        p.setBrush(color(category));
        const qreal inset = size * 0.15;
        p.drawRoundedRect(QRectF(inset, inset, size - 2 * inset, size - 2 * inset), size * 0.2, size * 0.2);
        icon.addPixmap(pixmap);
    }
    return icon;
}

QString CategoryStyle::description(const QString &category)
{
    static const QHash<QString, const char *> texts = {
        {QStringLiteral("Input"), QT_TRANSLATE_NOOP("CategoryStyle", "Where a sample enters the network")},
        {QStringLiteral("3D"), QT_TRANSLATE_NOOP("CategoryStyle", "Convolution and pooling over (T or D, H, W)")},
        {QStringLiteral("Time"), QT_TRANSLATE_NOOP("CategoryStyle", "Collapse or pick frames: from volumes to images")},
        {QStringLiteral("Shape"), QT_TRANSLATE_NOOP("CategoryStyle", "Reshape, reorder or flatten the axes")},
        {QStringLiteral("Merge"), QT_TRANSLATE_NOOP("CategoryStyle", "Join branches")},
        {QStringLiteral("Recurrent"), QT_TRANSLATE_NOOP("CategoryStyle", "Step through a sequence")},
        {QStringLiteral("2D"), QT_TRANSLATE_NOOP("CategoryStyle", "Convolution and pooling over images (H, W)")},
        {QStringLiteral("Head"), QT_TRANSLATE_NOOP("CategoryStyle", "Dense layers, normalisation and activations")},
    };
    const char *text = texts.value(category, nullptr);
    return text ? QCoreApplication::translate("CategoryStyle", text) : QString();
}

} // namespace volnet::ui
