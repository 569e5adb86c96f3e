#include "application.h"

#include "document/graph_document.h"
#include "editor/graph_view.h"
#include "graph/graph_json.h"
#include "mainwindow/document_files.h"
#include "mainwindow/main_window.h"
#include "mainwindow/template_library.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QImageWriter>
#include <QPixmap>
#include <QStatusBar>

#include <cstdio>
#include <string>

namespace volnet {

namespace {

struct Options {
    QString graph;      // empty: the default template
    QString screenshot; // empty: run interactively
};

bool parseOptions(int argc, char **argv, Options *options)
{
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--screenshot") {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "volnet: --screenshot needs the image file to write, e.g. "
                                     "'volnet --screenshot window.png [GRAPH.json]'.\n");
                return false;
            }
            options->screenshot = QString::fromLocal8Bit(argv[++i]);
        } else if (options->graph.isEmpty()) {
            options->graph = QString::fromLocal8Bit(argv[i]);
        } else {
            std::fprintf(stderr,
                         "volnet: unexpected argument '%s'; the application opens one graph. "
                         "See 'volnet --help'.\n",
                         argv[i]);
            return false;
        }
    }
    return true;
}

bool hasDisplay()
{
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    return !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") || !qEnvironmentVariableIsEmpty("DISPLAY") ||
           !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
#else
    return true;
#endif
}

// The block a screenshot shows in the inspector: the first one with a finding (what
// the editor is there to show), else the one in the middle of the design.
QString showcaseNode(const ui::GraphDocument &document)
{
    const Analysis &analysis = document.analysis();
    if (!analysis.diagnostics.empty() && !analysis.diagnostics.front().node.empty())
        return QString::fromStdString(analysis.diagnostics.front().node);
    return analysis.order.empty() ? QString() : QString::fromStdString(analysis.order[analysis.order.size() / 2]);
}

int takeScreenshot(ui::MainWindow &window, const Options &options)
{
    if (!options.graph.isEmpty()) {
        // Read it here first, so that a broken file is reported on the terminal, not in a dialog.
        const GraphLoadResult loaded = loadGraphFile(options.graph.toStdString());
        if (!loaded.ok) {
            std::fprintf(stderr, "volnet: cannot read %s: %s\n", qPrintable(options.graph), loaded.error.c_str());
            return 2;
        }
        window.files()->openFile(options.graph);
    } else {
        window.files()->openTemplate(ui::TemplateLibrary::defaultName());
    }
    window.resize(1400, 900);
    window.show();
    window.resetLayout();
    QApplication::processEvents();
    // The whole design if its cards stay readable, else the part around the block
    // the inspector shows, at the smallest zoom that draws the cards' text.
    constexpr qreal kReadableZoom = 0.75;
    ui::GraphView *view = window.view();
    view->fitToView();
    const QString id = showcaseNode(*window.document());
    if (view->zoom() < kReadableZoom)
        view->setTransform(QTransform::fromScale(kReadableZoom, kReadableZoom));
    if (!id.isEmpty())
        window.showNode(id);
    window.statusBar()->clearMessage(); // "Opened <path>" says nothing in a picture
    QApplication::processEvents();
    const QPixmap picture = window.grab();
    if (!picture.save(options.screenshot)) {
        std::fprintf(stderr, "volnet: cannot write the screenshot to %s (formats: %s).\n",
                     qPrintable(options.screenshot), QImageWriter::supportedImageFormats().join(", ").constData());
        return 1;
    }
    std::printf("Wrote %s (%dx%d).\n", qPrintable(QDir::toNativeSeparators(options.screenshot)), picture.width(),
                picture.height());
    return 0;
}

} // namespace

int runApplication(int argc, char **argv)
{
    Options options;
    if (!parseOptions(argc, argv, &options))
        return 2;
    if (!options.screenshot.isEmpty() && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (!hasDisplay()) {
        std::fprintf(stderr, "volnet: there is no display to open the window on (DISPLAY is not set).\n"
                             "Render it to an image with 'volnet --screenshot FILE.png [GRAPH.json]', or run a "
                             "command (see 'volnet --help').\n");
        return 1;
    }

    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("VolNet"));
    QApplication::setApplicationName(QStringLiteral("VolNet Studio"));
    QApplication::setApplicationVersion(QStringLiteral(VOLNET_VERSION));

    ui::MainWindow window;
    if (!options.screenshot.isEmpty())
        return takeScreenshot(window, options);

    window.restoreLayout();
    window.show();
    if (!window.files()->startRecovery()) {
        const bool opened = !options.graph.isEmpty() && window.files()->openFile(options.graph);
        if (!opened)
            window.files()->openTemplate(ui::TemplateLibrary::defaultName());
    }
    return QApplication::exec();
}

} // namespace volnet
