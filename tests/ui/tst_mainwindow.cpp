// The main window as a user meets it: title and status bar, files (save and open
// round trip, a corrupt file, prompts before losing changes, recent files, the
// template gallery, recovery after a crash), remembered layout, shortcuts, and the
// panels taking the canvas to a block. Dialogs are answered by RecordingDialogs.
#include "document/graph_document.h"
#include "editor/graph_scene.h"
#include "editor/graph_view.h"
#include "editor/node_item.h"
#include "graph/graph_json.h"
#include "inspector/inspector.h"
#include "mainwindow/dialog_service.h"
#include "mainwindow/document_files.h"
#include "mainwindow/main_window.h"
#include "mainwindow/recent_files.h"
#include "mainwindow/recovery_store.h"
#include "mainwindow/template_gallery.h"
#include "palette/block_palette.h"
#include "palette/palette_tree.h"
#include "panels/problems_panel.h"
#include "panels/summary_panel.h"

#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLockFile>
#include <QMenu>
#include <QMimeData>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeWidget>
#include <QtTest>

#include <functional>
#include <memory>

using namespace volnet;
using namespace volnet::ui;

namespace {

// Answers the window's questions as a test says, and remembers what was asked.
class RecordingDialogs : public DialogService {
public:
    void showError(QWidget *, const QString &title, const QString &text) override { errors << title + ": " + text; }
    SaveChoice askToSave(QWidget *, const QString &documentName) override
    {
        saveQuestions << documentName;
        return saveChoice;
    }
    bool ask(QWidget *, const QString &, const QString &text, const QString &) override
    {
        questions << text;
        return askAnswer;
    }
    QString openFileName(QWidget *, const QString &, const QString &) override { return openAnswer; }
    QString saveFileName(QWidget *, const QString &, const QString &suggested) override
    {
        suggestions << suggested;
        return saveAnswer;
    }
    int exec(QDialog *dialog) override { return onExec ? onExec(dialog) : QDialog::Rejected; }

