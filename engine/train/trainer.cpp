#include "train/trainer.h"

#include "data/data_loader.h"
#include "data/data_error.h"
#include "data/dataset_spec.h"
#include "data/input_fit.h"
#include "data/split.h"
#include "graph/analysis.h"
#include "ops/init.h"
#include "ops/random.h"
#include "tensor/safetensors.h"
#include "train/plan.h"

#include <chrono>
#include <cmath>

namespace volnet::train {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// A batch the size the plan was built for: a short last batch is padded with zeros and
// label -1, which the loss leaves out of its sums and gradients.
// Rows [first, first + count) of `batch` into input slot `slot`, padded to the plan's
// batch with rows the loss leaves out (label -1).
void writeRows(Plan &plan, int slot, const data::Batch &batch, int64_t first, int64_t count)
{
    const int64_t perSample = batch.inputs.size() / std::max<int64_t>(batch.inputs.dim(0), 1);
    const float *rows = batch.inputs.data() + first * perSample;
    std::vector<int32_t> labels(batch.labels.begin() + first, batch.labels.begin() + first + count);
    if (count == plan.batch()) {
        plan.writeBatch(slot, rows, labels);
        return;
    }
    std::vector<float> padded(size_t(perSample * plan.batch()), 0.0f);
    std::copy(rows, rows + count * perSample, padded.begin());
    labels.resize(size_t(plan.batch()), -1);
    plan.writeBatch(slot, padded.data(), labels);
}

// The micro-batch a batch runs as: `wanted` when given, else the whole batch when the
// device binds it, else the smallest even split into parts it binds.
int chooseMicroBatch(int batch, int wanted, int fits)
{
    if (wanted > 0)
        return std::min(wanted, batch);
    if (batch <= fits)
        return batch;
    const int parts = (batch + fits - 1) / fits;
    return (batch + parts - 1) / parts;
}

// The seed of a step: every step draws its own Dropout masks, the same ones in a resumed run.
uint32_t stepSeed(uint64_t seed, int64_t step)
{
    return lowbias32(uint32_t(seed) ^ lowbias32(uint32_t(step) ^ uint32_t(seed >> 32)));
}

} // namespace

struct Trainer::EpochTotals {
    EvalMetrics metrics;
    double seconds = 0;
    int64_t samples = 0;
};

