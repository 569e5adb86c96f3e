#pragma once
// The file commands of a window: new, open (a file or a template), save, save as,
// with the question before unsaved changes are lost, the recent files, and the
// recovery copy of unsaved work. Every question goes through the DialogService.
#include <QObject>
#include <QString>

class QWidget;

namespace volnet::ui {

class DialogService;
class GraphDocument;
class RecentFiles;
class RecoveryStore;

class DocumentFiles : public QObject {
    Q_OBJECT
public:
    // `window` parents the dialogs.
    DocumentFiles(GraphDocument *document, DialogService *dialogs, QWidget *window);

    RecentFiles *recentFiles() const { return m_recent; }
    RecoveryStore *recoveryStore() const { return m_recovery; }
    // The file's name, else the design's name, else "Untitled".
    QString documentName() const;

    // Asks what to do with unsaved changes; false when the user cancels (or a save fails).
    bool maybeSave();
    // Starts keeping a recovery copy of unsaved work, after offering to restore the
    // one a session that did not end cleanly left behind. Returns whether it did.
    bool startRecovery();

public slots:
    void newDocument();
    void open();
    // Opens a graph file after asking about unsaved changes; on failure an error
    // dialog names the file and the problem, and the current design stays.
    bool openFile(const QString &path);
    void openTemplateGallery();
    // A template as a new, unsaved design.
    bool openTemplate(const QString &name);
    bool save();
    bool saveAs();

signals:
    // Another design is in the document now; `message` says which.
    void opened(const QString &message);
    void saved(const QString &message);

private:
    bool saveTo(const QString &path);
    QString lastDirectory() const;
    void remember(const QString &path);

    GraphDocument *m_document;
    DialogService *m_dialogs;
    QWidget *m_window;
    RecentFiles *m_recent;
    RecoveryStore *m_recovery;
    // Where Save As proposes to write a design that has no file yet (a recovered one).
    QString m_suggestedPath;
};

} // namespace volnet::ui
