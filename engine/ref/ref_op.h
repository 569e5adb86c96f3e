#pragma once
// The CPU reference of every block, forward and backward, behind one interface keyed by
// the block type, so that one harness drives every op the same way: finite-difference
// gradient checks, golden data from another framework, and the Vulkan kernels, which
// are compared with it. Plain loops, written to be obviously right; not a backend.
//
// Tensors are batched: (N, sample axes...), channels last. Weights are named and laid
// out as BlockSpec::weights gives them (Keras's layouts). Semantics are Keras's; each
// family's file says what that means for its blocks where it is not obvious.
//
// Errors (an unknown block, parameters the shape rule rejects, a missing weight, a
// wrong shape) throw std::invalid_argument naming the node and the problem.
#include "graph/block_registry.h"
#include "tensor/tensor.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace volnet::ref {

enum class Mode { Inference, Training };

struct Options {
    // Training: Dropout drops, BatchNormalization uses the batch's statistics and
    // returns updated moving ones. Inference: both are the identity / moving averages.
    Mode mode = Mode::Inference;
    // Dropout's mask (see dropoutHash in ops/random.h). Backward needs the forward's seed.
    uint32_t seed = 0;
};

template<typename T> using TensorMap = std::map<std::string, BasicTensor<T>>;

template<typename T> struct Forward {
    BasicTensor<T> output;
    // BatchNormalization in training mode: moving_mean and moving_variance after this
    // batch. Empty for every other block and mode.
    TensorMap<T> updated;
};

template<typename T> struct Backward {
    std::vector<BasicTensor<T>> inputs; // d loss / d input, one per input, in its shape
    TensorMap<T> weights;               // d loss / d weight, for every trainable weight
};

// What a node computes from inputs of these batched shapes: its batched output shape and
// its weights. Checks the node the way analysis does.
struct Signature {
    Dims output;
    std::vector<WeightSpec> weights;
};
Signature signature(const Node &node, const std::vector<Dims> &inputShapes);

// Every registered block but Input, which computes nothing.
bool hasReference(std::string_view type);

template<typename T>
Forward<T> forward(const Node &node, const std::vector<BasicTensor<T>> &inputs, const TensorMap<T> &weights,
                   const Options &options = {});

// The gradients of a loss given d loss / d output. Keeps no state between the calls:
// it recomputes from the inputs what the forward pass computed.
template<typename T>
Backward<T> backward(const Node &node, const std::vector<BasicTensor<T>> &inputs, const TensorMap<T> &weights,
                     const BasicTensor<T> &outputGradient, const Options &options = {});

} // namespace volnet::ref
