#include "editor/wire_drag.h"

#include "document/graph_document.h"
#include "editor/canvas_style.h"
#include "editor/edge_item.h"
#include "editor/graph_scene.h"
#include "editor/node_item.h"
#include "editor/port_item.h"
#include "editor/wire_path.h"

#include <QElapsedTimer>
#include <QGraphicsPathItem>
#include <QLineF>
#include <QPen>
#include <QToolTip>

#include <algorithm>

namespace volnet::ui {

namespace {

// Judging a port analyses the design upstream of it; a large design is judged a slice
// at a time, nearest ports first, so that the wire follows the pointer at once.
constexpr int kFirstBudgetMs = 30;
constexpr int kSliceBudgetMs = 8;

} // namespace

WireDrag::WireDrag(GraphScene *scene) : QObject(scene), m_scene(scene)
{
    m_continue.setSingleShot(true);
    m_continue.setInterval(0);
    connect(&m_continue, &QTimer::timeout, this, [this] { evaluateSome(kSliceBudgetMs); });
}

WireDrag::~WireDrag()
{
    cancel();
}

bool WireDrag::begin(PortItem *port, QPointF scenePos)
{
    cancel();
    NodeItem *node = port->node();
    if (!port->isInput()) {
        m_fixed = {node->id(), -1};
        m_fixedPort = port;
    } else if (EdgeItem *edge = m_scene->edgeItem(node->id(), port->index())) {
        m_fixed = {edge->fromNode()->id(), -1};
        m_fixedPort = edge->fromNode()->outputPort();
        m_detached = {node->id(), port->index()};
        edge->setVisible(false);
    } else {
        m_fixed = {node->id(), port->index()};
        m_fixedPort = port;
    }
    m_wire = new QGraphicsPathItem;
    m_wire->setZValue(3);
    m_scene->addItem(m_wire);

    for (NodeItem *item : m_scene->nodeItems()) {
        if (!seeksInputs())
            m_candidates << item->outputPort();
        else
            for (int i = 0; i < item->inputCount(); ++i)
                m_candidates << item->inputPort(i);
    }
    for (PortItem *candidate : std::as_const(m_candidates))
        candidate->setCandidacy(PortItem::Candidacy::Unknown);
    m_pending = m_candidates;
    std::sort(m_pending.begin(), m_pending.end(), [&](PortItem *a, PortItem *b) {
        return QLineF(a->anchor(), scenePos).length() < QLineF(b->anchor(), scenePos).length();
    });
    evaluateSome(kFirstBudgetMs);
    moveTo(scenePos, {});
    return true;
}

void WireDrag::moveTo(QPointF scenePos, QPoint screenPos)
{
    if (!isActive())
        return;
    PortItem *target = targetNear(scenePos);
    if (target && target->candidacy() == PortItem::Candidacy::Unknown)
        evaluate(target);
    if (target != m_hovered) {
        if (m_hovered)
            m_hovered->setHovered(false);
        m_hovered = target;
        if (target)
            target->setHovered(true);
    }
    const bool valid = target && target->candidacy() == PortItem::Candidacy::Valid;
    const bool invalid = target && target->candidacy() == PortItem::Candidacy::Invalid;
    QPen pen(valid ? canvas::validColor() : invalid ? canvas::errorColor() : canvas::selection(), 2, Qt::SolidLine,
             Qt::RoundCap);
    if (invalid)
        pen.setStyle(Qt::DashLine);
    m_wire->setPen(pen);
    const QPointF loose = valid ? target->anchor() : scenePos;
    // Drawn from output to input whichever end the user holds, so it bends as it will.
    m_wire->setPath(seeksInputs() ? wirePath(m_fixedPort->anchor(), loose) : wirePath(loose, m_fixedPort->anchor()));
    if (invalid)
        QToolTip::showText(screenPos, target->toolTipText());
    else
        QToolTip::hideText();
}

void WireDrag::finish(QPointF scenePos)
{
    if (!isActive())
        return;
    PortItem *target = targetNear(scenePos);
    if (target && target->candidacy() == PortItem::Candidacy::Unknown)
        evaluate(target);
    const bool valid = target && target->candidacy() == PortItem::Candidacy::Valid;
    const Anchor landed = target ? Anchor{target->node()->id(), target->isInput() ? target->index() : -1} : Anchor{};
    const Anchor from = seeksInputs() ? m_fixed : landed;
    const Anchor to = seeksInputs() ? landed : m_fixed;
    const Anchor detached = m_detached;
    end(); // the items go back to rest before the document changes them

    GraphDocument *document = m_scene->document();
    if (detached.node.isEmpty()) {
        if (valid)
            document->connectPorts(from.node, to.node, to.port);
        return;
    }
    if (!target) {
        document->disconnectPort(detached.node, detached.port);
    } else if (valid && (to.node != detached.node || to.port != detached.port)) {
        document->undoStack()->beginMacro(tr("Move wire from %1 to %2").arg(detached.node, to.node));
        document->disconnectPort(detached.node, detached.port);
        document->connectPorts(from.node, to.node, to.port);
        document->undoStack()->endMacro();
    }
    // Put back where it was, or dropped on a port that refuses it: the wire stays.
}

void WireDrag::cancel()
{
    if (isActive())
        end();
}

PortItem *WireDrag::targetNear(QPointF scenePos) const
{
    const qreal r = canvas::kSnapRadius;
    PortItem *nearest = nullptr;
    qreal best = r;
    for (QGraphicsItem *item : m_scene->items(QRectF(scenePos - QPointF(r, r), QSizeF(2 * r, 2 * r)))) {
        if (item->type() != PortItem::Type)
            continue;
        auto *port = static_cast<PortItem *>(item);
        const qreal distance = QLineF(port->anchor(), scenePos).length();
        if (port->isInput() == seeksInputs() && distance <= best) {
            best = distance;
            nearest = port;
        }
    }
    return nearest;
}

void WireDrag::evaluate(PortItem *port)
{
    const QString node = port->node()->id();
    QString why;
    const bool ok = seeksInputs() ? m_scene->document()->canConnect(m_fixed.node, node, port->index(), &why)
                                  : m_scene->document()->canConnect(node, m_fixed.node, m_fixed.port, &why);
    port->setCandidacy(ok ? PortItem::Candidacy::Valid : PortItem::Candidacy::Invalid, why);
    m_pending.removeOne(port);
}

void WireDrag::evaluateSome(int budgetMs)
{
    QElapsedTimer clock;
    clock.start();
    while (!m_pending.isEmpty() && clock.elapsed() < budgetMs)
        evaluate(m_pending.first());
    if (!m_pending.isEmpty())
        m_continue.start();
}

void WireDrag::end()
{
    m_continue.stop();
    QToolTip::hideText();
    for (PortItem *candidate : std::as_const(m_candidates))
        candidate->setCandidacy(PortItem::Candidacy::None);
    m_candidates.clear();
    m_pending.clear();
    m_hovered = nullptr;
    if (EdgeItem *edge = m_scene->edgeItem(m_detached.node, m_detached.port))
        edge->setVisible(true);
    m_detached = {};
    m_fixed = {};
    m_fixedPort = nullptr;
    delete m_wire;
    m_wire = nullptr;
}

} // namespace volnet::ui
