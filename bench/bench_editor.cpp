// How long the editor takes from a parameter edit to the repainted canvas, on a design of
// 300 blocks: six branches of Conv3D/MaxPooling3D chains, each collapsing time and going on
// as Conv2D/MaxPooling2D chains, joined by Add into a classifier head. Prints the median of
// 50 edits of each stage and the 16 ms a frame has at 60 Hz.
//
//   bench_editor [--runs N]      (QT_QPA_PLATFORM defaults to offscreen)
#include "document/graph_document.h"
#include "editor/graph_scene.h"
#include "editor/graph_view.h"
#include "editor/node_item.h"
#include "graph/analysis.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

using namespace volnet;
using namespace volnet::ui;

namespace {

constexpr int kBranches = 6;
constexpr int kStemDepth = 22; // per branch, before time is pooled away
constexpr int kImageDepth = 26;
constexpr double kBudgetMs = 16.0;

class Builder {
public:
    std::string add(const std::string &type, double x, double y, const std::string &from = {},
                    std::vector<std::pair<std::string, ParamValue>> params = {})
    {
        const std::string id = *graph.addNode(type, {}, x, y);
        for (const auto &[name, value] : params)
            graph.setParam(id, name, value);
        if (!from.empty())
            graph.connect(from, id, 0);
        return id;
    }
    Graph graph;
};

struct Design {
    Graph graph;
    std::string edited; // a Conv3D early in the third branch
};

Design threeHundredBlocks()
{
    Builder b;
    constexpr double dx = 260;
    constexpr double dy = 180;
    const double middle = (kBranches - 1) * dy / 2;
    const std::string input = b.add("Input", 0, middle);
    b.graph.setParam(input, "shape", IntTuple{10, 64, 64, 1});
    const std::string stem = b.add("Conv3D", dx, middle, input, {{"filters", int64_t(16)}, {"padding", std::string("same")}});
    const std::vector<std::pair<std::string, ParamValue>> conv{{"filters", int64_t(16)}, {"padding", std::string("same")}};
    std::vector<std::string> ends;
    std::string edited;
    for (int branch = 0; branch < kBranches; ++branch) {
        const double y = branch * dy;
        std::string last = stem;
        int column = 2;
        for (int i = 1; i <= kStemDepth; ++i) {
            last = i % 7 == 0 ? b.add("MaxPooling3D", column++ * dx, y, last, {{"pool_size", IntTuple{1, 2, 2}}})
                              : b.add("Conv3D", column++ * dx, y, last, conv);
            if (branch == 2 && i == 3)
                edited = last;
        }
        last = b.add("TemporalPooling", column++ * dx, y, last);
        for (int i = 1; i <= kImageDepth; ++i)
            last = i == 13 ? b.add("MaxPooling2D", column++ * dx, y, last)
                           : b.add("Conv2D", column++ * dx, y, last, conv);
        ends.push_back(last);
    }
    const double x = (3 + kStemDepth + kImageDepth) * dx;
    const std::string merge = b.add("Add", x, middle);
    for (size_t i = 0; i < ends.size(); ++i)
        b.graph.connect(ends[i], merge, int(i));
    const std::string pooled = b.add("GlobalAveragePooling2D", x + dx, middle, merge);
    const std::string dropped = b.add("Dropout", x + 2 * dx, middle, pooled);
    b.add("Dense", x + 3 * dx, middle, dropped, {{"units", int64_t(5)}, {"activation", std::string("softmax")}});
    return {b.graph, edited};
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

double percentile90(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, v.size() * 9 / 10)];
}

void report(const char *what, const std::vector<double> &ms, bool budgeted)
{
    std::printf("  %-44s median %7.2f ms   p90 %7.2f ms%s\n", what, median(ms), percentile90(ms),
                budgeted ? (median(ms) <= kBudgetMs ? "   within 16 ms" : "   OVER 16 ms") : "");
}

// Times `edit` followed by `finish`, `runs` times.
std::vector<double> timeRuns(int runs, const std::function<void(int)> &edit, const std::function<void()> &finish)
{
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer clock;
        clock.start();
        edit(i);
        finish();
        ms.push_back(double(clock.nsecsElapsed()) / 1e6);
    }
    return ms;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    int runs = 50;
    const QStringList args = app.arguments();
    if (const qsizetype at = args.indexOf("--runs"); at >= 0 && at + 1 < args.size())
        runs = std::max(1, args[at + 1].toInt());

    GraphDocument doc;
    const Design design = threeHundredBlocks();
    doc.newFrom(design.graph);
    const Analysis &a = doc.analysis();
    std::printf("bench_editor: %zu blocks, %zu wires, %lld parameters, %zu diagnostics; %d runs per stage\n",
                doc.graph().nodes().size(), doc.graph().edges().size(), static_cast<long long>(a.totalParams()),
                a.diagnostics.size(), runs);
    for (const Diagnostic &d : a.diagnostics)
        std::printf("  %s\n", formatDiagnostic(d).c_str());

    GraphView view(&doc);
    view.resize(1600, 900);
    view.show();
    QCoreApplication::processEvents();

    // Its filters change its output shape, the parameter count of the block after it, and
    // every card's share of the total.
    const QString edited = QString::fromStdString(design.edited);
    const auto edit = [&](int i) { doc.setParam(edited, "filters", int64_t(i % 2 ? 24 : 16)); };
    const auto nothing = [] {};
    const auto repaint = [&] {
        QCoreApplication::processEvents(); // the scene turns item updates into a viewport update
        view.viewport()->repaint();         // and the view paints the whole viewport now
    };
    QImage frame(view.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
    const auto render = [&] {
        QCoreApplication::processEvents();
        QPainter painter(&frame);
        view.render(&painter);
    };

    std::printf("analysis alone:\n");
    report("analyze(graph)", timeRuns(runs, [&](int) { (void)analyze(doc.graph()); }, nothing), false);

    std::printf("edit -> analysis -> scene update (no painting):\n");
    report("setParam", timeRuns(runs, edit, nothing), true);

    view.zoomToActualSize();
    view.centerOn(view.graphScene()->nodeItem(edited));
    std::printf("edit -> analysis -> scene -> full viewport repaint, 100 %% zoom (cards in detail):\n");
    report("setParam + processEvents + viewport repaint", timeRuns(runs, edit, repaint), true);
    report("setParam + render into a QImage", timeRuns(runs, edit, render), true);

    view.fitToView();
    std::printf("the same with the whole design in view (zoom %.2f, overview cards):\n", view.zoom());
    report("setParam + processEvents + viewport repaint", timeRuns(runs, edit, repaint), true);
    report("setParam + render into a QImage", timeRuns(runs, edit, render), true);

    // Starting a wire judges every input port; the view does it a slice at a time, so
    // this is the total work spread over the first frames of a drag, not one stall.
    std::vector<double> judge;
    for (int i = 0; i < std::max(1, runs / 10); ++i) {
        QElapsedTimer clock;
        clock.start();
        int ports = 0;
        for (const Node &n : doc.graph().nodes())
            for (int p = 0; p < doc.graph().portCount(n.id); ++p, ++ports)
                doc.canConnect(edited, QString::fromStdString(n.id), p);
        judge.push_back(double(clock.nsecsElapsed()) / 1e6);
        if (i == 0)
            std::printf("judging every input port for a wire from %s (%d ports):\n", qPrintable(edited), ports);
    }
    report("canConnect for all ports (sliced while dragging)", judge, false);
    std::printf("budget: %.0f ms per frame (60 Hz)\n", kBudgetMs);
    return 0;
}
