// Dense on the last axis of an input of any rank, as Keras's: every leading axis (batch
// included) is a row, y = activation(x kernel + bias) with kernel (F, units).
#include "ref/op_family.h"

namespace volnet::ref {

namespace {

template<typename T> Dims denseShape(const OpArgs<T> &a)
{
    Dims shape = a.input().shape();
    shape.back() = a.integer("units");
    return shape;
}

template<typename T> Forward<T> denseForward(const OpArgs<T> &a)
{
    const BasicTensor<T> &in = a.input();
    const BasicTensor<T> &kernel = *a.weight("kernel");
    const BasicTensor<T> *bias = a.weight("bias");
    const int64_t F = in.dim(-1), U = a.integer("units"), rows = in.size() / F;
    BasicTensor<T> out(denseShape(a));
    for (int64_t r = 0; r < rows; ++r) {
        T *y = out.data() + r * U;
        for (int64_t u = 0; u < U; ++u)
            y[u] = bias ? (*bias)[u] : T(0);
        for (int64_t f = 0; f < F; ++f) {
            const T x = in[r * F + f];
            for (int64_t u = 0; u < U; ++u)
                y[u] += x * kernel[f * U + u];
        }
    }
    activate(a.word("activation"), out);
    return {std::move(out), {}};
}

template<typename T> Backward<T> denseBackward(const OpArgs<T> &a, const BasicTensor<T> &dy)
{
    const BasicTensor<T> &in = a.input();
    const BasicTensor<T> &kernel = *a.weight("kernel");
    const int64_t F = in.dim(-1), U = a.integer("units"), rows = in.size() / F;
    const BasicTensor<T> dz = activationGradient(a.word("activation"), denseForward(a).output, dy);
    BasicTensor<T> dIn(in.shape());
    BasicTensor<T> dKernel(kernel.shape());
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t f = 0; f < F; ++f) {
            T sum = 0;
            for (int64_t u = 0; u < U; ++u) {
                sum += dz[r * U + u] * kernel[f * U + u];
                dKernel[f * U + u] += in[r * F + f] * dz[r * U + u];
            }
            dIn[r * F + f] = sum;
        }
    Backward<T> b{{std::move(dIn)}, {{"kernel", std::move(dKernel)}}};
    if (a.weight("bias")) {
        BasicTensor<T> dBias({U});
        for (int64_t i = 0; i < dz.size(); ++i)
            dBias[i % U] += dz[i];
        b.weights.emplace("bias", std::move(dBias));
    }
    return b;
}

} // namespace

template<typename T> void addDenseOps(OpTable<T> &table)
{
    table.push_back({"Dense", denseForward<T>, denseBackward<T>});
}

template void addDenseOps(OpTable<float> &);
template void addDenseOps(OpTable<double> &);

} // namespace volnet::ref
