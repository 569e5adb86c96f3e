// The canvas driven as a user drives it: QTest mouse and key events on the view's
// viewport at the items' positions. Screenshots go to <build>/shots/.
#include "document/graph_document.h"
#include "editor/canvas_style.h"
#include "editor/edge_item.h"
#include "editor/graph_scene.h"
#include "editor/graph_view.h"
#include "editor/node_item.h"
#include "editor/port_item.h"
#include "graph/graph_json.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QMimeData>
#include <QSignalSpy>
#include <QTest>
#include <QToolTip>

using namespace volnet;
using namespace volnet::ui;

namespace {

QString templatePath(const char *name)
{
    return QStringLiteral(VOLNET_SOURCE_DIR "/resources/templates/%1.json").arg(name);
}

QString shotPath(const QString &name)
{
    const QString dir = QStringLiteral(VOLNET_BINARY_DIR "/shots");
    QDir().mkpath(dir);
    return dir + "/" + name + ".png";
}

std::optional<std::string> producerOf(const GraphDocument &doc, const std::string &to, int port)
{
    const auto inputs = doc.graph().inputsOf(to);
    return size_t(port) < inputs.size() ? inputs[size_t(port)] : std::nullopt;
}

// A document and its canvas in a window, as the main window shows them.
struct Canvas {
    explicit Canvas(const char *templateName = nullptr, QSize size = QSize(1600, 700))
    {
        if (templateName) {
            QString error;
            if (!doc.load(templatePath(templateName), &error))
                qFatal("%s", qPrintable(error));
        }
        view.resize(size);
        view.show();
        if (!QTest::qWaitForWindowExposed(&view))
            qFatal("the canvas was never shown");
        view.fitToView();
    }

    NodeItem *node(const char *id) const { return view.graphScene()->nodeItem(id); }
    QWidget *viewport() const { return view.viewport(); }
    QPoint at(QPointF scenePos) const { return view.mapFromScene(scenePos); }
    QPoint outputOf(const char *id) const { return at(node(id)->outputPort()->anchor()); }
    QPoint inputOf(const char *id, int port = 0) const { return at(node(id)->inputPort(port)->anchor()); }
    // A point on the card's body, away from its ports.
    QPoint bodyOf(const char *id) const { return at(node(id)->mapToScene(node(id)->cardRect().center())); }

    void drag(QPoint from, QPoint to, Qt::KeyboardModifiers modifiers = {}) const
    {
        QTest::mousePress(viewport(), Qt::LeftButton, modifiers, from);
        QTest::mouseMove(viewport(), from + (to - from) / 3);
        QTest::mouseMove(viewport(), from + (to - from) * 2 / 3);
        QTest::mouseMove(viewport(), to);
        QTest::mouseRelease(viewport(), Qt::LeftButton, modifiers, to);
    }

    void screenshot(const QString &name)
    {
        QCoreApplication::processEvents();
        QVERIFY(view.grab().save(shotPath(name)));
    }

    GraphDocument doc;
    GraphView view{&doc};
};

} // namespace

class TestCanvas : public QObject {
    Q_OBJECT
private slots:
    void sceneMirrorsDocument();
    void dragOutputToInputConnects();
    void dragFromFreeInputToOutputConnects();
    void releaseOnInvalidPortConnectsNothing();
    void releaseOnEmptyCanvasConnectsNothing();
    void dragFromWiredInputDetaches();
    void dragWireToAnotherInputMovesIt();
    void deleteKeyAndUndo();
    void rubberBandSelects();
    void dragMovesSnappedInOneStep();
    void errorNodeIsMarked();
    void paletteDropAddsNode();
    void addBlockAtCenterAvoidsCards();
    void copyPasteAndDuplicate();
    void deleteSelectedWire();
    void parameterEditUpdatesInPlace();
    void shareMetricSwitches();
    void selectNodeCentres();
    void zoomAndFit();
    void screenshots();
};

void TestCanvas::sceneMirrorsDocument()
{
    Canvas c("seed_concat");
    GraphScene *scene = c.view.graphScene();
    QCOMPARE(scene->nodeItems().size(), int(c.doc.graph().nodes().size()));
    for (const Edge &e : c.doc.graph().edges()) {
        EdgeItem *edge = scene->edgeItem(QString::fromStdString(e.to), e.port);
        QVERIFY(edge);
        QCOMPARE(edge->fromNode()->id(), QString::fromStdString(e.from));
    }
    QCOMPARE(scene->edgeItem("concatenate_1", 0)->label(), QString("2×16×1024"));
    // Concatenate shows its two wires and a free third port.
    QCOMPARE(c.node("concatenate_1")->inputCount(), 3);
    QVERIFY(c.node("concatenate_1")->inputPort(0)->isConnected());
    QVERIFY(!c.node("concatenate_1")->inputPort(2)->isConnected());
}

