#pragma once
// Random configurations of every block for the op harness (tst_ops.cpp): one generator
// per block type, drawing the odd sizes, batches, non-cubic kernels, strides, dilations,
// paddings, sequence lengths and channel counts that kernels get wrong. A generator may
// draw a configuration the shape rules reject; the harness draws again.
#include "graph/graph.h"
#include "ref/ref_op.h"

#include <algorithm>
#include <functional>
#include <map>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace volnet::testing {

struct OpCase {
    Node node;                 // id "op", type and every parameter
    std::vector<Dims> inputs;  // batched shapes
    ref::Mode mode = ref::Mode::Inference;
};

class CaseDraw {
public:
    explicit CaseDraw(uint64_t seed) : m_rng(seed) {}
    int64_t between(int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(m_rng); }
    bool coin() { return between(0, 1) == 1; }
    template<typename T>
    const T &pick(const std::vector<T> &options) { return options[size_t(between(0, int64_t(options.size()) - 1))]; }
    double real(double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(m_rng); }
    std::mt19937_64 &engine() { return m_rng; }

private:
    std::mt19937_64 m_rng;
};

inline OpCase makeCase(const std::string &type, std::vector<Dims> inputs,
                       std::map<std::string, ParamValue> params = {}, ref::Mode mode = ref::Mode::Inference)
{
    Graph g;
    g.addNode(type, "op");
    for (const auto &[name, value] : params)
        g.setParam("op", name, value);
    return {*g.node("op"), std::move(inputs), mode};
}

inline IntTuple tupleOf(CaseDraw &d, int n, int64_t lo, int64_t hi)
{
    IntTuple t;
    for (int i = 0; i < n; ++i)
        t.push_back(d.between(lo, hi));
    return t;
}

inline std::string anyActivation(CaseDraw &d)
{
    return d.pick<std::string>({"linear", "relu", "sigmoid", "tanh", "softmax"});
}

// (N, spatial..., C) with small odd sizes.
inline Dims spatialInput(CaseDraw &d, int spatialRank)
{
    Dims s{d.between(1, 3)};
    for (int i = 0; i < spatialRank; ++i)
        s.push_back(d.between(1, 9));
    s.push_back(d.between(1, 6));
    return s;
}

inline OpCase convCase(CaseDraw &d, int spatialRank)
{
    IntTuple strides = tupleOf(d, spatialRank, 1, 3);
    IntTuple dilation = tupleOf(d, spatialRank, 1, 2);
    for (int i = 0; i < spatialRank; ++i)
        if (strides[size_t(i)] > 1)
            dilation[size_t(i)] = 1; // Keras refuses both above 1
    return makeCase(spatialRank == 3 ? "Conv3D" : "Conv2D", {spatialInput(d, spatialRank)},
                    {{"filters", d.between(1, 7)},
                     {"kernel_size", tupleOf(d, spatialRank, 1, 4)},
                     {"strides", strides},
                     {"dilation_rate", dilation},
                     {"padding", std::string(d.coin() ? "same" : "valid")},
                     {"activation", anyActivation(d)},
                     {"use_bias", d.between(0, 3) != 0}});
}

inline OpCase poolCase(CaseDraw &d, const std::string &type, int spatialRank)
{
    return makeCase(type, {spatialInput(d, spatialRank)},
                    {{"pool_size", tupleOf(d, spatialRank, 1, 3)},
                     {"strides", d.coin() ? IntTuple{} : tupleOf(d, spatialRank, 1, 3)},
                     {"padding", std::string(d.coin() ? "same" : "valid")}});
}

// A shape of rank 1 + [minRank, maxRank] (batch first).
inline Dims anyShape(CaseDraw &d, int minRank, int maxRank)
{
    Dims s{d.between(1, 3)};
    const int64_t rank = d.between(minRank, maxRank);
    for (int64_t i = 0; i < rank; ++i)
        s.push_back(d.between(1, 6));
    return s;
}

