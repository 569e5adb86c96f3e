#pragma once
// The canvas widget: shows a GraphScene and turns the user's gestures into edits of its
// GraphDocument. Wheel zooms around the pointer; the middle button, Space + drag or
// Alt + drag pans; a drag on empty canvas selects with a rubber band; blocks dropped
// from the palette (mime type application/x-volnet-block) are added where they land.
#include <QGraphicsView>
#include <QStringList>

namespace volnet::ui {

class GraphDocument;
class GraphScene;

class GraphView : public QGraphicsView {
    Q_OBJECT
public:
    explicit GraphView(GraphDocument *document, QWidget *parent = nullptr);

    static QString blockMimeType() { return QStringLiteral("application/x-volnet-block"); }
    static QString graphMimeType() { return QStringLiteral("application/x-volnet-graph"); }

    GraphScene *graphScene() const { return m_scene; }
    QStringList selectedNodeIds() const;
    qreal zoom() const { return transform().m11(); }

public slots:
    // Adds a block in the middle of what is visible (the palette's double-click).
    QString addBlockAtCenter(const QString &type);
    void selectNode(const QString &id, bool centre = true);
    void copySelection();
    void paste();
    void duplicateSelection();
    void deleteSelection();
    void fitToView();
    void zoomToActualSize();

signals:
    void selectionChanged(const QStringList &ids);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void keyReleaseEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void onSceneSelectionChanged();
    void selectOnly(const QStringList &ids);
    // Scales by `factor` within the zoom limits, keeping the scene point at `anchor` still.
    void zoomBy(qreal factor, QPoint anchor);
    // Where a paste or a new block goes: under the pointer when it is over the canvas.
    QPointF placementPoint() const;
    QPointF freeSpotNear(QPointF topLeft) const;

    GraphDocument *m_document;
    GraphScene *m_scene;
    QStringList m_lastSelection;
    bool m_spaceHeld = false;
    bool m_panning = false;
    QPoint m_panFrom;
};

} // namespace volnet::ui
