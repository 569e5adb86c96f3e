#include "mainwindow/main_window.h"

#include "document/graph_document.h"
#include "editor/graph_scene.h"
#include "editor/graph_view.h"
#include "inspector/inspector.h"
#include "mainwindow/document_files.h"
#include "mainwindow/message_box_dialogs.h"
#include "mainwindow/recent_files.h"
#include "mainwindow/recovery_store.h"
#include "palette/block_palette.h"
#include "panels/number_format.h"
#include "panels/problems_panel.h"
#include "panels/severity_icon.h"
#include "panels/summary_panel.h"

#include <QAction>
#include <QActionGroup>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>
#include <QToolButton>
#include <QUndoStack>

namespace volnet::ui {

namespace {

// Bumped when the docks change, so that an old saved layout is not restored onto them.
constexpr int kLayoutVersion = 1;
const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");
const QString kShareMetricKey = QStringLiteral("canvas/cardBars");
constexpr int kMessageMs = 5000;

DialogService *defaultDialogs()
{
    static MessageBoxDialogs dialogs;
    return &dialogs;
}

QDockWidget *makeDock(const QString &title, const QString &name, QWidget *content, QMainWindow *window)
{
    auto *dock = new QDockWidget(title, window);
    dock->setObjectName(name);
    dock->setWidget(content);
    return dock;
}

} // namespace

MainWindow::MainWindow(DialogService *dialogs, QWidget *parent)
    : QMainWindow(parent), m_dialogs(dialogs ? dialogs : defaultDialogs()), m_document(new GraphDocument(this)),
      m_files(new DocumentFiles(m_document, m_dialogs, this)), m_view(new GraphView(m_document, this)),
      m_palette(new BlockPalette(this)), m_inspector(new Inspector(m_document, this)),
      m_summary(new SummaryPanel(m_document, this)), m_problems(new ProblemsPanel(m_document, this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setCentralWidget(m_view);
    setAcceptDrops(true);
    setDockOptions(AnimatedDocks | AllowTabbedDocks);
    createDocks();
    createFileMenu();
    createEditMenu();
    createViewMenu();
    createStatusBar();
    connectViews();
    resize(1400, 900);
    resetLayout();
    updateTitle();
    updateStatus();
}

MainWindow::~MainWindow()
{
    // The canvas and the panels observe the document, a child created before them that
    // QObject would delete first: they go before it. A scene that loses selected items
    // while it is torn down announces a selection of dead items, so clear it first.
    m_view->scene()->clearSelection();
    delete m_view;
    qDeleteAll(findChildren<QDockWidget *>(Qt::FindDirectChildrenOnly));
}

void MainWindow::createDocks()
{
    m_paletteDock = makeDock(tr("Blocks"), QStringLiteral("paletteDock"), m_palette, this);
    m_inspectorDock = makeDock(tr("Inspector"), QStringLiteral("inspectorDock"), m_inspector, this);
    m_summaryDock = makeDock(tr("Summary"), QStringLiteral("summaryDock"), m_summary, this);
    m_problemsDock = makeDock(tr("Problems"), QStringLiteral("problemsDock"), m_problems, this);
    // The bottom panels span the whole width; the side panels stop above them.
    setCorner(Qt::BottomLeftCorner, Qt::BottomDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::BottomDockWidgetArea);
    addDockWidget(Qt::LeftDockWidgetArea, m_paletteDock);
    addDockWidget(Qt::RightDockWidgetArea, m_inspectorDock);
    addDockWidget(Qt::BottomDockWidgetArea, m_summaryDock);
    addDockWidget(Qt::BottomDockWidgetArea, m_problemsDock);
    tabifyDockWidget(m_summaryDock, m_problemsDock);
    m_summaryDock->raise();
}

QAction *MainWindow::makeAction(QMenu *menu, const QString &name, const QString &text, const QKeySequence &shortcut)
{
    auto *action = new QAction(text, this);
    action->setObjectName(name);
    action->setShortcut(shortcut);
    menu->addAction(action);
    return action;
}

QAction *MainWindow::makeCanvasAction(QMenu *menu, const QString &name, const QString &text,
                                      const QKeySequence &shortcut)
{
    // So that Delete or Ctrl+C in a text field edits the text, not the design.
    QAction *action = makeAction(menu, name, text, shortcut);
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_view->addAction(action);
    return action;
}

void MainWindow::createFileMenu()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    connect(makeAction(file, QStringLiteral("actionNew"), tr("&New"), QKeySequence::New), &QAction::triggered, m_files,
            &DocumentFiles::newDocument);
    connect(makeAction(file, QStringLiteral("actionOpen"), tr("&Open…"), QKeySequence::Open), &QAction::triggered,
            m_files, &DocumentFiles::open);
    connect(makeAction(file, QStringLiteral("actionOpenTemplate"), tr("Open &Template…"),
                       QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N)),
            &QAction::triggered, m_files, &DocumentFiles::openTemplateGallery);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    connect(m_files->recentFiles(), &RecentFiles::changed, this, &MainWindow::updateRecentMenu);
    updateRecentMenu();
    file->addSeparator();
    connect(makeAction(file, QStringLiteral("actionSave"), tr("&Save"), QKeySequence::Save), &QAction::triggered,
            m_files, &DocumentFiles::save);
    connect(makeAction(file, QStringLiteral("actionSaveAs"), tr("Save &As…"),
                       QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S)),
            &QAction::triggered, m_files, &DocumentFiles::saveAs);
    file->addSeparator();
    connect(makeAction(file, QStringLiteral("actionQuit"), tr("&Quit"), QKeySequence::Quit), &QAction::triggered, this,
            &QWidget::close);
}

