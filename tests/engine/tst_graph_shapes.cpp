// Shape inference and parameter counts of every block, as Keras computes them.
// Expected values follow Keras's rules: 'same' gives ceil(n / stride); 'valid' gives
// ceil((n - (k - 1) * dilation) / stride); pooling strides default to pool_size;
// parameters are kernel + bias (LSTM: 4 * units * (features + units + 1)).
#include "graph/analysis.h"
#include "graph_builder.h"

#include <QtTest>

using namespace volnet;
using namespace volnet::testing;

namespace {

struct Probe {
    Analysis analysis;
    std::string id;
    const NodeAnalysis &node() const { return analysis.nodes.at(id); }
    Dims dims() const { return node().output ? node().output->dims : Dims{}; }
    std::vector<std::string> roles() const { return node().output ? node().output->roles : std::vector<std::string>{}; }
    bool has(const std::string &code) const
    {
        for (const Diagnostic &d : analysis.diagnosticsFor(id))
            if (d.code == code)
                return true;
        return false;
    }
    std::string message(const std::string &code) const
    {
        for (const Diagnostic &d : analysis.diagnosticsFor(id))
            if (d.code == code)
                return d.message;
        return {};
    }
};

// One block of `type` fed by an Input of `shape`.
Probe probe(IntTuple shape, const std::string &type, GraphBuilder::Params params = {})
{
    GraphBuilder b;
    b.add("Input", {{"shape", shape}});
    Probe p;
    p.id = b.add(type, params);
    p.analysis = analyze(b.graph);
    return p;
}

} // namespace

class TestGraphShapes : public QObject {
    Q_OBJECT
private slots:
    void inputRoles()
    {
        GraphBuilder b;
        const auto id = b.add("Input", {{"shape", tup({7, 5, 5, 2})}, {"first_axis", word("depth")}});
        const Analysis a = analyze(b.graph);
        QCOMPARE(a.nodes.at(id).output->roles, (std::vector<std::string>{"D", "H", "W", "C"}));
        QVERIFY(!a.hasErrors());
    }

