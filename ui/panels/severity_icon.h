#pragma once
// The marks that say "error" and "warning" everywhere in the panels, drawn here so
// they look the same under every style and platform.
#include "graph/diagnostic.h"

#include <QColor>
#include <QIcon>

namespace volnet::ui {

QIcon severityIcon(Severity severity);
QColor severityColor(Severity severity);

} // namespace volnet::ui