void MainWindow::createEditMenu()
{
    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setObjectName(QStringLiteral("actionUndo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setObjectName(QStringLiteral("actionRedo"));
    QList<QKeySequence> redoKeys{QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z)};
    for (const QKeySequence &key : QKeySequence::keyBindings(QKeySequence::Redo))
        if (!redoKeys.contains(key))
            redoKeys << key;
    redo->setShortcuts(redoKeys);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    connect(makeCanvasAction(edit, QStringLiteral("actionCopy"), tr("&Copy"), QKeySequence::Copy), &QAction::triggered,
            m_view, &GraphView::copySelection);
    connect(makeCanvasAction(edit, QStringLiteral("actionPaste"), tr("&Paste"), QKeySequence::Paste),
            &QAction::triggered, m_view, &GraphView::paste);
    connect(
        makeCanvasAction(edit, QStringLiteral("actionDuplicate"), tr("&Duplicate"), QKeySequence(Qt::CTRL | Qt::Key_D)),
        &QAction::triggered, m_view, &GraphView::duplicateSelection);
    connect(makeCanvasAction(edit, QStringLiteral("actionDelete"), tr("De&lete"), QKeySequence::Delete),
            &QAction::triggered, m_view, &GraphView::deleteSelection);
    edit->addSeparator();
    connect(
        makeAction(edit, QStringLiteral("actionAutoLayout"), tr("&Arrange Blocks"), QKeySequence(Qt::CTRL | Qt::Key_L)),
        &QAction::triggered, m_document, &GraphDocument::autoLayout);
}

void MainWindow::createViewMenu()
{
    QMenu *view = menuBar()->addMenu(tr("&View"));
    connect(makeCanvasAction(view, QStringLiteral("actionFit"), tr("&Fit to View"), QKeySequence(Qt::Key_F)),
            &QAction::triggered, m_view, &GraphView::fitToView);
    connect(makeAction(view, QStringLiteral("actionZoom100"), tr("&Actual Size (100 %)"),
                       QKeySequence(Qt::CTRL | Qt::Key_0)),
            &QAction::triggered, m_view, &GraphView::zoomToActualSize);
    view->addSeparator();

    // What the bar on each card measures: where the weights are, or where the time goes.
    QMenu *bars = view->addMenu(tr("Card &Bars Show"));
    auto *metrics = new QActionGroup(this);
    const bool flops = QSettings().value(kShareMetricKey).toString() == QLatin1String("flops");
    m_view->graphScene()->setShareMetric(flops ? ShareMetric::Flops : ShareMetric::Params);
    const auto addMetric = [&](const QString &name, const QString &text, ShareMetric value, const QString &key) {
        QAction *action = makeAction(bars, name, text, {});
        action->setCheckable(true);
        action->setChecked(m_view->graphScene()->shareMetric() == value);
        metrics->addAction(action);
        connect(action, &QAction::triggered, this, [this, value, key] {
            m_view->graphScene()->setShareMetric(value);
            QSettings().setValue(kShareMetricKey, key);
        });
    };
    addMetric(QStringLiteral("actionBarsParams"), tr("Share of &Parameters"), ShareMetric::Params,
              QStringLiteral("params"));
    addMetric(QStringLiteral("actionBarsFlops"), tr("Share of &FLOPs"), ShareMetric::Flops, QStringLiteral("flops"));
    view->addSeparator();

    for (QDockWidget *dock : {m_paletteDock, m_inspectorDock, m_summaryDock, m_problemsDock})
        view->addAction(dock->toggleViewAction());
    view->addSeparator();
    connect(makeAction(view, QStringLiteral("actionResetLayout"), tr("&Reset Layout"), {}), &QAction::triggered, this,
            &MainWindow::resetLayout);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    connect(makeAction(help, QStringLiteral("actionAbout"), tr("&About VolNet Studio"), {}), &QAction::triggered, this,
            [this] {
                QMessageBox::about(this, tr("About VolNet Studio"),
                                   tr("<h3>VolNet Studio %1</h3><p>Design, train and inspect 3D-2D convolutional "
                                      "networks on volumes and videos, with Keras semantics.</p>")
                                       .arg(QStringLiteral(VOLNET_VERSION)));
            });
}

void MainWindow::createStatusBar()
{
    m_paramsLabel = new QLabel(this);
    m_paramsLabel->setObjectName(QStringLiteral("statusParams"));
    m_flopsLabel = new QLabel(this);
    m_flopsLabel->setObjectName(QStringLiteral("statusFlops"));
    m_problemsButton = new QToolButton(this);
    m_problemsButton->setObjectName(QStringLiteral("statusProblems"));
    m_problemsButton->setAutoRaise(true);
    m_problemsButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_problemsButton->setToolTip(tr("Show the problems panel"));
    connect(m_problemsButton, &QToolButton::clicked, this, [this] {
        m_problemsDock->show();
        m_problemsDock->raise();
    });
    // The totals keep their room however long a passing message is.
    for (QWidget *w : std::initializer_list<QWidget *>{m_paramsLabel, m_flopsLabel, m_problemsButton}) {
        w->setSizePolicy(QSizePolicy::Minimum, QSizePolicy::Preferred);
        statusBar()->addPermanentWidget(w);
    }
}

void MainWindow::connectViews()
{
    connect(m_document, &GraphDocument::analysisChanged, this, &MainWindow::updateStatus);
    connect(m_document, &GraphDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_document, &GraphDocument::filePathChanged, this, &MainWindow::updateTitle);
    connect(m_files, &DocumentFiles::opened, this, [this](const QString &message) {
        updateTitle();
        m_view->fitToView();
        statusBar()->showMessage(message, kMessageMs);
    });
    connect(m_files, &DocumentFiles::saved, this,
            [this](const QString &message) { statusBar()->showMessage(message, kMessageMs); });
    connect(m_view, &GraphView::selectionChanged, m_inspector, &Inspector::showNodes);
    connect(m_view, &GraphView::selectionChanged, m_summary, &SummaryPanel::showSelection);
    connect(m_summary, &SummaryPanel::nodeClicked, this, &MainWindow::showNode);
    connect(m_problems, &ProblemsPanel::nodeClicked, this, &MainWindow::showNode);
    connect(m_palette, &BlockPalette::blockActivated, m_view, [this](const QString &type) {
        m_view->addBlockAtCenter(type);
        m_view->setFocus();
    });
}

void MainWindow::showNode(const QString &id)
{
    m_view->selectNode(id, true);
}

void MainWindow::restoreLayout()
{
    const QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray()))
        resize(1400, 900);
    if (!restoreState(settings.value(kStateKey).toByteArray(), kLayoutVersion))
        resetLayout();
}

