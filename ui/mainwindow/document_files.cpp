#include "mainwindow/document_files.h"

#include "document/graph_document.h"
#include "mainwindow/dialog_service.h"
#include "mainwindow/recent_files.h"
#include "mainwindow/recovery_store.h"
#include "mainwindow/template_gallery.h"
#include "mainwindow/template_library.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QUndoStack>

namespace volnet::ui {

namespace {

const QString kDirectoryKey = QStringLiteral("files/lastDirectory");

} // namespace

DocumentFiles::DocumentFiles(GraphDocument *document, DialogService *dialogs, QWidget *window)
    : QObject(window), m_document(document), m_dialogs(dialogs), m_window(window), m_recent(new RecentFiles(this)),
      m_recovery(new RecoveryStore(document, this))
{
}

QString DocumentFiles::documentName() const
{
    if (!m_document->filePath().isEmpty())
        return QFileInfo(m_document->filePath()).fileName();
    const std::string &name = m_document->graph().meta().name;
    return name.empty() ? tr("Untitled") : QString::fromStdString(name);
}

bool DocumentFiles::maybeSave()
{
    if (!m_document->isModified())
        return true;
    switch (m_dialogs->askToSave(m_window, documentName())) {
    case DialogService::SaveChoice::Save:
        return save();
    case DialogService::SaveChoice::Discard:
        return true;
    case DialogService::SaveChoice::Cancel:
        return false;
    }
    return false;
}

bool DocumentFiles::startRecovery()
{
    if (!m_recovery->start() || !m_recovery->hasRecovery())
        return false;
    Graph graph;
    QString source;
    QString error;
    if (!m_recovery->readRecovery(&graph, &source, &error)) {
        m_recovery->discardRecovery();
        return false;
    }
    const QString name = source.isEmpty() ? QString::fromStdString(graph.meta().name) : QFileInfo(source).fileName();
    const bool restore =
        m_dialogs->ask(m_window, tr("Recover unsaved work"),
                       tr("VolNet Studio did not close normally last time. Recover the unsaved changes to \"%1\"?")
                           .arg(name.isEmpty() ? tr("Untitled") : name),
                       tr("Recover"));
    if (!restore) {
        m_recovery->discardRecovery();
        return false;
    }
    m_document->newFrom(graph);
    // The recovered design is not saved anywhere yet: mark it so, and offer its file.
    m_document->undoStack()->resetClean();
    m_suggestedPath = source;
    emit opened(tr("Recovered unsaved changes"));
    return true;
}

void DocumentFiles::newDocument()
{
    if (!maybeSave())
        return;
    m_document->newFrom(Graph());
    m_suggestedPath.clear();
    emit opened(tr("New design"));
}

void DocumentFiles::open()
{
    const QString path = m_dialogs->openFileName(m_window, tr("Open design"), lastDirectory());
    if (!path.isEmpty())
        openFile(path);
}

bool DocumentFiles::openFile(const QString &path)
{
    if (!maybeSave())
        return false;
    QString error;
    if (!m_document->load(path, &error)) {
        m_dialogs->showError(m_window, tr("Cannot open design"),
                             tr("Could not open \"%1\":\n\n%2").arg(QDir::toNativeSeparators(path), error));
        if (!QFileInfo::exists(path))
            m_recent->remove(path);
        return false;
    }
    remember(path);
    emit opened(tr("Opened %1").arg(QDir::toNativeSeparators(path)));
    return true;
}

void DocumentFiles::openTemplateGallery()
{
    TemplateGallery gallery(m_window);
    if (m_dialogs->exec(&gallery) == QDialog::Accepted && !gallery.selectedName().isEmpty())
        openTemplate(gallery.selectedName());
}

bool DocumentFiles::openTemplate(const QString &name)
{
    DesignTemplate design;
    QString error;
    if (!TemplateLibrary::load(name, &design, &error)) {
        m_dialogs->showError(m_window, tr("Cannot open template"), error);
        return false;
    }
    if (!maybeSave())
        return false;
    m_document->newFrom(design.graph);
    m_suggestedPath.clear();
    emit opened(tr("New design from the template %1").arg(name));
    return true;
}

bool DocumentFiles::save()
{
    return m_document->filePath().isEmpty() ? saveAs() : saveTo(m_document->filePath());
}

bool DocumentFiles::saveAs()
{
    QString suggested = m_document->filePath();
    if (suggested.isEmpty())
        suggested = m_suggestedPath;
    if (suggested.isEmpty())
        suggested = QDir(lastDirectory()).filePath(documentName() + QStringLiteral(".json"));
    const QString path = m_dialogs->saveFileName(m_window, tr("Save design as"), suggested);
    return !path.isEmpty() && saveTo(path);
}

bool DocumentFiles::saveTo(const QString &path)
{
    QString error;
    if (!m_document->save(path, &error)) {
        m_dialogs->showError(m_window, tr("Cannot save design"), error);
        return false;
    }
    remember(path);
    m_recovery->saveNow();
    emit saved(tr("Saved %1").arg(QDir::toNativeSeparators(path)));
    return true;
}

void DocumentFiles::remember(const QString &path)
{
    m_recent->add(path);
    QSettings().setValue(kDirectoryKey, QFileInfo(path).absolutePath());
    m_suggestedPath.clear();
}

QString DocumentFiles::lastDirectory() const
{
    return QSettings().value(kDirectoryKey, QDir::homePath()).toString();
}

} // namespace volnet::ui
