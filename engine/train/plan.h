#pragma once
// A graph compiled into a device program at one batch size: every activation, gradient,
// weight and optimizer state in device buffers, and recordings replayed as they are:
//   train[slot]  forward (training mode), loss, backward, optimizer update
//   eval[slot]   forward (inference mode), loss: validation and prediction
// Two input slots let the host fill the next batch while the device runs the current.
//
// The model's output block gives the logits: when its activation is softmax the plan
// computes that block as linear and fuses softmax into the loss (as Keras's
// cross-entropy does with from_logits), and eval applies softmax for the predictions.
#include "graph/analysis.h"
#include "graph/graph.h"
#include "ops/device_op.h"
#include "ops/optimizer_config.h"
#include "ops/step_params.h"
#include "tensor/tensor.h"

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace volnet::vk {
class Context;
class Buffer;
class Recorder;
struct DispatchTiming;
} // namespace volnet::vk

namespace volnet::ops {
class ActivationKernels;
class DeviceOptimizer;
class SoftmaxCrossEntropy;
} // namespace volnet::ops

namespace volnet::train {

// Why a graph cannot be compiled: its errors, a block without a device op, a tensor
// beyond the device's limits, an output that is not a class score vector. The message
// says what to do.
class PlanError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct PlanConfig {
    int batch = 4;
    bool training = true; // false: evaluation and prediction only, no gradients
    ops::OptimizerConfig optimizer;
    // Time every dispatch (where the device has timestamps), for lastTimings(): a
    // profile of the step by node and pass. Costs a query per dispatch.
    bool timestamps = false;
    // A training step runs as micro-batches of `batch` samples whose gradients are summed
    // before one update (submitMicroBatch, then submitUpdate): a step larger than the
    // device binds at once, with the gradient of the whole. Costs one more gradient buffer.
    bool accumulate = false;
};

struct EvalMetrics {
    double lossSum = 0;
    int64_t correct = 0;
    int64_t samples = 0;
    std::vector<int64_t> confusion; // classes × classes, row = label, column = prediction

    double loss() const { return samples ? lossSum / double(samples) : 0; }
    double accuracy() const { return samples ? double(correct) / double(samples) : 0; }
};

class Plan {
public:
    // Throws PlanError.
    Plan(vk::Context &context, const Graph &graph, const PlanConfig &config);
    // The largest batch whose every activation the device binds at once (at least 1).
    static int largestBatch(const vk::Context &context, const Graph &graph);
    ~Plan();
    Plan(const Plan &) = delete;
    Plan &operator=(const Plan &) = delete;

    int batch() const { return m_config.batch; }
    int classes() const { return m_classes; }
    const Dims &sampleShape() const { return m_sampleShape; } // the Input's shape, without batch
    std::string outputNode() const { return m_outputNode; }

    // Weights by "<node id>.<weight>", Keras layouts. setWeights needs every weight of the
    // model with its exact shape and refuses extra ones, naming the tensor and both shapes.
    std::vector<std::string> weightNames() const;
    void setWeights(const std::map<std::string, Tensor> &weights);
    std::map<std::string, Tensor> weights() const;
    // Optimizer state (m, v…) as one flat vector, for checkpoints.
    std::vector<float> optimizerState() const;
    void setOptimizerState(const std::vector<float> &state);

    // Writes a batch into input slot `slot` (0 or 1): `input` holds batch() samples of
    // sampleShape(); `labels` batch() class indices (only read by the loss; predictions
    // can pass zeros). The slot must not be in use by a pending submission.
    void writeBatch(int slot, const float *input, const std::vector<int32_t> &labels);
    // Records nothing; the host's part of a step: sets the step buffer, then submits
    // train[slot] (or eval[slot]). At most one submission is pending at a time.
    void submitTrain(int slot, const ops::StepParams &step);
    // With PlanConfig::accumulate, a step is a submitMicroBatch for each micro-batch, then
    // submitUpdate. `share` is the micro-batch's rows over the step's (its gradient is the
    // mean over its rows); the step's first micro-batch starts the sum.
    void submitMicroBatch(int slot, const ops::StepParams &step, float share, bool first);
    void submitUpdate(const ops::StepParams &step);
    void submitEval(int slot);
    void wait();
    // Each dispatch of the last finished submission with its section ("conv3d_1
    // backward", "loss", "optimizer") and GPU time; empty without PlanConfig::timestamps.
    const std::vector<vk::DispatchTiming> &lastTimings() const;

    // The loss/accuracy/confusion accumulated by the loss since the last reset (train and
    // eval share one counter). Call after wait().
    EvalMetrics readMetrics() const;
    void resetMetrics();
    // The class probabilities of the last evaluated batch (batch × classes).
    Tensor readPredictions() const;
    // Any node's output for the last batch run (feature maps, --dump). After wait().
    Tensor readActivation(const std::string &nodeId) const;

    // Device memory this plan holds, and what it would hold without sharing buffers
    // between tensors of disjoint lifetimes.
    uint64_t deviceBytes() const { return m_deviceBytes; }
    uint64_t unsharedBytes() const { return m_unsharedBytes; }

    // The compiled program (train/plan_layout.h), for the files that build and record it.
    struct NodeProgram;
    struct Impl;

private:
    // Waits for the submission pending, writes the step buffer, submits `recording`.
    void submit(vk::Recorder &recording, const ops::StepParams &step);

    std::unique_ptr<Impl> m;
    PlanConfig m_config;
    int m_classes = 0;
    Dims m_sampleShape;
    std::string m_outputNode;
    uint64_t m_deviceBytes = 0, m_unsharedBytes = 0;
};

} // namespace volnet::train
