#pragma once
#include <QGraphicsItem>

namespace volnet::ui {

class NodeItem;

// A connection point on a card: one output on the right, numbered inputs on the left.
// While a wire is being dragged, each input shows whether the wire may land on it.
class PortItem : public QGraphicsItem {
public:
    enum { Type = UserType + 2 };
    enum class Direction { Input, Output };
    enum class Candidacy { None, Unknown, Valid, Invalid };

    PortItem(NodeItem *node, Direction direction, int index);

    int type() const override { return Type; }
    NodeItem *node() const { return m_node; }
    Direction direction() const { return m_direction; }
    bool isInput() const { return m_direction == Direction::Input; }
    int index() const { return m_index; }

    void setConnected(bool connected);
    bool isConnected() const { return m_connected; }
    // During a drag: whether the wire may land here and, when not, why.
    void setCandidacy(Candidacy candidacy, const QString &why = {});
    Candidacy candidacy() const { return m_candidacy; }
    // Why a wire may not land here during a drag; otherwise what the port carries.
    QString toolTipText() const;
    void setHovered(bool hovered);

    // The wire's end, in scene coordinates.
    QPointF anchor() const { return scenePos(); }

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    NodeItem *m_node;
    Direction m_direction;
    int m_index;
    bool m_connected = false;
    bool m_hovered = false;
    Candidacy m_candidacy = Candidacy::None;
    QString m_why;
};

} // namespace volnet::ui
