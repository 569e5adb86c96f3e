#pragma once
// The canvas's scene: one card per node and one wire per edge of a GraphDocument,
// updated piece by piece as the document announces changes. It draws and forwards
// gestures (wiring, moving); every change to the design goes through the document.
#include "editor/canvas_style.h"

#include <QGraphicsScene>
#include <QHash>
#include <QPair>

namespace volnet {
struct GraphEvent;
}

namespace volnet::ui {

class EdgeItem;
class GraphDocument;
class NodeItem;
class PortItem;
class WireDrag;

class GraphScene : public QGraphicsScene {
    Q_OBJECT
public:
    using ShareMetric = volnet::ui::ShareMetric;

    explicit GraphScene(GraphDocument *document, QObject *parent = nullptr);
    ~GraphScene() override;

    GraphDocument *document() const { return m_document; }
    NodeItem *nodeItem(const QString &id) const { return m_nodes.value(id); }
    EdgeItem *edgeItem(const QString &to, int port) const { return m_edges.value({to, port}); }
    QList<NodeItem *> nodeItems() const { return m_nodes.values(); }
    // Selected nodes in the design's node order, so that copies keep that order.
    QStringList selectedNodeIds() const;
    QStringList allNodeIds() const;
    QList<EdgeItem *> selectedEdges() const;
    QRectF nodesBoundingRect() const;

    void setShareMetric(ShareMetric metric);
    ShareMetric shareMetric() const { return m_metric; }

    // Whether the user is dragging cards (their positions then snap to the grid).
    bool isDraggingNodes() const { return m_draggingNodes; }
    bool isWiring() const;
    void cancelWiring();

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;
    void drawBackground(QPainter *painter, const QRectF &rect) override;
    void helpEvent(QGraphicsSceneHelpEvent *event) override;

private:
    void onGraphChanged(const GraphEvent &event);
    void onAnalysisChanged();
    void rebuild();
    void addNode(const QString &id);
    void addEdge(const QString &to, int port);
    void removeEdge(const QString &to, int port);
    void syncNode(const QString &id);
    void commitMoves();
    PortItem *portAt(QPointF scenePos) const;

    GraphDocument *m_document;
    ShareMetric m_metric = ShareMetric::Params;
    QHash<QString, NodeItem *> m_nodes;
    QHash<QPair<QString, int>, EdgeItem *> m_edges; // by consumer and port
    WireDrag *m_wire;
    bool m_draggingNodes = false;
};

} // namespace volnet::ui
