// `volnet train`: trains a graph headless, with a progress bar in the terminal, a run
// folder of checkpoints, and Ctrl-C stopping cleanly after a checkpoint.
#include "arguments.h"
#include "commands.h"
#include "text_table.h"

#include "data/data_error.h"
#include "graph/graph_json.h"
#include "train/plan.h"
#include "train/trainer.h"
#include "vk/context.h"
#include "vk/error.h"

#include <atomic>
#include <csignal>
#include <filesystem>
#include <cstdio>
#include <unistd.h>

namespace volnet::cli {

namespace {

std::atomic<train::Trainer *> g_running{nullptr};

extern "C" void onInterrupt(int)
{
    // Only the atomic store and a flag: what a signal handler may do. A second Ctrl-C
    // gets the default action, for a user who does not want to wait for the checkpoint.
    if (train::Trainer *t = g_running.load())
        t->stop();
    std::signal(SIGINT, SIG_DFL);
}

std::string clock(double seconds)
{
    const int64_t s = int64_t(seconds + 0.5);
    char buf[32];
    if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", (long long)(s / 3600), (long long)(s / 60 % 60),
                      (long long)(s % 60));
    else
        std::snprintf(buf, sizeof buf, "%lld:%02lld", (long long)(s / 60), (long long)(s % 60));
    return buf;
}

class ProgressPrinter : public train::TrainerObserver {
public:
    ProgressPrinter(int epochs, int batchSize, bool interactive)
        : m_epochs(epochs), m_batchSize(batchSize), m_interactive(interactive)
    {
    }

    // A bar redrawn in place on a terminal; nothing per step in a log file.
    void onStep(const train::StepEvent &e) override
    {
        if (!m_interactive)
            return;
        const int width = 24;
        const int filled = e.batchesPerEpoch ? int(width * e.batch / e.batchesPerEpoch) : width;
        const double left = e.samplesPerSecond > 0
                                ? double((e.batchesPerEpoch - e.batch) * m_batchSize) / e.samplesPerSecond
                                : 0;
        std::printf("\repoch %lld/%d [%s%s] %lld/%lld  loss %.4f  acc %.3f  %.1f samples/s  ETA %s   ",
                    (long long)(e.epoch + 1), m_epochs, std::string(size_t(filled), '=').c_str(),
                    std::string(size_t(width - filled), ' ').c_str(), (long long)e.batch,
                    (long long)e.batchesPerEpoch, e.loss, e.accuracy, e.samplesPerSecond, clock(left).c_str());
        std::fflush(stdout);
    }

    void onEpoch(const train::EpochEvent &e) override
    {
        const train::MetricsRow &m = e.metrics;
        std::printf("%sepoch %lld/%lld  loss %.4f  acc %.3f  val_loss %.4f  val_acc %.3f  %.1f samples/s  %s%s\n",
                    m_interactive ? "\r\033[K" : "", (long long)m.epoch, (long long)e.epochs, m.loss, m.accuracy,
                    m.valLoss, m.valAccuracy, m.samplesPerSecond, clock(m.seconds).c_str(),
                    e.improved ? "  (best)" : "");
        std::fflush(stdout);
    }

private:
    int m_epochs;
    int m_batchSize;
    bool m_interactive;
};

// What a resumed run takes over from the run it continues: everything but where the run
// lives, where it stops this time, the device and the starting weights.
std::map<std::string, std::string> optionsToKeep(const Arguments &a)
{
    std::map<std::string, std::string> kept = a.options();
    for (const char *name : {"--resume", "--out", "--steps", "--device", "--init-weights"})
        kept.erase(name);
    return kept;
}

} // namespace

