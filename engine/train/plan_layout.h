#pragma once
// The structure of a compiled plan, shared by the files that build it (plan.cpp), place
// its tensors (plan_memory.cpp) and record its passes (plan_recording.cpp). Private to
// engine/train.
#include "train/plan.h"

#include "ops/activation.h"
#include "ops/loss.h"
#include "ops/optimizer.h"
#include "vk/buffer.h"
#include "vk/recorder.h"

#include <array>

namespace volnet::train {

struct WeightSlot {
    std::string node, name; // the tensor "<node>.<name>"
    Dims shape;
    bool trainable = true;
    uint64_t offset = 0; // floats into the weights buffer (and, if trainable, the gradients)
};

struct Plan::NodeProgram {
    Node node;           // as compiled: a softmax output computed as linear logits
    std::vector<int> producers; // index of the producer of each input port
    Dims shape;          // batched output
    std::unique_ptr<ops::DeviceOp> op;     // the training op (or the only one)
    std::unique_ptr<ops::DeviceOp> evalOp; // inference-mode op where it differs (Dropout, BN)
    int root = -1;       // whose bytes hold this output: itself, or a view's source
    bool needsGradient = false; // d output wanted: it or something upstream has weights
    bool isInput = false;

    ops::DeviceTensor output, workspace, gradient;
    std::vector<ops::DeviceTensor> inputGradients; // where backward writes each port's gradient
    std::map<std::string, ops::DeviceTensor> weights, weightGradients;

    ops::DeviceOp &evaluation() const { return evalOp ? *evalOp : *op; }
};

// Gradients of a tensor with several consumers: each writes its own part, added up
// before the producer's backward pass.
struct GradientSum {
    int node;
    std::vector<ops::DeviceTensor> parts;
};

// The words of the `share` buffer (shaders/accumulate_share.comp).
struct MicroBatchShare {
    float share = 1;     // the micro-batch's rows over the step's
    uint32_t first = 1;  // 1: the step's first micro-batch, which starts the sum
};

struct Plan::Impl {
    explicit Impl(vk::Context &c) : context(c) {}

    vk::Context &context;
    std::vector<NodeProgram> nodes; // topological order
    std::map<std::string, int> index;
    int output = -1;
    std::vector<WeightSlot> weightSlots;
    uint64_t weightFloats = 0, trainableFloats = 0;
    std::vector<GradientSum> sums;

    std::unique_ptr<vk::Buffer> weights, weightGradients, optimizerState, activations, gradients, io;
    std::unique_ptr<vk::Buffer> gradientSum; // PlanConfig::accumulate: the step's gradients
    ops::DeviceTensor share;                 // PlanConfig::accumulate: MicroBatchShare
    std::array<ops::DeviceTensor, 2> inputSlots, labelSlots;
    ops::DeviceTensor step, metrics, lossSamples, probabilities, scratch;

    std::unique_ptr<ops::SoftmaxCrossEntropy> loss;
    std::unique_ptr<ops::ActivationKernels> softmax;
    std::unique_ptr<ops::DeviceOptimizer> optimizer;
    std::unique_ptr<vk::Kernel> accumulate, accumulateShare;
    std::array<std::unique_ptr<vk::Recorder>, 2> train, eval;
    std::unique_ptr<vk::Recorder> update; // PlanConfig::accumulate: the optimizer alone
    vk::Recorder *pending = nullptr;
    vk::Recorder *lastFinished = nullptr; // the recording wait() last waited for
    int lastSlot = 0; // the input slot of the last submission, whose activations are current

    NodeProgram &at(const std::string &id) { return nodes[size_t(index.at(id))]; }
};

// plan_memory.cpp: throws PlanError when a tensor of `shape` (batch first) is larger than
// one descriptor binds, with the batch that would fit.
void checkBindable(const vk::Context &context, const std::string &what, const Dims &shape, int batch);
// Places every tensor and allocates the buffers; returns the bytes held
// and those an unshared layout would hold.
std::pair<uint64_t, uint64_t> allocatePlanMemory(Plan::Impl &m, const PlanConfig &config, const Dims &sample,
                                                 int classes);
// plan_recording.cpp
// A node's output in the recording of input slot `slot`: the Input's (and views of it)
// live in the slot's buffer, every other in the activations buffer.
ops::DeviceTensor outputOf(const Plan::Impl &m, int node, int slot);
// Forward, loss, backward and then the optimizer, or (PlanConfig::accumulate) the
// addition of this micro-batch's share to the step's gradients instead.
void recordTrainStep(Plan::Impl &m, vk::Recorder &recorder, int slot);
// The optimizer over the step's summed gradients (PlanConfig::accumulate).
void recordUpdate(Plan::Impl &m, vk::Recorder &recorder);
void recordEvaluation(Plan::Impl &m, vk::Recorder &recorder, int slot);

} // namespace volnet::train
