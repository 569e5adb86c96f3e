#pragma once
// A block compiled for one Vulkan device at fixed batched shapes: the forward pass and the
// backward pass recorded into a Recorder, mirroring the CPU reference (ref/ref_op.h), which
// every op is tested against (tests/engine/tst_ops.cpp).
//
// Conventions every op follows:
// - Tensors are float32, batched (N, sample axes...), channels last, each a byte range of a
//   device buffer; weights use the names and Keras layouts of BlockSpec::weights.
// - Shapes are known when the op is built: they go into the kernels as specialization
//   constants, not push constants, so the driver can fold them.
// - Backward overwrites inputGradients and weightGradients (it does not accumulate): the
//   plan sums the gradients of a tensor that feeds several blocks. An input gradient with
//   an empty range is not wanted (the Input block's) and is not computed.
// - What backward needs from forward (pre-activations, argmax positions, LSTM gates, batch
//   statistics) lives in the op's workspace, which the plan allocates and keeps from the
//   forward to the backward pass of a step.
// - Training-mode randomness (Dropout) takes its seed from `step`, a small device buffer
//   the trainer rewrites before each submission, because a recording is replayed every
//   step and its push constants cannot change: word 0 is the step's seed. Seeds for a
//   node are mixed with ops::nodeSeed so two Dropouts in one step draw different masks.
// - No per-element work on the host; recording does no allocation of device memory.
#include "graph/graph.h"
#include "ref/ref_op.h"
#include "vk/buffer.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace volnet::vk {
class Context;
class Recorder;
} // namespace volnet::vk

namespace volnet::ops {

using ref::Mode;

struct DeviceTensor {
    vk::BufferRange range;
    Dims shape; // batched

    uint64_t count() const { return uint64_t(elementCount(shape)); }
    bool empty() const { return range.size == 0; }
};

struct OpTensors {
    std::vector<DeviceTensor> inputs;
    DeviceTensor output;
    // Every weight of the block; BatchNormalization in training mode also updates its
    // moving_mean and moving_variance here, in place, as Keras does during fit().
    std::map<std::string, DeviceTensor> weights;
    DeviceTensor workspace; // workspaceBytes() of it
    DeviceTensor step;      // word 0: this step's seed (uint32)

    // Backward only.
    DeviceTensor outputGradient;
    std::vector<DeviceTensor> inputGradients;              // one per input
    std::map<std::string, DeviceTensor> weightGradients;   // every trainable weight
};

class DeviceOp {
public:
    virtual ~DeviceOp() = default;
    virtual uint64_t workspaceBytes() const { return 0; }
    // Whether the output is the input's bytes under another shape (Reshape, Flatten,
    // Dropout in inference): the plan then binds the output to the input's range and the
    // forward records nothing.
    virtual bool isView() const { return false; }
    virtual void recordForward(vk::Recorder &recorder, const OpTensors &tensors) = 0;
    virtual void recordBackward(vk::Recorder &recorder, const OpTensors &tensors) = 0;
};

struct OpSetup {
    vk::Context &context;
    const Node &node;
    std::vector<Dims> inputShapes; // batched
    Dims outputShape;              // batched
    Mode mode = Mode::Inference;
};

// Builds the op of `setup.node`'s block type. Throws std::invalid_argument for a block
// without a device op, or parameters the shape rule rejects.
std::unique_ptr<DeviceOp> createDeviceOp(const OpSetup &setup);
bool hasDeviceOp(const std::string &type);

// A per-node seed: lowbias32(stepSeed ^ nodeIdHash(id)). Shaders get nodeIdHash as a
// specialization constant and read stepSeed from `step`; the reference gets nodeSeed.
uint32_t nodeIdHash(const std::string &nodeId);
uint32_t nodeSeed(uint32_t stepSeed, const std::string &nodeId);

} // namespace volnet::ops