    QStringList errors;
    QStringList saveQuestions;
    QStringList questions;
    QStringList suggestions;
    SaveChoice saveChoice = SaveChoice::Cancel;
    bool askAnswer = false;
    QString openAnswer;
    QString saveAnswer;
    std::function<int(QDialog *)> onExec;
};

QString templatePath(const QString &name)
{
    return QStringLiteral(VOLNET_SOURCE_DIR "/resources/templates/") + name + QStringLiteral(".json");
}

QString json(const GraphDocument &doc)
{
    return QString::fromStdString(graphToJson(doc.graph()));
}

QString screenshotDir()
{
    const QString dir = QStringLiteral(VOLNET_BINARY_DIR "/screenshots");
    QDir().mkpath(dir);
    return dir;
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // Settings, recent files and recovery copies go to a test location, not the user's.
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("VolNetTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    }

    void init()
    {
        QSettings().clear();
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
        m_dialogs = std::make_unique<RecordingDialogs>();
        m_window = std::make_unique<MainWindow>(m_dialogs.get());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup()
    {
        m_window.reset();
        m_dialogs.reset();
    }

    void titleShowsTheFileAndAModifiedMarker()
    {
        QVERIFY(m_window->files()->openFile(templatePath(QStringLiteral("seed_concat"))));
        QCOMPARE(m_window->windowTitle(), QStringLiteral("seed_concat.json[*] — VolNet Studio"));
        QVERIFY(!m_window->isWindowModified());
        m_window->document()->setParam(QStringLiteral("dense_1"), QStringLiteral("units"), ParamValue(int64_t(3)));
        QVERIFY(m_window->isWindowModified());
        m_window->document()->undoStack()->undo();
        QVERIFY(!m_window->isWindowModified());

        QVERIFY(m_window->files()->openTemplate(QStringLiteral("lstm")));
        QCOMPARE(m_window->windowTitle(), QStringLiteral("lstm[*] — VolNet Studio"));
        QVERIFY(m_window->document()->filePath().isEmpty());
    }

    void statusBarShowsTotalsAndProblems()
    {
        QVERIFY(m_window->files()->openFile(templatePath(QStringLiteral("seed_pooling"))));
        QCOMPARE(m_window->findChild<QLabel *>(QStringLiteral("statusParams"))->text(),
                 QStringLiteral("1,532,485 params"));
        QVERIFY(m_window->findChild<QLabel *>(QStringLiteral("statusFlops"))->text().endsWith(QStringLiteral("FLOPs")));
        auto *problems = m_window->findChild<QToolButton *>(QStringLiteral("statusProblems"));
        QCOMPARE(problems->text(), QStringLiteral("1 warning"));
        QVERIFY(m_window->files()->openFile(templatePath(QStringLiteral("seed_concat"))));
        QCOMPARE(problems->text(), QStringLiteral("1 error"));

        auto *problemsDock = m_window->findChild<QDockWidget *>(QStringLiteral("problemsDock"));
        QTest::mouseClick(problems, Qt::LeftButton);
        QVERIFY(!problemsDock->visibleRegion().isEmpty());
    }

    void saveAndOpenRoundTripIsExact()
    {
        QTemporaryDir dir;
        QVERIFY(m_window->files()->openFile(templatePath(QStringLiteral("seed_concat"))));
        const QString original = json(*m_window->document());
        m_window->document()->setParam(QStringLiteral("reshape_1"), QStringLiteral("target_shape"),
                                       ParamValue(IntTuple{32, 32, 32}));
        const QString edited = json(*m_window->document());
        QVERIFY(edited != original);

        m_dialogs->saveAnswer = dir.filePath(QStringLiteral("copy.json"));
        QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
        QVERIFY(QFile::exists(m_dialogs->saveAnswer));
        QCOMPARE(m_dialogs->suggestions.value(0), templatePath(QStringLiteral("seed_concat")));
        QCOMPARE(m_window->document()->filePath(), m_dialogs->saveAnswer);
        QVERIFY(!m_window->isWindowModified());
        QFile saved(m_dialogs->saveAnswer);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(saved.readAll()), edited);

        MainWindow other(m_dialogs.get());
        QVERIFY(other.files()->openFile(m_dialogs->saveAnswer));
        QCOMPARE(json(*other.document()), edited);
        QCOMPARE(other.document()->graph(), m_window->document()->graph());

        // Ctrl+S writes to the file the design came from, without asking.
        m_window->document()->setParam(QStringLiteral("dense_1"), QStringLiteral("units"), ParamValue(int64_t(7)));
        m_dialogs->saveAnswer.clear();
        QTest::keySequence(m_window.get(), QKeySequence::Save);
        QVERIFY(!m_window->isWindowModified());
        QVERIFY(other.files()->openFile(m_window->document()->filePath()));
        QCOMPARE(json(*other.document()), json(*m_window->document()));
    }

    void aCorruptFileGivesAnErrorAndKeepsTheDesign()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("broken.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"format\": \"volnet-graph\", \"version\": 1, \"nodes\": [ {\"id\": 3");
        file.close();

        QVERIFY(m_window->files()->openFile(templatePath(QStringLiteral("dce_demo"))));
        const QString before = json(*m_window->document());
        m_dialogs->openAnswer = path;
        QTest::keySequence(m_window.get(), QKeySequence::Open);

        QCOMPARE(m_dialogs->errors.size(), 1);
        QVERIFY2(m_dialogs->errors.first().contains(QStringLiteral("broken.json")),
                 qPrintable(m_dialogs->errors.first()));
        const GraphLoadResult loaded = loadGraphFile(path.toStdString());
        QVERIFY(!loaded.ok);
        QVERIFY2(m_dialogs->errors.first().contains(QString::fromStdString(loaded.error)),
                 qPrintable(m_dialogs->errors.first()));
        QCOMPARE(json(*m_window->document()), before);
        QCOMPARE(m_window->document()->filePath(), templatePath(QStringLiteral("dce_demo")));
        QVERIFY(m_window->isVisible());
        QVERIFY(!m_window->files()->recentFiles()->files().contains(QFileInfo(path).absoluteFilePath()));

        QVERIFY(!m_window->files()->openFile(dir.filePath(QStringLiteral("missing.json"))));
        QCOMPARE(m_dialogs->errors.size(), 2);
        QVERIFY(m_dialogs->errors.last().contains(QStringLiteral("missing.json")));
    }

    void opensAFileDroppedOnTheWindow()
    {
        QMimeData data;
        data.setUrls({QUrl::fromLocalFile(templatePath(QStringLiteral("lstm")))});
        const QPoint at = m_window->view()->viewport()->rect().center();
        QDragEnterEvent enter(at, Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(m_window->view()->viewport(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(at), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(m_window.get(), &drop);
        QCOMPARE(m_window->document()->filePath(), templatePath(QStringLiteral("lstm")));
    }

    void asksBeforeChangesAreLost()
    {
        QTemporaryDir dir;
        QVERIFY(m_window->files()->openTemplate(QStringLiteral("pooling")));
        m_window->document()->setParam(QStringLiteral("dense_1"), QStringLiteral("units"), ParamValue(int64_t(3)));
        const QString edited = json(*m_window->document());

        m_dialogs->saveChoice = DialogService::SaveChoice::Cancel;
        QTest::keySequence(m_window.get(), QKeySequence::New);
        QCOMPARE(m_dialogs->saveQuestions, QStringList{QStringLiteral("pooling")});
        QCOMPARE(json(*m_window->document()), edited);

        QVERIFY(!m_window->files()->openTemplate(QStringLiteral("lstm")));
        QCOMPARE(json(*m_window->document()), edited);

        // Save, but the file dialog is cancelled: nothing is lost either.
        m_dialogs->saveChoice = DialogService::SaveChoice::Save;
        QTest::keySequence(m_window.get(), QKeySequence::New);
        QCOMPARE(json(*m_window->document()), edited);

        m_dialogs->saveAnswer = dir.filePath(QStringLiteral("pooling.json"));
        QTest::keySequence(m_window.get(), QKeySequence::New);
        QVERIFY(m_window->document()->graph().nodes().empty());
        const GraphLoadResult saved = loadGraphFile(m_dialogs->saveAnswer.toStdString());
        QVERIFY(saved.ok);
        QCOMPARE(QString::fromStdString(graphToJson(saved.graph)), edited);

        m_window->document()->addNode(QStringLiteral("Input"), {});
        m_dialogs->saveChoice = DialogService::SaveChoice::Discard;
        QVERIFY(m_window->files()->openFile(templatePath(QStringLiteral("lstm"))));
        QCOMPARE(m_dialogs->saveQuestions.size(), 5);
    }

    void closingAsksAndRemembersTheLayout()
    {
        m_window->document()->addNode(QStringLiteral("Input"), {});
        m_dialogs->saveChoice = DialogService::SaveChoice::Cancel;
        QVERIFY(!m_window->close());
        QVERIFY(m_window->isVisible());

        auto *inspectorDock = m_window->findChild<QDockWidget *>(QStringLiteral("inspectorDock"));
        inspectorDock->hide();
        m_window->findChild<QAction *>(QStringLiteral("actionBarsFlops"))->trigger();
        QCOMPARE(m_window->view()->graphScene()->shareMetric(), ShareMetric::Flops);
        m_window->resize(1200, 800);
        m_dialogs->saveChoice = DialogService::SaveChoice::Discard;
        QVERIFY(m_window->close());

        MainWindow next(m_dialogs.get());
        next.restoreLayout();
        next.show();
        QVERIFY(QTest::qWaitForWindowExposed(&next));
        QCOMPARE(next.size(), QSize(1200, 800));
        QVERIFY(next.findChild<QDockWidget *>(QStringLiteral("inspectorDock"))->isHidden());
        QVERIFY(!next.findChild<QDockWidget *>(QStringLiteral("paletteDock"))->isHidden());
        QCOMPARE(next.view()->graphScene()->shareMetric(), ShareMetric::Flops);
        QVERIFY(next.findChild<QAction *>(QStringLiteral("actionBarsFlops"))->isChecked());
        next.resetLayout();
        QVERIFY(!next.findChild<QDockWidget *>(QStringLiteral("inspectorDock"))->isHidden());
    }

    void remembersTheLastEightFiles()
    {
        QTemporaryDir dir;
        const QStringList names{"seed_pooling", "seed_concat", "seed_lstm", "pooling", "concat", "lstm", "dce_demo"};
        QStringList paths;
        for (int i = 0; i < 10; ++i) {
            const QString path = dir.filePath(QStringLiteral("design%1.json").arg(i));
            QVERIFY(QFile::copy(templatePath(names[i % names.size()]), path));
            QVERIFY(m_window->files()->openFile(path));
            paths.prepend(QFileInfo(path).absoluteFilePath());
        }
        QCOMPARE(m_window->files()->recentFiles()->files(), paths.mid(0, RecentFiles::kMaximum));
        QCOMPARE(RecentFiles().files(), paths.mid(0, RecentFiles::kMaximum)); // in the settings
        auto *menu = m_window->findChild<QMenu *>(QStringLiteral("recentMenu"));
        QVERIFY(menu->actions().first()->text().contains(QStringLiteral("design9.json")));

        QVERIFY(m_window->files()->openFile(templatePath(QStringLiteral("dce_demo"))));
        menu->actions().at(3)->trigger(); // "&4 design6.json"
        QCOMPARE(m_window->document()->filePath(), paths.at(2));
    }

    void templateGalleryOpensAnUnsavedDesign()
    {
        m_dialogs->onExec = [](QDialog *dialog) {
            auto *gallery = qobject_cast<TemplateGallery *>(dialog);
            if (!gallery)
                return int(QDialog::Rejected);
            gallery->resize(1000, 640);
            gallery->show();
            QStringList names;
            for (int row = 0; row < gallery->list()->count(); ++row)
                names << gallery->list()->item(row)->text();
            if (names.first() != QStringLiteral("dce_demo") || names.size() != 7 || !names.last().startsWith("seed_"))
                return int(QDialog::Rejected);
            gallery->select(QStringLiteral("seed_lstm"));
            const auto *description = gallery->findChild<QLabel *>(QStringLiteral("templateDescription"));
            if (!description->text().startsWith(QStringLiteral("Strategy 3 of the seed document")))
                return int(QDialog::Rejected);
            if (gallery->findChild<QLabel *>(QStringLiteral("templatePicture"))->pixmap().isNull())
                return int(QDialog::Rejected);
            gallery->grab().save(screenshotDir() + QStringLiteral("/template_gallery.png"));
            return int(QDialog::Accepted);
        };
        QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
        QCOMPARE(QString::fromStdString(m_window->document()->graph().meta().name), QStringLiteral("seed_lstm"));
        QVERIFY(m_window->document()->filePath().isEmpty());
        QVERIFY(!m_window->isWindowModified());
        QCOMPARE(m_window->document()->graph().nodes().size(), size_t(9));
    }

    void offersToRecoverAfterACrash()
    {
        QVERIFY(m_window->files()->startRecovery() == false); // nothing left behind
        QVERIFY(m_window->files()->recoveryStore()->isActive());
        QVERIFY(m_window->files()->openFile(templatePath(QStringLiteral("concat"))));
        m_window->document()->setParam(QStringLiteral("dense_1"), QStringLiteral("units"), ParamValue(int64_t(9)));
        const QString edited = json(*m_window->document());
        const QString copy = m_window->files()->recoveryStore()->recoveryPath();
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(copy), 5000); // written a moment after the change

        // A crash leaves the copy behind; a clean exit removes it. Keep it aside to play the crash.
        QTemporaryDir aside;
        QVERIFY(QFile::copy(copy, aside.filePath(QStringLiteral("recovery.json"))));
        QVERIFY(QFile::copy(QFileInfo(copy).dir().filePath(QStringLiteral("recovery-source.txt")),
                            aside.filePath(QStringLiteral("recovery-source.txt"))));
        m_dialogs->saveChoice = DialogService::SaveChoice::Discard;
        QVERIFY(m_window->close());
        m_window.reset();
        QVERIFY(!QFile::exists(copy));
        QVERIFY(QFile::copy(aside.filePath(QStringLiteral("recovery.json")), copy));
        QVERIFY(QFile::copy(aside.filePath(QStringLiteral("recovery-source.txt")),
                            QFileInfo(copy).dir().filePath(QStringLiteral("recovery-source.txt"))));

        // The crashed session's lock is still there, held by a process that is gone.
        QLockFile live(QFileInfo(copy).dir().filePath(QStringLiteral("probe.lock")));
        QVERIFY(live.lock());
        QFile probe(QFileInfo(copy).dir().filePath(QStringLiteral("probe.lock")));
        QVERIFY(probe.open(QIODevice::ReadOnly));
        QByteArray stale = probe.readAll();
        stale.replace(0, stale.indexOf('\n'), "999999");
        QFile lock(QFileInfo(copy).dir().filePath(QStringLiteral("session.lock")));
        QVERIFY(lock.open(QIODevice::WriteOnly));
        lock.write(stale);
        lock.close();

        MainWindow next(m_dialogs.get());
        m_dialogs->askAnswer = true;
        QVERIFY(next.files()->startRecovery());
        QCOMPARE(m_dialogs->questions.size(), 1);
        QVERIFY(m_dialogs->questions.first().contains(QStringLiteral("concat.json")));
        QCOMPARE(json(*next.document()), edited);
        QVERIFY(next.document()->isModified());
        // Save As proposes the file the design came from.
        m_dialogs->saveAnswer.clear();
        next.files()->save();
        QCOMPARE(m_dialogs->suggestions.last(), templatePath(QStringLiteral("concat")));
    }

    void aSecondInstanceLeavesTheFirstOnesCopyAlone()
    {
        QVERIFY(!m_window->files()->startRecovery());
        MainWindow second(m_dialogs.get());
        QVERIFY(!second.files()->startRecovery());
        QVERIFY(!second.files()->recoveryStore()->isActive());
    }

    void shortcutsReachTheCanvas()
    {
        QVERIFY(m_window->files()->openFile(templatePath(QStringLiteral("dce_demo"))));
        GraphView *view = m_window->view();
        GraphDocument *doc = m_window->document();
        const size_t blocks = doc->graph().nodes().size();
        view->setFocus();
        view->selectNode(QStringLiteral("dense_1"), true);

        QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::Key_D));
        QCOMPARE(doc->graph().nodes().size(), blocks + 1);
        QTest::keySequence(m_window.get(), QKeySequence::Undo);
        QCOMPARE(doc->graph().nodes().size(), blocks);
        QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
        QCOMPARE(doc->graph().nodes().size(), blocks + 1);

        view->selectNode(QStringLiteral("dense_1"), true);
        QTest::keyClick(view, Qt::Key_Delete);
        QCOMPARE(doc->graph().nodes().size(), blocks);
        QVERIFY(!doc->graph().node("dense_1"));

        view->selectNode(QStringLiteral("conv2d_1"), true);
        QTest::keySequence(m_window.get(), QKeySequence::Copy);
        QTest::keySequence(m_window.get(), QKeySequence::Paste);
        QCOMPARE(doc->graph().nodes().size(), blocks + 1);

        QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::Key_0));
        QCOMPARE(view->zoom(), 1.0);
        QTest::keyClick(view, Qt::Key_F);
        QVERIFY(view->zoom() < 1.0);

