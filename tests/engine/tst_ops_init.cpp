// Keras's initial weights from the portable generator: the right distributions and
// shapes, the same numbers for the same (seed, node, weight), different ones otherwise.
#include "graph/analysis.h"
#include "graph_builder.h"
#include "ops/init.h"

#include <QtTest>

#include <cmath>

using namespace volnet;
using namespace volnet::testing;

namespace {

// max |A A^T - I| over the rows of the (rows, cols) matrix `m` (rows <= cols).
double rowOrthonormalityError(const Tensor &m, int64_t rows, int64_t cols)
{
    double worst = 0;
    for (int64_t i = 0; i < rows; ++i)
        for (int64_t j = 0; j < rows; ++j) {
            double dot = 0;
            for (int64_t k = 0; k < cols; ++k)
                dot += double(m[i * cols + k]) * double(m[j * cols + k]);
            worst = std::max(worst, std::abs(dot - (i == j ? 1.0 : 0.0)));
        }
    return worst;
}

Tensor transposed(const Tensor &m, int64_t rows, int64_t cols)
{
    Tensor t({cols, rows});
    for (int64_t i = 0; i < rows; ++i)
        for (int64_t j = 0; j < cols; ++j)
            t[j * rows + i] = m[i * cols + j];
    return t;
}

} // namespace

class TestOpsInit : public QObject {
    Q_OBJECT
private slots:
    void splitMixMatchesReference()
    {
        SplitMix64 rng(1234567);
        QCOMPARE(rng.next(), 6457827717110365317ull);
        QCOMPARE(rng.next(), 3203168211198807973ull);
        QCOMPARE(rng.next(), 9817491932198370423ull);
        double mean = 0, square = 0;
        for (int i = 0; i < 20000; ++i) {
            const double x = rng.normal();
            mean += x / 20000;
            square += x * x / 20000;
        }
        QVERIFY(std::abs(mean) < 0.03);
        QVERIFY(std::abs(square - 1) < 0.05);
    }

    void glorotUniformUsesKerasFans()
    {
        SplitMix64 rng(3);
        // Conv3D kernel: receptive field 27, fan_in 27 * 2, fan_out 27 * 8.
        const Tensor k = glorotUniform({3, 3, 3, 2, 8}, rng);
        const double limit = std::sqrt(6.0 / (54 + 216));
        float lo = 0, hi = 0;
        for (float v : k.values()) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
        QVERIFY(lo >= -limit && hi <= limit);
        QVERIFY(lo < -0.9 * limit && hi > 0.9 * limit);
        const Tensor d = glorotUniform({10, 5}, rng);
        for (float v : d.values())
            QVERIFY(std::abs(v) <= std::sqrt(6.0 / 15));
    }

    void orthogonalIsOrthonormal()
    {
        SplitMix64 rng(5);
        // An LSTM's recurrent kernel (u, 4u): fewer rows than columns, orthonormal rows.
        const Tensor wide = orthogonal({6, 24}, rng);
        QVERIFY(rowOrthonormalityError(wide, 6, 24) < 1e-6);
        // More rows than columns (here after flattening all but the last axis): orthonormal columns.
        const Tensor tall = orthogonal({2, 3, 4}, rng);
        QVERIFY(rowOrthonormalityError(transposed(tall, 6, 4), 4, 6) < 1e-6);
        const Tensor square = orthogonal({5, 5}, rng);
        QVERIFY(rowOrthonormalityError(square, 5, 5) < 1e-6);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, orthogonal({4}, rng));
    }

    void weightsFollowKerasDefaults()
    {
        GraphBuilder b;
        b.add("Input", {{"shape", tup({6, 5})}});
        const std::string lstm = b.add("LSTM", {{"units", int64_t(3)}});
        const std::string bn = b.add("BatchNormalization");
        const Analysis analysis = analyze(b.graph);
        const auto lstmWeights = initialWeights(*b.graph.node(lstm), analysis.nodes.at(lstm).weights, 9);
        QCOMPARE(lstmWeights.at("kernel").shape(), (Dims{5, 12}));
        QVERIFY(rowOrthonormalityError(lstmWeights.at("recurrent_kernel"), 3, 12) < 1e-6);
        const Tensor &bias = lstmWeights.at("bias");
        for (int64_t i = 0; i < 12; ++i)
            QCOMPARE(bias[i], i >= 3 && i < 6 ? 1.0f : 0.0f); // gates i, f, c, o: the forget gate open
        const auto bnWeights = initialWeights(*b.graph.node(bn), analysis.nodes.at(bn).weights, 9);
        QCOMPARE(bnWeights.at("gamma"), Tensor({3}, 1.0f));
        QCOMPARE(bnWeights.at("beta"), Tensor({3}, 0.0f));
        QCOMPARE(bnWeights.at("moving_mean"), Tensor({3}, 0.0f));
        QCOMPARE(bnWeights.at("moving_variance"), Tensor({3}, 1.0f));
    }

    void seedNodeAndNameDecide()
    {
        Node conv;
        conv.id = "conv3d_1";
        conv.type = "Conv3D";
        const WeightSpec kernel{"kernel", {3, 3, 3, 1, 4}};
        const Tensor a = initialWeight(conv, kernel, 42);
        QCOMPARE(initialWeight(conv, kernel, 42), a);
        QVERIFY(initialWeight(conv, kernel, 43) != a);
        Node other = conv;
        other.id = "conv3d_2";
        QVERIFY(initialWeight(other, kernel, 42) != a);
        QVERIFY(weightGenerator(42, "conv3d_1", "kernel").next() != weightGenerator(42, "conv3d_1", "bias").next());
        // The values themselves are checked against an independent port of the
        // generator in tst_ref_golden (fixtures init_*).
    }
};

QTEST_APPLESS_MAIN(TestOpsInit)
#include "tst_ops_init.moc"