Trainer::Trainer(vk::Context &context, const Graph &graph, const TrainConfig &config)
    : m_graph(graph), m_config(config)
{
    if (m_config.learningRate <= 0)
        m_config.learningRate = ops::defaultLearningRate(m_config.optimizer.kind);
    if (m_config.epochs < 1)
        throw std::runtime_error("the number of epochs must be at least 1");
    const Analysis analysis = analyze(graph);
    data::ModelInput input;
    for (const Node &n : graph.nodes())
        if (n.type == "Input") {
            input.shape = std::get<IntTuple>(n.params.at("shape"));
            input.depthFirst = std::get<std::string>(n.params.at("first_axis")) == "depth";
        }
    m_depthFirst = input.depthFirst;

    m_train = data::openDataset(m_config.data);
    if (m_config.validationData.empty()) {
        const data::Split split = data::splitDataset(*m_train, m_config.validationFraction, m_config.seed);
        m_trainIndices = split.train;
        m_validationIndices = split.validation;
        m_validation = m_train;
    } else {
        m_trainIndices = data::allIndices(*m_train);
        m_validation = data::openDataset(m_config.validationData);
        m_validationIndices = data::allIndices(*m_validation);
    }
    if (m_train->classCount() < 2)
        throw data::DataError("the training data has a single class (" + m_train->classNames().front() +
                              "): a classifier needs examples of at least two");

    if (m_config.batch < 1 || m_config.microBatch < 0)
        throw PlanError("the batch must be at least 1 and the micro-batch not negative");
    PlanConfig planConfig;
    planConfig.batch = chooseMicroBatch(m_config.batch, m_config.microBatch, Plan::largestBatch(context, graph));
    planConfig.accumulate = planConfig.batch < m_config.batch;
    planConfig.optimizer = m_config.optimizer;
    if (planConfig.accumulate)
        for (const Node &n : graph.nodes())
            if (n.type == "BatchNormalization")
                throw PlanError("a batch of " + std::to_string(m_config.batch) + " would run as micro-batches of " +
                                std::to_string(planConfig.batch) + (m_config.microBatch > 0 ? "" : " (what this device "
                                "binds at once)") + ", but " + n.id + " (BatchNormalization) would then normalise "
                                "over each micro-batch instead of the batch: use --batch " +
                                std::to_string(planConfig.batch) + " or less");
    m_plan = std::make_unique<Plan>(context, graph, planConfig);
    data::checkClassCount(*m_train, m_plan->classes());
    data::checkFits(*m_train, input);
    if (m_validation != m_train) {
        data::checkClassCount(*m_validation, m_plan->classes());
        data::checkFits(*m_validation, input);
    }
    if (m_config.holdFrame >= 0)
        data::checkHoldFrame(input, m_config.holdFrame);

    m_state.seed = m_config.seed;
    if (!m_config.outDir.empty())
        m_run = std::make_unique<RunFolder>(m_config.outDir);
    std::optional<Checkpoint> checkpoint;
    if (m_config.resume) {
        if (!m_run)
            throw std::runtime_error("--resume needs the run folder to continue");
        checkpoint = m_run->loadCheckpoint();
        if (!checkpoint)
            throw std::runtime_error("the run folder " + m_config.outDir + " holds no checkpoint to resume from");
    }
    if (checkpoint) {
        m_plan->setWeights(checkpoint->weights);
        m_plan->setOptimizerState(checkpoint->optimizerState);
        m_state = checkpoint->state;
        m_history = m_run->loadMetrics();
        // Rows of epochs after the checkpoint were written by a run killed before it could
        // save that checkpoint; they are done again.
        std::erase_if(m_history, [&](const MetricsRow &r) { return r.epoch > m_state.epoch; });
    } else if (!m_config.initWeights.empty()) {
        const TensorFileResult file = readSafetensors(m_config.initWeights);
        if (!file.ok)
            throw std::runtime_error(file.error);
        m_plan->setWeights(file.file.tensors);
    } else {
        m_plan->setWeights(initialModelWeights(graph, m_config.seed));
    }
    if (m_run)
        m_run->saveGraph(graph);
}

Trainer::~Trainer() = default;

std::map<std::string, Tensor> Trainer::weights() const
{
    return m_plan->weights();
}

int Trainer::microBatch() const
{
    return m_plan->batch();
}

uint64_t Trainer::deviceBytes() const
{
    return m_plan->deviceBytes();
}

void Trainer::pause()
{
    std::lock_guard lock(m_pauseMutex);
    m_paused = true;
}

void Trainer::resume()
{
    {
        std::lock_guard lock(m_pauseMutex);
        m_paused = false;
    }
    m_pauseChanged.notify_all();
}

void Trainer::stop()
{
    m_stopRequested = true;
    resume();
}

bool Trainer::waitWhilePaused()
{
    std::unique_lock lock(m_pauseMutex);
    m_pauseChanged.wait(lock, [&] { return !m_paused || m_stopRequested; });
    return !m_stopRequested;
}

void Trainer::saveCheckpoint() const
{
    if (!m_run)
        return;
    // Metrics first: a kill between the two leaves a row the checkpoint does not cover,
    // which resuming drops (see the constructor), never a checkpoint without its row.
    m_run->saveMetrics(m_history);
    m_run->saveCheckpoint({m_state, m_plan->weights(), m_plan->optimizerState()});
}

data::LoaderOptions Trainer::loaderOptions() const
{
    data::LoaderOptions options;
    options.batchSize = m_config.batch;
    options.shuffle = m_config.shuffle;
    options.seed = m_config.seed;
    options.normalization = m_config.normalization;
    options.augmentation = m_config.augmentation;
    options.holdFrame = m_config.holdFrame;
    return options;
}

