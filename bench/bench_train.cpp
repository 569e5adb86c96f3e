// Training speed of our engine on the seed's Strategy 1 (resources/templates/seed_pooling.json)
// at the seed's size: 10×128×128×1, batch 4, Adam, fp32, random data and labels, as
// peer_train_torch.py does with PyTorch. Prints one JSON line: the median samples per
// second over the timed steps, and the device memory the plan holds.
// Usage: bench_train [--steps N] [--warmup N] [--batch B] [--graph FILE]
#include "graph/graph_json.h"
#include "ops/init.h"
#include "train/plan.h"
#include "vk/context.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

using namespace volnet;

int main(int argc, char **argv)
{
    int steps = 6, warmup = 2, batch = 4;
    std::string graphPath = VOLNET_SOURCE_DIR "/resources/templates/seed_pooling.json";
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--steps"))
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
    vk::Context context;
    train::PlanConfig config;
    config.batch = batch;
    train::Plan plan(context, g.graph, config);
    std::map<std::string, Tensor> weights;
    for (const auto &[id, info] : analyze(g.graph).nodes)
        for (auto &[name, tensor] : initialWeights(*g.graph.node(id), info.weights, 1))
            weights[id + "." + name] = std::move(tensor);
    plan.setWeights(weights);

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
    std::sort(seconds.begin(), seconds.end());
    const double median = seconds[seconds.size() / 2];
    std::printf("{\"engine\": \"volnet-vulkan\", \"device\": \"%s\", \"batch\": %d, \"steps\": %d, "
                "\"samples_per_s\": %.4f, \"median_step_s\": %.4f, \"device_bytes\": %llu, "
                "\"device_bytes_unshared\": %llu}\n",
                context.device().name.c_str(), batch, steps, batch / median, median,
                (unsigned long long)plan.deviceBytes(), (unsigned long long)plan.unsharedBytes());
    return 0;
}
