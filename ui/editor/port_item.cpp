#include "editor/port_item.h"

#include "editor/canvas_style.h"
#include "editor/node_item.h"

#include <QCursor>
#include <QPainter>

namespace volnet::ui {

PortItem::PortItem(NodeItem *node, Direction direction, int index)
    : QGraphicsItem(node), m_node(node), m_direction(direction), m_index(index)
{
    setCursor(Qt::CrossCursor);
    // Six hundred antialiased circles cost a frame's budget to draw; their pixels are kept.
    setCacheMode(DeviceCoordinateCache);
}

void PortItem::setConnected(bool connected)
{
    if (connected != m_connected) {
        m_connected = connected;
        update();
    }
}

void PortItem::setCandidacy(Candidacy candidacy, const QString &why)
{
    m_candidacy = candidacy;
    m_why = candidacy == Candidacy::Invalid ? why : QString();
    if (candidacy == Candidacy::None)
        m_hovered = false;
    update();
}

QString PortItem::toolTipText() const
{
    return m_candidacy == Candidacy::Invalid ? m_why : m_node->portToolTip(this);
}

void PortItem::setHovered(bool hovered)
{
    if (hovered != m_hovered) {
        m_hovered = hovered;
        update();
    }
}

QRectF PortItem::boundingRect() const
{
    const qreal r = canvas::kPortGrabRadius;
    return QRectF(-r, -r, 2 * r, 2 * r);
}

QPainterPath PortItem::shape() const
{
    QPainterPath path;
    path.addEllipse(boundingRect());
    return path;
}

void PortItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    painter->setRenderHint(QPainter::Antialiasing);
    qreal r = canvas::kPortRadius;
    QColor ring = canvas::wireColor();
    QColor fill = m_connected ? canvas::wireColor() : canvas::cardFill();
    switch (m_candidacy) {
    case Candidacy::None:
    case Candidacy::Unknown:
        break;
    case Candidacy::Valid:
        r += m_hovered ? 2.5 : 1.5;
        ring = canvas::validColor().darker(115);
        fill = canvas::validColor();
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(46, 157, 79, m_hovered ? 90 : 45));
        painter->drawEllipse(QPointF(), r + 4, r + 4);
        break;
    case Candidacy::Invalid:
        ring = canvas::errorColor();
        ring.setAlpha(m_hovered ? 255 : 140);
        fill = canvas::errorColor().lighter(m_hovered ? 150 : 185);
        break;
    }
    painter->setPen(QPen(ring, 1.5));
    painter->setBrush(fill);
    painter->drawEllipse(QPointF(), r, r);
}

} // namespace volnet::ui
