// `volnet train` as a user runs it: a small design on a small phantom; killed with
// SIGKILL after a checkpoint, then --resume: the run goes on from the checkpoint and
// gives the same losses as an uninterrupted run; Ctrl-C stops after a checkpoint; bad
// data is refused before training starts; micro-batches give the batch's losses.
#include "cli_runner.h"

#include "graph/graph_json.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <csignal>

namespace {

const char *kData = "synthetic:dce?n=24&t=6&size=16&seed=3";

// The metrics without the timing columns, which differ from run to run.
QStringList losses(const QString &runDir)
{
    QFile f(runDir + "/metrics.csv");
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QStringList rows;
    for (const QString &line : QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts))
        rows << line.section(',', 0, 4);
    return rows;
}

} // namespace

class TestCliTrain : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_graph;

    QStringList trainArgs(const QString &out, int epochs) const
    {
        return {"train", m_graph, "--data", kData, "--epochs", QString::number(epochs), "--batch", "4", "--out", out};
    }

private slots:
    void initTestCase()
    {
        // Input (6, 16, 16, 1) → Conv3D(4) → TemporalPooling → Dropout → Conv2D(4) → pooling → Dense(3).
        m_graph = m_dir.filePath("tiny.json");
        QFile f(m_graph);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format": "volnet-graph", "version": 1, "name": "tiny", "nodes": [
  {"id": "input_1", "type": "Input", "params": {"shape": [6, 16, 16, 1]}},
  {"id": "conv3d_1", "type": "Conv3D", "params": {"filters": 4, "kernel_size": [3, 3, 3], "padding": "same", "activation": "relu"}},
  {"id": "temporal_pooling_1", "type": "TemporalPooling"},
  {"id": "dropout_1", "type": "Dropout", "params": {"rate": 0.25}},
  {"id": "conv2d_1", "type": "Conv2D", "params": {"filters": 4, "kernel_size": [3, 3], "padding": "same", "activation": "relu"}},
  {"id": "global_average_pooling2d_1", "type": "GlobalAveragePooling2D"},
  {"id": "dense_1", "type": "Dense", "params": {"units": 3, "activation": "softmax"}}],
 "edges": [{"from": "input_1", "to": "conv3d_1", "port": 0}, {"from": "conv3d_1", "to": "temporal_pooling_1", "port": 0},
  {"from": "temporal_pooling_1", "to": "dropout_1", "port": 0}, {"from": "dropout_1", "to": "conv2d_1", "port": 0},
  {"from": "conv2d_1", "to": "global_average_pooling2d_1", "port": 0},
  {"from": "global_average_pooling2d_1", "to": "dense_1", "port": 0}]})");
    }

    void killedRunResumesWithTheSameLosses()
    {
        const QString whole = m_dir.filePath("whole");
        const CliRun reference = runVolnet(trainArgs(whole, 3));
        QVERIFY2(reference.exitCode == 0, qPrintable(reference.err));
        QCOMPARE(losses(whole).size(), 4); // the header and 3 epochs
        for (const char *file :
             {"graph.json", "train_options.json", "weights.safetensors", "optimizer.safetensors", "trainer_state.json"})
            QVERIFY2(QFile::exists(whole + "/" + file), file);

        // The same run, killed without warning once its first checkpoint exists.
        const QString killed = m_dir.filePath("killed");
        QProcess p;
        p.start(QStringLiteral(VOLNET_EXE), trainArgs(killed, 3));
        QVERIFY(p.waitForStarted());
        for (int i = 0; i < 6000 && !QFile::exists(killed + "/trainer_state.json"); ++i)
            QThread::msleep(50);
        QVERIFY(QFile::exists(killed + "/trainer_state.json"));
        ::kill(pid_t(p.processId()), SIGKILL);
        p.waitForFinished();

        // Nothing but the folder: the graph, the data, the epochs and the batch are the run's.
        const CliRun resumed = runVolnet({"train", "--resume", killed});
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
        QCOMPARE(losses(killed), losses(whole));
        // Nothing half-written is left behind.
        for (const QString &name : QDir(killed).entryList(QDir::Files | QDir::Hidden))
            QVERIFY2(!name.contains(".tmp"), qPrintable(name));
    }

    void interruptStopsAfterACheckpoint()
    {
        const QString out = m_dir.filePath("interrupted");
        QProcess p;
        p.start(QStringLiteral(VOLNET_EXE), trainArgs(out, 50));
        QVERIFY(p.waitForStarted());
        for (int i = 0; i < 6000 && !QFile::exists(out + "/trainer_state.json"); ++i)
            QThread::msleep(50);
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(300000));
        QCOMPARE(p.exitCode(), 130);
        QVERIFY(QFile::exists(out + "/weights.safetensors"));
        // An option given again wins over the run's: one epoch more than were done by the
        // interrupt (how many depends on when it came), instead of 50.
        const qsizetype done = losses(out).size() - 1;
        QVERIFY(done >= 1 && done < 50);
        const CliRun resumed = runVolnet({"train", "--resume", out, "--epochs", QString::number(done + 1)});
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
        QCOMPARE(losses(out).size(), done + 2); // the header and one more epoch
    }

    void microBatchesGiveTheBatchsLosses()
    {
        // The tiny model without its Dropout (whose masks differ between micro-batches),
        // batch 4 in one pass, and as micro-batches of 3 (3 rows, then 1 and padding).
        volnet::GraphLoadResult g = volnet::loadGraphFile(m_graph.toStdString());
        QVERIFY(g.ok);
        QVERIFY(g.graph.removeNode("dropout_1"));
        QVERIFY(g.graph.connect("temporal_pooling_1", "conv2d_1", 0));
        const QString plain = m_dir.filePath("no-dropout.json");
        QVERIFY(volnet::saveGraphFile(g.graph, plain.toStdString()));
        // Plain SGD with a large rate: Adam would hide a wrong weighting of the parts,
        // since it normalises the gradient's scale.
        const QStringList args{"train", plain, "--data", kData, "--epochs", "2", "--batch", "4", "--optimizer", "sgd",
                               "--lr", "0.5"};
        const CliRun whole = runVolnet(args + QStringList{"--out", m_dir.filePath("whole-batch")});
        QVERIFY2(whole.exitCode == 0, qPrintable(whole.err));
        const CliRun micro = runVolnet(args + QStringList{"--micro-batch", "3", "--out", m_dir.filePath("micro")});
        QVERIFY2(micro.exitCode == 0, qPrintable(micro.err));
        QVERIFY2(micro.out.contains("batch 4 (micro-batches of 3)"), qPrintable(micro.out));
        const QStringList a = losses(m_dir.filePath("whole-batch")), b = losses(m_dir.filePath("micro"));
        QCOMPARE(a.size(), 3);
        QCOMPARE(b.size(), a.size());
        // Sums in another order: the two agree to float rounding, not to the last digit.
        for (int row = 1; row < a.size(); ++row)
            for (int column = 1; column < 5; ++column) {
                const double x = a[row].section(',', column, column).toDouble();
                const double y = b[row].section(',', column, column).toDouble();
                QVERIFY2(std::abs(x - y) <= 1e-4 * std::max(1.0, std::abs(x)), qPrintable(a[row] + " / " + b[row]));
            }

        // BatchNormalization's statistics are the batch's: micro-batches are refused.
        QVERIFY(g.graph.disconnect("conv2d_1", 0));
        const auto bn = g.graph.addNode("BatchNormalization");
        QVERIFY(bn && g.graph.connect("temporal_pooling_1", *bn, 0) && g.graph.connect(*bn, "conv2d_1", 0));
        const QString withNorm = m_dir.filePath("with-batchnorm.json");
        QVERIFY(volnet::saveGraphFile(g.graph, withNorm.toStdString()));
        const CliRun refused = runVolnet({"train", withNorm, "--data", kData, "--batch", "4", "--micro-batch", "2"});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("BatchNormalization") && refused.err.contains("--batch 2 or less"),
                 qPrintable(refused.err));
    }

    void badDataIsRefusedBeforeTraining()
    {
        CliRun r = runVolnet({"train", m_graph, "--data", "folder:" + m_dir.filePath("no-such-folder"), "--epochs", "1"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("no-such-folder"), qPrintable(r.err));
        r = runVolnet({"train", m_graph, "--data", "synthetic:dce?size=32", "--epochs", "1"});
        QCOMPARE(r.exitCode, 2); // 10 frames where the model takes 6
        QVERIFY2(r.err.contains("(6, 16, 16, 1)"), qPrintable(r.err));
        r = runVolnet({"train", m_graph, "--data", "nosuchkind:x", "--epochs", "1"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("synthetic:dce"), qPrintable(r.err));
        r = runVolnet({"train", m_graph, "--resume", m_dir.filePath("no-such-run"), "--data", kData});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("no run folder"), qPrintable(r.err));
        QVERIFY(!QFile::exists(m_dir.filePath("no-such-run"))); // not made by the attempt
        QVERIFY(QDir().mkpath(m_dir.filePath("empty-run")));
        r = runVolnet({"train", m_graph, "--resume", m_dir.filePath("empty-run"), "--data", kData});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("no checkpoint"), qPrintable(r.err));
        QCOMPARE(runVolnet({"train", m_graph, "--optimizer", "rmsprop"}).exitCode, 2);
        QVERIFY(QDir().mkpath(m_dir.filePath("damaged-run")));
        QFile options(m_dir.filePath("damaged-run/train_options.json"));
        QVERIFY(options.open(QIODevice::WriteOnly));
        options.write("{\"format\": \"volnet-train-options\", \"options\": [1, 2");
        options.close();
        r = runVolnet({"train", "--resume", m_dir.filePath("damaged-run")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("train_options.json is damaged"), qPrintable(r.err));
        r = runVolnet({"train", "--data", kData});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("missing GRAPH.json"), qPrintable(r.err));
        r = runVolnet({"train", m_graph, "--data", kData, "--hold-frame", "6"});
        QCOMPARE(r.exitCode, 2); // the model takes 6 frames, 0 to 5
        QVERIFY2(r.err.contains("cannot hold frame 6"), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCliTrain)
#include "tst_cli_train.moc"
