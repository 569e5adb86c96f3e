// The templates: the seed document's three models give what TensorFlow's Keras gives
// for the seed's code (shapes, parameter counts), with our warnings and errors; the
// corrected versions are clean. Files are stored in the writer's canonical form.
#include "graph/analysis.h"
#include "graph/graph_json.h"

#include <QtTest>

#include <fstream>
#include <sstream>

using namespace volnet;

namespace {

std::string templatePath(const std::string &name)
{
    return std::string(VOLNET_SOURCE_DIR) + "/resources/templates/" + name + ".json";
}

Graph load(const std::string &name)
{
    GraphLoadResult r = loadGraphFile(templatePath(name));
    if (!r.ok)
        qFatal("%s: %s", name.c_str(), r.error.c_str());
    return r.graph;
}

std::vector<std::string> codes(const Analysis &a, Severity severity)
{
    std::vector<std::string> out;
    for (const Diagnostic &d : a.diagnostics)
        if (d.severity == severity)
            out.push_back(d.node + ":" + d.code);
    return out;
}

} // namespace

class TestTemplates : public QObject {
    Q_OBJECT
private slots:
    void seedPooling()
    {
        const Graph g = load("seed_pooling");
        const Analysis a = analyze(g);
        QCOMPARE(a.totalParams(), int64_t(1532485));
        QCOMPARE(a.trainableParams, int64_t(1532485));
        QCOMPARE(a.nonTrainableParams, int64_t(0));
        const std::vector<Dims> expected = {{10, 128, 128, 32}, {5, 64, 64, 32}, {5, 64, 64, 64}, {2, 32, 32, 64},
                                            {2, 16, 16, 64},    {2, 16, 1024},   {2, 16, 128},    {1, 8, 128},
                                            {1, 8, 256},        {256},           {5}};
        std::vector<Dims> shapes;
        for (const std::string &id : a.order)
            if (g.node(id)->type != "Input")
                shapes.push_back(a.nodes.at(id).output->dims);
        QCOMPARE(shapes, expected);
        QVERIFY(codes(a, Severity::Error).empty());
        // The Reshape makes the 2 frames the image height of the Conv2D after it.
        QCOMPARE(codes(a, Severity::Warning), std::vector<std::string>{"conv2d_1:time-as-space"});
        QVERIFY(a.diagnosticsFor("conv2d_1").front().message.find("image height is the time axis") !=
                std::string::npos);
    }

    void seedLstm()
    {
        const Analysis a = analyze(load("seed_lstm"));
        QCOMPARE(a.totalParams(), int64_t(2236613));
        QCOMPARE(a.nodes.at("lstm_1").params(), int64_t(2163200));
        QVERIFY(codes(a, Severity::Error).empty());
        const auto warnings = codes(a, Severity::Warning);
        QVERIFY(std::find(warnings.begin(), warnings.end(), "lstm_1:lstm-not-over-time") != warnings.end());
        QVERIFY(a.diagnosticsFor("lstm_1").front().message.find("image rows (H)") != std::string::npos);
    }

    void seedConcat()
    {
        const Analysis a = analyze(load("seed_concat"));
        QCOMPARE(codes(a, Severity::Error), std::vector<std::string>{"concatenate_1:concat-mismatch"});
        const std::string message = a.diagnosticsFor("concatenate_1").front().message;
        QVERIFY2(message.find("(2, 16, 1024)") != std::string::npos, message.c_str());
        QVERIFY2(message.find("(32, 32, 128)") != std::string::npos, message.c_str());
        QVERIFY2(message.find("all axes but the concatenation axis to match") != std::string::npos, message.c_str());
        QVERIFY(!a.nodes.at("concatenate_1").output);
    }

    void correctedVersionsAreClean_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<qint64>("params");
        // Counts worked out by hand from the layer sizes in docs/templates.md.
        QTest::newRow("pooling") << "pooling" << qint64(896 + 55360 + 73856 + 295168 + 1285);
        QTest::newRow("concat") << "concat" << qint64(896 + 55360 + 640 + 73856 + 442624 + 1285);
        QTest::newRow("lstm") << "lstm" << qint64(896 + 55360 + 2163200 + 16512 + 645);
        QTest::newRow("dce_demo") << "dce_demo" << qint64(224 + 3472 + 23072 + 18496 + 195);
    }
    void correctedVersionsAreClean()
    {
        QFETCH(QString, name);
        QFETCH(qint64, params);
        const Analysis a = analyze(load(name.toStdString()));
        for (const Diagnostic &d : a.diagnostics)
            qWarning("%s", formatDiagnostic(d).c_str());
        QVERIFY(a.diagnostics.empty());
        QCOMPARE(a.totalParams(), params);
    }

    void filesAreCanonical_data()
    {
        QTest::addColumn<QString>("name");
        for (const char *n : {"seed_pooling", "seed_concat", "seed_lstm", "pooling", "concat", "lstm", "dce_demo"})
            QTest::newRow(n) << n;
    }
    void filesAreCanonical()
    {
        QFETCH(QString, name);
        std::ifstream in(templatePath(name.toStdString()));
        std::stringstream text;
        text << in.rdbuf();
        QCOMPARE(graphToJson(load(name.toStdString())), text.str());
    }
};

QTEST_APPLESS_MAIN(TestTemplates)
#include "tst_templates.moc"
