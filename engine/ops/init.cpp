#include "ops/init.h"

#include "graph/analysis.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace volnet {

namespace {

uint64_t fnv1a(uint64_t hash, const std::string &text)
{
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 0x100000001b3ull;
    }
    return hash;
}

std::pair<int64_t, int64_t> fans(const Dims &shape)
{
    if (shape.empty())
        return {1, 1};
    if (shape.size() == 1)
        return {shape[0], shape[0]};
    int64_t receptive = 1;
    for (size_t i = 0; i + 2 < shape.size(); ++i)
        receptive *= shape[i];
    return {shape[shape.size() - 2] * receptive, shape.back() * receptive};
}

// Householder QR of the row-major m×n matrix `a` (m >= n). Returns the thin Q (m×n)
// with each column j multiplied by the sign of R[j][j]: the one Q whose R has a
// positive diagonal, whichever algorithm computed it.
std::vector<double> signCorrectedQ(std::vector<double> a, int64_t m, int64_t n)
{
    auto at = [n](std::vector<double> &mat, int64_t i, int64_t j) -> double & { return mat[size_t(i * n + j)]; };
    std::vector<std::vector<double>> reflectors(static_cast<size_t>(n));
    std::vector<double> diagonal(static_cast<size_t>(n));
    for (int64_t k = 0; k < n; ++k) {
        double norm = 0;
        for (int64_t i = k; i < m; ++i)
            norm += at(a, i, k) * at(a, i, k);
        norm = std::sqrt(norm);
        const double alpha = at(a, k, k) > 0 ? -norm : norm;
        std::vector<double> v(static_cast<size_t>(m - k));
        for (int64_t i = k; i < m; ++i)
            v[size_t(i - k)] = at(a, i, k);
        v[0] -= alpha;
        double vv = 0;
        for (double x : v)
            vv += x * x;
        if (vv > 0) {
            for (int64_t j = k; j < n; ++j) {
                double s = 0;
                for (int64_t i = k; i < m; ++i)
                    s += v[size_t(i - k)] * at(a, i, j);
                for (int64_t i = k; i < m; ++i)
                    at(a, i, j) -= 2 * s / vv * v[size_t(i - k)];
            }
            reflectors[size_t(k)] = std::move(v);
        }
        diagonal[size_t(k)] = at(a, k, k);
    }
    // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity.
    std::vector<double> q(size_t(m * n), 0.0);
    for (int64_t j = 0; j < n; ++j)
        at(q, j, j) = 1;
    for (int64_t k = n - 1; k >= 0; --k) {
        const std::vector<double> &v = reflectors[size_t(k)];
        if (v.empty())
            continue;
        double vv = 0;
        for (double x : v)
            vv += x * x;
        for (int64_t j = 0; j < n; ++j) {
            double s = 0;
            for (int64_t i = k; i < m; ++i)
                s += v[size_t(i - k)] * at(q, i, j);
            for (int64_t i = k; i < m; ++i)
                at(q, i, j) -= 2 * s / vv * v[size_t(i - k)];
        }
    }
    for (int64_t j = 0; j < n; ++j)
        if (diagonal[size_t(j)] < 0)
            for (int64_t i = 0; i < m; ++i)
                at(q, i, j) = -at(q, i, j);
    return q;
}

} // namespace

SplitMix64 weightGenerator(uint64_t seed, const std::string &nodeId, const std::string &weightName)
{
    uint64_t h = fnv1a(0xcbf29ce484222325ull, nodeId);
    h = fnv1a(h, std::string(1, '\0'));
    return SplitMix64(seed ^ fnv1a(h, weightName));
}

Tensor glorotUniform(const Dims &shape, SplitMix64 &rng)
{
    const auto [fanIn, fanOut] = fans(shape);
    const double limit = std::sqrt(6.0 / double(std::max<int64_t>(1, fanIn + fanOut)));
    Tensor t(shape);
    for (float &v : t.values())
        v = float(-limit + 2 * limit * rng.uniform());
    return t;
}

Tensor orthogonal(const Dims &shape, SplitMix64 &rng)
{
    if (shape.size() < 2)
        throw std::invalid_argument("an orthogonal initial value needs at least two axes, not " + formatTuple(shape));
    const int64_t rows = elementCount(Dims(shape.begin(), shape.end() - 1));
    const int64_t cols = shape.back();
    const int64_t m = std::max(rows, cols);
    const int64_t n = std::min(rows, cols);
    std::vector<double> a(static_cast<size_t>(m * n));
    for (double &v : a)
        v = rng.normal();
    const std::vector<double> q = signCorrectedQ(std::move(a), m, n);
    Tensor t(shape);
    for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < n; ++j) {
            // Q is (m, n); with fewer rows than columns the weight is Q transposed.
            const int64_t out = rows < cols ? j * m + i : i * n + j;
            t[out] = float(q[size_t(i * n + j)]);
        }
    return t;
}

Tensor initialWeight(const Node &node, const WeightSpec &weight, uint64_t seed)
{
    SplitMix64 rng = weightGenerator(seed, node.id, weight.name);
    if (weight.name == "kernel")
        return glorotUniform(weight.shape, rng);
    if (weight.name == "recurrent_kernel")
        return orthogonal(weight.shape, rng);
    if (weight.name == "gamma" || weight.name == "moving_variance")
        return Tensor(weight.shape, 1.0f);
    if (weight.name == "bias" && node.type == "LSTM") {
        // unit_forget_bias: the gates are i, f, c, o; the forget gate starts open.
        Tensor t(weight.shape);
        const int64_t units = weight.shape.at(0) / 4;
        for (int64_t i = units; i < 2 * units; ++i)
            t[i] = 1;
        return t;
    }
    if (weight.name == "bias" || weight.name == "beta" || weight.name == "moving_mean")
        return Tensor(weight.shape);
    throw std::invalid_argument(node.id + ": no initial value is defined for the weight '" + weight.name + "'");
}

std::map<std::string, Tensor> initialWeights(const Node &node, const std::vector<WeightSpec> &weights, uint64_t seed)
{
    std::map<std::string, Tensor> out;
    for (const WeightSpec &w : weights)
        out.emplace(w.name, initialWeight(node, w, seed));
    return out;
}

std::map<std::string, Tensor> initialModelWeights(const Graph &graph, uint64_t seed)
{
    std::map<std::string, Tensor> weights;
    for (const auto &[id, info] : analyze(graph).nodes)
        for (auto &[name, tensor] : initialWeights(*graph.node(id), info.weights, seed))
            weights[id + "." + name] = std::move(tensor);
    return weights;
}

} // namespace volnet
