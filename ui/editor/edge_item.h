#pragma once
#include "graph/analysis.h"

#include <QGraphicsItem>
#include <QPainterPath>

namespace volnet::ui {

class NodeItem;

// A wire from a node's output to another node's input port, labelled with the shape of
// the tensor it carries, red when its consumer has an error.
class EdgeItem : public QGraphicsItem {
public:
    enum { Type = UserType + 3 };

    EdgeItem(NodeItem *from, NodeItem *to, int port);
    ~EdgeItem() override;

    int type() const override { return Type; }
    NodeItem *fromNode() const { return m_from; }
    NodeItem *toNode() const { return m_to; }
    int port() const { return m_port; }

    // Follows the ports after a node moved or its ports were laid out again.
    void adjust();
    // The label and colour the analysis decides; repaints only when they changed.
    void syncAnalysis(const Analysis &analysis);
    const QString &label() const { return m_label; }
    bool isError() const { return m_error; }
    QString toolTipText() const;

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    void placeLabel();

    NodeItem *m_from;
    NodeItem *m_to;
    int m_port;
    QPainterPath m_path;
    QString m_label;
    QRectF m_labelRect;
    bool m_error = false;
};

} // namespace volnet::ui
