// `volnet predict`: the forward pass (inference mode) of a graph on a batch of samples.
#include "arguments.h"
#include "commands.h"

#include "graph/analysis.h"
#include "graph/graph_json.h"
#include "ops/init.h"
#include "tensor/npy.h"
#include "tensor/safetensors.h"
#include "train/plan.h"
#include "vk/context.h"
#include "vk/error.h"

#include <cstdio>

namespace volnet::cli {

namespace {

struct Dump {
    std::string node, path;
};

// Rows [first, first + count) of a batched tensor.
Tensor rows(const Tensor &t, int64_t first, int64_t count)
{
    const int64_t perRow = t.size() / t.dim(0);
    Dims shape = t.shape();
    shape[0] = count;
    return Tensor(shape, std::vector<float>(t.values().begin() + first * perRow,
                                            t.values().begin() + (first + count) * perRow));
}

} // namespace

int runPredict(const Args &args)
{
    Arguments a("predict", "predict GRAPH.json --input X.npy --output Y.npy [options]",
                "Runs the forward pass (inference mode: Dropout off, BatchNormalization on its moving\n"
                "statistics) on the samples of X (N×T×H×W×C, any numeric dtype) and writes the class\n"
                "probabilities (N×classes, float32) to Y.");
    a.positional("GRAPH.json", "the design");
    a.option("--input", "X.npy", "the samples");
    a.option("--output", "Y.npy", "where the probabilities go");
    a.option("--weights", "W.safetensors", "trained weights (names <node>.<weight>, Keras layouts)");
    a.option("--seed", "S", "without --weights: Keras's initialisers drawn from seed S (default 1)");
    a.option("--dump", "NODE=FILE.npy", "also write that node's output for every sample", true);
    a.option("--batch", "B", "samples per device pass (default 8)");
    a.option("--device", "N", "the Vulkan device (see 'volnet devices')");
    std::string error;
    if (!a.parse(args, &error))
        return usageError("predict", error);
    if (a.helpRequested()) {
        std::printf("%s", a.usage().c_str());
        return 0;
    }
    if (!a.has("--input") || !a.has("--output"))
        return usageError("predict", "--input and --output are needed");
    if (a.has("--weights") && a.has("--seed"))
        return usageError("predict", "give --weights or --seed, not both");
    int64_t seed = 1, batch = 8, device = -1;
    if (!a.integer("--seed", 1, &seed, &error) || !a.integer("--batch", 8, &batch, &error) ||
        !a.integer("--device", -1, &device, &error))
        return usageError("predict", error);
    if (batch < 1)
        return usageError("predict", "--batch must be at least 1");
    std::vector<Dump> dumps;
    for (const std::string &d : a.values("--dump")) {
        const size_t eq = d.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == d.size())
            return usageError("predict", "--dump takes NODE=FILE.npy, not '" + d + "'");
        dumps.push_back({d.substr(0, eq), d.substr(eq + 1)});
    }

    const GraphLoadResult loaded = loadGraphFile(a.positionalValue(0));
    if (!loaded.ok) {
        std::fprintf(stderr, "volnet predict: %s\n", loaded.error.c_str());
        return 2;
    }
    for (const Dump &d : dumps)
        if (!loaded.graph.node(d.node)) {
            std::fprintf(stderr, "volnet predict: --dump names '%s', which is not a node of %s\n", d.node.c_str(),
                         a.positionalValue(0).c_str());
            return 2;
        }
    const NpyResult input = readNpy(a.value("--input"));
    if (!input.ok) {
        std::fprintf(stderr, "volnet predict: %s\n", input.error.c_str());
        return 2;
    }
    std::map<std::string, Tensor> weights;
    if (a.has("--weights")) {
        const TensorFileResult file = readSafetensors(a.value("--weights"));
        if (!file.ok) {
            std::fprintf(stderr, "volnet predict: %s\n", file.error.c_str());
            return 2;
        }
        weights = file.file.tensors;
    } else {
        weights = initialModelWeights(loaded.graph, uint64_t(seed));
    }
    try {
        vk::ContextOptions options;
        if (device >= 0)
            options.device = int(device);
        vk::Context context(options);
        const Tensor &x = input.tensor;
        const int64_t n = x.rank() > 0 ? x.dim(0) : 0;
        train::PlanConfig config;
        config.batch = int(std::min<int64_t>(batch, std::max<int64_t>(n, 1)));
        config.training = false;
        train::Plan plan(context, loaded.graph, config);
        Dims expected{n};
        expected.insert(expected.end(), plan.sampleShape().begin(), plan.sampleShape().end());
        if (x.shape() != expected || n == 0) {
            std::fprintf(stderr,
                         "volnet predict: %s holds %s, but the graph's Input takes N samples of %s, i.e. %s here: "
                         "reshape or crop the data to match\n",
                         a.value("--input").c_str(), formatTuple(x.shape()).c_str(),
                         formatTuple(plan.sampleShape()).c_str(), formatTuple(expected).c_str());
            return 2;
        }
        plan.setWeights(weights);
        const int64_t perSample = x.size() / n;
        Tensor probabilities({n, int64_t(plan.classes())});
        std::vector<Tensor> dumped;
        for (int64_t first = 0; first < n; first += plan.batch()) {
            const int64_t count = std::min<int64_t>(plan.batch(), n - first);
            std::vector<float> chunk(size_t(perSample * plan.batch()), 0.0f);
            std::copy(x.values().begin() + first * perSample, x.values().begin() + (first + count) * perSample,
                      chunk.begin());
            plan.writeBatch(0, chunk.data(), std::vector<int32_t>(size_t(plan.batch()), -1));
            plan.submitEval(0);
            plan.wait();
            const Tensor p = rows(plan.readPredictions(), 0, count);
            std::copy(p.values().begin(), p.values().end(), probabilities.values().begin() + first * plan.classes());
            for (size_t d = 0; d < dumps.size(); ++d) {
                const Tensor act = plan.readActivation(dumps[d].node);
                if (first == 0) {
                    Dims shape = act.shape();
                    shape[0] = n;
                    dumped.emplace_back(shape);
                }
                const Tensor part = rows(act, 0, count);
                std::copy(part.values().begin(), part.values().end(),
                          dumped[d].values().begin() + first * (act.size() / act.dim(0)));
            }
        }
        std::string writeError;
        if (!writeNpy(a.value("--output"), probabilities, &writeError)) {
            std::fprintf(stderr, "volnet predict: %s\n", writeError.c_str());
            return 1;
        }
        for (size_t d = 0; d < dumps.size(); ++d)
            if (!writeNpy(dumps[d].path, dumped[d], &writeError)) {
                std::fprintf(stderr, "volnet predict: %s\n", writeError.c_str());
                return 1;
            }
        std::printf("wrote %s: %s class probabilities\n", a.value("--output").c_str(),
                    formatTuple(probabilities.shape()).c_str());
        return 0;
    } catch (const train::PlanError &e) {
        std::fprintf(stderr, "volnet predict: %s\n", e.what());
        return 2;
    } catch (const vk::Error &e) {
        std::fprintf(stderr, "volnet predict: %s\n", e.what());
        return 1;
    }
}

} // namespace volnet::cli
