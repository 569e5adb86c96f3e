#include "editor/graph_scene.h"

#include "document/graph_document.h"
#include "editor/edge_item.h"
#include "editor/node_item.h"
#include "editor/port_item.h"
#include "editor/wire_drag.h"
#include "graph/block_registry.h"

#include <QGraphicsSceneHelpEvent>
#include <QGraphicsSceneMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QtMath>

namespace volnet::ui {

GraphScene::GraphScene(GraphDocument *document, QObject *parent)
    : QGraphicsScene(parent), m_document(document), m_wire(new WireDrag(this))
{
    // Cards move and wires bend all the time; a spatial index would be rebuilt more
    // often than it is used at the sizes designs have.
    setItemIndexMethod(NoIndex);
    connect(document, &GraphDocument::graphChanged, this, &GraphScene::onGraphChanged);
    connect(document, &GraphDocument::analysisChanged, this, &GraphScene::onAnalysisChanged);
    rebuild();
}

GraphScene::~GraphScene()
{
    // Deleting selected cards announces a selection change; nobody must hear it now.
    blockSignals(true);
    m_wire->cancel();
    m_edges.clear();
    qDeleteAll(m_nodes); // each takes its wires with it
    m_nodes.clear();
}

QStringList GraphScene::selectedNodeIds() const
{
    QStringList ids;
    for (const Node &n : m_document->graph().nodes()) {
        const NodeItem *item = m_nodes.value(QString::fromStdString(n.id));
        if (item && item->isSelected())
            ids << item->id();
    }
    return ids;
}

QStringList GraphScene::allNodeIds() const
{
    QStringList ids;
    for (const Node &n : m_document->graph().nodes())
        ids << QString::fromStdString(n.id);
    return ids;
}

QList<EdgeItem *> GraphScene::selectedEdges() const
{
    QList<EdgeItem *> edges;
    for (EdgeItem *edge : m_edges)
        if (edge->isSelected())
            edges << edge;
    return edges;
}

QRectF GraphScene::nodesBoundingRect() const
{
    QRectF rect;
    for (const NodeItem *item : m_nodes)
        rect |= item->sceneBoundingRect();
    return rect;
}

void GraphScene::setShareMetric(ShareMetric metric)
{
    if (metric == m_metric)
        return;
    m_metric = metric;
    onAnalysisChanged();
}

bool GraphScene::isWiring() const
{
    return m_wire->isActive();
}

void GraphScene::cancelWiring()
{
    m_wire->cancel();
}

void GraphScene::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        if (PortItem *port = portAt(event->scenePos()); port && m_wire->begin(port, event->scenePos())) {
            event->accept();
            return;
        }
    }
    QGraphicsScene::mousePressEvent(event);
    m_draggingNodes = event->button() == Qt::LeftButton && mouseGrabberItem() &&
                      mouseGrabberItem()->type() == NodeItem::Type;
}

void GraphScene::mouseMoveEvent(QGraphicsSceneMouseEvent *event)
{
    if (m_wire->isActive()) {
        m_wire->moveTo(event->scenePos(), event->screenPos());
        event->accept();
        return;
    }
    QGraphicsScene::mouseMoveEvent(event);
}

void GraphScene::mouseReleaseEvent(QGraphicsSceneMouseEvent *event)
{
    if (m_wire->isActive() && event->button() == Qt::LeftButton) {
        m_wire->finish(event->scenePos());
        event->accept();
        return;
    }
    QGraphicsScene::mouseReleaseEvent(event);
    if (m_draggingNodes && event->button() == Qt::LeftButton) {
        m_draggingNodes = false;
        commitMoves();
    }
}

void GraphScene::drawBackground(QPainter *painter, const QRectF &rect)
{
    painter->fillRect(rect, canvas::canvasBackground());
    // Dots closer than this on screen are noise: the minor ones go first, then the
    // major ones (every fifth).
    constexpr qreal kMinSpacing = 12;
    const qreal step = canvas::kGrid;
    const qreal onScreen = painter->worldTransform().m11() * step;
    if (onScreen * 5 < kMinSpacing)
        return;
    const bool minorToo = onScreen >= kMinSpacing;
    QVector<QPointF> minor;
    QVector<QPointF> major;
    const qreal stride = minorToo ? step : 5 * step;
    for (qreal x = std::floor(rect.left() / stride) * stride; x <= rect.right(); x += stride)
        for (qreal y = std::floor(rect.top() / stride) * stride; y <= rect.bottom(); y += stride) {
            if (qRound(x / step) % 5 == 0 && qRound(y / step) % 5 == 0)
                major.append(QPointF(x, y));
            else if (minorToo)
                minor.append(QPointF(x, y));
        }
    // Square, aliased points: round antialiased ones are stroked as curves, and a
    // screenful of them cost more than all the cards.
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, false);
    QPen pen(canvas::gridDot(), 1, Qt::SolidLine, Qt::SquareCap);
    pen.setCosmetic(true);
    painter->setPen(pen);
    painter->drawPoints(minor.constData(), int(minor.size()));
    pen.setColor(canvas::gridDot().darker(120));
    pen.setWidth(2);
    painter->setPen(pen);
    painter->drawPoints(major.constData(), int(major.size()));
    painter->restore();
}

