// The Graph's editing operations and change notifications, which the editor's undo
// stack relies on.
#include "graph/block_registry.h"
#include "graph/graph.h"

#include <QtTest>

using namespace volnet;

class TestGraphModel : public QObject {
    Q_OBJECT
private slots:
    void idsAreStableAndUnique()
    {
        Graph g;
        QCOMPARE(*g.addNode("Conv3D"), std::string("conv3d_1"));
        QCOMPARE(*g.addNode("Conv3D"), std::string("conv3d_2"));
        QCOMPARE(*g.addNode("Conv3D", "stem"), std::string("stem"));
        QCOMPARE(*g.addNode("Conv3D", "stem"), std::string("conv3d_3")); // taken: a fresh one
        g.removeNode("conv3d_1");
        QCOMPARE(*g.addNode("Conv3D"), std::string("conv3d_1")); // freed ids are reused
        QVERIFY(!g.addNode("Conv4D"));
    }

    void defaultsFilledIn()
    {
        Graph g;
        const auto id = *g.addNode("BatchNormalization");
        const Node &n = *g.node(id);
        QCOMPARE(std::get<double>(n.params.at("momentum")), 0.99);
        QCOMPARE(std::get<double>(n.params.at("epsilon")), 0.001);
        QCOMPARE(std::get<int64_t>(n.params.at("axis")), int64_t(-1));
        QCOMPARE(n.params.size(), findBlock("BatchNormalization")->params.size());
    }

    void connectRules()
    {
        Graph g;
        const auto in = *g.addNode("Input");
        const auto conv = *g.addNode("Conv3D");
        const auto cat = *g.addNode("Concatenate");
        std::string error;
        QVERIFY(!g.connect(conv, conv, 0, &error));
        QVERIFY(error.find("itself") != std::string::npos);
        QVERIFY(!g.connect(in, conv, 1, &error));
        QVERIFY(error.find("1 input port") != std::string::npos);
        QVERIFY(!g.connect(in, "nothing", 0, &error));
        QVERIFY(!g.connect(conv, in, 0, &error)); // Input has no input ports
        QVERIFY(g.connect(in, conv, 0));
        QCOMPARE(g.portCount(cat), 2);
        QVERIFY(g.connect(in, cat, 0));
        QVERIFY(g.connect(conv, cat, 1));
        QCOMPARE(g.portCount(cat), 3); // a variadic block always offers one free port
        QVERIFY(g.connect(conv, cat, 0)); // replaces the wire on port 0
        QCOMPARE(g.edges().size(), size_t(3));
        QCOMPARE(*g.inputsOf(cat)[0], conv);
        QCOMPARE(g.consumersOf(conv).size(), size_t(2));
    }

    void removeNodeTakesItsWires()
    {
        Graph g;
        const auto in = *g.addNode("Input");
        const auto a = *g.addNode("Dense");
        const auto b = *g.addNode("Dense");
        g.connect(in, a, 0);
        g.connect(a, b, 0);
        QVERIFY(g.removeNode(a));
        QVERIFY(g.edges().empty());
        QVERIFY(!g.removeNode(a));
    }

    void setParamChecksKind()
    {
        Graph g;
        const auto id = *g.addNode("Conv2D");
        std::string error;
        QVERIFY(!g.setParam(id, "filters", std::string("many"), &error));
        QVERIFY(error.find("wrong kind") != std::string::npos);
        QVERIFY(!g.setParam(id, "units", int64_t(3), &error));
        QVERIFY(error.find("no parameter 'units'") != std::string::npos);
        QVERIFY(g.setParam(id, "filters", int64_t(-5))); // stored; analysis reports the range
        QCOMPARE(std::get<int64_t>(g.node(id)->params.at("filters")), int64_t(-5));
    }

    void notifications()
    {
        Graph g;
        std::vector<GraphEvent::Kind> seen;
        const int handle = g.addListener([&](const GraphEvent &e) { seen.push_back(e.kind); });
        const auto in = *g.addNode("Input");
        const auto d = *g.addNode("Dense");
        g.connect(in, d, 0);
        g.setParam(d, "units", int64_t(3));
        g.setParam(d, "units", int64_t(3)); // no change, no event
        g.setPosition(d, 10, 20);
        g.removeNode(in);
        g.removeListener(handle);
        g.addNode("Dense");
        using K = GraphEvent;
        QCOMPARE(seen, (std::vector<GraphEvent::Kind>{K::NodeAdded, K::NodeAdded, K::EdgeAdded, K::ParamChanged,
                                                      K::NodeMoved, K::EdgeRemoved, K::NodeRemoved}));
    }

    void insertRestoresOrder()
    {
        Graph g;
        g.addNode("Input");
        const auto mid = *g.addNode("Dense");
        g.addNode("Dropout");
        const Graph before = g;
        const Node saved = *g.node(mid);
        const int index = g.indexOf(mid);
        g.removeNode(mid);
        std::string error;
        QVERIFY(g.insertNode(saved, &error, index));
        QVERIFY(g == before);
        QVERIFY(!g.insertNode(saved, &error));
        QVERIFY(error.find("already exists") != std::string::npos);
        Node unknownParam = saved;
        unknownParam.id = "other";
        unknownParam.params["filters"] = int64_t(3);
        QVERIFY(!g.insertNode(unknownParam, &error));
        QVERIFY(error.find("no parameter 'filters'") != std::string::npos);
    }

    void copiesDoNotCarryListeners()
    {
        Graph g;
        int calls = 0;
        g.addListener([&](const GraphEvent &) { ++calls; });
        Graph copy = g;
        copy.addNode("Input");
        QCOMPARE(calls, 0);
        g = copy; // assignment tells g's own listeners that everything changed
        QCOMPARE(calls, 1);
        QVERIFY(g == copy);
    }

    void edgeOrderIsCanonical()
    {
        Graph a, b;
        for (Graph *g : {&a, &b}) {
            g->addNode("Input");
            g->addNode("Dense");
            g->addNode("Dense");
        }
        a.connect("input_1", "dense_1", 0);
        a.connect("input_1", "dense_2", 0);
        b.connect("input_1", "dense_2", 0);
        b.connect("input_1", "dense_1", 0);
        QVERIFY(a == b);
    }
};

QTEST_APPLESS_MAIN(TestGraphModel)
#include "tst_graph_model.moc"
