#pragma once
// The canvas's measures and colours, in one place so that cards, ports and wires agree.
#include <QColor>
#include <QFont>
#include <QString>

namespace volnet::ui {

// What the bar on each card measures: the node's share of the model's parameters or
// of its forward FLOPs.
enum class ShareMetric { Params, Flops };

namespace canvas {

inline constexpr double kGrid = 20;          // snap step of node positions
inline constexpr double kCardWidth = 160;     // leaves room for a wire label between
inline constexpr double kHeaderHeight = 22;   // columns 240 px apart, as the templates are
inline constexpr double kRowHeight = 15;
inline constexpr double kPadding = 8;
inline constexpr double kCornerRadius = 6;
inline constexpr double kPortRadius = 5;
inline constexpr double kPortSpacing = 20;
inline constexpr double kPortGrabRadius = 10; // generous: ports are small targets
inline constexpr double kSnapRadius = 18;     // a rubber wire this close to a port lands on it

// The category's colour, shared with the palette so that a block looks the same in both.
QColor categoryColor(const QString &category);
// White or near-black, whichever reads better on `background`.
QColor textOn(const QColor &background);

QColor canvasBackground();
QColor gridDot();
QColor cardFill();
QColor cardBorder();
QColor primaryText();
QColor secondaryText();
QColor shapeText();
QColor selection();
QColor errorColor();
QColor warningColor();
QColor wireColor();
QColor validColor();

QFont headerFont();
QFont bodyFont();
QFont smallFont();

} // namespace canvas
} // namespace volnet::ui
