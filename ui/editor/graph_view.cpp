#include "editor/graph_view.h"

#include "document/graph_document.h"
#include "editor/canvas_style.h"
#include "editor/edge_item.h"
#include "editor/graph_scene.h"
#include "editor/node_item.h"
#include "graph/graph_json.h"

#include <QApplication>
#include <QClipboard>
#include <QKeyEvent>
#include <QMimeData>
#include <QScrollBar>
#include <QtMath>

#include <limits>

namespace volnet::ui {

namespace {

constexpr qreal kMinZoom = 0.1;
constexpr qreal kMaxZoom = 3.0;
constexpr qreal kDuplicateOffset = 2 * canvas::kGrid;
// The canvas has no edges: panning never stops at a scroll bar's end.
constexpr qreal kCanvasExtent = 200000;

QPointF snapped(QPointF p)
{
    return QPointF(qRound(p.x() / canvas::kGrid) * canvas::kGrid, qRound(p.y() / canvas::kGrid) * canvas::kGrid);
}

// The top-left corner of the nodes in clipboard JSON, to paste them where the user wants.
std::optional<QPointF> topLeftOf(const QString &json)
{
    const GraphLoadResult loaded = graphFromJson(json.toStdString());
    if (!loaded.ok || loaded.graph.nodes().empty())
        return std::nullopt;
    QPointF corner(std::numeric_limits<qreal>::max(), std::numeric_limits<qreal>::max());
    for (const Node &n : loaded.graph.nodes())
        corner = QPointF(qMin(corner.x(), n.x), qMin(corner.y(), n.y));
    return corner;
}

} // namespace

GraphView::GraphView(GraphDocument *document, QWidget *parent)
    : QGraphicsView(parent), m_document(document), m_scene(new GraphScene(document, this))
{
    setScene(m_scene);
    setSceneRect(-kCanvasExtent / 2, -kCanvasExtent / 2, kCanvasExtent, kCanvasExtent);
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setDragMode(RubberBandDrag);
    setRubberBandSelectionMode(Qt::IntersectsItemShape);
    // Zooming keeps the point under the wheel in place by itself (see zoomBy).
    setTransformationAnchor(NoAnchor);
    setResizeAnchor(AnchorViewCenter);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setViewportUpdateMode(SmartViewportUpdate);
    setCacheMode(CacheBackground);
    setFrameShape(QFrame::NoFrame);
    setAcceptDrops(true);
    setFocusPolicy(Qt::StrongFocus);
    connect(m_scene, &QGraphicsScene::selectionChanged, this, &GraphView::onSceneSelectionChanged);
    centerOn(m_scene->nodesBoundingRect().center());
}

QStringList GraphView::selectedNodeIds() const
{
    return m_scene->selectedNodeIds();
}

QString GraphView::addBlockAtCenter(const QString &type)
{
    const QPointF centre = mapToScene(viewport()->rect().center());
    const QPointF corner = freeSpotNear(snapped(centre - QPointF(canvas::kCardWidth / 2, 50)));
    const QString id = m_document->addNode(type, corner);
    if (!id.isEmpty())
        selectOnly({id});
    return id;
}

void GraphView::selectNode(const QString &id, bool centre)
{
    NodeItem *item = m_scene->nodeItem(id);
    if (!item)
        return;
    selectOnly({id});
    if (centre)
        centerOn(item);
}

void GraphView::copySelection()
{
    const QStringList ids = selectedNodeIds();
    if (ids.isEmpty())
        return;
    const QString json = m_document->copyJson(ids);
    auto *data = new QMimeData;
    data->setData(graphMimeType(), json.toUtf8());
    data->setText(json); // readable, and pastes into another window or a text editor
    QApplication::clipboard()->setMimeData(data);
}

void GraphView::paste()
{
    const QMimeData *data = QApplication::clipboard()->mimeData();
    if (!data)
        return;
    const QString json = data->hasFormat(graphMimeType()) ? QString::fromUtf8(data->data(graphMimeType())) : data->text();
    const auto corner = topLeftOf(json);
    if (!corner)
        return; // not a design: nothing to paste
    const QPointF at = freeSpotNear(snapped(placementPoint()));
    selectOnly(m_document->pasteJson(json, at - *corner));
}

void GraphView::duplicateSelection()
{
    const QStringList ids = selectedNodeIds();
    if (ids.isEmpty())
        return;
    selectOnly(m_document->pasteJson(m_document->copyJson(ids), QPointF(kDuplicateOffset, kDuplicateOffset)));
}

void GraphView::deleteSelection()
{
    const QStringList ids = selectedNodeIds();
    QList<QPair<QString, int>> wires;
    for (const EdgeItem *edge : m_scene->selectedEdges())
        if (!ids.contains(edge->toNode()->id()) && !ids.contains(edge->fromNode()->id()))
            wires.append({edge->toNode()->id(), edge->port()});
    if (ids.isEmpty() && wires.isEmpty())
        return;
    QUndoStack *stack = m_document->undoStack();
    const bool several = !wires.isEmpty() && (!ids.isEmpty() || wires.size() > 1);
    if (several)
        stack->beginMacro(tr("Delete selection"));
    for (const auto &[to, port] : wires)
        m_document->disconnectPort(to, port);
    m_document->removeNodes(ids);
    if (several)
        stack->endMacro();
}

void GraphView::fitToView()
{
    const QRectF bounds = m_scene->nodesBoundingRect();
    if (bounds.isEmpty()) {
        zoomToActualSize();
        centerOn(0, 0);
        return;
    }
    fitInView(bounds.adjusted(-40, -40, 40, 40), Qt::KeepAspectRatio);
    // A small design is shown at its real size, not blown up.
    if (zoom() > 1.0)
        zoomToActualSize();
    else if (zoom() < kMinZoom)
        zoomBy(kMinZoom / zoom(), viewport()->rect().center());
    centerOn(bounds.center());
}

void GraphView::zoomToActualSize()
{
    const QPointF centre = mapToScene(viewport()->rect().center());
    resetTransform();
    centerOn(centre);
}

void GraphView::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        m_spaceHeld = true;
        viewport()->setCursor(Qt::OpenHandCursor);
        return;
    }
    if (event->key() == Qt::Key_Escape) {
        if (m_scene->isWiring())
            m_scene->cancelWiring();
        else
            m_scene->clearSelection();
        return;
    }
    // The main window offers these as actions too; their shortcuts take the keys first.
    if (event->matches(QKeySequence::Delete) || event->key() == Qt::Key_Backspace)
        deleteSelection();
    else if (event->matches(QKeySequence::Copy))
        copySelection();
    else if (event->matches(QKeySequence::Paste))
        paste();
    else if (event->matches(QKeySequence::Undo))
        m_document->undoStack()->undo();
    else if (event->matches(QKeySequence::Redo))
        m_document->undoStack()->redo();
    else if (event->matches(QKeySequence::SelectAll))
        selectOnly(m_scene->allNodeIds());
    else if (event->key() == Qt::Key_D && event->modifiers() == Qt::ControlModifier)
        duplicateSelection();
    else if (event->key() == Qt::Key_F && event->modifiers() == Qt::NoModifier)
        fitToView();
    else if (event->key() == Qt::Key_0 && event->modifiers() == Qt::ControlModifier)
        zoomToActualSize();
    else
        QGraphicsView::keyPressEvent(event);
}