Trainer::EpochTotals Trainer::trainEpoch(TrainerObserver &observer, int64_t epoch)
{
    data::LoaderOptions options = loaderOptions();
    options.firstEpoch = epoch;
    options.firstBatch = m_state.batchInEpoch;
    data::DataLoader loader(m_train, m_trainIndices, {m_plan->sampleShape(), m_depthFirst}, options);

    Plan &plan = *m_plan;
    plan.resetMetrics();
    // The sums of the part of this epoch a resumed run did before, carried on.
    const EvalMetrics before{m_state.epochLossSum, m_state.epochCorrect, m_state.epochSamples, {}};
    const int64_t batches = loader.batchesPerEpoch();
    const int64_t totalSteps = m_config.maxSteps > 0 ? m_config.maxSteps : batches * m_config.epochs;
    const auto start = Clock::now();
    auto lastSnapshot = Clock::now() - std::chrono::hours(1);
    int slot = 0;
    int64_t samples = 0;
    std::optional<data::Batch> batch = loader.next();
    while (batch && batch->epoch == epoch) {
        if (!waitWhilePaused())
            break;
        const double rate = learningRateAt(m_config.schedule, m_config.learningRate, m_state.step, batches, totalSteps);
        const uint32_t iteration = uint32_t(m_state.step);
        ops::StepParams params{stepSeed(m_config.seed, m_state.step), iteration, float(rate),
                               ops::adamCorrection(m_config.optimizer.beta1, m_config.optimizer.beta2, iteration)};
        const int64_t n = batch->inputs.dim(0);
        if (plan.batch() == m_config.batch) {
            writeRows(plan, slot, *batch, 0, n);
            plan.submitTrain(slot, params);
        } else {
            // Micro-batches, alternating input slots so that one is written while the
            // other computes; each draws its own Dropout masks.
            const uint32_t stepSeedValue = params.seed;
            for (int64_t first = 0, part = 0; first < n; first += plan.batch(), ++part) {
                const int64_t rows = std::min<int64_t>(plan.batch(), n - first);
                writeRows(plan, slot, *batch, first, rows);
                params.seed = lowbias32(stepSeedValue ^ uint32_t(part));
                plan.submitMicroBatch(slot, params, float(rows) / float(n), first == 0);
                slot = 1 - slot;
            }
            plan.submitUpdate(params);
        }
        samples += n;
        // While the device computes, the host takes the next batch from the loader.
        std::optional<data::Batch> next = loader.next();
        plan.wait();
        ++m_state.step;
        ++m_state.batchInEpoch;
        const EvalMetrics now = plan.readMetrics();
        m_state.epochLossSum = before.lossSum + now.lossSum;
        m_state.epochCorrect = before.correct + now.correct;
        m_state.epochSamples = before.samples + now.samples;
        StepEvent event;
        event.epoch = epoch;
        event.batch = m_state.batchInEpoch;
        event.batchesPerEpoch = batches;
        event.step = m_state.step;
        event.loss = m_state.epochSamples ? m_state.epochLossSum / double(m_state.epochSamples) : 0;
        event.accuracy = m_state.epochSamples ? double(m_state.epochCorrect) / double(m_state.epochSamples) : 0;
        event.samplesPerSecond = double(samples) / std::max(1e-9, secondsSince(start));
        event.learningRate = rate;
        observer.onStep(event);
        if (!m_config.snapshotNodes.empty() &&
            secondsSince(lastSnapshot) >= m_config.snapshotIntervalSeconds) {
            lastSnapshot = Clock::now();
            for (const std::string &node : m_config.snapshotNodes) {
                const Tensor all = plan.readActivation(node);
                const int64_t perSample = all.size() / all.dim(0);
                Dims shape(all.shape().begin() + 1, all.shape().end());
                observer.onSnapshot({node, Tensor(shape, std::vector<float>(all.values().begin(),
                                                                            all.values().begin() + perSample)),
                                     m_state.step});
            }
        }
        if (m_config.maxSteps > 0 && m_state.step >= m_config.maxSteps)
            break;
        batch = std::move(next);
        slot = 1 - slot;
    }
    EpochTotals totals;
    totals.metrics = {m_state.epochLossSum, m_state.epochCorrect, m_state.epochSamples, {}};
    totals.seconds = secondsSince(start);
    totals.samples = samples;
    return totals;
}