void TestCanvas::dragOutputToInputConnects()
{
    Canvas c("pooling");
    c.doc.disconnectPort("conv2d_2", 0);
    QVERIFY(!producerOf(c.doc, "conv2d_2", 0));
    const int steps = c.doc.undoStack()->count();
    c.drag(c.outputOf("max_pooling2d_1"), c.inputOf("conv2d_2"));
    QCOMPARE(producerOf(c.doc, "conv2d_2", 0), std::optional<std::string>("max_pooling2d_1"));
    QCOMPARE(c.doc.undoStack()->count(), steps + 1);
    QVERIFY(!c.view.graphScene()->isWiring());
    QVERIFY(c.view.graphScene()->edgeItem("conv2d_2", 0));
    // Landing a few pixels off the port still lands on it.
    c.doc.disconnectPort("conv2d_2", 0);
    c.drag(c.outputOf("max_pooling2d_1"), c.inputOf("conv2d_2") + QPoint(-6, 5));
    QCOMPARE(producerOf(c.doc, "conv2d_2", 0), std::optional<std::string>("max_pooling2d_1"));
}

void TestCanvas::dragFromFreeInputToOutputConnects()
{
    Canvas c("pooling");
    c.doc.disconnectPort("conv2d_2", 0);
    const QPoint from = c.inputOf("conv2d_2");
    QTest::mousePress(c.viewport(), Qt::LeftButton, {}, from);
    QTest::mouseMove(c.viewport(), from - QPoint(30, 0));
    // Now the outputs are the candidates: an image fits Conv2D, a volume does not.
    QCOMPARE(c.node("max_pooling2d_1")->outputPort()->candidacy(), PortItem::Candidacy::Valid);
    QCOMPARE(c.node("conv3d_2")->outputPort()->candidacy(), PortItem::Candidacy::Invalid);
    QCOMPARE(c.node("conv2d_1")->inputPort(0)->candidacy(), PortItem::Candidacy::None);
    QTest::mouseMove(c.viewport(), c.outputOf("temporal_pooling_1"));
    QTest::mouseRelease(c.viewport(), Qt::LeftButton, {}, c.outputOf("temporal_pooling_1"));
    QCOMPARE(producerOf(c.doc, "conv2d_2", 0), std::optional<std::string>("temporal_pooling_1"));
    QCOMPARE(c.doc.undoStack()->count(), 2);
}

void TestCanvas::releaseOnInvalidPortConnectsNothing()
{
    Canvas c("pooling");
    const std::string before = graphToJson(c.doc.graph());
    const QPoint from = c.outputOf("conv3d_1");
    const QPoint to = c.inputOf("conv2d_1");
    QTest::mousePress(c.viewport(), Qt::LeftButton, {}, from);
    QTest::mouseMove(c.viewport(), (from + to) / 2);
    QTest::mouseMove(c.viewport(), to);
    QVERIFY(c.view.graphScene()->isWiring());
    PortItem *target = c.node("conv2d_1")->inputPort(0);
    QCOMPARE(target->candidacy(), PortItem::Candidacy::Invalid);
    QVERIFY2(target->toolTipText().contains("Conv2D needs an input with 3 axes"), qPrintable(target->toolTipText()));
    QVERIFY2(QToolTip::text().contains("T10 H128 W128 C32"), qPrintable(QToolTip::text()));
    // Meanwhile the ports that fit are lit.
    QCOMPARE(c.node("max_pooling3d_1")->inputPort(0)->candidacy(), PortItem::Candidacy::Valid);
    QCOMPARE(c.node("conv3d_1")->inputPort(0)->candidacy(), PortItem::Candidacy::Invalid); // itself
    c.screenshot("canvas_wiring_invalid");
    QTest::mouseRelease(c.viewport(), Qt::LeftButton, {}, to);
    QCOMPARE(graphToJson(c.doc.graph()), before);
    QCOMPARE(c.doc.undoStack()->count(), 0);
    QCOMPARE(target->candidacy(), PortItem::Candidacy::None);
    QVERIFY(!target->toolTipText().contains("needs"));
}

