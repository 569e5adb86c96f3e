// Keras's LSTM over (N, steps, features): zero initial state; at each step
// z = x_t kernel + h_{t-1} recurrent_kernel + bias, split into the gates i, f, c, o (in
// that order, units values each); i, f, o = sigmoid, g = tanh(z_c);
// c_t = f c_{t-1} + i g; h_t = o tanh(c_t). The output is every h_t (return_sequences) or
// the last. Backward is full backpropagation through time.
#include "ref/op_family.h"

#include <cmath>

namespace volnet::ref {

namespace {

template<typename T> T sigmoid(T x)
{
    return T(1) / (T(1) + std::exp(-x));
}

struct LstmShape {
    int64_t batch, steps, features, units;
};

template<typename T> LstmShape lstmShape(const OpArgs<T> &a)
{
    const BasicTensor<T> &in = a.input();
    return {in.dim(0), in.dim(1), in.dim(2), a.integer("units")};
}

// One sample's pass: the gates after their activations (steps × 4 units: i, f, g, o)
// and the states, where c[0] and h[0] are the zero initial state and step t gives
// c[t + 1], h[t + 1].
template<typename T> struct Trace {
    std::vector<T> gates, c, h;
};

template<typename T> Trace<T> run(const OpArgs<T> &a, const LstmShape &s, int64_t n)
{
    const int64_t U = s.units, G = 4 * s.units;
    const BasicTensor<T> &kernel = *a.weight("kernel");
    const BasicTensor<T> &recurrent = *a.weight("recurrent_kernel");
    const BasicTensor<T> &bias = *a.weight("bias");
    Trace<T> tr{std::vector<T>(size_t(s.steps * G)), std::vector<T>(size_t((s.steps + 1) * U)),
                std::vector<T>(size_t((s.steps + 1) * U))};
    std::vector<T> z(static_cast<size_t>(G));
    for (int64_t t = 0; t < s.steps; ++t) {
        const T *x = a.input().data() + (n * s.steps + t) * s.features;
        const T *hPrev = tr.h.data() + t * U;
        for (int64_t j = 0; j < G; ++j)
            z[size_t(j)] = bias[j];
        for (int64_t f = 0; f < s.features; ++f)
            for (int64_t j = 0; j < G; ++j)
                z[size_t(j)] += x[f] * kernel[f * G + j];
        for (int64_t k = 0; k < U; ++k)
            for (int64_t j = 0; j < G; ++j)
                z[size_t(j)] += hPrev[k] * recurrent[k * G + j];
        T *gate = tr.gates.data() + t * G;
        for (int64_t u = 0; u < U; ++u) {
            const T i = gate[u] = sigmoid(z[size_t(u)]);
            const T f = gate[U + u] = sigmoid(z[size_t(U + u)]);
            const T g = gate[2 * U + u] = std::tanh(z[size_t(2 * U + u)]);
            const T o = gate[3 * U + u] = sigmoid(z[size_t(3 * U + u)]);
            const T c = tr.c[size_t((t + 1) * U + u)] = f * tr.c[size_t(t * U + u)] + i * g;
            tr.h[size_t((t + 1) * U + u)] = o * std::tanh(c);
        }
    }
    return tr;
}

template<typename T> Forward<T> lstmForward(const OpArgs<T> &a)
{
    const LstmShape s = lstmShape(a);
    const bool sequences = a.flag("return_sequences");
    BasicTensor<T> out(sequences ? Dims{s.batch, s.steps, s.units} : Dims{s.batch, s.units});
    for (int64_t n = 0; n < s.batch; ++n) {
        const Trace<T> tr = run(a, s, n);
        for (int64_t t = sequences ? 0 : s.steps - 1; t < s.steps; ++t)
            for (int64_t u = 0; u < s.units; ++u)
                out[(sequences ? (n * s.steps + t) : n) * s.units + u] = tr.h[size_t((t + 1) * s.units + u)];
    }
    return {std::move(out), {}};
}

template<typename T> Backward<T> lstmBackward(const OpArgs<T> &a, const BasicTensor<T> &dy)
{
    const LstmShape s = lstmShape(a);
    const int64_t U = s.units, G = 4 * s.units;
    const bool sequences = a.flag("return_sequences");
    const BasicTensor<T> &kernel = *a.weight("kernel");
    const BasicTensor<T> &recurrent = *a.weight("recurrent_kernel");
    BasicTensor<T> dIn(a.input().shape());
    BasicTensor<T> dKernel(kernel.shape()), dRecurrent(recurrent.shape()), dBias({G});
    std::vector<T> dz(static_cast<size_t>(G));
    for (int64_t n = 0; n < s.batch; ++n) {
        const Trace<T> tr = run(a, s, n);
        std::vector<T> dhNext(static_cast<size_t>(U)), dcNext(static_cast<size_t>(U));
        for (int64_t t = s.steps - 1; t >= 0; --t) {
            const T *gate = tr.gates.data() + t * G;
            for (int64_t u = 0; u < U; ++u) {
                T dh = dhNext[size_t(u)];
                if (sequences)
                    dh += dy[(n * s.steps + t) * U + u];
                else if (t == s.steps - 1)
                    dh += dy[n * U + u];
                const T i = gate[u], f = gate[U + u], g = gate[2 * U + u], o = gate[3 * U + u];
                const T tc = std::tanh(tr.c[size_t((t + 1) * U + u)]);
                const T dc = dcNext[size_t(u)] + dh * o * (T(1) - tc * tc);
                dz[size_t(u)] = dc * g * i * (T(1) - i);
                dz[size_t(U + u)] = dc * tr.c[size_t(t * U + u)] * f * (T(1) - f);
                dz[size_t(2 * U + u)] = dc * i * (T(1) - g * g);
                dz[size_t(3 * U + u)] = dh * tc * o * (T(1) - o);
                dcNext[size_t(u)] = dc * f;
            }
            const T *x = a.input().data() + (n * s.steps + t) * s.features;
            T *dx = dIn.data() + (n * s.steps + t) * s.features;
            const T *hPrev = tr.h.data() + t * U;
            for (int64_t j = 0; j < G; ++j)
                dBias[j] += dz[size_t(j)];
            for (int64_t f = 0; f < s.features; ++f)
                for (int64_t j = 0; j < G; ++j) {
                    dKernel[f * G + j] += x[f] * dz[size_t(j)];
                    dx[f] += kernel[f * G + j] * dz[size_t(j)];
                }
            for (int64_t k = 0; k < U; ++k) {
                T sum = 0;
                for (int64_t j = 0; j < G; ++j) {
                    dRecurrent[k * G + j] += hPrev[k] * dz[size_t(j)];
                    sum += recurrent[k * G + j] * dz[size_t(j)];
                }
                dhNext[size_t(k)] = sum;
            }
        }
    }
    return {{std::move(dIn)},
            {{"kernel", std::move(dKernel)}, {"recurrent_kernel", std::move(dRecurrent)}, {"bias", std::move(dBias)}}};
}

} // namespace

template<typename T> void addLstmOps(OpTable<T> &table)
{
    table.push_back({"LSTM", lstmForward<T>, lstmBackward<T>});
}

template void addLstmOps(OpTable<float> &);
template void addLstmOps(OpTable<double> &);

} // namespace volnet::ref
