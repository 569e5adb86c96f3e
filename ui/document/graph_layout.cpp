#include "document/graph_layout.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace volnet::ui {

namespace {

constexpr double kColumnStep = 260;
constexpr double kRowStep = 180;
constexpr double kGrid = 20;

double snap(double v)
{
    return std::round(v / kGrid) * kGrid;
}

} // namespace

std::map<std::string, QPointF> layeredLayout(const Graph &graph)
{
    std::map<std::string, std::vector<std::string>> producers;
    std::map<std::string, std::vector<std::string>> consumers;
    std::map<std::string, int> pending;
    for (const Node &n : graph.nodes())
        pending[n.id] = 0;
    for (const Edge &e : graph.edges()) {
        producers[e.to].push_back(e.from);
        consumers[e.from].push_back(e.to);
        ++pending[e.to];
    }

    // Longest path from the sources, in topological order; nodes on a loop (which the
    // order never reaches) go one column after their placed producers.
    std::vector<std::string> order;
    for (const Node &n : graph.nodes())
        if (pending[n.id] == 0)
            order.push_back(n.id);
    for (size_t i = 0; i < order.size(); ++i)
        for (const std::string &c : consumers[order[i]])
            if (--pending[c] == 0)
                order.push_back(c);
    for (const Node &n : graph.nodes())
        if (pending[n.id] > 0)
            order.push_back(n.id);
    std::map<std::string, int> column;
    int columns = 0;
    for (const std::string &id : order) {
        int c = 0;
        for (const std::string &p : producers[id])
            if (column.count(p))
                c = std::max(c, column[p] + 1);
        column[id] = c;
        columns = std::max(columns, c + 1);
    }
    std::vector<std::vector<std::string>> layers(static_cast<size_t>(columns));
    for (const Node &n : graph.nodes())
        layers[size_t(column[n.id])].push_back(n.id);

    // One barycentre sweep: each node wants the mean height of its producers; sorting by
    // that wish orders the column so that wires cross as little as they can.
    std::map<std::string, double> y;
    for (const auto &layer : layers) {
        std::vector<std::pair<double, std::string>> wishes;
        for (size_t i = 0; i < layer.size(); ++i) {
            double sum = 0;
            int count = 0;
            for (const std::string &p : producers[layer[i]])
                if (y.count(p))
                    sum += y[p], ++count;
            wishes.emplace_back(count ? sum / count : double(i) * kRowStep, layer[i]);
        }
        std::stable_sort(wishes.begin(), wishes.end(),
                         [](const auto &a, const auto &b) { return a.first < b.first; });
        double previous = -std::numeric_limits<double>::infinity();
        double drift = 0;
        std::vector<double> placed;
        for (const auto &[wish, id] : wishes) {
            placed.push_back(std::max(snap(wish), previous + kRowStep));
            previous = placed.back();
            drift += placed.back() - wish;
        }
        // Pushing apart only moves nodes down; lift the column back by the mean push so
        // that a fork opens symmetrically around its producer. All steps stay on the grid.
        drift = snap(drift / double(std::max<size_t>(1, wishes.size())));
        for (size_t i = 0; i < wishes.size(); ++i)
            y[wishes[i].second] = placed[i] - drift;
    }

    double left = std::numeric_limits<double>::infinity();
    double top = left;
    double layoutTop = left;
    for (const Node &n : graph.nodes()) {
        left = std::min(left, n.x);
        top = std::min(top, n.y);
        layoutTop = std::min(layoutTop, y[n.id]);
    }
    std::map<std::string, QPointF> positions;
    for (const Node &n : graph.nodes())
        positions[n.id] = QPointF(snap(left) + column[n.id] * kColumnStep, snap(top) + y[n.id] - layoutTop);
    return positions;
}

} // namespace volnet::ui
