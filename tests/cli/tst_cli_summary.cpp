// `volnet summary`, `--help` and `--version`, run as a user runs them: the real
// executable, its output and its exit code.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run volnet(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(VOLNET_EXE), args);
    if (!p.waitForFinished(60000))
        qFatal("volnet %s did not finish", qPrintable(args.join(' ')));
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

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
        const Run help = volnet({"--help"});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("summary"));
        QVERIFY(help.out.contains("devices"));
        const Run version = volnet({"--version"});
        QCOMPARE(version.exitCode, 0);
        QVERIFY(version.out.startsWith("volnet " VOLNET_VERSION));
        QCOMPARE(volnet({"summary", "--help"}).exitCode, 0);
    }

    void seedPoolingSummary()
    {
        const Run r = volnet({"summary", templateFile("seed_pooling")});
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
        const Run r = volnet({"summary", templateFile("seed_concat")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.contains("error: concatenate_1 (axis):"));
        QVERIFY(r.out.contains("(2, 16, 1024)") && r.out.contains("(32, 32, 128)"));
        QVERIFY(r.err.contains("has errors"));
    }

    void badInput()
    {
        QTemporaryDir dir;
        const Run missing = volnet({"summary", dir.filePath("nope.json")});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY(missing.err.contains("nope.json"));

        QFile corrupt(dir.filePath("corrupt.json"));
        QVERIFY(corrupt.open(QIODevice::WriteOnly));
        corrupt.write("{\"format\": \"volnet-graph\", \"version\": 1, \"nodes\": [ {\"id\": 3");
        corrupt.close();
        const Run broken = volnet({"summary", corrupt.fileName()});
        QCOMPARE(broken.exitCode, 2);
        QVERIFY(broken.err.contains("corrupt.json"));

        QCOMPARE(volnet({"summary"}).exitCode, 2);
        QCOMPARE(volnet({"summary", "a.json", "b.json"}).exitCode, 2);
        QCOMPARE(volnet({"frobnicate"}).exitCode, 2);
        QCOMPARE(volnet({"--frobnicate"}).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestCliSummary)
#include "tst_cli_summary.moc"
