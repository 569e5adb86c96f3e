// GraphDocument: every edit is one undo step that undoes and redoes exactly, edits are
// analysed once each, typing merges, the clipboard gives fresh ids, and canConnect
// explains the wires it refuses.
#include "document/graph_document.h"
#include "graph/graph_json.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <set>

using namespace volnet;
using namespace volnet::ui;

namespace {

QString templatePath(const char *name)
{
    return QStringLiteral(VOLNET_SOURCE_DIR "/resources/templates/%1.json").arg(name);
}

std::string json(const GraphDocument &doc)
{
    return graphToJson(doc.graph());
}

void loadTemplate(GraphDocument &doc, const char *name)
{
    QString error;
    QVERIFY2(doc.load(templatePath(name), &error), qPrintable(error));
}

std::optional<std::string> producerOf(const GraphDocument &doc, const std::string &to, int port)
{
    const auto inputs = doc.graph().inputsOf(to);
    return size_t(port) < inputs.size() ? inputs[size_t(port)] : std::nullopt;
}

} // namespace

class TestDocument : public QObject {
    Q_OBJECT
private slots:
    void addNodeUndoesAndRedoes();
    void removeRestoresOrderAndWires();
    void removeIsAnalysedOnce();
    void connectReplacingIsOneStep();
    void connectRefusalTouchesNothing();
    void disconnectUndoes();
    void typingMergesIntoOneStep();
    void typingBackIsNoStep();
    void differentFieldsDoNotMerge();
    void moveIsOneStep();
    void autoLayoutRunsLeftToRight();
    void pasteGetsFreshIds();
    void pasteWorksAcrossDocuments();
    void pasteRejectsBadJson();
    void canConnectExplains();
    void modifiedFollowsUndoStack();
    void loadReportsErrors();
    void signalsPerEdit();
};

void TestDocument::addNodeUndoesAndRedoes()
{
    GraphDocument doc;
    const std::string empty = json(doc);
    const QString id = doc.addNode("Conv3D", {40, 60});
    QCOMPARE(id, QString("conv3d_1"));
    QCOMPARE(doc.undoStack()->count(), 1);
    const std::string added = json(doc);
    QCOMPARE(doc.graph().node("conv3d_1")->x, 40.0);
    doc.undoStack()->undo();
    QCOMPARE(json(doc), empty);
    doc.undoStack()->redo();
    QCOMPARE(json(doc), added);
    QVERIFY(doc.addNode("NoSuchBlock", {}).isEmpty());
    QCOMPARE(doc.undoStack()->count(), 1);
}

void TestDocument::removeRestoresOrderAndWires()
{
    GraphDocument doc;
    loadTemplate(doc, "seed_concat");
    const std::string before = json(doc);
    doc.removeNodes({"conv3d_2", "frame_slice_1", "concatenate_1", "no_such_node"});
    QCOMPARE(doc.undoStack()->count(), 1);
    QVERIFY(!doc.graph().node("frame_slice_1"));
    QVERIFY(!producerOf(doc, "conv2d_3", 0));
    const std::string after = json(doc);
    doc.undoStack()->undo();
    QCOMPARE(json(doc), before);
    doc.undoStack()->redo();
    QCOMPARE(json(doc), after);
    doc.removeNodes({"no_such_node"});
    QCOMPARE(doc.undoStack()->count(), 1);
}

void TestDocument::removeIsAnalysedOnce()
{
    GraphDocument doc;
    loadTemplate(doc, "seed_concat");
    QSignalSpy analysed(&doc, &GraphDocument::analysisChanged);
    QSignalSpy changed(&doc, &GraphDocument::graphChanged);
    QStringList all;
    for (const Node &n : doc.graph().nodes())
        all << QString::fromStdString(n.id);
    doc.removeNodes(all);
    QCOMPARE(analysed.count(), 1);
    QCOMPARE(changed.count(), int(all.size()) + 16); // every node and every wire, each told once
    QVERIFY(doc.graph().nodes().empty());
    doc.undoStack()->undo();
    QCOMPARE(analysed.count(), 2);
}

