// Training speed of our engine on the seed's Strategy 1 (resources/templates/seed_pooling.json)
// at the seed's size: 10×128×128×1, batch 4, Adam, fp32, random data and labels, as
// peer_train_torch.py does with PyTorch. Prints one JSON line: the median samples per
// second over the timed steps, and the device memory the plan holds. With --profile, every
// dispatch is timed on the device as well, and a table of where the last step's time went
// (by node and pass, then by kernel) goes to stderr; timing each dispatch adds a little.
// Usage: bench_train [--steps N] [--warmup N] [--batch B] [--graph FILE] [--profile]
#include "graph/graph_json.h"
#include "ops/init.h"
#include "train/plan.h"
#include "vk/context.h"
#include "vk/recorder.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <random>
#include <string>
#include <vector>

using namespace volnet;

namespace {

// Sums the dispatches' times by `key` and prints the largest first, with their shares.
template<typename Key>
void printTotals(const char *title, const std::vector<vk::DispatchTiming> &timings, Key key, double total)
{
    std::map<std::string, std::pair<double, int>> sums;
    for (const vk::DispatchTiming &t : timings) {
        auto &[ms, count] = sums[key(t)];
        ms += t.milliseconds;
        ++count;
    }
    std::vector<std::pair<std::string, std::pair<double, int>>> rows(sums.begin(), sums.end());
    std::sort(rows.begin(), rows.end(), [](const auto &a, const auto &b) { return a.second.first > b.second.first; });
    std::fprintf(stderr, "%-40s %10s %7s %10s\n", title, "ms", "share", "dispatches");
    for (const auto &[name, sum] : rows)
        std::fprintf(stderr, "%-40s %10.3f %6.1f%% %10d\n", name.c_str(), sum.first, 100 * sum.first / total,
                     sum.second);
}

void printProfile(const std::vector<vk::DispatchTiming> &timings)
{
    if (timings.empty()) {
        std::fprintf(stderr, "no profile: the device's queue has no timestamps\n");
        return;
    }
    double total = 0, end = 0;
    for (const vk::DispatchTiming &t : timings) {
        total += t.milliseconds;
        end = std::max(end, t.start + t.milliseconds);
    }
    std::fprintf(stderr,
                 "the last step's %zu dispatches: %.3f ms of dispatch time in all, %.3f ms on the device from the "
                 "first one's start to the last one's end\n",
                 timings.size(), total, end);
    printTotals("node and pass", timings, [](const vk::DispatchTiming &t) { return t.section; }, total);
    printTotals("kernel", timings, [](const vk::DispatchTiming &t) { return t.label; }, total);
}

} // namespace

int main(int argc, char **argv)
{
    int steps = 6, warmup = 2, batch = 4;
    bool profile = false;
    std::string graphPath = VOLNET_SOURCE_DIR "/resources/templates/seed_pooling.json";
    for (int i = 1; i < argc; i += 2) {
        if (!std::strcmp(argv[i], "--profile")) {
            profile = true;
            --i; // a flag: no value follows
        } else if (i + 1 >= argc) {
            std::fprintf(stderr, "%s needs a value\n", argv[i]);
            return 2;
        } else if (!std::strcmp(argv[i], "--steps"))
            steps = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--warmup"))
            warmup = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--batch"))
            batch = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--graph"))
            graphPath = argv[i + 1];
    }
    const GraphLoadResult g = loadGraphFile(graphPath);
    if (!g.ok) {
        std::fprintf(stderr, "%s\n", g.error.c_str());
        return 2;
    }
    // A graph the plan cannot run, or no device: the reason, not an abort.
    try {
        vk::Context context;
        train::PlanConfig config;
        config.batch = batch;
        config.timestamps = profile;
        train::Plan plan(context, g.graph, config);
        plan.setWeights(initialModelWeights(g.graph, 1));

        std::mt19937 rng(1);
        std::normal_distribution<float> normal;
        std::vector<float> x(size_t(batch * elementCount(plan.sampleShape())));
        for (float &v : x)
            v = normal(rng);
        std::vector<int32_t> labels(static_cast<size_t>(batch));
        for (int32_t &l : labels)
            l = int32_t(rng() % uint32_t(plan.classes()));
        plan.writeBatch(0, x.data(), labels);

        std::vector<double> seconds;
        for (int step = 0; step < warmup + steps; ++step) {
            const auto start = std::chrono::steady_clock::now();
            plan.submitTrain(0, {uint32_t(step), uint32_t(step), 1e-3f, ops::adamCorrection(0.9, 0.999, uint32_t(step))});
            plan.wait();
            if (step >= warmup)
                seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        }
        if (profile)
            printProfile(plan.lastTimings());
        std::sort(seconds.begin(), seconds.end());
        const double median = seconds[seconds.size() / 2];
        std::printf("{\"engine\": \"volnet-vulkan\", \"device\": \"%s\", \"batch\": %d, \"steps\": %d, "
                    "\"samples_per_s\": %.4f, \"median_step_s\": %.4f, \"device_bytes\": %llu, "
                    "\"device_bytes_unshared\": %llu}\n",
                    context.device().name.c_str(), batch, steps, batch / median, median,
                    (unsigned long long)plan.deviceBytes(), (unsigned long long)plan.unsharedBytes());
        return 0;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "bench_train: %s\n", e.what());
        return 2;
    }
}