int runTrain(const Args &args)
{
    Arguments a("train", "train GRAPH.json [options]",
                "Trains the design on the device and writes checkpoints to a run folder (graph.json,\n"
                "weights.safetensors, optimizer.safetensors, trainer_state.json, metrics.csv).\n"
                "Ctrl-C stops after the step under way and a checkpoint; --resume DIR continues with\n"
                "the options the run began with (train_options.json), except those given again.");
    a.positional("GRAPH.json", "the design (with --resume: may be omitted, the run's graph.json is used)", false);
    a.option("--data", "SPEC", "training data (default synthetic:dce; see docs/datasets.md)");
    a.option("--val-data", "SPEC", "validation data (default: a split of --data)");
    a.option("--val-split", "F", "fraction of --data held out for validation (default 0.2)");
    a.option("--epochs", "N", "epochs (default 10)");
    a.option("--batch", "B", "samples per step (default 4)");
    a.option("--micro-batch", "M", "samples per pass on the device; a step sums its passes' gradients (default: the "
                                   "batch, or even parts of it the device can bind)");
    a.option("--steps", "N", "stop after N steps in all");
    a.option("--optimizer", "sgd|adam|adamw", "the optimizer (default adam)");
    a.option("--lr", "X", "learning rate (default Keras's: adam/adamw 0.001, sgd 0.01)");
    a.option("--momentum", "M", "SGD momentum (default 0)");
    a.flag("--nesterov", "Nesterov momentum (SGD)");
    a.option("--weight-decay", "W", "AdamW's decoupled weight decay (default 0.004)");
    a.option("--clip-norm", "C", "clip gradients to this global L2 norm");
    a.option("--schedule", "KIND", "constant, step[:RATE:EPOCHS] or cosine[:MIN] (default constant)");
    a.option("--seed", "S", "seed of the weights, shuffling, dropout and split (default 1)");
    a.flag("--no-shuffle", "keep the data's order");
    a.option("--normalize", "zscore|minmax|none", "per-sample normalisation (default zscore)");
    a.option("--augment", "LIST", "flip, flip-h, flip-w, crop, intensity[=J] (default none)");
    a.option("--hold-frame", "K", "a control run: every frame replaced by frame K, so nothing changes over time");
    a.option("--patience", "N", "stop after N epochs without a better val_loss");
    a.option("--out", "DIR", "the run folder");
    a.option("--resume", "DIR", "continue the run in DIR from its last checkpoint");
    a.option("--init-weights", "W.safetensors", "start from these weights");
    a.option("--device", "N", "the Vulkan device (see 'volnet devices')");
    std::string error;
    if (!a.parse(args, &error))
        return usageError("train", error);
    if (a.helpRequested()) {
        std::printf("%s", a.usage().c_str());
        return 0;
    }
    if (a.has("--resume")) {
        const std::string folder = a.value("--resume");
        std::error_code ec;
        if (!std::filesystem::is_directory(folder, ec))
            return usageError("train", "there is no run folder " + folder + " to resume; give the --out folder of "
                                                                             "an earlier run");
        try {
            if (!a.adopt(train::RunFolder(folder).loadOptions(), &error))
                return usageError("train", folder + "/train_options.json: " + error);
        } catch (const std::runtime_error &e) {
            std::fprintf(stderr, "volnet train: %s\n", e.what());
            return 2;
        }
    }
    train::TrainConfig config;
    int64_t epochs = 10, batch = 4, steps = 0, seed = 1, patience = 0, device = -1, holdFrame = -1, microBatch = 0;
    double valSplit = 0.2, momentum = 0, weightDecay = 0.004, clipNorm = 0, lr = 0;
    if (!a.integer("--epochs", 10, &epochs, &error) || !a.integer("--batch", 4, &batch, &error) ||
        !a.integer("--steps", 0, &steps, &error) || !a.integer("--seed", 1, &seed, &error) ||
        !a.integer("--patience", 0, &patience, &error) || !a.integer("--device", -1, &device, &error) ||
        !a.integer("--hold-frame", -1, &holdFrame, &error) || !a.integer("--micro-batch", 0, &microBatch, &error) ||
        !a.real("--val-split", 0.2, &valSplit, &error) || !a.real("--momentum", 0, &momentum, &error) ||
        !a.real("--weight-decay", 0.004, &weightDecay, &error) || !a.real("--clip-norm", 0, &clipNorm, &error) ||
        !a.real("--lr", 0, &lr, &error))
        return usageError("train", error);
    if (epochs < 1 || batch < 1 || steps < 0 || patience < 0 || lr < 0 || clipNorm < 0 || momentum < 0 ||
        momentum >= 1 || (a.has("--micro-batch") && microBatch < 1))
        return usageError("train", "--epochs, --batch and --micro-batch must be at least 1; --lr, --steps, "
                                   "--patience and --clip-norm not negative; --momentum in [0, 1)");
    if (a.has("--hold-frame") && holdFrame < 0)
        return usageError("train", "--hold-frame takes a frame number from 0");
    if (a.has("--optimizer") && !ops::parseOptimizerKind(a.value("--optimizer"), &config.optimizer.kind))
        return usageError("train", "--optimizer takes sgd, adam or adamw, not '" + a.value("--optimizer") + "'");
    if (a.has("--schedule") && !train::parseSchedule(a.value("--schedule"), &config.schedule))
        return usageError("train", "--schedule takes constant, step[:RATE:EPOCHS] or cosine[:MIN], not '" +
                                       a.value("--schedule") + "'");
    if (a.has("--resume") && a.has("--out") && a.value("--resume") != a.value("--out"))
        return usageError("train", "--resume DIR continues in DIR; leave out --out");
    config.data = a.value("--data", config.data);
    config.validationData = a.value("--val-data");
    config.validationFraction = valSplit;
    config.epochs = int(epochs);
    config.batch = int(batch);
    config.microBatch = int(microBatch);
    config.maxSteps = steps;
    config.learningRate = lr;
    config.optimizer.momentum = momentum;
    config.optimizer.nesterov = a.has("--nesterov");
    config.optimizer.weightDecay = weightDecay;
    config.optimizer.clipNorm = clipNorm;
    config.seed = uint64_t(seed);
    config.shuffle = !a.has("--no-shuffle");
    config.earlyStoppingPatience = int(patience);
    config.holdFrame = holdFrame;
    config.outDir = a.value("--resume", a.value("--out"));
    config.resume = a.has("--resume");
    config.initWeights = a.value("--init-weights");

    if (a.positionalCount() == 0 && !a.has("--resume"))
        return usageError("train", "missing GRAPH.json");
    const std::string graphPath =
        a.positionalCount() ? a.positionalValue(0) : (std::filesystem::path(config.outDir) / "graph.json").string();
    const GraphLoadResult loaded = loadGraphFile(graphPath);
    if (!loaded.ok) {
        std::fprintf(stderr, "volnet train: %s\n", loaded.error.c_str());
        return 2;
    }
    try {
        config.normalization = data::parseNormalization(a.value("--normalize", "zscore"));
        config.augmentation = data::parseAugmentation(a.value("--augment"));
        vk::ContextOptions options;
        if (device >= 0)
            options.device = int(device);
        vk::Context context(options);
        train::Trainer trainer(context, loaded.graph, config);
        if (!config.outDir.empty())
            train::RunFolder(config.outDir).saveOptions(optionsToKeep(a));
        const std::string micro = trainer.microBatch() < config.batch
                                      ? " (micro-batches of " + std::to_string(trainer.microBatch()) + ")"
                                      : std::string();
        std::printf("Training %s on %s: %lld samples, %lld for validation, batch %d%s, %s, device %s (%s)\n",
                    loaded.graph.meta().name.c_str(), config.data.c_str(), (long long)trainer.trainSamples(),
                    (long long)trainer.validationSamples(), config.batch, micro.c_str(),
                    ops::optimizerName(config.optimizer.kind), context.device().name.c_str(),
                    humanBytes(int64_t(trainer.deviceBytes())).c_str());
        ProgressPrinter printer(config.epochs, config.batch, isatty(STDOUT_FILENO));
        g_running = &trainer;
        std::signal(SIGINT, onInterrupt);
        const train::TrainResult result = trainer.run(printer);
        std::signal(SIGINT, SIG_DFL);
        g_running = nullptr;
        if (!result.history.empty()) {
            const train::MetricsRow &last = result.history.back();
            std::printf("\nDone: %zu epochs, val_accuracy %.4f, val_loss %.4f, %.1f samples/s, %s in all%s\n",
                        result.history.size(), last.valAccuracy, last.valLoss, last.samplesPerSecond,
                        clock(last.seconds).c_str(), result.earlyStopped ? " (early stopping)" : "");
        }
        if (!config.outDir.empty())
            std::printf("Run folder: %s\n", config.outDir.c_str());
        return result.stopped && !result.earlyStopped && config.maxSteps == 0 ? 130 : 0;
    } catch (const data::DataError &e) {
        std::fprintf(stderr, "volnet train: %s\n", e.what());
        return 2;
    } catch (const train::PlanError &e) {
        std::fprintf(stderr, "volnet train: %s\n", e.what());
        return 2;
    } catch (const vk::Error &e) {
        std::fprintf(stderr, "volnet train: %s\n", e.what());
        return 1;
    } catch (const std::runtime_error &e) {
        std::fprintf(stderr, "volnet train: %s\n", e.what());
        return 2;
    }
}

} // namespace volnet::cli