Trainer::EpochTotals Trainer::validate()
{
    EpochTotals totals;
    if (m_validationIndices.empty())
        return totals;
    data::LoaderOptions options = loaderOptions().forValidation();
    options.batchSize = m_plan->batch(); // no gradients: the micro-batch is the batch
    data::DataLoader loader(m_validation, m_validationIndices, {m_plan->sampleShape(), m_depthFirst}, options);
    m_plan->resetMetrics();
    int slot = 0;
    while (std::optional<data::Batch> batch = loader.next()) {
        writeRows(*m_plan, slot, *batch, 0, batch->inputs.dim(0));
        m_plan->submitEval(slot);
        m_plan->wait();
        slot = 1 - slot;
    }
    totals.metrics = m_plan->readMetrics();
    return totals;
}

TrainResult Trainer::run(TrainerObserver &observer)
{
    TrainResult result;
    result.deviceBytes = m_plan->deviceBytes();
    const auto runStart = Clock::now();
    const double elapsedBefore = m_state.elapsedSeconds;
    const int64_t firstEpoch = m_state.epoch;
    for (int64_t epoch = m_state.epoch; epoch < m_config.epochs; ++epoch) {
        m_state.epoch = epoch;
        const EpochTotals train = trainEpoch(observer, epoch);
        m_state.elapsedSeconds = elapsedBefore + secondsSince(runStart);
        if (m_stopRequested) {
            saveCheckpoint();
            result.stopped = true;
            break;
        }
        const EpochTotals val = validate();
        MetricsRow row;
        row.epoch = epoch + 1;
        row.loss = train.metrics.loss();
        row.accuracy = train.metrics.accuracy();
        row.valLoss = val.metrics.loss();
        row.valAccuracy = val.metrics.accuracy();
        row.samplesPerSecond = double(train.samples) / std::max(1e-9, train.seconds);
        row.seconds = m_state.elapsedSeconds;
        m_history.push_back(row);

        const bool improved = m_history.size() == 1 || row.valLoss < m_state.bestValLoss;
        if (improved) {
            m_state.bestValLoss = row.valLoss;
            m_state.epochsWithoutImprovement = 0;
        } else {
            ++m_state.epochsWithoutImprovement;
        }
        m_state.epoch = epoch + 1;
        m_state.batchInEpoch = 0;
        m_state.epochLossSum = 0;
        m_state.epochCorrect = 0;
        m_state.epochSamples = 0;
        saveCheckpoint();

        EpochEvent event;
        event.metrics = row;
        event.epochs = m_config.epochs;
        event.classes = m_plan->classes();
        event.classNames = m_validation->classNames();
        event.confusion = val.metrics.confusion;
        event.improved = improved;
        const int64_t epochsThisRun = epoch + 1 - firstEpoch;
        event.etaSeconds = secondsSince(runStart) / double(epochsThisRun) * double(m_config.epochs - epoch - 1);
        observer.onEpoch(event);
        if (m_config.earlyStoppingPatience > 0 && m_state.epochsWithoutImprovement >= m_config.earlyStoppingPatience) {
            result.earlyStopped = result.stopped = true;
            break;
        }
        if (m_config.maxSteps > 0 && m_state.step >= m_config.maxSteps) {
            result.stopped = epoch + 1 < m_config.epochs;
            break;
        }
    }
    result.history = m_history;
    return result;
}

} // namespace volnet::train
