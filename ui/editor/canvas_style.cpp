#include "editor/canvas_style.h"

#include "palette/category_style.h"

namespace volnet::ui::canvas {

QColor categoryColor(const QString &category)
{
    return CategoryStyle::color(category);
}

QColor textOn(const QColor &background)
{
    // Relative luminance as WCAG weighs the channels; light headers get dark text.
    const double luminance = 0.2126 * background.redF() + 0.7152 * background.greenF() + 0.0722 * background.blueF();
    return luminance > 0.6 ? QColor(0x21, 0x21, 0x21) : QColor(Qt::white);
}

QColor canvasBackground() { return QColor(0xf3, 0xf4, 0xf6); }
QColor gridDot() { return QColor(0xc9, 0xcd, 0xd3); }
QColor cardFill() { return QColor(Qt::white); }
QColor cardBorder() { return QColor(0xc4, 0xc9, 0xd0); }
QColor primaryText() { return QColor(0x26, 0x32, 0x38); }
QColor secondaryText() { return QColor(0x6b, 0x72, 0x80); }
QColor shapeText() { return QColor(0x1f, 0x4e, 0x79); }
QColor selection() { return QColor(0x25, 0x63, 0xeb); }
QColor errorColor() { return QColor(0xd3, 0x2f, 0x2f); }
QColor warningColor() { return QColor(0xf5, 0x9e, 0x0b); }
QColor wireColor() { return QColor(0x7b, 0x84, 0x91); }
QColor validColor() { return QColor(0x2e, 0x9d, 0x4f); }

QFont headerFont()
{
    QFont f;
    f.setPointSizeF(8.5);
    f.setBold(true);
    return f;
}

QFont bodyFont()
{
    QFont f;
    f.setPointSizeF(8);
    return f;
}

QFont smallFont()
{
    QFont f;
    f.setPointSizeF(7.5);
    return f;
}

} // namespace volnet::ui::canvas
