#pragma once
// A run folder: graph.json, train_options.json, weights.safetensors,
// optimizer.safetensors, trainer_state.json and metrics.csv. Every file is replaced atomically, and the three
// that make a checkpoint carry its step: a save rotates the previous checkpoint to
// *.prev files first and writes trainer_state.json last, so a process killed at any
// moment leaves one complete checkpoint (the new one, or the previous one) to resume.
#include "graph/graph.h"
#include "tensor/tensor.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace volnet::train {

struct TrainerState {
    int64_t step = 0;          // optimizer updates done
    int64_t epoch = 0;         // the epoch under way (0-based)
    int64_t batchInEpoch = 0;  // batches of it done
    uint64_t seed = 1;
    double bestValLoss = 0;    // early stopping
    int64_t epochsWithoutImprovement = 0;
    // The running sums of the epoch under way, so a resumed epoch reports what an
    // uninterrupted one would.
    double epochLossSum = 0;
    int64_t epochCorrect = 0, epochSamples = 0;
    double elapsedSeconds = 0;
};

struct MetricsRow {
    int64_t epoch = 0; // 1-based, as users count
    double loss = 0, accuracy = 0, valLoss = 0, valAccuracy = 0, samplesPerSecond = 0, seconds = 0;
};

struct Checkpoint {
    TrainerState state;
    std::map<std::string, Tensor> weights;
    std::vector<float> optimizerState;
};

class RunFolder {
public:
    // Creates the folder when missing. Throws std::runtime_error naming it when it cannot.
    explicit RunFolder(std::string path);
    const std::string &path() const { return m_path; }

    void saveGraph(const Graph &graph) const;
    // The options the run was started with (name -> value, "" for flags), so that a
    // resumed run goes on as it began: train_options.json. loadOptions gives nothing for
    // a folder without the file, and throws std::runtime_error when it is damaged.
    void saveOptions(const std::map<std::string, std::string> &options) const;
    std::map<std::string, std::string> loadOptions() const;
    void saveCheckpoint(const Checkpoint &checkpoint) const;
    // The newest complete checkpoint; nothing when the folder holds none. Throws
    // std::runtime_error when files are there but unreadable, naming them.
    std::optional<Checkpoint> loadCheckpoint() const;
    // metrics.csv, rewritten whole (atomically) with every row so far.
    void saveMetrics(const std::vector<MetricsRow> &rows) const;
    std::vector<MetricsRow> loadMetrics() const;

private:
    std::string file(const std::string &name) const;
    std::string m_path;
};

} // namespace volnet::train
