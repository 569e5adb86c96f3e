// BatchNormalization and Dropout: the blocks that behave differently while training.
//
// BatchNormalization normalises each feature of `axis` (counted as Keras counts it) over
// every other axis, batch included. Training: the batch's mean and biased variance
// (divided by the count, not count - 1) normalise, and the moving statistics become
// moving * momentum + batch * (1 - momentum), with that same biased variance. That is
// Keras 3's rule (ops.moments), and tf.keras 2's too: its fused kernel computes an
// unbiased variance but the layer removes Bessel's correction again before the update.
// (PyTorch updates running_var with the unbiased variance.) Inference: the moving
// statistics normalise, and nothing is updated. y = gamma (x - mean) / sqrt(var + eps) + beta.
//
// Dropout, training: element i of the batched tensor is kept iff
// dropoutHash(seed, i) >= dropoutThreshold(rate) (ops/random.h) and then multiplied by
// dropoutScale(rate) = 1 / (1 - rate), Keras's inverted dropout; the rest become 0.
// Inference: the identity.
#include "ops/random.h"
#include "ref/op_family.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace volnet::ref {

namespace {

// The input seen as (outer, features, inner); statistics run over outer and inner.
struct Features {
    int64_t outer = 1, count = 1, inner = 1;
    int64_t feature(int64_t i) const { return (i / inner) % count; }
    int64_t samples() const { return outer * inner; }
};

template<typename T> Features features(const OpArgs<T> &a)
{
    const Dims &shape = a.input().shape();
    const int64_t axisParam = a.integer("axis");
    const size_t axis = size_t(axisParam < 0 ? int64_t(shape.size()) + axisParam : axisParam);
    Features f;
    f.count = shape[axis];
    for (size_t i = 0; i < axis; ++i)
        f.outer *= shape[i];
    for (size_t i = axis + 1; i < shape.size(); ++i)
        f.inner *= shape[i];
    return f;
}

// The mean and variance that normalise: the batch's while training, else the moving ones.
template<typename T> std::pair<std::vector<T>, std::vector<T>> statistics(const OpArgs<T> &a, const Features &f)
{
    if (!a.training())
        return {a.weight("moving_mean")->values(), a.weight("moving_variance")->values()};
    const BasicTensor<T> &x = a.input();
    std::vector<T> mean(static_cast<size_t>(f.count)), var(static_cast<size_t>(f.count));
    for (int64_t i = 0; i < x.size(); ++i)
        mean[size_t(f.feature(i))] += x[i];
    for (T &m : mean)
        m /= T(f.samples());
    for (int64_t i = 0; i < x.size(); ++i) {
        const T d = x[i] - mean[size_t(f.feature(i))];
        var[size_t(f.feature(i))] += d * d;
    }
    for (T &v : var)
        v /= T(f.samples());
    return {mean, var};
}

template<typename T> std::vector<T> inverseDeviations(const std::vector<T> &var, double epsilon)
{
    std::vector<T> inv(var.size());
    for (size_t c = 0; c < var.size(); ++c)
        inv[c] = T(1) / std::sqrt(var[c] + T(epsilon));
    return inv;
}

template<typename T> Forward<T> batchNormForward(const OpArgs<T> &a)
{
    const Features f = features(a);
    const auto [mean, var] = statistics(a, f);
    const std::vector<T> inv = inverseDeviations(var, a.real("epsilon"));
    const BasicTensor<T> &gamma = *a.weight("gamma"), &beta = *a.weight("beta");
    Forward<T> r{BasicTensor<T>(a.input().shape()), {}};
    for (int64_t i = 0; i < r.output.size(); ++i) {
        const int64_t c = f.feature(i);
        r.output[i] = gamma[c] * (a.input()[i] - mean[size_t(c)]) * inv[size_t(c)] + beta[c];
    }
    if (a.training()) {
        const T momentum = T(a.real("momentum"));
        BasicTensor<T> movingMean = *a.weight("moving_mean"), movingVar = *a.weight("moving_variance");
        for (int64_t c = 0; c < f.count; ++c) {
            movingMean[c] = movingMean[c] * momentum + mean[size_t(c)] * (T(1) - momentum);
            movingVar[c] = movingVar[c] * momentum + var[size_t(c)] * (T(1) - momentum);
        }
        r.updated.emplace("moving_mean", std::move(movingMean));
        r.updated.emplace("moving_variance", std::move(movingVar));
    }
    return r;
}

template<typename T> Backward<T> batchNormBackward(const OpArgs<T> &a, const BasicTensor<T> &dy)
{
    const Features f = features(a);
    const auto [mean, var] = statistics(a, f);
    const std::vector<T> inv = inverseDeviations(var, a.real("epsilon"));
    const BasicTensor<T> &x = a.input(), &gamma = *a.weight("gamma");
    BasicTensor<T> dGamma({f.count}), dBeta({f.count}), dIn(x.shape());
    auto normalized = [&](int64_t i) { return (x[i] - mean[size_t(f.feature(i))]) * inv[size_t(f.feature(i))]; };
    for (int64_t i = 0; i < x.size(); ++i) {
        dBeta[f.feature(i)] += dy[i];
        dGamma[f.feature(i)] += dy[i] * normalized(i);
    }
    const T m = T(f.samples());
    for (int64_t i = 0; i < x.size(); ++i) {
        const int64_t c = f.feature(i);
        if (a.training()) // the batch statistics depend on x too
            dIn[i] = gamma[c] * inv[size_t(c)] / m * (m * dy[i] - dBeta[c] - normalized(i) * dGamma[c]);
        else
            dIn[i] = gamma[c] * inv[size_t(c)] * dy[i];
    }
    return {{std::move(dIn)}, {{"gamma", std::move(dGamma)}, {"beta", std::move(dBeta)}}};
}

// The dropout factor of every element: 0 or dropoutScale(rate).
template<typename T> BasicTensor<T> dropoutFactors(const OpArgs<T> &a)
{
    const BasicTensor<T> &x = a.input();
    BasicTensor<T> factors(x.shape(), T(1));
    if (!a.training())
        return factors;
    if (x.size() > int64_t(std::numeric_limits<uint32_t>::max()))
        throw std::invalid_argument(a.node.id + ": dropout counts elements in 32 bits; " + formatTuple(x.shape()) +
                                    " is too large");
    const double rate = a.real("rate");
    const uint32_t threshold = dropoutThreshold(rate);
    const T scale = T(dropoutScale(rate));
    for (int64_t i = 0; i < x.size(); ++i)
        factors[i] = dropoutHash(a.options.seed, uint32_t(i)) >= threshold ? scale : T(0);
    return factors;
}

template<typename T> Forward<T> dropoutForward(const OpArgs<T> &a)
{
    BasicTensor<T> out = dropoutFactors(a);
    for (int64_t i = 0; i < out.size(); ++i)
        out[i] *= a.input()[i];
    return {std::move(out), {}};
}

template<typename T> Backward<T> dropoutBackward(const OpArgs<T> &a, const BasicTensor<T> &dy)
{
    BasicTensor<T> dIn = dropoutFactors(a);
    for (int64_t i = 0; i < dIn.size(); ++i)
        dIn[i] *= dy[i];
    return {{std::move(dIn)}, {}};
}

} // namespace

template<typename T> void addNormalizationOps(OpTable<T> &table)
{
    table.push_back({"BatchNormalization", batchNormForward<T>, batchNormBackward<T>});
    table.push_back({"Dropout", dropoutForward<T>, dropoutBackward<T>});
}

template void addNormalizationOps(OpTable<float> &);
template void addNormalizationOps(OpTable<double> &);

} // namespace volnet::ref
