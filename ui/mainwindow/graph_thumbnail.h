#pragma once
// A picture of a design as the canvas draws it, for the template gallery: its layers
// folded into bands so that the cards can be read in a small picture.
#include "graph/graph.h"

#include <QPixmap>

namespace volnet::ui {

class GraphThumbnail {
public:
    // The whole design, scaled to fit `size` and centred on the canvas's background.
    static QPixmap render(const Graph &graph, QSize size);
};

} // namespace volnet::ui
