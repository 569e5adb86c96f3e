#pragma once
// The wiring gesture. From an output port, a rubber wire looks for an input; from a free
// input port, it looks for an output; from a wired input port, it picks that wire up
// (dropped on empty canvas, the wire is deleted). The ports the wire may land on light
// up, the others explain why not, and on release the document is asked to connect.
#include <QList>
#include <QObject>
#include <QPointF>
#include <QTimer>

class QGraphicsPathItem;

namespace volnet::ui {

class GraphScene;
class PortItem;

class WireDrag : public QObject {
    Q_OBJECT
public:
    explicit WireDrag(GraphScene *scene);
    ~WireDrag() override;

    bool isActive() const { return m_wire != nullptr; }
    bool begin(PortItem *port, QPointF scenePos);
    void moveTo(QPointF scenePos, QPoint screenPos);
    void finish(QPointF scenePos);
    void cancel();

private:
    // The end of the wire that stays put while the other follows the pointer.
    struct Anchor {
        QString node;
        int port = -1; // the input's number; -1 when the fixed end is an output
    };

    bool seeksInputs() const { return m_fixed.port < 0; }
    PortItem *targetNear(QPointF scenePos) const;
    void evaluate(PortItem *port);
    void evaluateSome(int budgetMs);
    void end();

    GraphScene *m_scene;
    QGraphicsPathItem *m_wire = nullptr;
    PortItem *m_fixedPort = nullptr;
    Anchor m_fixed;
    Anchor m_detached; // the input whose wire was picked up, if any
    QList<PortItem *> m_candidates;
    QList<PortItem *> m_pending; // candidates not judged yet, nearest first
    PortItem *m_hovered = nullptr;
    QTimer m_continue;
};

} // namespace volnet::ui