inline OpCase reshapeCase(CaseDraw &d)
{
    const Dims in = anyShape(d, 1, 4);
    int64_t rest = elementCount(in) / in[0];
    IntTuple target;
    const int64_t parts = d.between(1, 4);
    for (int64_t i = 0; i + 1 < parts; ++i) {
        std::vector<int64_t> divisors;
        for (int64_t k = 1; k <= rest; ++k)
            if (rest % k == 0)
                divisors.push_back(k);
        target.push_back(d.pick(divisors));
        rest /= target.back();
    }
    target.push_back(rest);
    if (d.coin())
        target[size_t(d.between(0, int64_t(target.size()) - 1))] = -1;
    return makeCase("Reshape", {in}, {{"target_shape", target}});
}

inline OpCase permuteCase(CaseDraw &d)
{
    const Dims in = anyShape(d, 2, 4);
    IntTuple dims(in.size() - 1);
    std::iota(dims.begin(), dims.end(), 1);
    std::shuffle(dims.begin(), dims.end(), d.engine());
    return makeCase("Permute", {in}, {{"dims", dims}});
}

inline OpCase concatenateCase(CaseDraw &d)
{
    const Dims first = anyShape(d, 1, 4);
    const int64_t rank = int64_t(first.size()) - 1;
    const int64_t axis = d.between(1, rank); // as Keras counts it, batch = 0
    std::vector<Dims> inputs;
    const int64_t count = d.between(2, 3);
    for (int64_t i = 0; i < count; ++i) {
        Dims s = first;
        s[size_t(axis)] = d.between(1, 5);
        inputs.push_back(s);
    }
    return makeCase("Concatenate", inputs, {{"axis", d.coin() ? axis : axis - rank - 1}});
}

inline OpCase lstmCase(CaseDraw &d)
{
    const Dims in{d.between(1, 3), d.pick<int64_t>({1, 2, 3, 5, 7}), d.between(1, 7)};
    return makeCase("LSTM", {in}, {{"units", d.between(1, 6)}, {"return_sequences", d.coin()}});
}

inline OpCase batchNormCase(CaseDraw &d)
{
    const Dims in = anyShape(d, 1, 4);
    const int64_t rank = int64_t(in.size()) - 1;
    const int64_t axis = d.coin() ? -1 : d.between(1, rank);
    return makeCase("BatchNormalization", {in},
                    {{"axis", axis}, {"momentum", d.real(0.5, 0.99)}, {"epsilon", d.real(1e-4, 1e-2)}},
                    d.coin() ? ref::Mode::Training : ref::Mode::Inference);
}

using CaseGenerator = std::function<OpCase(CaseDraw &)>;

