#pragma once
// Runs the built `volnet` executable as a user would, and keeps what it said.
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QtGlobal>

struct CliRun {
    int exitCode = -1; // -1 when it crashed
    QString out;
    QString err;
};

inline CliRun runVolnet(const QStringList &args, int timeoutMs = 600000)
{
    QProcess p;
    p.start(QStringLiteral(VOLNET_EXE), args);
    if (!p.waitForFinished(timeoutMs))
        qFatal("volnet %s did not finish", qPrintable(args.join(' ')));
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}
