#include "mainwindow/recovery_store.h"

#include "document/graph_document.h"
#include "graph/graph_json.h"

#include <QDir>
#include <QFile>
#include <QLockFile>
#include <QSaveFile>
#include <QStandardPaths>

namespace volnet::ui {

RecoveryStore::RecoveryStore(GraphDocument *document, QObject *parent) : QObject(parent), m_document(document)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(kDelayMs);
    connect(&m_timer, &QTimer::timeout, this, &RecoveryStore::saveNow);
    auto schedule = [this] {
        if (isActive())
            m_timer.start();
    };
    connect(m_document, &GraphDocument::graphChanged, this, schedule);
    connect(m_document, &GraphDocument::modifiedChanged, this, schedule);
}

RecoveryStore::~RecoveryStore()
{
    // Ending cleanly: whatever was unsaved, the user chose what to do with it.
    if (isActive())
        discardRecovery();
}

QString RecoveryStore::directory() const
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

QString RecoveryStore::recoveryPath() const
{
    return directory() + QStringLiteral("/recovery.json");
}

QString RecoveryStore::sourcePath() const
{
    return directory() + QStringLiteral("/recovery-source.txt");
}

bool RecoveryStore::start()
{
    if (isActive())
        return true;
    QDir().mkpath(directory());
    auto lock = std::make_unique<QLockFile>(directory() + QStringLiteral("/session.lock"));
    // No age limit: a lock is stale only when its process is gone, however long a
    // session has been open.
    lock->setStaleLockTime(0);
    if (!lock->tryLock(0))
        return false;
    m_lock = std::move(lock);
    return true;
}

bool RecoveryStore::hasRecovery() const
{
    return isActive() && QFile::exists(recoveryPath());
}

bool RecoveryStore::readRecovery(Graph *graph, QString *source, QString *error) const
{
    const GraphLoadResult loaded = loadGraphFile(recoveryPath().toStdString());
    if (!loaded.ok) {
        *error = QString::fromStdString(loaded.error);
        return false;
    }
    *graph = loaded.graph;
    QFile file(sourcePath());
    *source = file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()).trimmed() : QString();
    return true;
}

void RecoveryStore::discardRecovery()
{
    m_timer.stop();
    QFile::remove(recoveryPath());
    QFile::remove(sourcePath());
}

void RecoveryStore::saveNow()
{
    m_timer.stop();
    if (!isActive())
        return;
    if (!m_document->isModified()) {
        discardRecovery();
        return;
    }
    QSaveFile copy(recoveryPath());
    const QByteArray text = QByteArray::fromStdString(graphToJson(m_document->graph()));
    // A copy that cannot be written is no reason to interrupt the user; the next
    // change tries again.
    if (copy.open(QIODevice::WriteOnly) && copy.write(text) == text.size())
        copy.commit();
    QSaveFile source(sourcePath());
    if (source.open(QIODevice::WriteOnly) && source.write(m_document->filePath().toUtf8()) >= 0)
        source.commit();
}

} // namespace volnet::ui
