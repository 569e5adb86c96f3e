// The activation functions, used by the Activation block and fused into Conv3D, Conv2D
// and Dense. softmax acts on the last axis, as Keras's does.
#include "ref/op_family.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace volnet::ref {

template<typename T> void activate(const std::string &name, BasicTensor<T> &values)
{
    if (name == "linear")
        return;
    if (name == "relu") {
        for (T &v : values.values())
            v = std::max(v, T(0));
    } else if (name == "sigmoid") {
        for (T &v : values.values())
            v = T(1) / (T(1) + std::exp(-v));
    } else if (name == "tanh") {
        for (T &v : values.values())
            v = std::tanh(v);
    } else if (name == "softmax") {
        // Shifted by the row's maximum so that exp cannot overflow.
        const int64_t n = values.dim(-1);
        for (int64_t row = 0; row < values.size(); row += n) {
            T *v = values.data() + row;
            const T top = *std::max_element(v, v + n);
            T sum = 0;
            for (int64_t i = 0; i < n; ++i)
                sum += v[i] = std::exp(v[i] - top);
            for (int64_t i = 0; i < n; ++i)
                v[i] /= sum;
        }
    } else {
        throw std::invalid_argument("unknown activation '" + name + "'");
    }
}

template<typename T>
BasicTensor<T> activationGradient(const std::string &name, const BasicTensor<T> &y, const BasicTensor<T> &dy)
{
    BasicTensor<T> dz = dy;
    if (name == "linear")
        return dz;
    if (name == "relu") {
        for (int64_t i = 0; i < dz.size(); ++i)
            dz[i] = y[i] > 0 ? dy[i] : T(0);
    } else if (name == "sigmoid") {
        for (int64_t i = 0; i < dz.size(); ++i)
            dz[i] = dy[i] * y[i] * (T(1) - y[i]);
    } else if (name == "tanh") {
        for (int64_t i = 0; i < dz.size(); ++i)
            dz[i] = dy[i] * (T(1) - y[i] * y[i]);
    } else if (name == "softmax") {
        // dz_i = y_i (dy_i - sum_j dy_j y_j), the Jacobian diag(y) - y y^T applied to dy.
        const int64_t n = y.dim(-1);
        for (int64_t row = 0; row < y.size(); row += n) {
            T dot = 0;
            for (int64_t i = row; i < row + n; ++i)
                dot += dy[i] * y[i];
            for (int64_t i = row; i < row + n; ++i)
                dz[i] = y[i] * (dy[i] - dot);
        }
    } else {
        throw std::invalid_argument("unknown activation '" + name + "'");
    }
    return dz;
}

namespace {

template<typename T> Forward<T> activationForward(const OpArgs<T> &a)
{
    Forward<T> f{a.input(), {}};
    activate(a.word("activation"), f.output);
    return f;
}

template<typename T> Backward<T> activationBackward(const OpArgs<T> &a, const BasicTensor<T> &dy)
{
    const BasicTensor<T> y = activationForward(a).output;
    return {{activationGradient(a.word("activation"), y, dy)}, {}};
}

} // namespace

template<typename T> void addActivationOps(OpTable<T> &table)
{
    table.push_back({"Activation", activationForward<T>, activationBackward<T>});
}

template void activate(const std::string &, BasicTensor<float> &);
template void activate(const std::string &, BasicTensor<double> &);
template BasicTensor<float> activationGradient(const std::string &, const BasicTensor<float> &,
                                               const BasicTensor<float> &);
template BasicTensor<double> activationGradient(const std::string &, const BasicTensor<double> &,
                                                const BasicTensor<double> &);
template void addActivationOps(OpTable<float> &);
template void addActivationOps(OpTable<double> &);

} // namespace volnet::ref
