#include "editor/wire_path.h"

#include <QtMath>

namespace volnet::ui {

QPainterPath wirePath(QPointF from, QPointF to)
{
    const qreal dx = to.x() - from.x();
    const qreal reach = dx > 0 ? qMax(40.0, dx * 0.5) : qMax(80.0, qAbs(to.y() - from.y()) * 0.5 - dx * 0.25);
    QPainterPath path(from);
    path.cubicTo(from + QPointF(reach, 0), to - QPointF(reach, 0), to);
    return path;
}

} // namespace volnet::ui