void GraphView::keyReleaseEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        m_spaceHeld = false;
        if (!m_panning)
            viewport()->unsetCursor();
        return;
    }
    QGraphicsView::keyReleaseEvent(event);
}

void GraphView::mousePressEvent(QMouseEvent *event)
{
    const bool onEmpty = !itemAt(event->position().toPoint());
    if (event->button() == Qt::MiddleButton || (event->button() == Qt::LeftButton && m_spaceHeld) ||
        (event->button() == Qt::LeftButton && event->modifiers() == Qt::AltModifier && onEmpty)) {
        m_panning = true;
        m_panFrom = event->position().toPoint();
        viewport()->setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QGraphicsView::mousePressEvent(event);
}

void GraphView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_panning) {
        const QPoint delta = event->position().toPoint() - m_panFrom;
        m_panFrom = event->position().toPoint();
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - delta.x());
        verticalScrollBar()->setValue(verticalScrollBar()->value() - delta.y());
        event->accept();
        return;
    }
    QGraphicsView::mouseMoveEvent(event);
}

void GraphView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_panning) {
        m_panning = false;
        if (m_spaceHeld)
            viewport()->setCursor(Qt::OpenHandCursor);
        else
            viewport()->unsetCursor();
        event->accept();
        return;
    }
    QGraphicsView::mouseReleaseEvent(event);
}