        // Keys typed into a text field edit the text, not the design.
        QLineEdit *filter = m_window->blockPalette()->filterEdit();
        filter->setFocus();
        QTest::keyClicks(filter, QStringLiteral("f"));
        QTest::keyClick(filter, Qt::Key_Delete);
        QCOMPARE(doc->graph().nodes().size(), blocks + 1);
        QCOMPARE(filter->text(), QStringLiteral("f"));
    }

    void panelsTakeTheCanvasToABlock()
    {
        QVERIFY(m_window->files()->openFile(templatePath(QStringLiteral("seed_concat"))));
        GraphView *view = m_window->view();

        QTableWidget *table = m_window->summaryPanel()->table();
        int row = 0;
        while (table->item(row, SummaryPanel::LayerColumn)->text() != QStringLiteral("conv2d_2"))
            ++row;
        table->scrollToItem(table->item(row, 0));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                          table->visualItemRect(table->item(row, SummaryPanel::TypeColumn)).center());
        QCOMPARE(view->selectedNodeIds(), QStringList{QStringLiteral("conv2d_2")});
        QCOMPARE(m_window->inspector()->nodeId(), QStringLiteral("conv2d_2"));

        QTableWidget *problems = m_window->problemsPanel()->table();
        m_window->findChild<QDockWidget *>(QStringLiteral("problemsDock"))->raise();
        QVERIFY(QTest::qWaitForWindowExposed(problems));
        QTableWidgetItem *first = problems->item(0, ProblemsPanel::MessageColumn);
        QCOMPARE(problems->item(0, ProblemsPanel::NodeColumn)->text(), QStringLiteral("concatenate_1"));
        QTest::mouseClick(problems->viewport(), Qt::LeftButton, {}, problems->visualItemRect(first).center());
        QCOMPARE(view->selectedNodeIds(), QStringList{QStringLiteral("concatenate_1")});
        QCOMPARE(m_window->inspector()->nodeId(), QStringLiteral("concatenate_1"));
        const QPointF centre = view->mapToScene(view->viewport()->rect().center());
        const QRectF card = view->graphScene()->nodeItem(QStringLiteral("concatenate_1"))->sceneBoundingRect();
        QVERIFY(card.adjusted(-40, -40, 40, 40).contains(centre));

        // The canvas's selection shows in the summary.
        view->selectNode(QStringLiteral("reshape_1"), false);
        const QList<QTableWidgetItem *> selected = table->selectedItems();
        QVERIFY(!selected.isEmpty());
        QCOMPARE(table->item(selected.first()->row(), 0)->text(), QStringLiteral("reshape_1"));
        QCoreApplication::processEvents();
        m_window->grab().save(screenshotDir() + QStringLiteral("/mainwindow_problems.png"));
    }

    void paletteDoubleClickAddsAtTheCentre()
    {
        m_window->files()->newDocument();
        BlockPalette *palette = m_window->blockPalette();
        QTreeWidgetItem *item = palette->itemFor(QStringLiteral("Conv3D"));
        palette->tree()->scrollToItem(item);
        const QPoint at = palette->tree()->visualItemRect(item).center();
        QTest::mouseClick(palette->tree()->viewport(), Qt::LeftButton, {}, at);
        QTest::mouseDClick(palette->tree()->viewport(), Qt::LeftButton, {}, at);
        QTest::mouseRelease(palette->tree()->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(m_window->document()->graph().nodes().size(), size_t(1));
        QCOMPARE(m_window->view()->selectedNodeIds(), QStringList{QStringLiteral("conv3d_1")});
        QCOMPARE(m_window->inspector()->nodeId(), QStringLiteral("conv3d_1"));
    }

    void screenshotRendersTheWindowOffScreen()
    {
        if (!QFileInfo::exists(QStringLiteral(VOLNET_EXE)))
            QSKIP("the volnet executable is not built; build the 'volnet' target first");
        QTemporaryDir dir;
        QProcess volnet;
        // No display and no platform chosen: --screenshot must pick the off-screen one itself.
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"})
            environment.remove(QString::fromLatin1(name));
        environment.insert(QStringLiteral("HOME"), dir.path()); // leaves the user's settings alone
        volnet.setProcessEnvironment(environment);
        const QString image = dir.filePath(QStringLiteral("window.png"));
        volnet.start(QStringLiteral(VOLNET_EXE),
                     {QStringLiteral("--screenshot"), image, templatePath(QStringLiteral("seed_pooling"))});
        QVERIFY(volnet.waitForFinished(60000));
        QCOMPARE(volnet.exitCode(), 0);
        QCOMPARE(QImage(image).size(), QSize(1400, 900));

        const QString broken = dir.filePath(QStringLiteral("broken.json"));
        QFile file(broken);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{");
        file.close();
        volnet.start(QStringLiteral(VOLNET_EXE), {QStringLiteral("--screenshot"), image, broken});
        QVERIFY(volnet.waitForFinished(60000));
        QCOMPARE(volnet.exitCode(), 2);
        QVERIFY(QString::fromLocal8Bit(volnet.readAllStandardError()).contains(QStringLiteral("broken.json")));
    }

private:
    std::unique_ptr<RecordingDialogs> m_dialogs;
    std::unique_ptr<MainWindow> m_window;
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
