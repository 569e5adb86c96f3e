// Conv3D and Conv2D as Keras computes them: channels-last, kernel (k..., in, out),
// strides, dilation, 'valid' or 'same' (TF's padding, the odd extra at the end; see
// WindowAxis), bias, then the fused activation. A Conv2D is a Conv3D with one plane:
// (N, H, W, C) is read as (N, 1, H, W, C) and its kernel (kh, kw, C, F) as (1, kh, kw, C, F),
// which moves no data.
#include "ref/op_family.h"

#include <algorithm>

namespace volnet::ref {

WindowAxis windowAxis(int64_t in, int64_t kernel, int64_t stride, int64_t dilation, const std::string &padding)
{
    WindowAxis a{in, kernel, stride, dilation, 0, 0};
    const int64_t span = (kernel - 1) * dilation + 1;
    if (padding == "same") {
        a.out = (in + stride - 1) / stride;
        a.padBefore = std::max<int64_t>((a.out - 1) * stride + span - in, 0) / 2;
    } else {
        a.out = (in - span) / stride + 1;
    }
    return a;
}

namespace {

struct ConvShape {
    int64_t batch = 0;
    int64_t channels = 0;
    int64_t filters = 0;
    WindowAxis d, h, w;

    int64_t inOffset(int64_t n, int64_t z, int64_t y, int64_t x) const
    {
        return (((n * d.in + z) * h.in + y) * w.in + x) * channels;
    }
    int64_t outOffset(int64_t n, int64_t z, int64_t y, int64_t x) const
    {
        return (((n * d.out + z) * h.out + y) * w.out + x) * filters;
    }
    int64_t tapOffset(int64_t kz, int64_t ky, int64_t kx) const
    {
        return ((kz * h.kernel + ky) * w.kernel + kx) * channels * filters;
    }
};

template<typename T> ConvShape convShape(const OpArgs<T> &a)
{
    const Dims &in = a.input().shape();
    IntTuple k = a.tuple("kernel_size"), s = a.tuple("strides"), dil = a.tuple("dilation_rate");
    Dims spatial(in.begin() + 1, in.end() - 1);
    if (spatial.size() == 2) {
        spatial.insert(spatial.begin(), 1);
        k.insert(k.begin(), 1);
        s.insert(s.begin(), 1);
        dil.insert(dil.begin(), 1);
    }
    const std::string &padding = a.word("padding");
    ConvShape c;
    c.batch = in[0];
    c.channels = in.back();
    c.filters = a.integer("filters");
    c.d = windowAxis(spatial[0], k[0], s[0], dil[0], padding);
    c.h = windowAxis(spatial[1], k[1], s[1], dil[1], padding);
    c.w = windowAxis(spatial[2], k[2], s[2], dil[2], padding);
    return c;
}

template<typename T> Dims outputShape(const OpArgs<T> &a, const ConvShape &c)
{
    if (a.input().rank() == 4)
        return {c.batch, c.h.out, c.w.out, c.filters};
    return {c.batch, c.d.out, c.h.out, c.w.out, c.filters};
}

// Calls visit(inputOffset, tapOffset) for every kernel tap of output position
// (n, z, y, x) that lands inside the input; taps in the padding read zeros and add nothing.
template<typename Visit> void forEachTap(const ConvShape &c, int64_t n, int64_t z, int64_t y, int64_t x, Visit visit)
{
    for (int64_t kz = 0; kz < c.d.kernel; ++kz) {
        const int64_t iz = c.d.source(z, kz);
        if (iz < 0 || iz >= c.d.in)
            continue;
        for (int64_t ky = 0; ky < c.h.kernel; ++ky) {
            const int64_t iy = c.h.source(y, ky);
            if (iy < 0 || iy >= c.h.in)
                continue;
            for (int64_t kx = 0; kx < c.w.kernel; ++kx) {
                const int64_t ix = c.w.source(x, kx);
                if (ix < 0 || ix >= c.w.in)
                    continue;
                visit(c.inOffset(n, iz, iy, ix), c.tapOffset(kz, ky, kx));
            }
        }
    }
}

template<typename Body> void forEachOutput(const ConvShape &c, Body body)
{
    for (int64_t n = 0; n < c.batch; ++n)
        for (int64_t z = 0; z < c.d.out; ++z)
            for (int64_t y = 0; y < c.h.out; ++y)
                for (int64_t x = 0; x < c.w.out; ++x)
                    body(n, z, y, x);
}

template<typename T> Forward<T> convForward(const OpArgs<T> &a)
{
    const ConvShape c = convShape(a);
    const T *in = a.input().data();
    const T *kernel = a.weight("kernel")->data();
    const BasicTensor<T> *bias = a.weight("bias");
    BasicTensor<T> out(outputShape(a, c));
    const int64_t F = c.filters;
    forEachOutput(c, [&](int64_t n, int64_t z, int64_t y, int64_t x) {
        T *o = out.data() + c.outOffset(n, z, y, x);
        for (int64_t f = 0; f < F; ++f)
            o[f] = bias ? (*bias)[f] : T(0);
        forEachTap(c, n, z, y, x, [&](int64_t inOff, int64_t tapOff) {
            for (int64_t ch = 0; ch < c.channels; ++ch) {
                const T v = in[inOff + ch];
                const T *w = kernel + tapOff + ch * F;
                for (int64_t f = 0; f < F; ++f)
                    o[f] += v * w[f];
            }
        });
    });
    activate(a.word("activation"), out);
    return {std::move(out), {}};
}

template<typename T> Backward<T> convBackward(const OpArgs<T> &a, const BasicTensor<T> &dy)
{
    const ConvShape c = convShape(a);
    const BasicTensor<T> dz = activationGradient(a.word("activation"), convForward(a).output, dy);
    const T *in = a.input().data();
    const BasicTensor<T> &kernel = *a.weight("kernel");
    BasicTensor<T> dIn(a.input().shape());
    BasicTensor<T> dKernel(kernel.shape());
    const int64_t F = c.filters;
    forEachOutput(c, [&](int64_t n, int64_t z, int64_t y, int64_t x) {
        const T *g = dz.data() + c.outOffset(n, z, y, x);
        forEachTap(c, n, z, y, x, [&](int64_t inOff, int64_t tapOff) {
            for (int64_t ch = 0; ch < c.channels; ++ch) {
                const T *w = kernel.data() + tapOff + ch * F;
                T *dw = dKernel.data() + tapOff + ch * F;
                const T v = in[inOff + ch];
                T sum = 0;
                for (int64_t f = 0; f < F; ++f) {
                    sum += g[f] * w[f];
                    dw[f] += v * g[f];
                }
                dIn[inOff + ch] += sum;
            }
        });
    });
    Backward<T> b{{std::move(dIn)}, {{"kernel", std::move(dKernel)}}};
    if (a.weight("bias")) {
        BasicTensor<T> dBias({F});
        for (int64_t i = 0; i < dz.size(); ++i)
            dBias[i % F] += dz[i];
        b.weights.emplace("bias", std::move(dBias));
    }
    return b;
}

} // namespace

template<typename T> void addConvOps(OpTable<T> &table)
{
    table.push_back({"Conv3D", convForward<T>, convBackward<T>});
    table.push_back({"Conv2D", convForward<T>, convBackward<T>});
}

template void addConvOps(OpTable<float> &);
template void addConvOps(OpTable<double> &);

} // namespace volnet::ref