void GraphView::wheelEvent(QWheelEvent *event)
{
    const int steps = event->angleDelta().y();
    if (steps == 0) {
        QGraphicsView::wheelEvent(event);
        return;
    }
    // One notch (120) zooms by 15 %; touchpads send smaller steps and zoom smoothly.
    zoomBy(qPow(1.15, steps / 120.0), event->position().toPoint());
    event->accept();
}

void GraphView::dragEnterEvent(QDragEnterEvent *event)
{
    // Nothing on the canvas takes drops itself: only blocks from the palette are taken.
    if (event->mimeData()->hasFormat(blockMimeType()))
        event->acceptProposedAction();
    else
        event->ignore();
}

void GraphView::dragMoveEvent(QDragMoveEvent *event)
{
    if (event->mimeData()->hasFormat(blockMimeType()))
        event->acceptProposedAction();
    else
        event->ignore();
}

void GraphView::dropEvent(QDropEvent *event)
{
    if (!event->mimeData()->hasFormat(blockMimeType())) {
        event->ignore();
        return;
    }
    const QString type = QString::fromUtf8(event->mimeData()->data(blockMimeType()));
    // The card's header lands under the pointer, where the user let go of it.
    const QPointF at = mapToScene(event->position().toPoint()) - QPointF(canvas::kCardWidth / 2, canvas::kHeaderHeight / 2);
    const QString id = m_document->addNode(type, snapped(at));
    if (id.isEmpty()) {
        event->ignore();
        return;
    }
    selectOnly({id});
    event->acceptProposedAction();
    setFocus();
}

void GraphView::onSceneSelectionChanged()
{
    if (!rubberBandRect().isNull()) {
        // A rubber band picks cards; the wires it happens to cross are not the user's aim,
        // and Delete would remove them. A wire is selected by clicking it.
        const QSignalBlocker blocker(m_scene);
        for (EdgeItem *edge : m_scene->selectedEdges())
            edge->setSelected(false);
    }
    const QStringList ids = m_scene->selectedNodeIds();
    if (ids == m_lastSelection)
        return;
    m_lastSelection = ids;
    emit selectionChanged(ids);
}

void GraphView::selectOnly(const QStringList &ids)
{
    // One selectionChanged for the whole change, not one per card.
    QSignalBlocker blocker(m_scene);
    m_scene->clearSelection();
    for (const QString &id : ids)
        if (NodeItem *item = m_scene->nodeItem(id))
            item->setSelected(true);
    blocker.unblock();
    onSceneSelectionChanged();
}

void GraphView::zoomBy(qreal factor, QPoint anchor)
{
    const QPointF fixed = mapToScene(anchor);
    const qreal target = qBound(kMinZoom, zoom() * factor, kMaxZoom);
    scale(target / zoom(), target / zoom());
    const QPointF drift = mapFromScene(fixed) - QPointF(anchor);
    horizontalScrollBar()->setValue(horizontalScrollBar()->value() + qRound(drift.x()));
    verticalScrollBar()->setValue(verticalScrollBar()->value() + qRound(drift.y()));
}

QPointF GraphView::placementPoint() const
{
    const QPoint cursor = viewport()->mapFromGlobal(QCursor::pos());
    if (viewport()->rect().contains(cursor))
        return mapToScene(cursor);
    return mapToScene(viewport()->rect().center()) - QPointF(canvas::kCardWidth / 2, 50);
}

QPointF GraphView::freeSpotNear(QPointF topLeft) const
{
    // Step down the canvas until the new card overlaps no other.
    QPointF at = topLeft;
    for (int attempt = 0; attempt < 50; ++attempt) {
        const QRectF wanted(at - QPointF(10, 10), QSizeF(canvas::kCardWidth + 20, 120));
        bool free = true;
        for (const NodeItem *item : m_scene->nodeItems())
            if (item->sceneBoundingRect().intersects(wanted)) {
                free = false;
                break;
            }
        if (free)
            return at;
        at.ry() += 6 * canvas::kGrid;
    }
    return topLeft;
}

} // namespace volnet::ui