void GraphScene::helpEvent(QGraphicsSceneHelpEvent *event)
{
    QString text;
    for (QGraphicsItem *item : items(event->scenePos(), Qt::IntersectsItemShape, Qt::DescendingOrder)) {
        if (item->type() == PortItem::Type)
            text = static_cast<PortItem *>(item)->toolTipText();
        else if (item->type() == NodeItem::Type)
            text = static_cast<NodeItem *>(item)->toolTipText();
        else if (item->type() == EdgeItem::Type)
            text = static_cast<EdgeItem *>(item)->toolTipText();
        else
            continue;
        break;
    }
    if (text.isEmpty()) {
        QToolTip::hideText();
        event->ignore();
        return;
    }
    QToolTip::showText(event->screenPos(), text, event->widget());
    event->accept();
}

void GraphScene::onGraphChanged(const GraphEvent &event)
{
    // A wire being dragged refers to ports that this change may remove.
    m_wire->cancel();
    const QString id = QString::fromStdString(event.node);
    switch (event.kind) {
    case GraphEvent::Reset:
        rebuild();
        break;
    case GraphEvent::NodeAdded:
        addNode(id);
        break;
    case GraphEvent::NodeRemoved:
        delete m_nodes.take(id);
        break;
    case GraphEvent::EdgeAdded:
        addEdge(id, event.port);
        break;
    case GraphEvent::EdgeRemoved:
        removeEdge(id, event.port);
        break;
    case GraphEvent::ParamChanged:
        syncNode(id);
        break;
    case GraphEvent::NodeMoved:
        if (NodeItem *item = m_nodes.value(id)) {
            const Node *n = m_document->graph().node(event.node);
            item->setPos(n->x, n->y);
        }
        break;
    }
}

void GraphScene::onAnalysisChanged()
{
    const Analysis &analysis = m_document->analysis();
    for (NodeItem *item : std::as_const(m_nodes))
        item->syncAnalysis(analysis, m_metric);
    for (EdgeItem *edge : std::as_const(m_edges))
        edge->syncAnalysis(analysis);
}

void GraphScene::rebuild()
{
    m_wire->cancel();
    m_edges.clear();
    qDeleteAll(m_nodes);
    m_nodes.clear();
    const Graph &graph = m_document->graph();
    for (const Node &n : graph.nodes())
        addNode(QString::fromStdString(n.id));
    for (const Edge &e : graph.edges())
        addEdge(QString::fromStdString(e.to), e.port);
    onAnalysisChanged();
}

void GraphScene::addNode(const QString &id)
{
    const Node *n = m_document->graph().node(id.toStdString());
    auto *item = new NodeItem(*n, *findBlock(n->type));
    m_nodes.insert(id, item);
    addItem(item);
    item->syncNode(m_document->graph());
}

void GraphScene::addEdge(const QString &to, int port)
{
    const Graph &graph = m_document->graph();
    const auto inputs = graph.inputsOf(to.toStdString());
    NodeItem *consumer = m_nodes.value(to);
    NodeItem *producer = m_nodes.value(QString::fromStdString(inputs.at(size_t(port)).value()));
    consumer->syncNode(graph); // first: a variadic block grows the port this wire lands on
    producer->syncNode(graph);
    auto *edge = new EdgeItem(producer, consumer, port);
    m_edges.insert({to, port}, edge);
    addItem(edge);
}

void GraphScene::removeEdge(const QString &to, int port)
{
    EdgeItem *edge = m_edges.take({to, port});
    if (!edge)
        return;
    NodeItem *producer = edge->fromNode();
    delete edge;
    syncNode(producer->id());
    syncNode(to);
}

void GraphScene::syncNode(const QString &id)
{
    if (NodeItem *item = m_nodes.value(id))
        item->syncNode(m_document->graph());
}

void GraphScene::commitMoves()
{
    // Only selected cards move with a drag.
    QHash<QString, QPointF> moved;
    for (QGraphicsItem *selected : selectedItems()) {
        if (selected->type() != NodeItem::Type)
            continue;
        const auto *item = static_cast<NodeItem *>(selected);
        const Node *n = m_document->graph().node(item->id().toStdString());
        if (item->pos() != QPointF(n->x, n->y))
            moved.insert(item->id(), item->pos());
    }
    m_document->moveNodes(moved);
}

PortItem *GraphScene::portAt(QPointF scenePos) const
{
    // The topmost thing under the pointer decides: a card lying over another card's
    // port hides that port.
    for (QGraphicsItem *item : items(scenePos, Qt::IntersectsItemShape, Qt::DescendingOrder)) {
        if (item->type() == PortItem::Type)
            return static_cast<PortItem *>(item);
        if (item->type() == NodeItem::Type)
            return nullptr;
    }
    return nullptr;
}

} // namespace volnet::ui
