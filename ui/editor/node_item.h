#pragma once
#include "editor/canvas_style.h"
#include "graph/analysis.h"

#include <QGraphicsItem>
#include <QList>

namespace volnet::ui {

class EdgeItem;
class PortItem;

// A block on the canvas: a card with its category's colour, its type and id, its key
// parameters, its output shape with axis roles, its parameter count and share bar, and
// its ports. It shows what the model and the analysis say; moves are committed by the
// scene when a drag ends.
class NodeItem : public QGraphicsItem {
public:
    enum { Type = UserType + 1 };
    enum class State { Ok, Warning, Error };

    NodeItem(const Node &node, const BlockSpec &spec);
    ~NodeItem() override;

    int type() const override { return Type; }
    const QString &id() const { return m_id; }
    State state() const { return m_content.state; }

    // The key-parameter line and the input ports (a variadic block keeps one free port).
    void syncNode(const Graph &graph);
    // Shape, counts, share and diagnostics; repaints only when what it shows changed.
    void syncAnalysis(const Analysis &analysis, ShareMetric metric);

    // Tooltips are written when asked for, from the document as it is then: an edit
    // must not pay for three hundred tooltips nobody reads.
    QString toolTipText() const;
    QString portToolTip(const PortItem *port) const;

    int inputCount() const { return int(m_inputs.size()); }
    PortItem *inputPort(int port) const;
    PortItem *outputPort() const { return m_output; }

    void attach(EdgeItem *edge);
    void detach(EdgeItem *edge);

    QRectF cardRect() const { return QRectF(0, 0, canvas::kCardWidth, m_height); }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;

private:
    // Everything the card shows that the analysis decides, already fitted to the card.
    struct Content {
        QString shape;   // empty while the shape is unknown
        QString problem; // the first error, on up to two lines
        QString params;
        QString share;
        int shareWidth = 0;
        State state = State::Ok;
        bool operator==(const Content &) const = default;
    };

    void setInputCount(int count);
    void layoutPorts();

    const BlockSpec &m_spec;
    QString m_id;
    QString m_typeText;
    QString m_idText;
    QString m_label;
    QColor m_color;
    QString m_shapeText; // as the analysis says it, and fitted to the card
    QString m_fittedShape;
    QString m_problemText;
    QString m_fittedProblem;
    Content m_content;
    qreal m_height;
    std::vector<PortItem *> m_inputs;
    PortItem *m_output;
    QList<EdgeItem *> m_edges;
};

} // namespace volnet::ui
