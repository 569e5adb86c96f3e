#pragma once
// What the families of reference ops share: the arguments an op sees, the table each
// family adds its blocks to, the activation functions and window arithmetic. Private
// to engine/ref; ref_op.h is the interface.
#include "ref/ref_op.h"

#include <string>
#include <vector>

namespace volnet::ref {

// The node's parameters have been checked against the block's schema and shape rule,
// and the weights against its weight rule, before an op sees them.
template<typename T> struct OpArgs {
    const Node &node;
    const std::vector<BasicTensor<T>> &inputs;
    const TensorMap<T> &weights;
    Options options;

    const BasicTensor<T> &input(size_t i = 0) const { return inputs[i]; }
    // Null when the block has no such weight (a bias with use_bias false).
    const BasicTensor<T> *weight(const std::string &name) const
    {
        const auto it = weights.find(name);
        return it == weights.end() ? nullptr : &it->second;
    }
    int64_t integer(const std::string &name) const { return std::get<int64_t>(node.params.at(name)); }
    double real(const std::string &name) const { return std::get<double>(node.params.at(name)); }
    bool flag(const std::string &name) const { return std::get<bool>(node.params.at(name)); }
    const std::string &word(const std::string &name) const { return std::get<std::string>(node.params.at(name)); }
    const IntTuple &tuple(const std::string &name) const { return std::get<IntTuple>(node.params.at(name)); }
    bool training() const { return options.mode == Mode::Training; }
};

template<typename T> struct OpEntry {
    std::string type;
    Forward<T> (*forward)(const OpArgs<T> &);
    Backward<T> (*backward)(const OpArgs<T> &, const BasicTensor<T> &outputGradient);
};

template<typename T> using OpTable = std::vector<OpEntry<T>>;

// One per file, like the block registry's sections.
template<typename T> void addConvOps(OpTable<T> &table);
template<typename T> void addPoolOps(OpTable<T> &table);
template<typename T> void addReshapeOps(OpTable<T> &table);
template<typename T> void addMergeOps(OpTable<T> &table);
template<typename T> void addLstmOps(OpTable<T> &table);
template<typename T> void addDenseOps(OpTable<T> &table);
template<typename T> void addActivationOps(OpTable<T> &table);
template<typename T> void addNormalizationOps(OpTable<T> &table);

// The activations a block's `activation` parameter names: linear, relu, sigmoid, tanh,
// softmax (over the last axis). Applied in place to the pre-activation.
template<typename T> void activate(const std::string &name, BasicTensor<T> &values);
// d loss / d pre-activation, from the activation's output `y` and d loss / d y. Every
// one of them can be written in terms of its output; relu's derivative at 0 is 0.
template<typename T>
BasicTensor<T> activationGradient(const std::string &name, const BasicTensor<T> &y, const BasicTensor<T> &dy);

// One spatial axis of a sliding window (convolution or pooling), as Keras and TF place
// it: 'valid' gives ceil((in - dilated kernel + 1) / stride) positions and no padding;
// 'same' gives ceil(in / stride) and pads max((out - 1) * stride + dilated kernel - in, 0)
// in total, half of it (rounded down) before, the odd one after. Tap k of output o reads
// input o * stride + k * dilation - padBefore, which may fall in the padding.
struct WindowAxis {
    int64_t in = 1;
    int64_t kernel = 1;
    int64_t stride = 1;
    int64_t dilation = 1;
    int64_t out = 1;
    int64_t padBefore = 0;

    int64_t source(int64_t o, int64_t k) const { return o * stride + k * dilation - padBefore; }
};
WindowAxis windowAxis(int64_t in, int64_t kernel, int64_t stride, int64_t dilation, const std::string &padding);

} // namespace volnet::ref