    void conv_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<IntTuple>("input");
        QTest::addColumn<IntTuple>("kernel");
        QTest::addColumn<IntTuple>("strides");
        QTest::addColumn<IntTuple>("dilation");
        QTest::addColumn<QString>("padding");
        QTest::addColumn<IntTuple>("expected");
        QTest::addColumn<qint64>("params");
        // filters = 4 throughout; params = prod(kernel) * C_in * 4 + 4.
        QTest::newRow("3d same odd") << "Conv3D" << tup({10, 128, 128, 1}) << tup({3, 3, 3}) << tup({1, 1, 1})
                                     << tup({1, 1, 1}) << "same" << tup({10, 128, 128, 4}) << qint64(27 * 4 + 4);
        QTest::newRow("3d valid") << "Conv3D" << tup({10, 12, 12, 2}) << tup({3, 3, 3}) << tup({1, 1, 1})
                                  << tup({1, 1, 1}) << "valid" << tup({8, 10, 10, 4}) << qint64(54 * 4 + 4);
        QTest::newRow("3d same even kernel stride 2") << "Conv3D" << tup({7, 9, 10, 3}) << tup({2, 4, 4})
                                                      << tup({2, 2, 2}) << tup({1, 1, 1}) << "same"
                                                      << tup({4, 5, 5, 4}) << qint64(32 * 3 * 4 + 4);
        QTest::newRow("3d valid strides non-cubic") << "Conv3D" << tup({9, 17, 16, 1}) << tup({1, 5, 3})
                                                    << tup({1, 3, 2}) << tup({1, 1, 1}) << "valid"
                                                    << tup({9, 5, 7, 4}) << qint64(15 * 4 + 4);
        QTest::newRow("3d dilation valid") << "Conv3D" << tup({10, 10, 10, 1}) << tup({3, 3, 3}) << tup({1, 1, 1})
                                           << tup({1, 2, 3}) << "valid" << tup({8, 6, 4, 4}) << qint64(27 * 4 + 4);
        QTest::newRow("2d same stride 3") << "Conv2D" << tup({10, 11, 5}) << tup({3, 3}) << tup({3, 3})
                                          << tup({1, 1}) << "same" << tup({4, 4, 4}) << qint64(9 * 5 * 4 + 4);
        QTest::newRow("2d same even kernel") << "Conv2D" << tup({8, 8, 2}) << tup({4, 2}) << tup({1, 1})
                                             << tup({1, 1}) << "same" << tup({8, 8, 4}) << qint64(8 * 2 * 4 + 4);
        QTest::newRow("2d valid even kernel stride 2") << "Conv2D" << tup({7, 8, 1}) << tup({4, 4}) << tup({2, 2})
                                                       << tup({1, 1}) << "valid" << tup({2, 3, 4})
                                                       << qint64(16 * 4 + 4);
        QTest::newRow("2d dilation same") << "Conv2D" << tup({9, 9, 3}) << tup({3, 3}) << tup({1, 1}) << tup({2, 2})
                                          << "same" << tup({9, 9, 4}) << qint64(27 * 4 + 4);
    }
    void conv()
    {
        QFETCH(QString, type);
        QFETCH(IntTuple, input);
        QFETCH(IntTuple, kernel);
        QFETCH(IntTuple, strides);
        QFETCH(IntTuple, dilation);
        QFETCH(QString, padding);
        QFETCH(IntTuple, expected);
        QFETCH(qint64, params);
        const Probe p = probe(input, type.toStdString(),
                              {{"filters", int64_t(4)}, {"kernel_size", kernel}, {"strides", strides},
                               {"dilation_rate", dilation}, {"padding", std::string(padding.toStdString())}});
        QCOMPARE(p.dims(), expected);
        QCOMPARE(p.node().params(), params);
        QVERIFY(!p.analysis.hasErrors());
    }

    void convErrors()
    {
        const Probe tooBig = probe(tup({2, 8, 8, 1}), "Conv3D", {{"kernel_size", tup({3, 3, 3})}});
        QVERIFY(tooBig.has("kernel-too-large"));
        QVERIFY(tooBig.message("kernel-too-large").find("(2, 8, 8, 1)") != std::string::npos);
        const Probe both = probe(tup({8, 8, 1}), "Conv2D", {{"strides", tup({2, 2})}, {"dilation_rate", tup({2, 1})}});
        QVERIFY(both.has("stride-and-dilation"));
        const Probe rank = probe(tup({4, 8, 8, 1}), "Conv2D");
        QVERIFY(rank.has("input-rank"));
        QVERIFY(rank.message("input-rank").find("(4, 8, 8, 1)") != std::string::npos);
        const Probe noBias = probe(tup({8, 8, 3}), "Conv2D", {{"use_bias", false}, {"filters", int64_t(2)}});
        QCOMPARE(noBias.node().params(), int64_t(9 * 3 * 2));
    }

    void pooling_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<IntTuple>("input");
        QTest::addColumn<IntTuple>("pool");
        QTest::addColumn<IntTuple>("strides");
        QTest::addColumn<QString>("padding");
        QTest::addColumn<IntTuple>("expected");
        QTest::newRow("3d floor rule") << "MaxPooling3D" << tup({5, 65, 64, 3}) << tup({2, 2, 2}) << tup({}) << "valid"
                                       << tup({2, 32, 32, 3});
        QTest::newRow("3d same ceil") << "AveragePooling3D" << tup({5, 65, 64, 3}) << tup({2, 2, 2}) << tup({})
                                      << "same" << tup({3, 33, 32, 3});
        QTest::newRow("3d spatial only") << "MaxPooling3D" << tup({10, 8, 8, 1}) << tup({1, 2, 2}) << tup({})
                                         << "valid" << tup({10, 4, 4, 1});
        QTest::newRow("2d overlapping") << "MaxPooling2D" << tup({9, 9, 2}) << tup({3, 3}) << tup({2, 2}) << "valid"
                                        << tup({4, 4, 2});
        QTest::newRow("2d same even stride") << "AveragePooling2D" << tup({7, 10, 1}) << tup({2, 2}) << tup({2, 3})
                                             << "same" << tup({4, 4, 1});
    }
    void pooling()
    {
        QFETCH(QString, type);
        QFETCH(IntTuple, input);
        QFETCH(IntTuple, pool);
        QFETCH(IntTuple, strides);
        QFETCH(QString, padding);
        QFETCH(IntTuple, expected);
        const Probe p = probe(input, type.toStdString(),
                              {{"pool_size", pool}, {"strides", strides}, {"padding", std::string(padding.toStdString())}});
        QCOMPARE(p.dims(), expected);
        QCOMPARE(p.node().params(), int64_t(0));
        QVERIFY(!p.analysis.hasErrors());
    }

    void poolingErrors()
    {
        QVERIFY(probe(tup({1, 8, 8, 1}), "MaxPooling3D").has("pool-too-large"));
        QVERIFY(probe(tup({8, 8, 1}), "MaxPooling2D", {{"strides", tup({2})}}).has("strides-length"));
    }

    void globalPooling()
    {
        QCOMPARE(probe(tup({5, 6, 7}), "GlobalAveragePooling2D").dims(), tup({7}));
        QCOMPARE(probe(tup({5, 6, 7}), "GlobalMaxPooling2D").dims(), tup({7}));
        QCOMPARE(probe(tup({4, 5, 6, 7}), "GlobalAveragePooling3D").dims(), tup({7}));
        QVERIFY(probe(tup({4, 5, 6, 7}), "GlobalAveragePooling2D").has("input-rank"));
    }

    void timeBlocks()
    {
        const Probe pooled = probe(tup({10, 32, 32, 8}), "TemporalPooling", {{"mode", word("max")}});
        QCOMPARE(pooled.dims(), tup({32, 32, 8}));
        QCOMPARE(pooled.roles(), (std::vector<std::string>{"H", "W", "C"}));

        const Probe folded = probe(tup({10, 32, 30, 8}), "FoldTime");
        QCOMPARE(folded.dims(), tup({32, 30, 80}));
        QCOMPARE(folded.roles(), (std::vector<std::string>{"H", "W", "T·C"}));

        const Probe frame = probe(tup({10, 32, 32, 1}), "FrameSlice", {{"index", int64_t(9)}});
        QCOMPARE(frame.dims(), tup({32, 32, 1}));
        const Probe past = probe(tup({10, 32, 32, 1}), "FrameSlice", {{"index", int64_t(10)}});
        QVERIFY(past.has("index-out-of-range"));
        QCOMPARE(past.analysis.diagnosticsFor(past.id).front().field, std::string("index"));

        // Pooling "time" on an image pools its rows: said, not refused.
        const Probe image = probe(tup({32, 32, 3}), "TemporalPooling");
        QCOMPARE(image.dims(), tup({32, 3}));
        QVERIFY(image.has("not-time"));
    }

    void reshape()
    {
        const Probe inferred = probe(tup({2, 16, 16, 64}), "Reshape", {{"target_shape", tup({2, 16, -1})}});
        QCOMPARE(inferred.dims(), tup({2, 16, 1024}));
        QCOMPARE(inferred.roles(), (std::vector<std::string>{"T", "H", "W·C"}));

        const Probe mixed = probe(tup({2, 32, 32, 64}), "Reshape", {{"target_shape", tup({32, 4096})}});
        QCOMPARE(mixed.roles(), (std::vector<std::string>{"T·H", "H·W·C"}));
        QVERIFY(mixed.has("reshape-mixes-time"));

        const Probe wrong = probe(tup({2, 16, 16, 64}), "Reshape", {{"target_shape", tup({2, 16, 1000})}});
        QVERIFY(wrong.has("reshape-count"));
        QVERIFY(wrong.message("reshape-count").find("32768") != std::string::npos);
        QVERIFY(wrong.message("reshape-count").find("32000") != std::string::npos);
        QVERIFY(probe(tup({3, 5}), "Reshape", {{"target_shape", tup({2, -1})}}).has("reshape-count"));

        const Probe ones = probe(tup({4, 6}), "Reshape", {{"target_shape", tup({4, 1, 6})}});
        QCOMPARE(ones.dims(), tup({4, 1, 6}));
        QCOMPARE(ones.roles().size(), size_t(3));
    }

    void permuteAndFlatten()
    {
        const Probe p = probe(tup({10, 32, 16, 4}), "Permute", {{"dims", tup({2, 3, 1, 4})}});
        QCOMPARE(p.dims(), tup({32, 16, 10, 4}));
        QCOMPARE(p.roles(), (std::vector<std::string>{"H", "W", "T", "C"}));
        QVERIFY(probe(tup({10, 32, 16, 4}), "Permute", {{"dims", tup({2, 1, 3})}}).has("permute-dims"));
        QVERIFY(probe(tup({10, 32, 16, 4}), "Permute", {{"dims", tup({2, 2, 3, 1})}}).has("permute-dims"));

        const Probe f = probe(tup({2, 3, 4, 5}), "Flatten");
        QCOMPARE(f.dims(), tup({120}));
        QCOMPARE(f.roles(), (std::vector<std::string>{"T·H·W·C"}));
    }

    void merge()
    {
        GraphBuilder b;
        const auto in = b.add("Input", {{"shape", tup({4, 8, 8, 2})}});
        const auto a = b.add("TemporalPooling", {}, {in});
        const auto f = b.add("FrameSlice", {}, {in});
        const auto c = b.add("Concatenate", {}, {a, f});
        const auto s = b.add("Add", {}, {a, f});
        const auto pos = b.add("Concatenate", {{"axis", int64_t(1)}}, {a, f});
        const auto bad = b.add("Concatenate", {{"axis", int64_t(0)}}, {a, f});
        const Analysis an = analyze(b.graph);
        QCOMPARE(an.nodes.at(c).output->dims, tup({8, 8, 4}));
        QCOMPARE(an.nodes.at(s).output->dims, tup({8, 8, 2}));
        QCOMPARE(an.nodes.at(pos).output->dims, tup({16, 8, 2}));
        QVERIFY(!an.nodes.at(bad).output);
        QCOMPARE(an.diagnosticsFor(bad).front().code, std::string("axis-range"));

        GraphBuilder m;
        const auto i2 = m.add("Input", {{"shape", tup({4, 8, 8, 2})}});
        const auto x = m.add("TemporalPooling", {}, {i2});
        const auto y = m.add("MaxPooling3D", {}, {i2});
        const auto added = m.add("Add", {}, {x, y});
        const auto one = m.add("Concatenate", {}, {x});
        const Analysis am = analyze(m.graph);
        QCOMPARE(am.diagnosticsFor(added).front().code, std::string("add-mismatch"));
        QCOMPARE(am.diagnosticsFor(one).front().code, std::string("too-few-inputs"));
    }

    void recurrent()
    {
        const Probe last = probe(tup({10, 4096}), "LSTM", {{"units", int64_t(128)}});
        QCOMPARE(last.dims(), tup({128}));
        QCOMPARE(last.node().params(), int64_t(2163200));
        QVERIFY(!last.has("lstm-not-over-time"));
        const Probe seq = probe(tup({1, 3}), "LSTM", {{"units", int64_t(5)}, {"return_sequences", true}});
        QCOMPARE(seq.dims(), tup({1, 5}));
        QCOMPARE(seq.node().params(), int64_t(4 * 5 * (3 + 5 + 1)));
        QVERIFY(probe(tup({10, 8, 8}), "LSTM").has("input-rank"));
    }

    void head()
    {
        const Probe dense3 = probe(tup({6, 7, 8}), "Dense", {{"units", int64_t(3)}});
        QCOMPARE(dense3.dims(), tup({6, 7, 3}));
        QCOMPARE(dense3.node().params(), int64_t(8 * 3 + 3));
        QCOMPARE(dense3.node().flops, int64_t(2 * 8 * 6 * 7 * 3));

        const Probe drop = probe(tup({5}), "Dropout", {{"rate", 0.25}});
        QCOMPARE(drop.dims(), tup({5}));
        QVERIFY(probe(tup({5}), "Dropout", {{"rate", 1.0}}).has("param-range"));

        const Probe bn = probe(tup({4, 4, 6}), "BatchNormalization");
        QCOMPARE(bn.node().trainableParams, int64_t(12));
        QCOMPARE(bn.node().nonTrainableParams, int64_t(12));
        QCOMPARE(probe(tup({4, 5, 6}), "BatchNormalization", {{"axis", int64_t(1)}}).node().params(), int64_t(16));
        QVERIFY(probe(tup({4, 5, 6}), "BatchNormalization", {{"epsilon", 0.0}}).has("param-range"));

        QCOMPARE(probe(tup({3, 4}), "Activation", {{"activation", word("tanh")}}).dims(), tup({3, 4}));
    }

    void parameterRanges()
    {
        const Probe zero = probe(tup({8, 8, 1}), "Conv2D", {{"filters", int64_t(0)}});
        QVERIFY(zero.has("param-range"));
        QCOMPARE(zero.analysis.diagnosticsFor(zero.id).front().field, std::string("filters"));
        QVERIFY(!zero.node().output);
        const Probe pad = probe(tup({8, 8, 1}), "Conv2D", {{"padding", word("full")}});
        QVERIFY(pad.message("param-range").find("'same'") != std::string::npos);
        const Probe len = probe(tup({8, 8, 1}), "Conv2D", {{"kernel_size", tup({3})}});
        QVERIFY(len.has("param-range"));
    }

    void graphProblems()
    {
        GraphBuilder b;
        const auto in = b.add("Input", {{"shape", tup({8, 8, 1})}});
        const auto c1 = b.add("Conv2D");
        const auto c2 = b.add("Conv2D");
        const auto open = b.add("Dense", {}, {});
        b.graph.disconnect(open, 0);
        b.graph.connect(c2, c1, 0); // c1 <- c2 <- c1: a loop
        const Analysis a = analyze(b.graph);
        QVERIFY(a.hasErrors());
        int cycles = 0;
        for (const Diagnostic &d : a.diagnostics)
            cycles += d.code == "cycle";
        QCOMPARE(cycles, 2);
        QCOMPARE(a.diagnosticsFor(open).front().code, std::string("unconnected-input"));
        QVERIFY(a.nodes.at(in).output.has_value());

        GraphBuilder two;
        two.add("Input", {{"shape", tup({4})}});
        two.add("Dense");
        two.add("Dense", {}, {"input_1"});
        const Analysis t = analyze(two.graph);
        bool manyOutputs = false;
        for (const Diagnostic &d : t.diagnostics)
            manyOutputs |= d.code == "many-outputs" && d.message.find("dense_1, dense_2") != std::string::npos;
        QVERIFY(manyOutputs);

        Graph empty;
        QCOMPARE(analyze(empty).diagnostics.front().code, std::string("no-input"));
    }

    void absurdSizesAreErrorsNotOverflows()
    {
        // 2^80 elements: every count saturates instead of overflowing (checked by UBSan).
        const Probe huge = probe(tup({1 << 20, 1 << 20, 1 << 20, 1 << 20}), "Flatten");
        QCOMPARE(huge.analysis.diagnosticsFor("input_1").front().code, std::string("tensor-too-large"));
        const Probe wide = probe(tup({1 << 20, 1 << 20, 1 << 20, 1 << 20}), "Reshape", {{"target_shape", tup({-1, 1 << 20})}});
        QVERIFY(wide.analysis.hasErrors());
    }

    void warningsAreSaidOnce()
    {
        GraphBuilder b;
        b.add("Input", {{"shape", tup({2, 16, 16, 4})}});
        b.add("Reshape", {{"target_shape", tup({2, 16, 64})}});
        b.add("Conv2D", {{"padding", word("same")}});
        b.add("Conv2D", {{"padding", word("same")}});
        b.add("MaxPooling2D", {{"pool_size", tup({1, 2})}});
        int count = 0;
        for (const Diagnostic &d : analyze(b.graph).diagnostics)
            count += d.code == "time-as-space";
        QCOMPARE(count, 1);
    }
};

QTEST_APPLESS_MAIN(TestGraphShapes)
#include "tst_graph_shapes.moc"
