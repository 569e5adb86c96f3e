#include "mainwindow/graph_thumbnail.h"

#include "document/graph_document.h"
#include "editor/graph_scene.h"

#include <QPainter>

#include <algorithm>
#include <map>

namespace volnet::ui {

namespace {

// Tighter than the templates' 240 px columns: a picture needs no room for dragging.
constexpr double kColumnStep = 220;
constexpr double kRowStep = 130;
constexpr double kBandGap = 30;
constexpr double kMargin = 24;

// Each node's depth: the longest wiring path from an input to it.
std::map<std::string, int> depths(const Graph &graph)
{
    std::map<std::string, int> depth;
    for (const Node &n : graph.nodes())
        depth[n.id] = 0;
    // Relaxing every edge as often as there are nodes settles any acyclic graph; a
    // cycle (an error the canvas shows) just stops growing at that bound.
    for (size_t pass = 0; pass < graph.nodes().size(); ++pass) {
        bool changed = false;
        for (const Edge &e : graph.edges())
            if (depth[e.to] < depth[e.from] + 1 && depth[e.from] + 1 < int(graph.nodes().size())) {
                depth[e.to] = depth[e.from] + 1;
                changed = true;
            }
        if (!changed)
            break;
    }
    return depth;
}

// The design folded into bands of layers, as many layers to a band as make the cards
// largest in a picture of `size`.
Graph folded(const Graph &graph, QSizeF size)
{
    const std::map<std::string, int> depth = depths(graph);
    int layers = 0;
    std::map<int, std::vector<const Node *>> byLayer;
    for (const Node &n : graph.nodes()) {
        byLayer[depth.at(n.id)].push_back(&n);
        layers = std::max(layers, depth.at(n.id) + 1);
    }
    size_t stack = 1;
    for (auto &[layer, nodes] : byLayer) {
        std::stable_sort(nodes.begin(), nodes.end(), [](const Node *a, const Node *b) { return a->y < b->y; });
        stack = std::max(stack, nodes.size());
    }
    const double bandHeight = double(stack) * kRowStep + kBandGap;
    int columns = std::max(layers, 1);
    double best = 0;
    for (int c = 1; c <= layers; ++c) {
        const int bands = (layers + c - 1) / c;
        const double scale = std::min(size.width() / (c * kColumnStep + 2 * kMargin),
                                      size.height() / (bands * bandHeight + 2 * kMargin));
        if (scale > best) {
            best = scale;
            columns = c;
        }
    }
    std::vector<Node> nodes = graph.nodes();
    for (Node &n : nodes) {
        const int layer = depth.at(n.id);
        const auto &column = byLayer[layer];
        const auto slot = std::find(column.begin(), column.end(), graph.node(n.id)) - column.begin();
        n.x = (layer % columns) * kColumnStep;
        n.y = (layer / columns) * bandHeight + double(slot) * kRowStep;
    }
    Graph result;
    result.setMeta(graph.meta());
    result.reset(std::move(nodes), graph.edges());
    return result;
}

} // namespace

QPixmap GraphThumbnail::render(const Graph &graph, QSize size)
{
    GraphDocument document;
    document.newFrom(folded(graph, QSizeF(size)));
    GraphScene scene(&document);
    QPixmap pixmap(size);
    pixmap.fill(canvas::canvasBackground());
    QPainter painter(&pixmap);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    const QRectF content = scene.nodesBoundingRect().marginsAdded(QMarginsF(kMargin, kMargin, kMargin, kMargin));
    // Centred, with the canvas around it where the aspect ratios differ.
    QRectF source = content;
    const double aspect = double(size.width()) / size.height();
    if (source.width() / source.height() > aspect)
        source.setHeight(source.width() / aspect);
    else
        source.setWidth(source.height() * aspect);
    source.moveCenter(content.center());
    scene.render(&painter, QRectF(QPointF(0, 0), size), source, Qt::KeepAspectRatio);
    return pixmap;
}

} // namespace volnet::ui
