#pragma once
// The application's window: the canvas in the centre, the block palette on the left,
// the inspector on the right, the summary and problems tabbed below; the file, edit
// and view commands with their standard shortcuts, and a status bar with the
// design's totals. Layout and geometry are remembered.
#include <QMainWindow>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QToolButton;

namespace volnet::ui {

class BlockPalette;
class DialogService;
class DocumentFiles;
class GraphDocument;
class GraphView;
class Inspector;
class ProblemsPanel;
class SummaryPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // `dialogs` answers every question the window asks (it is not owned); null uses
    // message boxes.
    explicit MainWindow(DialogService *dialogs = nullptr, QWidget *parent = nullptr);
    ~MainWindow() override;

    GraphDocument *document() const { return m_document; }
    DocumentFiles *files() const { return m_files; }
    GraphView *view() const { return m_view; }
    BlockPalette *blockPalette() const { return m_palette; }
    Inspector *inspector() const { return m_inspector; }
    SummaryPanel *summaryPanel() const { return m_summary; }
    ProblemsPanel *problemsPanel() const { return m_problems; }

    // The window's size and the docks' places as the user left them.
    void restoreLayout();
    // The default placement of the docks, sized for the window as it is now.
    void resetLayout();

public slots:
    // Takes the canvas to a block and selects it.
    void showNode(const QString &id);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createDocks();
    void createFileMenu();
    void createEditMenu();
    void createViewMenu();
    void createStatusBar();
    void connectViews();
    QAction *makeAction(QMenu *menu, const QString &name, const QString &text, const QKeySequence &shortcut);
    // An action on the canvas's selection: its keys work while the canvas has focus.
    QAction *makeCanvasAction(QMenu *menu, const QString &name, const QString &text, const QKeySequence &shortcut);
    void updateTitle();
    void updateStatus();
    void updateRecentMenu();

    DialogService *m_dialogs;
    GraphDocument *m_document;
    DocumentFiles *m_files;
    GraphView *m_view;
    BlockPalette *m_palette;
    Inspector *m_inspector;
    SummaryPanel *m_summary;
    ProblemsPanel *m_problems;
    QDockWidget *m_paletteDock = nullptr;
    QDockWidget *m_inspectorDock = nullptr;
    QDockWidget *m_summaryDock = nullptr;
    QDockWidget *m_problemsDock = nullptr;
    QMenu *m_recentMenu = nullptr;
    QLabel *m_paramsLabel = nullptr;
    QLabel *m_flopsLabel = nullptr;
    QToolButton *m_problemsButton = nullptr;
};

} // namespace volnet::ui
