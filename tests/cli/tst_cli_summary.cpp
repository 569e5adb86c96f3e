// `volnet summary`, `--help` and `--version`, run as a user runs them: the real
// executable, its output and its exit code.
#include "cli_runner.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

QString templateFile(const char *name)
{
    return QStringLiteral(VOLNET_SOURCE_DIR "/resources/templates/%1.json").arg(name);
}

} // namespace

class TestCliSummary : public QObject {
    Q_OBJECT
private slots:
    void helpAndVersion()
    {
        const CliRun help = runVolnet({"--help"});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("summary"));
        QVERIFY(help.out.contains("devices"));
        const CliRun version = runVolnet({"--version"});
        QCOMPARE(version.exitCode, 0);
        QVERIFY(version.out.startsWith("volnet " VOLNET_VERSION));
        QCOMPARE(runVolnet({"summary", "--help"}).exitCode, 0);
    }

    void seedPoolingSummary()
    {
        const CliRun r = runVolnet({"summary", templateFile("seed_pooling")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("Model: \"seed_pooling\""));
        QVERIFY(r.out.contains("Total params: 1,532,485\n"));
        QVERIFY(r.out.contains("Trainable params: 1,532,485\n"));
        QVERIFY(r.out.contains("Non-trainable params: 0\n"));
        QVERIFY(r.out.contains(" reshape_1 (Reshape)"));
        QVERIFY(r.out.contains("(None, 2, 16, 1024)"));
        QVERIFY(r.out.contains("1,179,776")); // conv2d_1: 3·3·1024·128 + 128
        QVERIFY(r.out.contains("warning: conv2d_1:"));
    }

    void errorsExitWithTwo()
    {
        const CliRun r = runVolnet({"summary", templateFile("seed_concat")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.contains("error: concatenate_1 (axis):"));
        QVERIFY(r.out.contains("(2, 16, 1024)") && r.out.contains("(32, 32, 128)"));
        QVERIFY(r.err.contains("has errors"));
    }

    void badInput()
    {
        QTemporaryDir dir;
        const CliRun missing = runVolnet({"summary", dir.filePath("nope.json")});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY(missing.err.contains("nope.json"));

        QFile corrupt(dir.filePath("corrupt.json"));
        QVERIFY(corrupt.open(QIODevice::WriteOnly));
        corrupt.write("{\"format\": \"volnet-graph\", \"version\": 1, \"nodes\": [ {\"id\": 3");
        corrupt.close();
        const CliRun broken = runVolnet({"summary", corrupt.fileName()});
        QCOMPARE(broken.exitCode, 2);
        QVERIFY(broken.err.contains("corrupt.json"));

        QCOMPARE(runVolnet({"summary"}).exitCode, 2);
        QCOMPARE(runVolnet({"summary", "a.json", "b.json"}).exitCode, 2);
        QCOMPARE(runVolnet({"frobnicate"}).exitCode, 2);
        QCOMPARE(runVolnet({"--frobnicate"}).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestCliSummary)
#include "tst_cli_summary.moc"
