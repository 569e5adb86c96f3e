#include "editor/edge_item.h"

#include "editor/canvas_style.h"
#include "editor/node_item.h"
#include "editor/port_item.h"
#include "editor/wire_path.h"

#include <QFontMetricsF>
#include <QLineF>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>

namespace volnet::ui {

namespace {

QFont labelFont()
{
    QFont f = canvas::smallFont();
    f.setPointSizeF(7);
    return f;
}

} // namespace

EdgeItem::EdgeItem(NodeItem *from, NodeItem *to, int port) : m_from(from), m_to(to), m_port(port)
{
    setFlags(ItemIsSelectable);
    setZValue(0);
    m_from->attach(this);
    m_to->attach(this);
    adjust();
}

EdgeItem::~EdgeItem()
{
    m_from->detach(this);
    m_to->detach(this);
}

void EdgeItem::adjust()
{
    const PortItem *in = m_to->inputPort(m_port);
    if (!in)
        return; // the consumer is laying its ports out again; it adjusts its wires after
    prepareGeometryChange();
    m_path = wirePath(m_from->outputPort()->anchor(), in->anchor());
    placeLabel();
}

void EdgeItem::syncAnalysis(const Analysis &analysis)
{
    const auto producer = analysis.nodes.find(m_from->id().toStdString());
    const QString label = producer != analysis.nodes.end() && producer->second.output
                              ? QString::fromStdString(formatCross(producer->second.output->dims))
                              : QString();
    const bool error = m_to->state() == NodeItem::State::Error;
    if (label == m_label && error == m_error)
        return;
    prepareGeometryChange();
    m_label = label;
    m_error = error;
    placeLabel();
    update();
}

void EdgeItem::placeLabel()
{
    if (m_label.isEmpty()) {
        m_labelRect = {};
        return;
    }
    const QSizeF size = QFontMetricsF(labelFont()).size(Qt::TextSingleLine, m_label) + QSizeF(6, 2);
    // Between cards set close together the label would be cut by them: it is left out,
    // and the producer's card and the wire's tooltip still give the shape.
    if (QLineF(m_path.pointAtPercent(0), m_path.pointAtPercent(1)).length() < size.width() + 8) {
        m_labelRect = {};
        return;
    }
    // Just above the wire's middle, so the label reads as the wire's caption.
    const QPointF middle = m_path.pointAtPercent(0.5);
    m_labelRect = QRectF(middle.x() - size.width() / 2, middle.y() - size.height() - 2, size.width(), size.height());
}

QString EdgeItem::toolTipText() const
{
    QString text = QObject::tr("%1 → %2, input %3").arg(m_from->id(), m_to->id()).arg(m_port + 1);
    if (!m_label.isEmpty())
        text += QStringLiteral(": ") + m_label;
    if (m_error)
        text += QObject::tr("\n%1 has an error; its tooltip says what.").arg(m_to->id());
    return text;
}

QRectF EdgeItem::boundingRect() const
{
    return m_path.boundingRect().adjusted(-4, -4, 4, 4).united(m_labelRect);
}

QPainterPath EdgeItem::shape() const
{
    QPainterPathStroker stroker;
    stroker.setWidth(10);
    return stroker.createStroke(m_path);
}

void EdgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    painter->setRenderHint(QPainter::Antialiasing);
    const bool highlighted = isSelected() || m_from->isSelected() || m_to->isSelected();
    QColor color = m_error ? canvas::errorColor() : canvas::wireColor();
    if (isSelected())
        color = canvas::selection();
    else if (highlighted && !m_error)
        color = canvas::wireColor().darker(150);
    painter->setPen(QPen(color, highlighted ? 2.4 : 1.6, Qt::SolidLine, Qt::RoundCap));
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(m_path);

    if (m_labelRect.isNull() || option->levelOfDetailFromTransform(painter->worldTransform()) < 0.6)
        return;
    QColor pill = canvas::canvasBackground();
    pill.setAlpha(220);
    painter->setPen(Qt::NoPen);
    painter->setBrush(pill);
    painter->drawRoundedRect(m_labelRect, 3, 3);
    painter->setFont(labelFont());
    painter->setPen(m_error ? canvas::errorColor() : canvas::secondaryText().darker(120));
    painter->drawText(m_labelRect, Qt::AlignCenter, m_label);
}

} // namespace volnet::ui
