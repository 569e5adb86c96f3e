#include "panels/severity_icon.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace volnet::ui {

namespace {

QPixmap drawMark(Severity severity, int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    const qreal s = size;
    p.setPen(Qt::NoPen);
    p.setBrush(severityColor(severity));
    if (severity == Severity::Error) {
        p.drawEllipse(QRectF(0.5, 0.5, s - 1, s - 1));
    } else {
        QPainterPath triangle;
        triangle.moveTo(s / 2, 0.5);
        triangle.lineTo(s - 0.5, s - 1);
        triangle.lineTo(0.5, s - 1);
        triangle.closeSubpath();
        p.drawPath(triangle);
    }
    // The exclamation mark: a bar and a dot, in a colour that reads on the fill.
    p.setBrush(severity == Severity::Error ? QColor(Qt::white) : QColor(40, 30, 0));
    const qreal w = s * 0.14;
    const qreal top = severity == Severity::Error ? s * 0.2 : s * 0.3;
    p.drawRoundedRect(QRectF(s / 2 - w / 2, top, w, s * 0.42 - (top - s * 0.2)), w / 2, w / 2);
    p.drawEllipse(QRectF(s / 2 - w * 0.65, s * 0.7, w * 1.3, w * 1.3));
    return pixmap;
}

} // namespace

QColor severityColor(Severity severity)
{
    return severity == Severity::Error ? QColor(0xd3, 0x2f, 0x2f) : QColor(0xf5, 0x9e, 0x0b);
}

QIcon severityIcon(Severity severity)
{
    QIcon icon;
    for (int size : {16, 24, 32})
        icon.addPixmap(drawMark(severity, size));
    return icon;
}

} // namespace volnet::ui
