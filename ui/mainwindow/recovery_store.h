#pragma once
// A copy of the unsaved design in the application's data folder, written a moment
// after each change, so that a crash loses at most the last seconds of work. A clean
// exit removes it; finding it at start means the last session did not end cleanly.
// A lock file keeps a second instance from taking the first one's copy for a crash.
#include "graph/graph.h"

#include <QObject>
#include <QTimer>

#include <memory>

class QLockFile;

namespace volnet::ui {

class GraphDocument;

class RecoveryStore : public QObject {
    Q_OBJECT
public:
    // The pause after the last change before the copy is written.
    static constexpr int kDelayMs = 1500;

    explicit RecoveryStore(GraphDocument *document, QObject *parent = nullptr);
    ~RecoveryStore() override;

    // Takes this session's lock and starts saving copies. False when another running
    // instance holds the lock: this one then neither recovers nor saves copies.
    bool start();
    bool isActive() const { return m_lock != nullptr; }

    // Whether a session that did not end cleanly left a design behind.
    bool hasRecovery() const;
    // Reads it, with the file it was opened from (empty for a new design).
    bool readRecovery(Graph *graph, QString *sourcePath, QString *error) const;
    void discardRecovery();

    QString directory() const;
    QString recoveryPath() const;

public slots:
    // Writes the copy now (or removes it when nothing is unsaved).
    void saveNow();

private:
    QString sourcePath() const;

    GraphDocument *m_document;
    std::unique_ptr<QLockFile> m_lock;
    QTimer m_timer;
};

} // namespace volnet::ui
