#pragma once
#include <QPainterPath>
#include <QPointF>

namespace volnet::ui {

// The S-shaped cubic a wire follows from an output (leaving rightwards) to an input
// (arriving from the left); a wire running backwards swings out wide enough to be read.
QPainterPath wirePath(QPointF from, QPointF to);

} // namespace volnet::ui
