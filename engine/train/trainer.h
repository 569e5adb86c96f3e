#pragma once
// The training loop: data from the loader's thread, steps on the device, validation after
// each epoch, checkpoints, early stopping, and events for whoever watches (the terminal's
// progress bar, the application's dashboard). run() trains on the calling thread; pause,
// resume and stop may be called from any other.
#include "data/augmentation.h"
#include "data/normalization.h"
#include "graph/graph.h"
#include "ops/optimizer_config.h"
#include "tensor/tensor.h"
#include "train/checkpoint.h"
#include "train/schedule.h"

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace volnet::vk {
class Context;
}
namespace volnet::data {
class Dataset;
struct LoaderOptions;
}

namespace volnet::train {

class Plan;

struct TrainConfig {
    std::string data = "synthetic:dce";
    std::string validationData;      // empty: a split of `data`
    double validationFraction = 0.2; // when validationData is empty
    int epochs = 10;
    int batch = 4;
    // Samples per pass on the device; a step sums the gradients of its micro-batches
    // (Plan's accumulate). 0: the whole batch, or, where the device cannot bind that
    // many samples' activations, even micro-batches of what it can.
    int microBatch = 0;
    int64_t maxSteps = 0;            // > 0: stop after this many steps in all
    ops::OptimizerConfig optimizer;
    double learningRate = 0;         // 0: Keras's default for the optimizer
    Schedule schedule;
    uint64_t seed = 1;
    bool shuffle = true;
    data::Normalization normalization = data::Normalization::ZScore;
    data::Augmentation augmentation;
    int64_t holdFrame = -1;          // >= 0: a control run that sees only this frame (data::holdFrame)
    int earlyStoppingPatience = 0;   // > 0: stop after this many epochs without a better val_loss
    std::string outDir;              // the run folder; empty: no checkpoints
    bool resume = false;             // continue from the checkpoint in outDir
    std::string initWeights;         // a .safetensors to start from instead of initialisers
    std::vector<std::string> snapshotNodes; // feature maps to send as events
    double snapshotIntervalSeconds = 1.0;
};

struct StepEvent {
    int64_t epoch = 0, batch = 0, batchesPerEpoch = 0, step = 0;
    double loss = 0, accuracy = 0; // running over the epoch so far
    double samplesPerSecond = 0, learningRate = 0;
};

struct EpochEvent {
    MetricsRow metrics;
    int64_t epochs = 0; // planned in all
    int classes = 0;
    std::vector<std::string> classNames;
    std::vector<int64_t> confusion; // validation: classes × classes, row = label
    double etaSeconds = 0;
    bool improved = false;
};

struct SnapshotEvent {
    std::string node;
    Tensor values; // the node's output for the batch's first sample
    int64_t step = 0;
};

class TrainerObserver {
public:
    virtual ~TrainerObserver() = default;
    virtual void onStep(const StepEvent &) {}
    virtual void onEpoch(const EpochEvent &) {}
    virtual void onSnapshot(const SnapshotEvent &) {}
};

struct TrainResult {
    bool stopped = false;       // stop() or early stopping ended it before the last epoch
    bool earlyStopped = false;
    std::vector<MetricsRow> history;
    uint64_t deviceBytes = 0;
};

class Trainer {
public:
    // Opens and checks the data, compiles the plan and sets the initial weights (from the
    // checkpoint when resuming). Throws data::DataError, PlanError or std::runtime_error
    // with a message that names what is wrong, before any training happens.
    Trainer(vk::Context &context, const Graph &graph, const TrainConfig &config);
    ~Trainer();

    TrainResult run(TrainerObserver &observer);

    void pause();
    void resume();
    // Ends run() after the step under way, with a checkpoint.
    void stop();

    const Plan &plan() const { return *m_plan; }
    // The samples of one pass on the device: the batch, or the micro-batch it is run as.
    int microBatch() const;
    std::map<std::string, Tensor> weights() const;
    uint64_t deviceBytes() const;
    int64_t trainSamples() const { return int64_t(m_trainIndices.size()); }
    int64_t validationSamples() const { return int64_t(m_validationIndices.size()); }

private:
    struct EpochTotals;
    // The loader's options from the config, for training; forValidation() for validation.
    data::LoaderOptions loaderOptions() const;
    EpochTotals trainEpoch(TrainerObserver &observer, int64_t epoch);
    EpochTotals validate();
    void saveCheckpoint() const;
    bool waitWhilePaused();

    Graph m_graph;
    TrainConfig m_config;
    std::shared_ptr<const data::Dataset> m_train, m_validation;
    std::vector<int64_t> m_trainIndices, m_validationIndices;
    std::unique_ptr<Plan> m_plan;
    std::unique_ptr<RunFolder> m_run;
    TrainerState m_state;
    std::vector<MetricsRow> m_history;
    bool m_depthFirst = false;

    std::atomic<bool> m_stopRequested{false};
    std::mutex m_pauseMutex;
    std::condition_variable m_pauseChanged;
    bool m_paused = false;
};

} // namespace volnet::train