void TestDocument::connectReplacingIsOneStep()
{
    GraphDocument doc;
    loadTemplate(doc, "pooling");
    const std::string before = json(doc);
    QVERIFY(doc.connectPorts("temporal_pooling_1", "conv2d_2", 0));
    QCOMPARE(doc.undoStack()->count(), 1);
    QCOMPARE(producerOf(doc, "conv2d_2", 0), std::optional<std::string>("temporal_pooling_1"));
    doc.undoStack()->undo();
    QCOMPARE(producerOf(doc, "conv2d_2", 0), std::optional<std::string>("max_pooling2d_1"));
    QCOMPARE(json(doc), before);
    // Wiring what is already wired is no step.
    QVERIFY(doc.connectPorts("max_pooling2d_1", "conv2d_2", 0));
    QCOMPARE(doc.undoStack()->count(), 1);
    QCOMPARE(doc.undoStack()->index(), 0);
}

void TestDocument::connectRefusalTouchesNothing()
{
    GraphDocument doc;
    loadTemplate(doc, "pooling");
    const std::string before = json(doc);
    QString why;
    QVERIFY(!doc.connectPorts("conv3d_1", "conv3d_1", 0, &why));
    QVERIFY2(why.contains("cannot feed itself"), qPrintable(why));
    QVERIFY(!doc.connectPorts("conv3d_1", "conv2d_1", 1, &why));
    QVERIFY2(why.contains("no port 1"), qPrintable(why));
    QVERIFY(!doc.connectPorts("conv3d_1", "nobody", 0, &why));
    QCOMPARE(json(doc), before);
    QCOMPARE(doc.undoStack()->count(), 0);
}

void TestDocument::disconnectUndoes()
{
    GraphDocument doc;
    loadTemplate(doc, "seed_concat");
    const std::string before = json(doc);
    doc.disconnectPort("concatenate_1", 0);
    QVERIFY(!producerOf(doc, "concatenate_1", 0));
    QCOMPARE(doc.undoStack()->count(), 1);
    doc.disconnectPort("concatenate_1", 0); // nothing there any more: no step
    QCOMPARE(doc.undoStack()->count(), 1);
    doc.undoStack()->undo();
    QCOMPARE(json(doc), before);
}

void TestDocument::typingMergesIntoOneStep()
{
    GraphDocument doc;
    loadTemplate(doc, "pooling");
    const std::string before = json(doc);
    for (int64_t value : {1, 12, 128})
        doc.setParam("conv3d_1", "filters", value);
    QCOMPARE(doc.undoStack()->count(), 1);
    QCOMPARE(std::get<int64_t>(doc.graph().node("conv3d_1")->params.at("filters")), int64_t(128));
    const std::string typed = json(doc);
    doc.undoStack()->undo();
    QCOMPARE(json(doc), before);
    doc.undoStack()->redo();
    QCOMPARE(json(doc), typed);
}

void TestDocument::typingBackIsNoStep()
{
    GraphDocument doc;
    loadTemplate(doc, "pooling");
    doc.setParam("conv3d_1", "filters", int64_t(3));
    doc.setParam("conv3d_1", "filters", int64_t(32));
    QCOMPARE(doc.undoStack()->count(), 0);
    QVERIFY(!doc.isModified());
    doc.setParam("conv3d_1", "filters", int64_t(32)); // unchanged value
    doc.setParam("conv3d_1", "filters", 2.5);         // wrong kind
    doc.setParam("conv3d_1", "no_such_field", int64_t(1));
    QCOMPARE(doc.undoStack()->count(), 0);
}

void TestDocument::differentFieldsDoNotMerge()
{
    GraphDocument doc;
    loadTemplate(doc, "pooling");
    doc.setParam("conv3d_1", "filters", int64_t(16));
    doc.setParam("conv3d_1", "activation", std::string("tanh"));
    doc.setParam("conv3d_2", "filters", int64_t(16));
    doc.setParam("conv3d_1", "filters", int64_t(8));
    QCOMPARE(doc.undoStack()->count(), 4);
}

void TestDocument::moveIsOneStep()
{
    GraphDocument doc;
    loadTemplate(doc, "pooling");
    const std::string before = json(doc);
    doc.moveNodes({{"conv3d_1", QPointF(260, 40)}, {"conv3d_2", QPointF(720, 40)}});
    QCOMPARE(doc.undoStack()->count(), 1);
    QCOMPARE(doc.graph().node("conv3d_1")->y, 40.0);
    doc.moveNodes({{"conv3d_1", QPointF(260, 40)}}); // already there
    QCOMPARE(doc.undoStack()->count(), 1);
    doc.undoStack()->undo();
    QCOMPARE(json(doc), before);
}