// Every block with a device op, and how to draw one of its configurations.
inline const std::map<std::string, CaseGenerator> &caseGenerators()
{
    static const std::map<std::string, CaseGenerator> generators = {
        {"Conv3D", [](CaseDraw &d) { return convCase(d, 3); }},
        {"Conv2D", [](CaseDraw &d) { return convCase(d, 2); }},
        {"MaxPooling3D", [](CaseDraw &d) { return poolCase(d, "MaxPooling3D", 3); }},
        {"AveragePooling3D", [](CaseDraw &d) { return poolCase(d, "AveragePooling3D", 3); }},
        {"MaxPooling2D", [](CaseDraw &d) { return poolCase(d, "MaxPooling2D", 2); }},
        {"AveragePooling2D", [](CaseDraw &d) { return poolCase(d, "AveragePooling2D", 2); }},
        {"GlobalAveragePooling3D", [](CaseDraw &d) { return makeCase("GlobalAveragePooling3D", {spatialInput(d, 3)}); }},
        {"GlobalAveragePooling2D", [](CaseDraw &d) { return makeCase("GlobalAveragePooling2D", {spatialInput(d, 2)}); }},
        {"GlobalMaxPooling2D", [](CaseDraw &d) { return makeCase("GlobalMaxPooling2D", {spatialInput(d, 2)}); }},
        {"TemporalPooling",
         [](CaseDraw &d) {
             return makeCase("TemporalPooling", {anyShape(d, 2, 4)}, {{"mode", std::string(d.coin() ? "max" : "mean")}});
         }},
        {"FoldTime", [](CaseDraw &d) { return makeCase("FoldTime", {spatialInput(d, 3)}); }},
        {"FrameSlice",
         [](CaseDraw &d) {
             const Dims in = anyShape(d, 2, 4);
             return makeCase("FrameSlice", {in}, {{"index", d.between(0, in[1] - 1)}});
         }},
        {"Reshape", reshapeCase},
        {"Flatten", [](CaseDraw &d) { return makeCase("Flatten", {anyShape(d, 1, 4)}); }},
        {"Permute", permuteCase},
        {"Concatenate", concatenateCase},
        {"Add",
         [](CaseDraw &d) {
             const Dims s = anyShape(d, 1, 4);
             return makeCase("Add", std::vector<Dims>(size_t(d.between(2, 3)), s));
         }},
        {"LSTM", lstmCase},
        {"Dense",
         [](CaseDraw &d) {
             return makeCase("Dense", {anyShape(d, 1, 3)},
                             {{"units", d.between(1, 7)}, {"activation", anyActivation(d)}, {"use_bias", d.coin()}});
         }},
        {"Dropout",
         [](CaseDraw &d) {
             return makeCase("Dropout", {anyShape(d, 1, 4)}, {{"rate", d.real(0.0, 0.9)}},
                             d.between(0, 3) ? ref::Mode::Training : ref::Mode::Inference);
         }},
        {"BatchNormalization", batchNormCase},
        {"Activation",
         [](CaseDraw &d) { return makeCase("Activation", {anyShape(d, 1, 4)}, {{"activation", anyActivation(d)}}); }},
    };
    return generators;
}

// Wider configurations of the blocks built on the convolution kernels (Conv3D, Conv2D,
// Dense, LSTM): filter, unit and channel counts past one tile of the kernels (which take
// 4 filters to a vec4 and 8 columns to a subgroup) and not multiples of either; Conv2D's
// have enough output positions (over 2,048) that the backward-filter pass splits its
// reduction over them and sums the parts.
inline const std::map<std::string, CaseGenerator> &wideCaseGenerators()
{
    static const std::map<std::string, CaseGenerator> generators = {
        {"Conv3D",
         [](CaseDraw &d) {
             return makeCase("Conv3D", {{d.between(1, 2), d.between(2, 6), d.between(3, 10), d.between(3, 10), d.between(5, 24)}},
                             {{"filters", d.between(9, 40)},
                              {"kernel_size", tupleOf(d, 3, 1, 3)},
                              {"strides", tupleOf(d, 3, 1, 2)},
                              {"padding", std::string(d.coin() ? "same" : "valid")},
                              {"activation", anyActivation(d)},
                              {"use_bias", d.coin()}});
         }},
        {"Conv2D",
         [](CaseDraw &d) {
             // At least 3 × 28 × 28 output positions: the backward-filter pass splits them.
             return makeCase("Conv2D", {{3, d.between(30, 40), d.between(30, 40), d.between(5, 16)}},
                             {{"filters", d.between(9, 70)},
                              {"kernel_size", tupleOf(d, 2, 1, 3)},
                              {"strides", IntTuple{1, 1}},
                              {"padding", std::string(d.coin() ? "same" : "valid")},
                              {"activation", anyActivation(d)},
                              {"use_bias", d.coin()}});
         }},
        {"Dense",
         [](CaseDraw &d) {
             return makeCase("Dense", {{d.between(1, 9), d.between(20, 300)}},
                             {{"units", d.between(9, 130)}, {"activation", anyActivation(d)}, {"use_bias", d.coin()}});
         }},
        {"LSTM",
         [](CaseDraw &d) {
             return makeCase("LSTM", {{d.between(1, 3), d.between(2, 6), d.between(9, 40)}},
                             {{"units", d.between(9, 40)}, {"return_sequences", d.coin()}});
         }},
    };
    return generators;
}

} // namespace volnet::testing