void TestCanvas::releaseOnEmptyCanvasConnectsNothing()
{
    Canvas c("pooling");
    const std::string before = graphToJson(c.doc.graph());
    c.drag(c.outputOf("conv3d_1"), c.at(QPointF(400, 400)));
    QCOMPARE(graphToJson(c.doc.graph()), before);
    QCOMPARE(c.doc.undoStack()->count(), 0);
}

void TestCanvas::dragFromWiredInputDetaches()
{
    Canvas c("pooling");
    const std::string before = graphToJson(c.doc.graph());
    c.drag(c.inputOf("conv2d_2"), c.at(QPointF(1800, 400)));
    QVERIFY(!producerOf(c.doc, "conv2d_2", 0));
    QVERIFY(!c.view.graphScene()->edgeItem("conv2d_2", 0));
    QCOMPARE(c.doc.undoStack()->count(), 1);
    QTest::keyClick(&c.view, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(graphToJson(c.doc.graph()), before);
    QVERIFY(c.view.graphScene()->edgeItem("conv2d_2", 0)->isVisible());
    // Picked up and put back: nothing happens.
    c.drag(c.inputOf("conv2d_2"), c.inputOf("conv2d_2"));
    QCOMPARE(c.doc.undoStack()->count(), 1);
    QCOMPARE(c.doc.undoStack()->index(), 0);
}

void TestCanvas::dragWireToAnotherInputMovesIt()
{
    Canvas c("seed_concat");
    // The 2D branch's wire into conv2d_2 is moved to a new Concatenate in one step.
    const QString merge = c.doc.addNode("Concatenate", QPointF(1200, 400));
    const int steps = c.doc.undoStack()->count();
    c.drag(c.inputOf("conv2d_2"), c.inputOf(merge.toUtf8().constData()));
    QCOMPARE(producerOf(c.doc, merge.toStdString(), 0), std::optional<std::string>("max_pooling2d_1"));
    QVERIFY(!producerOf(c.doc, "conv2d_2", 0));
    QCOMPARE(c.doc.undoStack()->count(), steps + 1);
    c.doc.undoStack()->undo();
    QCOMPARE(producerOf(c.doc, "conv2d_2", 0), std::optional<std::string>("max_pooling2d_1"));
    QVERIFY(!producerOf(c.doc, merge.toStdString(), 0));
}

void TestCanvas::deleteKeyAndUndo()
{
    Canvas c("pooling");
    const std::string before = graphToJson(c.doc.graph());
    QSignalSpy selection(&c.view, &GraphView::selectionChanged);
    QTest::mouseClick(c.viewport(), Qt::LeftButton, {}, c.bodyOf("conv3d_2"));
    QCOMPARE(c.view.selectedNodeIds(), QStringList({"conv3d_2"}));
    QCOMPARE(selection.last().at(0).toStringList(), QStringList({"conv3d_2"}));
    QTest::keyClick(&c.view, Qt::Key_Delete);
    QVERIFY(!c.doc.graph().node("conv3d_2"));
    QVERIFY(!c.node("conv3d_2"));
    QVERIFY(!c.view.graphScene()->edgeItem("max_pooling3d_2", 0));
    QTest::keyClick(&c.view, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(graphToJson(c.doc.graph()), before);
    QVERIFY(c.node("conv3d_2"));
    QVERIFY(c.view.graphScene()->edgeItem("max_pooling3d_2", 0));
    QTest::keyClick(&c.view, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(!c.doc.graph().node("conv3d_2"));
}

void TestCanvas::rubberBandSelects()
{
    Canvas c("pooling");
    QSignalSpy selection(&c.view, &GraphView::selectionChanged);
    // From empty canvas above the row of cards, around conv3d_1 and max_pooling3d_1.
    c.drag(c.at(QPointF(200, -80)), c.at(QPointF(700, 160)));
    QCOMPARE(c.view.selectedNodeIds(), QStringList({"conv3d_1", "max_pooling3d_1"}));
    QCOMPARE(selection.last().at(0).toStringList(), QStringList({"conv3d_1", "max_pooling3d_1"}));
    QVERIFY(c.view.graphScene()->selectedEdges().isEmpty()); // the wires it crossed are not picked
    // Escape clears it.
    QTest::keyClick(&c.view, Qt::Key_Escape);
    QVERIFY(c.view.selectedNodeIds().isEmpty());
}

void TestCanvas::dragMovesSnappedInOneStep()
{
    Canvas c("pooling");
    c.view.zoomToActualSize();
    c.view.centerOn(c.node("conv3d_2"));
    const QPoint grab = c.bodyOf("conv3d_2");
    c.drag(grab, grab + QPoint(47, 93));
    const Node *n = c.doc.graph().node("conv3d_2");
    QCOMPARE(n->x, 760.0);
    QCOMPARE(n->y, 100.0);
    QCOMPARE(c.node("conv3d_2")->pos(), QPointF(760, 100));
    QCOMPARE(c.doc.undoStack()->count(), 1);
    // The wires followed the card.
    QCOMPARE(c.view.graphScene()->edgeItem("conv3d_2", 0)->boundingRect().bottom() > 100, true);
    c.doc.undoStack()->undo();
    QCOMPARE(c.node("conv3d_2")->pos(), QPointF(720, 0));
    // A click without a move is no step.
    QTest::mouseClick(c.viewport(), Qt::LeftButton, {}, c.bodyOf("conv3d_2"));
    QCOMPARE(c.doc.undoStack()->index(), 0);
}

void TestCanvas::errorNodeIsMarked()
{
    Canvas c("seed_concat", QSize(1500, 520));
    NodeItem *concat = c.node("concatenate_1");
    QCOMPARE(concat->state(), NodeItem::State::Error);
    QVERIFY2(concat->toolTipText().contains("Concatenate") && concat->toolTipText().contains("Fix:"),
             qPrintable(concat->toolTipText()));
    QVERIFY(c.view.graphScene()->edgeItem("concatenate_1", 0)->isError());
    QVERIFY(c.view.graphScene()->edgeItem("concatenate_1", 1)->isError());
    QCOMPARE(c.node("reshape_1")->state(), NodeItem::State::Ok);
    QVERIFY(!c.view.graphScene()->edgeItem("reshape_1", 0)->isError());
    QCOMPARE(c.node("conv2d_3")->state(), NodeItem::State::Ok); // downstream stays quiet
    c.view.zoomToActualSize();
    c.view.centerOn(c.node("concatenate_1"));
    c.screenshot("canvas_error_concat");
    // Fixing it clears the mark: Reshape to an image-shaped tensor that Concatenate accepts.
    c.doc.setParam("reshape_1", "target_shape", IntTuple({32, 32, 64}));
    QCOMPARE(concat->state(), NodeItem::State::Ok);
    QVERIFY(!c.view.graphScene()->edgeItem("concatenate_1", 0)->isError());
}

void TestCanvas::paletteDropAddsNode()
{
    Canvas c("pooling");
    c.view.zoomToActualSize();
    const QPointF target(600, 300);
    c.view.centerOn(target);
    const QPoint pos = c.at(target);
    QMimeData mime;
    mime.setData(GraphView::blockMimeType(), QByteArray("LSTM"));
    QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(c.viewport(), &enter);
    QVERIFY(enter.isAccepted());
    QDragMoveEvent move(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(c.viewport(), &move);
    QVERIFY(move.isAccepted());
    QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(c.viewport(), &drop);
    QVERIFY(drop.isAccepted());
    const Node *lstm = c.doc.graph().node("lstm_1");
    QVERIFY(lstm);
    // Its header is where it was dropped, on the grid.
    QVERIFY(QRectF(lstm->x, lstm->y, canvas::kCardWidth, canvas::kHeaderHeight).adjusted(-10, -10, 10, 10).contains(target));
    QCOMPARE(std::fmod(lstm->x, 20.0), 0.0);
    QCOMPARE(c.view.selectedNodeIds(), QStringList({"lstm_1"}));
    // Other drags are not taken.
    QMimeData text;
    text.setText("Conv3D");
    QDragEnterEvent other(pos, Qt::CopyAction, &text, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(c.viewport(), &other);
    QVERIFY(!other.isAccepted());
}

void TestCanvas::addBlockAtCenterAvoidsCards()
{
    Canvas c("pooling");
    c.view.zoomToActualSize();
    c.view.centerOn(c.node("conv3d_2"));
    const QString id = c.view.addBlockAtCenter("Dense");
    QCOMPARE(id, QString("dense_2"));
    NodeItem *added = c.node("dense_2");
    for (NodeItem *other : c.view.graphScene()->nodeItems())
        if (other != added)
            QVERIFY(!other->sceneBoundingRect().intersects(added->sceneBoundingRect()));
    QVERIFY(c.view.viewport()->rect().contains(c.at(added->sceneBoundingRect().center())));
    QCOMPARE(c.view.selectedNodeIds(), QStringList({"dense_2"}));
}

void TestCanvas::copyPasteAndDuplicate()
{
    Canvas c("pooling");
    c.view.selectNode("conv3d_1", false);
    QTest::keyClick(&c.view, Qt::Key_C, Qt::ControlModifier);
    QVERIFY(QApplication::clipboard()->mimeData()->hasFormat(GraphView::graphMimeType()));
    QVERIFY(QApplication::clipboard()->text().contains("\"conv3d_1\""));
    QTest::keyClick(&c.view, Qt::Key_V, Qt::ControlModifier);
    QCOMPARE(c.view.selectedNodeIds(), QStringList({"conv3d_3"}));
    QTest::keyClick(&c.view, Qt::Key_D, Qt::ControlModifier);
    QCOMPARE(c.view.selectedNodeIds(), QStringList({"conv3d_4"}));
    const Node *copy = c.doc.graph().node("conv3d_3");
    const Node *duplicate = c.doc.graph().node("conv3d_4");
    QCOMPARE(duplicate->x - copy->x, 40.0);
    QCOMPARE(duplicate->y - copy->y, 40.0);
    QCOMPARE(c.doc.undoStack()->count(), 2);
    // A clipboard that holds no design pastes nothing.
    QApplication::clipboard()->setText("hello");
    QTest::keyClick(&c.view, Qt::Key_V, Qt::ControlModifier);
    QCOMPARE(c.doc.undoStack()->count(), 2);
}

void TestCanvas::deleteSelectedWire()
{
    Canvas c("pooling");
    EdgeItem *wire = c.view.graphScene()->edgeItem("conv2d_2", 0);
    // Click the wire's middle, away from its label.
    const QPointF middle = wire->shape().boundingRect().center();
    const QPointF onWire = wire->mapToScene(QPointF(middle.x(), c.node("conv2d_2")->inputPort(0)->anchor().y()));
    QTest::mouseClick(c.viewport(), Qt::LeftButton, {}, c.at(onWire));
    QVERIFY(wire->isSelected());
    QTest::keyClick(&c.view, Qt::Key_Delete);
    QVERIFY(!producerOf(c.doc, "conv2d_2", 0));
    QVERIFY(c.doc.graph().node("max_pooling2d_1"));
    QCOMPARE(c.doc.undoStack()->count(), 1);
}

void TestCanvas::parameterEditUpdatesInPlace()
{
    Canvas c("pooling");
    NodeItem *conv = c.node("conv3d_1");
    EdgeItem *wire = c.view.graphScene()->edgeItem("max_pooling3d_1", 0);
    QCOMPARE(wire->label(), QString("10×128×128×32"));
    c.doc.setParam("conv3d_1", "filters", int64_t(8));
    // The same items, updated: no rebuild.
    QCOMPARE(c.node("conv3d_1"), conv);
    QCOMPARE(c.view.graphScene()->edgeItem("max_pooling3d_1", 0), wire);
    QCOMPARE(wire->label(), QString("10×128×128×8"));
    QVERIFY(conv->toolTipText().contains("T10 H128 W128 C8"));
}

void TestCanvas::shareMetricSwitches()
{
    Canvas c("pooling");
    GraphScene *scene = c.view.graphScene();
    QCOMPARE(scene->shareMetric(), GraphScene::ShareMetric::Params);
    QVERIFY(c.node("dense_1")->toolTipText().contains("of the model's parameters"));
    scene->setShareMetric(GraphScene::ShareMetric::Flops);
    QVERIFY(c.node("dense_1")->toolTipText().contains("of the model's FLOPs"));
}

void TestCanvas::selectNodeCentres()
{
    Canvas c("pooling");
    c.view.zoomToActualSize();
    c.view.centerOn(0, 0);
    QSignalSpy selection(&c.view, &GraphView::selectionChanged);
    c.view.selectNode("dense_1");
    QCOMPARE(c.view.selectedNodeIds(), QStringList({"dense_1"}));
    QCOMPARE(selection.count(), 1);
    const QPoint centre = c.at(c.node("dense_1")->sceneBoundingRect().center());
    QVERIFY((centre - c.view.viewport()->rect().center()).manhattanLength() < 4);
}

void TestCanvas::zoomAndFit()
{
    Canvas c("pooling");
    c.view.zoomToActualSize();
    QCOMPARE(c.view.zoom(), 1.0);
    // The wheel zooms around the pointer: the point under it stays under it.
    const QPoint pointer = c.bodyOf("conv3d_2");
    const QPointF under = c.view.mapToScene(pointer);
    QWheelEvent wheel(pointer, c.view.viewport()->mapToGlobal(pointer), {}, QPoint(0, 240), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(c.viewport(), &wheel);
    QVERIFY(c.view.zoom() > 1.3);
    QVERIFY(QLineF(c.view.mapToScene(pointer), under).length() < 2);
    // F shows everything; Ctrl+0 goes back to 100 %.
    QTest::keyClick(&c.view, Qt::Key_F);
    for (NodeItem *item : c.view.graphScene()->nodeItems())
        QVERIFY(c.view.viewport()->rect().contains(c.view.mapFromScene(item->sceneBoundingRect()).boundingRect()));
    QVERIFY(c.view.zoom() < 1.0);
    QTest::keyClick(&c.view, Qt::Key_0, Qt::ControlModifier);
    QCOMPARE(c.view.zoom(), 1.0);
    // The middle button pans.
    const QPointF before = c.view.mapToScene(c.view.viewport()->rect().center());
    QTest::mousePress(c.viewport(), Qt::MiddleButton, {}, QPoint(500, 300));
    QTest::mouseMove(c.viewport(), QPoint(400, 250));
    QTest::mouseRelease(c.viewport(), Qt::MiddleButton, {}, QPoint(400, 250));
    const QPointF after = c.view.mapToScene(c.view.viewport()->rect().center());
    QCOMPARE(after - before, QPointF(100, 50));
    // So do Space + drag and Alt + drag on empty canvas, and neither selects nor moves.
    const std::string design = graphToJson(c.doc.graph());
    QTest::keyPress(&c.view, Qt::Key_Space);
    c.drag(c.bodyOf("conv3d_2"), c.bodyOf("conv3d_2") + QPoint(-60, 0));
    QTest::keyRelease(&c.view, Qt::Key_Space);
    QCOMPARE(c.view.mapToScene(c.view.viewport()->rect().center()) - after, QPointF(60, 0));
    const QPoint empty = c.at(QPointF(600, 400));
    c.drag(empty, empty + QPoint(0, -40), Qt::AltModifier);
    QCOMPARE(c.view.mapToScene(c.view.viewport()->rect().center()) - after, QPointF(60, 40));
    QCOMPARE(graphToJson(c.doc.graph()), design);
    QVERIFY(c.view.selectedNodeIds().isEmpty());
}

void TestCanvas::screenshots()
{
    {
        Canvas c("pooling", QSize(1400, 330));
        c.view.zoomToActualSize();
        c.view.centerOn(c.node("max_pooling3d_2"));
        c.screenshot("canvas_pooling_left");
        c.view.centerOn(c.node("max_pooling2d_1"));
        c.view.selectNode("conv2d_1", false);
        c.screenshot("canvas_pooling_right");
        c.view.fitToView();
        c.screenshot("canvas_pooling_fit");
    }
    {
        Canvas c("seed_concat", QSize(1400, 520));
        c.view.zoomToActualSize();
        c.view.centerOn(c.node("max_pooling3d_3"));
        c.screenshot("canvas_seed_concat");
        c.doc.autoLayout();
        c.view.fitToView();
        c.screenshot("canvas_seed_concat_layout");
    }
    {
        Canvas c("lstm", QSize(1400, 520));
        c.screenshot("canvas_lstm_fit");
    }
    {
        // The seed's LSTM strategy folds time into image rows: the editor warns, amber.
        Canvas c("seed_lstm", QSize(1400, 400));
        NodeItem *warned = nullptr;
        for (const Node &n : c.doc.graph().nodes())
            if (NodeItem *item = c.node(n.id.c_str()); !warned && item->state() == NodeItem::State::Warning)
                warned = item;
        QVERIFY(warned);
        QVERIFY(warned->toolTipText().contains("Warning"));
        c.view.zoomToActualSize();
        c.view.centerOn(warned);
        c.screenshot("canvas_seed_lstm_warning");
    }
}

QTEST_MAIN(TestCanvas)
#include "tst_canvas.moc"