void TestDocument::autoLayoutRunsLeftToRight()
{
    GraphDocument doc;
    loadTemplate(doc, "seed_concat");
    // Scramble, then lay out.
    QHash<QString, QPointF> scrambled;
    int i = 0;
    for (const Node &n : doc.graph().nodes())
        scrambled[QString::fromStdString(n.id)] = QPointF((i * 7919) % 900, (i * 104729) % 700), ++i;
    doc.moveNodes(scrambled);
    const std::string before = json(doc);
    doc.autoLayout();
    QCOMPARE(doc.undoStack()->count(), 2);
    for (const Edge &e : doc.graph().edges())
        QVERIFY2(doc.graph().node(e.to)->x > doc.graph().node(e.from)->x, (e.from + " -> " + e.to).c_str());
    std::set<std::pair<double, double>> seen;
    for (const Node &n : doc.graph().nodes()) {
        QCOMPARE(std::fmod(n.x, 20.0), 0.0);
        QCOMPARE(std::fmod(n.y, 20.0), 0.0);
        QVERIFY2(seen.insert({n.x, n.y}).second, "two nodes at one place");
    }
    // The main chain of a single-branch network stays on one row.
    QCOMPARE(doc.graph().node("conv3d_1")->y, doc.graph().node("conv3d_2")->y);
    doc.undoStack()->undo();
    QCOMPARE(json(doc), before);
}

void TestDocument::pasteGetsFreshIds()
{
    GraphDocument doc;
    loadTemplate(doc, "pooling");
    const std::string before = json(doc);
    const QString clip = doc.copyJson({"input_1", "conv3d_1", "max_pooling3d_1"});
    const QStringList ids = doc.pasteJson(clip, QPointF(0, 300));
    QCOMPARE(ids, QStringList({"input_2", "conv3d_3", "max_pooling3d_3"}));
    QCOMPARE(doc.undoStack()->count(), 1);
    QCOMPARE(doc.graph().node("conv3d_3")->y, 300.0);
    QCOMPARE(producerOf(doc, "conv3d_3", 0), std::optional<std::string>("input_2"));
    QCOMPARE(producerOf(doc, "max_pooling3d_3", 0), std::optional<std::string>("conv3d_3"));
    QVERIFY(doc.graph().consumersOf("max_pooling3d_3").empty()); // its wire out was not copied
    // A wire from outside the copied set is dropped.
    const QStringList lone = doc.pasteJson(doc.copyJson({"conv3d_2"}), QPointF(40, 40));
    QCOMPARE(lone, QStringList({"conv3d_4"}));
    QVERIFY(!producerOf(doc, "conv3d_4", 0));
    doc.undoStack()->undo();
    doc.undoStack()->undo();
    QCOMPARE(json(doc), before);
}

void TestDocument::pasteWorksAcrossDocuments()
{
    GraphDocument source;
    loadTemplate(source, "seed_concat");
    GraphDocument target;
    const QStringList ids = target.pasteJson(source.copyJson({"reshape_1", "concatenate_1"}), {});
    QCOMPARE(ids, QStringList({"reshape_1", "concatenate_1"}));
    QCOMPARE(producerOf(target, "concatenate_1", 0), std::optional<std::string>("reshape_1"));
    QCOMPARE(std::get<IntTuple>(target.graph().node("reshape_1")->params.at("target_shape")), IntTuple({2, 16, 1024}));
}

void TestDocument::pasteRejectsBadJson()
{
    GraphDocument doc;
    QString error;
    QVERIFY(doc.pasteJson("{\"format\": \"volnet-graph\"", {}, &error).isEmpty());
    QVERIFY(!error.isEmpty());
    QCOMPARE(doc.undoStack()->count(), 0);
}