void MainWindow::resetLayout()
{
    for (QDockWidget *dock : {m_paletteDock, m_inspectorDock, m_summaryDock, m_problemsDock}) {
        dock->setFloating(false);
        dock->show();
    }
    resizeDocks({m_paletteDock, m_inspectorDock}, {220, 330}, Qt::Horizontal);
    resizeDocks({m_summaryDock}, {height() / 4 + 20}, Qt::Vertical);
    m_summaryDock->raise();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_files->maybeSave()) {
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState(kLayoutVersion));
    m_files->recoveryStore()->discardRecovery();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    // Files dropped anywhere the canvas's blocks are not wanted open as designs.
    if (event->mimeData()->hasUrls() && !event->mimeData()->urls().first().toLocalFile().isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QString path = event->mimeData()->urls().first().toLocalFile();
    event->acceptProposedAction();
    m_files->openFile(path);
}

void MainWindow::updateTitle()
{
    setWindowTitle(tr("%1[*] — VolNet Studio").arg(m_files->documentName()));
    setWindowModified(m_document->isModified());
}

void MainWindow::updateStatus()
{
    const Analysis &analysis = m_document->analysis();
    m_paramsLabel->setText(tr("%1 params").arg(withThousands(analysis.totalParams())));
    m_flopsLabel->setText(tr("%1 FLOPs").arg(humanCount(analysis.flops)));
    m_problemsButton->setText(problemCounts(analysis));
    m_problemsButton->setIcon(analysis.diagnostics.empty()
                                  ? QIcon()
                                  : severityIcon(analysis.hasErrors() ? Severity::Error : Severity::Warning));
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = m_files->recentFiles()->files();
    for (int i = 0; i < files.size(); ++i) {
        const QString path = files[i];
        QAction *action = m_recentMenu->addAction(QStringLiteral("&%1 %2").arg(i + 1).arg(QFileInfo(path).fileName()),
                                                  m_files, [this, path] { m_files->openFile(path); });
        action->setToolTip(QDir::toNativeSeparators(path));
        action->setStatusTip(QDir::toNativeSeparators(path));
    }
    if (!files.isEmpty()) {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("&Clear Menu"), m_files->recentFiles(), &RecentFiles::clear);
    }
    m_recentMenu->setEnabled(!files.isEmpty());
}

} // namespace volnet::ui
