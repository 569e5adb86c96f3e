#include "train/checkpoint.h"

#include "graph/graph_json.h"
#include "io/file_io.h"
#include "tensor/safetensors.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <sstream>
#include <stdexcept>

namespace volnet::train {

namespace {

using Json = nlohmann::json;

const char *const kWeights = "weights.safetensors";
const char *const kOptimizer = "optimizer.safetensors";
const char *const kState = "trainer_state.json";
const char *const kOptions = "train_options.json";
const char *const kPrev = ".prev";

Json stateToJson(const TrainerState &s)
{
    return {{"format", "volnet-trainer-state"}, {"version", 1}, {"step", s.step}, {"epoch", s.epoch},
            {"batch_in_epoch", s.batchInEpoch}, {"seed", s.seed}, {"best_val_loss", s.bestValLoss},
            {"epochs_without_improvement", s.epochsWithoutImprovement}, {"epoch_loss_sum", s.epochLossSum},
            {"epoch_correct", s.epochCorrect}, {"epoch_samples", s.epochSamples},
            {"elapsed_seconds", s.elapsedSeconds}};
}

TrainerState stateFromJson(const Json &j)
{
    if (j.value("format", "") != "volnet-trainer-state")
        throw std::runtime_error("not a VolNet Studio trainer state");
    TrainerState s;
    s.step = j.at("step").get<int64_t>();
    s.epoch = j.at("epoch").get<int64_t>();
    s.batchInEpoch = j.at("batch_in_epoch").get<int64_t>();
    s.seed = j.at("seed").get<uint64_t>();
    s.bestValLoss = j.at("best_val_loss").get<double>();
    s.epochsWithoutImprovement = j.at("epochs_without_improvement").get<int64_t>();
    s.epochLossSum = j.at("epoch_loss_sum").get<double>();
    s.epochCorrect = j.at("epoch_correct").get<int64_t>();
    s.epochSamples = j.at("epoch_samples").get<int64_t>();
    s.elapsedSeconds = j.at("elapsed_seconds").get<double>();
    return s;
}

void check(const std::string &failed)
{
    if (!failed.empty())
        throw std::runtime_error(failed);
}

bool exists(const std::string &path)
{
    std::error_code ec;
    return std::filesystem::exists(path, ec);
}

// The step a tensor file was saved at, from its metadata; -1 when unreadable.
int64_t stepOf(const TensorFileResult &r)
{
    if (!r.ok)
        return -1;
    const auto it = r.file.metadata.find("step");
    return it == r.file.metadata.end() ? -1 : std::stoll(it->second);
}

} // namespace

RunFolder::RunFolder(std::string path) : m_path(std::move(path))
{
    std::error_code ec;
    std::filesystem::create_directories(m_path, ec);
    if (!std::filesystem::is_directory(m_path, ec))
        throw std::runtime_error("cannot create the run folder " + m_path + ": " +
                                 (ec ? ec.message() : std::string("a file of that name exists")));
    // A run killed while saving leaves the temporary file of that save (the file it was
    // replacing is whole); nothing reads it.
    removeStaleTemporaries(m_path);
}

std::string RunFolder::file(const std::string &name) const
{
    return (std::filesystem::path(m_path) / name).string();
}

void RunFolder::saveGraph(const Graph &graph) const
{
    std::string error;
    if (!saveGraphFile(graph, file("graph.json"), &error))
        throw std::runtime_error(error);
}

void RunFolder::saveOptions(const std::map<std::string, std::string> &options) const
{
    const Json j = {{"format", "volnet-train-options"}, {"version", 1}, {"options", options}};
    check(writeFileAtomically(file(kOptions), j.dump(2) + "\n"));
}

std::map<std::string, std::string> RunFolder::loadOptions() const
{
    const std::string path = file(kOptions);
    if (!exists(path))
        return {};
    std::string text;
    check(readFile(path, &text, 1 << 20));
    try {
        const Json j = Json::parse(text);
        if (j.value("format", "") != "volnet-train-options")
            throw std::runtime_error("not VolNet Studio training options");
        return j.at("options").get<std::map<std::string, std::string>>();
    } catch (const std::exception &e) {
        throw std::runtime_error(path + " is damaged (" + e.what() + "); give the run's options on the command line "
                                 "and delete the file, or start a new run with another --out");
    }
}

void RunFolder::saveCheckpoint(const Checkpoint &c) const
{
    // Keep the last complete checkpoint until the new one is complete.
    if (exists(file(kState)))
        for (const char *name : {kState, kWeights, kOptimizer})
            if (exists(file(name)))
                std::filesystem::rename(file(name), file(std::string(name) + kPrev));
    const std::map<std::string, std::string> meta = {{"format", "volnet-weights"},
                                                     {"step", std::to_string(c.state.step)}};
    std::string error;
    if (!writeSafetensors(file(kWeights), {c.weights, meta}, &error))
        throw std::runtime_error(error);
    TensorFile optimizer{{{"state", Tensor({int64_t(c.optimizerState.size())}, c.optimizerState)}}, meta};
    if (!writeSafetensors(file(kOptimizer), optimizer, &error))
        throw std::runtime_error(error);
    check(writeFileAtomically(file(kState), stateToJson(c.state).dump(2) + "\n"));
}

std::optional<Checkpoint> RunFolder::loadCheckpoint() const
{
    for (const std::string suffix : {"", kPrev}) {
        const std::string statePath = file(kState + suffix);
        if (!exists(statePath))
            continue;
        std::string text;
        check(readFile(statePath, &text, 1 << 20));
        Checkpoint c;
        try {
            c.state = stateFromJson(Json::parse(text));
        } catch (const std::exception &e) {
            throw std::runtime_error(statePath + " is damaged (" + e.what() + "); start a new run with another --out");
        }
        // Each tensor file in the version saved at this state's step, current or previous.
        auto pick = [&](const char *name) -> TensorFile {
            for (const std::string s : {"", kPrev}) {
                const TensorFileResult r = readSafetensors(file(name + s));
                if (stepOf(r) == c.state.step)
                    return r.file;
            }
            throw std::runtime_error("the run folder " + m_path + " has no " + name + " of step " +
                                     std::to_string(c.state.step) + " to go with " + kState + suffix);
        };
        c.weights = pick(kWeights).tensors;
        const TensorFile optimizer = pick(kOptimizer);
        if (const auto it = optimizer.tensors.find("state"); it != optimizer.tensors.end())
            c.optimizerState = it->second.values();
        return c;
    }
    return std::nullopt;
}

void RunFolder::saveMetrics(const std::vector<MetricsRow> &rows) const
{
    std::ostringstream csv;
    csv << "epoch,loss,accuracy,val_loss,val_accuracy,samples_per_s,seconds\n";
    for (const MetricsRow &r : rows) {
        char line[256];
        std::snprintf(line, sizeof line, "%lld,%.6f,%.6f,%.6f,%.6f,%.2f,%.3f\n", (long long)r.epoch, r.loss,
                      r.accuracy, r.valLoss, r.valAccuracy, r.samplesPerSecond, r.seconds);
        csv << line;
    }
    check(writeFileAtomically(file("metrics.csv"), csv.str()));
}

std::vector<MetricsRow> RunFolder::loadMetrics() const
{
    std::string text;
    if (!readFile(file("metrics.csv"), &text).empty())
        return {};
    std::vector<MetricsRow> rows;
    std::istringstream in(text);
    std::string line;
    std::getline(in, line); // the header
    while (std::getline(in, line)) {
        MetricsRow r;
        long long epoch = 0;
        if (std::sscanf(line.c_str(), "%lld,%lf,%lf,%lf,%lf,%lf,%lf", &epoch, &r.loss, &r.accuracy, &r.valLoss,
                        &r.valAccuracy, &r.samplesPerSecond, &r.seconds) == 7) {
            r.epoch = epoch;
            rows.push_back(r);
        }
    }
    return rows;
}

} // namespace volnet::train
