// Pooling as Keras (on TF) computes it. Windows are placed like a convolution's (see
// WindowAxis; strides default to pool_size), and padded positions are ignored, never
// read as zeros: 'same' average pooling divides by the number of real elements in the
// window, and max pooling takes the maximum of the real ones.
//
// Max pooling sends a window's gradient to its first maximum in scan order (depth, then
// rows, then columns): what TF's 2D CPU kernel and PyTorch do. (TF's 3D CPU kernel
// instead gives the full gradient to every element within 1e-5 of the maximum; with
// ties that is not a gradient of anything, so we do not follow it.) GlobalMaxPooling2D
// also sends it to the first maximum, where TF's reduce_max would share it equally among
// ties; both are subgradients, and one index per output is what a kernel can record.
//
// A 2D pool is a 3D pool with one plane, as for convolutions.
#include "ref/op_family.h"

namespace volnet::ref {

namespace {

struct PoolShape {
    int64_t batch = 0;
    int64_t channels = 0;
    WindowAxis d, h, w;

    int64_t inOffset(int64_t n, int64_t z, int64_t y, int64_t x) const
    {
        return (((n * d.in + z) * h.in + y) * w.in + x) * channels;
    }
    int64_t outOffset(int64_t n, int64_t z, int64_t y, int64_t x) const
    {
        return (((n * d.out + z) * h.out + y) * w.out + x) * channels;
    }
};

template<typename T> PoolShape poolShape(const OpArgs<T> &a)
{
    const Dims &in = a.input().shape();
    IntTuple k = a.tuple("pool_size");
    IntTuple s = a.tuple("strides").empty() ? k : a.tuple("strides");
    Dims spatial(in.begin() + 1, in.end() - 1);
    if (spatial.size() == 2) {
        spatial.insert(spatial.begin(), 1);
        k.insert(k.begin(), 1);
        s.insert(s.begin(), 1);
    }
    const std::string &padding = a.word("padding");
    PoolShape p;
    p.batch = in[0];
    p.channels = in.back();
    p.d = windowAxis(spatial[0], k[0], s[0], 1, padding);
    p.h = windowAxis(spatial[1], k[1], s[1], 1, padding);
    p.w = windowAxis(spatial[2], k[2], s[2], 1, padding);
    return p;
}

template<typename T> Dims pooledShape(const OpArgs<T> &a, const PoolShape &p)
{
    if (a.input().rank() == 4)
        return {p.batch, p.h.out, p.w.out, p.channels};
    return {p.batch, p.d.out, p.h.out, p.w.out, p.channels};
}

// Calls visit(outputOffset, inputOffsets) for every window, with the offsets (of channel
// 0) of the real input positions the window covers, in scan order.
template<typename Visit> void forEachWindow(const PoolShape &p, Visit visit)
{
    std::vector<int64_t> taps;
    for (int64_t n = 0; n < p.batch; ++n)
        for (int64_t z = 0; z < p.d.out; ++z)
            for (int64_t y = 0; y < p.h.out; ++y)
                for (int64_t x = 0; x < p.w.out; ++x) {
                    taps.clear();
                    for (int64_t kz = 0; kz < p.d.kernel; ++kz)
                        for (int64_t ky = 0; ky < p.h.kernel; ++ky)
                            for (int64_t kx = 0; kx < p.w.kernel; ++kx) {
                                const int64_t iz = p.d.source(z, kz), iy = p.h.source(y, ky), ix = p.w.source(x, kx);
                                if (iz >= 0 && iz < p.d.in && iy >= 0 && iy < p.h.in && ix >= 0 && ix < p.w.in)
                                    taps.push_back(p.inOffset(n, iz, iy, ix));
                            }
                    visit(p.outOffset(n, z, y, x), taps);
                }
}

// The offset of the first maximum among `taps` (channel offsets added).
template<typename T> int64_t firstMax(const T *in, const std::vector<int64_t> &taps, int64_t channel)
{
    int64_t best = taps.front() + channel;
    for (int64_t t : taps)
        if (in[t + channel] > in[best])
            best = t + channel;
    return best;
}

template<typename T> Forward<T> maxPoolForward(const OpArgs<T> &a)
{
    const PoolShape p = poolShape(a);
    const T *in = a.input().data();
    BasicTensor<T> out(pooledShape(a, p));
    forEachWindow(p, [&](int64_t o, const std::vector<int64_t> &taps) {
        for (int64_t c = 0; c < p.channels; ++c)
            out[o + c] = in[firstMax(in, taps, c)];
    });
    return {std::move(out), {}};
}

template<typename T> Backward<T> maxPoolBackward(const OpArgs<T> &a, const BasicTensor<T> &dy)
{
    const PoolShape p = poolShape(a);
    const T *in = a.input().data();
    BasicTensor<T> dIn(a.input().shape());
    forEachWindow(p, [&](int64_t o, const std::vector<int64_t> &taps) {
        for (int64_t c = 0; c < p.channels; ++c)
            dIn[firstMax(in, taps, c)] += dy[o + c];
    });
    return {{std::move(dIn)}, {}};
}

template<typename T> Forward<T> averagePoolForward(const OpArgs<T> &a)
{
    const PoolShape p = poolShape(a);
    const T *in = a.input().data();
    BasicTensor<T> out(pooledShape(a, p));
    forEachWindow(p, [&](int64_t o, const std::vector<int64_t> &taps) {
        for (int64_t c = 0; c < p.channels; ++c) {
            T sum = 0;
            for (int64_t t : taps)
                sum += in[t + c];
            out[o + c] = sum / T(taps.size());
        }
    });
    return {std::move(out), {}};
}

template<typename T> Backward<T> averagePoolBackward(const OpArgs<T> &a, const BasicTensor<T> &dy)
{
    const PoolShape p = poolShape(a);
    BasicTensor<T> dIn(a.input().shape());
    forEachWindow(p, [&](int64_t o, const std::vector<int64_t> &taps) {
        for (int64_t c = 0; c < p.channels; ++c)
            for (int64_t t : taps)
                dIn[t + c] += dy[o + c] / T(taps.size());
    });
    return {{std::move(dIn)}, {}};
}

// Global pooling reads the input as (N, positions, C).
struct GlobalShape {
    int64_t batch, positions, channels;
};

template<typename T> GlobalShape globalShape(const BasicTensor<T> &in)
{
    return {in.dim(0), in.size() / (in.dim(0) * in.dim(-1)), in.dim(-1)};
}

template<typename T> Forward<T> globalAverageForward(const OpArgs<T> &a)
{
    const auto [N, P, C] = globalShape(a.input());
    BasicTensor<T> out({N, C});
    for (int64_t n = 0; n < N; ++n)
        for (int64_t c = 0; c < C; ++c) {
            T sum = 0;
            for (int64_t i = 0; i < P; ++i)
                sum += a.input()[(n * P + i) * C + c];
            out[n * C + c] = sum / T(P);
        }
    return {std::move(out), {}};
}

template<typename T> Backward<T> globalAverageBackward(const OpArgs<T> &a, const BasicTensor<T> &dy)
{
    const auto [N, P, C] = globalShape(a.input());
    BasicTensor<T> dIn(a.input().shape());
    for (int64_t n = 0; n < N; ++n)
        for (int64_t i = 0; i < P; ++i)
            for (int64_t c = 0; c < C; ++c)
                dIn[(n * P + i) * C + c] = dy[n * C + c] / T(P);
    return {{std::move(dIn)}, {}};
}

// The offset of the first maximum of channel c of sample n.
template<typename T> int64_t globalArgmax(const BasicTensor<T> &in, int64_t n, int64_t c)
{
    const auto [N, P, C] = globalShape(in);
    int64_t best = n * P * C + c;
    for (int64_t i = 1; i < P; ++i)
        if (in[(n * P + i) * C + c] > in[best])
            best = (n * P + i) * C + c;
    return best;
}

template<typename T> Forward<T> globalMaxForward(const OpArgs<T> &a)
{
    const auto [N, P, C] = globalShape(a.input());
    BasicTensor<T> out({N, C});
    for (int64_t n = 0; n < N; ++n)
        for (int64_t c = 0; c < C; ++c)
            out[n * C + c] = a.input()[globalArgmax(a.input(), n, c)];
    return {std::move(out), {}};
}

template<typename T> Backward<T> globalMaxBackward(const OpArgs<T> &a, const BasicTensor<T> &dy)
{
    const auto [N, P, C] = globalShape(a.input());
    BasicTensor<T> dIn(a.input().shape());
    for (int64_t n = 0; n < N; ++n)
        for (int64_t c = 0; c < C; ++c)
            dIn[globalArgmax(a.input(), n, c)] += dy[n * C + c];
    return {{std::move(dIn)}, {}};
}

} // namespace

template<typename T> void addPoolOps(OpTable<T> &table)
{
    table.push_back({"MaxPooling3D", maxPoolForward<T>, maxPoolBackward<T>});
    table.push_back({"MaxPooling2D", maxPoolForward<T>, maxPoolBackward<T>});
    table.push_back({"AveragePooling3D", averagePoolForward<T>, averagePoolBackward<T>});
    table.push_back({"AveragePooling2D", averagePoolForward<T>, averagePoolBackward<T>});
    table.push_back({"GlobalAveragePooling3D", globalAverageForward<T>, globalAverageBackward<T>});
    table.push_back({"GlobalAveragePooling2D", globalAverageForward<T>, globalAverageBackward<T>});
    table.push_back({"GlobalMaxPooling2D", globalMaxForward<T>, globalMaxBackward<T>});
}

template void addPoolOps(OpTable<float> &);
template void addPoolOps(OpTable<double> &);

} // namespace volnet::ref
