// `volnet predict` as a user runs it: the real executable on the seed's Strategy 1 (at
// 16×16 frames) with the weights of tests/fixtures/train/seed_pooling, reproducing the
// class probabilities PyTorch computed for the same weights and inputs; and each kind of
// bad input refused with exit code 2 and a message naming the thing at fault.
#include "graph/analysis.h"
#include "graph/graph_json.h"
#include "ops/init.h"
#include "tensor/npy.h"
#include "tensor/safetensors.h"

#include "cli_runner.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace volnet;

namespace {

const std::string kCase = VOLNET_SOURCE_DIR "/tests/fixtures/train/seed_pooling/";

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

} // namespace

class TestCliPredict : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::string m_weights;

    std::string path(const char *name) const { return m_dir.filePath(name).toStdString(); }

private slots:
    // The fixture stores the biases; its kernels are the initialisers' with seed 42.
    void initTestCase()
    {
        const GraphLoadResult g = loadGraphFile(kCase + "graph.json");
        QVERIFY2(g.ok, g.error.c_str());
        TensorFile weights;
        weights.tensors = initialModelWeights(g.graph, 42);
        const TensorFileResult stored = readSafetensors(kCase + "initial.safetensors");
        QVERIFY2(stored.ok, stored.error.c_str());
        for (const auto &[name, tensor] : stored.file.tensors)
            weights.tensors[name] = tensor;
        m_weights = path("weights.safetensors");
        QVERIFY(writeSafetensors(m_weights, weights));
    }

    void reproducesPyTorch()
    {
        const CliRun r = runVolnet({"predict", q(kCase + "graph.json"), "--weights", q(m_weights), "--input",
                              q(kCase + "input.npy"), "--output", q(path("y.npy")), "--dump",
                              q("reshape_1=" + path("reshape.npy"))});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const NpyResult y = readNpy(path("y.npy"));
        const NpyResult golden = readNpy(kCase + "probabilities.npy");
        QVERIFY2(y.ok && golden.ok, (y.error + golden.error).c_str());
        QCOMPARE(y.tensor.shape(), golden.tensor.shape());
        // Float32 on the device against float64 in PyTorch: sums of at most ~10^4 terms.
        QVERIFY2(relativeError(y.tensor, golden.tensor) <= 1e-4,
                 qPrintable(QString::number(relativeError(y.tensor, golden.tensor))));
        const NpyResult dumped = readNpy(path("reshape.npy"));
        QCOMPARE(dumped.tensor.shape(), (Dims{2, 2, 2, 128}));
    }

    void badInputIsRefused()
    {
        const QString graph = q(kCase + "graph.json");
        // A batch of the wrong shape: both shapes named.
        QVERIFY(writeNpy(path("wrong.npy"), Tensor({2, 10, 8, 8, 1})));
        CliRun r = runVolnet({"predict", graph, "--input", q(path("wrong.npy")), "--output", q(path("o.npy"))});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("(2, 10, 8, 8, 1)") && r.err.contains("(2, 10, 16, 16, 1)"), qPrintable(r.err));

        // Weights that miss a tensor, or have one of the wrong shape.
        TensorFile partial = readSafetensors(m_weights).file;
        partial.tensors.erase("dense_1.bias");
        QVERIFY(writeSafetensors(path("partial.safetensors"), partial));
        r = runVolnet({"predict", graph, "--weights", q(path("partial.safetensors")), "--input", q(kCase + "input.npy"),
                    "--output", q(path("o.npy"))});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("dense_1.bias"), qPrintable(r.err));
        partial.tensors["dense_1.bias"] = Tensor({7});
        QVERIFY(writeSafetensors(path("wrongshape.safetensors"), partial));
        r = runVolnet({"predict", graph, "--weights", q(path("wrongshape.safetensors")), "--input",
                    q(kCase + "input.npy"), "--output", q(path("o.npy"))});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("dense_1.bias") && r.err.contains("(7,)") && r.err.contains("(5,)"),
                 qPrintable(r.err));

        r = runVolnet({"predict", graph, "--input", q(path("absent.npy")), "--output", q(path("o.npy"))});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("absent.npy"));
        r = runVolnet({"predict", graph, "--input", q(kCase + "input.npy"), "--output", q(path("o.npy")), "--dump",
                    "nonode=x.npy"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("nonode"));
        QCOMPARE(runVolnet({"predict", graph}).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestCliPredict)
#include "tst_cli_predict.moc"