void TestDocument::canConnectExplains()
{
    GraphDocument doc;
    loadTemplate(doc, "pooling");
    QString why;
    // Conv2D after a 4-axis tensor: the volume still has its time axis.
    QVERIFY(!doc.canConnect("conv3d_1", "conv2d_1", 0, &why));
    QVERIFY2(why.contains("Conv2D needs an input with 3 axes") && why.contains("T10 H128 W128 C32"), qPrintable(why));
    // A loop.
    QVERIFY(!doc.canConnect("dense_1", "conv3d_1", 0, &why));
    QVERIFY2(why.contains("loop") && why.contains("conv3d_1 → max_pooling3d_1"), qPrintable(why));
    QVERIFY(!doc.canConnect("conv3d_1", "conv3d_1", 0, &why));
    QVERIFY2(why.contains("cannot feed itself"), qPrintable(why));
    // What fits: the wire already there, and another image-shaped tensor.
    QVERIFY(doc.canConnect("max_pooling2d_1", "conv2d_2", 0));
    QVERIFY(doc.canConnect("temporal_pooling_1", "conv2d_2", 0, &why));
    // The check changes nothing.
    QCOMPARE(doc.undoStack()->count(), 0);

    loadTemplate(doc, "seed_concat");
    QVERIFY(!doc.canConnect("max_pooling2d_2", "concatenate_1", 1, &why));
    QVERIFY2(why.startsWith("Concatenate"), qPrintable(why));
    // The first input of an empty Concatenate is fine, even though it still needs a second.
    const QString concat = doc.addNode("Concatenate", {0, 600});
    QVERIFY(doc.canConnect("max_pooling2d_2", concat, 0));
}

void TestDocument::modifiedFollowsUndoStack()
{
    QTemporaryDir dir;
    GraphDocument doc;
    loadTemplate(doc, "pooling");
    QVERIFY(!doc.isModified());
    QSignalSpy modified(&doc, &GraphDocument::modifiedChanged);
    QSignalSpy path(&doc, &GraphDocument::filePathChanged);
    doc.setParam("dense_1", "units", int64_t(3));
    QCOMPARE(modified.count(), 1);
    QCOMPARE(modified.last().at(0).toBool(), true);
    const QString file = dir.filePath("mine.json");
    QString error;
    QVERIFY2(doc.save(file, &error), qPrintable(error));
    QVERIFY(!doc.isModified());
    QCOMPARE(modified.last().at(0).toBool(), false);
    QCOMPARE(doc.filePath(), file);
    QCOMPARE(path.last().at(0).toString(), file);
    doc.undoStack()->undo();
    QVERIFY(doc.isModified());
    GraphDocument reread;
    QVERIFY(reread.load(file, &error));
    QCOMPARE(std::get<int64_t>(reread.graph().node("dense_1")->params.at("units")), int64_t(3));
    QVERIFY(!doc.save(dir.filePath("no/such/folder/x.json"), &error));
    QVERIFY2(error.contains("no/such/folder"), qPrintable(error));

    doc.newFrom(Graph());
    QVERIFY(doc.graph().nodes().empty());
    QVERIFY(doc.filePath().isEmpty());
    QCOMPARE(doc.undoStack()->count(), 0);
    QVERIFY(!doc.isModified());
}

void TestDocument::loadReportsErrors()
{
    QTemporaryDir dir;
    QFile bad(dir.filePath("bad.json"));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write(R"({"format": "volnet-graph", "version": 1, "nodes": [{"id": "a", "type": "Conv4D"}], "edges": []})");
    bad.close();
    GraphDocument doc;
    loadTemplate(doc, "pooling");
    const std::string before = json(doc);
    QString error;
    QVERIFY(!doc.load(bad.fileName(), &error));
    QVERIFY2(error.contains("Conv4D"), qPrintable(error));
    QCOMPARE(json(doc), before);
}

void TestDocument::signalsPerEdit()
{
    GraphDocument doc;
    loadTemplate(doc, "pooling");
    QSignalSpy changed(&doc, &GraphDocument::graphChanged);
    QSignalSpy analysed(&doc, &GraphDocument::analysisChanged);
    doc.setParam("conv3d_1", "filters", int64_t(8));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).value<GraphEvent>().kind, GraphEvent::ParamChanged);
    QCOMPARE(analysed.count(), 1);
    QCOMPARE(doc.analysis().nodes.at("conv3d_1").output->dims.back(), int64_t(8));
    // Moving changes no shape: nothing to analyse.
    doc.moveNodes({{"conv3d_1", QPointF(0, 400)}});
    QCOMPARE(changed.count(), 2);
    QCOMPARE(analysed.count(), 1);
}

QTEST_GUILESS_MAIN(TestDocument)
#include "tst_document.moc"
