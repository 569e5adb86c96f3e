// Blocks that move values without arithmetic (Reshape, Flatten, Permute, FoldTime,
// FrameSlice) and TemporalPooling, which reduces the time axis. Reshape and Flatten read
// the values in row-major channels-last order, as Keras does: no data moves. Permute's
// dims count the sample axes from 1. FoldTime puts frame t's channel c at t * C + c.
// TemporalPooling 'max' sends the gradient to the first frame holding the maximum, as
// max pooling does (see pool.cpp).
#include "ref/op_family.h"

namespace volnet::ref {

namespace {

// out's axis i is in's axis perm[i] (axes of the batched tensor, 0-based).
template<typename T> BasicTensor<T> permuteAxes(const BasicTensor<T> &in, const std::vector<size_t> &perm)
{
    Dims shape;
    for (size_t p : perm)
        shape.push_back(in.shape()[p]);
    const Dims inStrides = in.strides();
    BasicTensor<T> out(shape);
    Dims index(shape.size(), 0);
    for (int64_t o = 0; o < out.size(); ++o) {
        int64_t source = 0;
        for (size_t i = 0; i < shape.size(); ++i)
            source += index[i] * inStrides[perm[i]];
        out[o] = in[source];
        for (size_t i = shape.size(); i-- > 0 && ++index[i] == shape[i];)
            index[i] = 0;
    }
    return out;
}

template<typename T> Backward<T> reshapeBack(const OpArgs<T> &a, const BasicTensor<T> &dy)
{
    return {{dy.reshaped(a.input().shape())}, {}};
}

template<typename T> Forward<T> reshapeForward(const OpArgs<T> &a)
{
    const BasicTensor<T> &in = a.input();
    const int64_t sample = in.size() / in.dim(0);
    int64_t known = 1;
    for (int64_t d : a.tuple("target_shape"))
        known *= d == -1 ? 1 : d;
    Dims shape{in.dim(0)};
    for (int64_t d : a.tuple("target_shape"))
        shape.push_back(d == -1 ? sample / known : d);
    return {in.reshaped(shape), {}};
}

template<typename T> Forward<T> flattenForward(const OpArgs<T> &a)
{
    const BasicTensor<T> &in = a.input();
    return {in.reshaped({in.dim(0), in.size() / in.dim(0)}), {}};
}

template<typename T> std::vector<size_t> permutation(const OpArgs<T> &a)
{
    std::vector<size_t> perm{0};
    for (int64_t d : a.tuple("dims"))
        perm.push_back(size_t(d));
    return perm;
}

template<typename T> Forward<T> permuteForward(const OpArgs<T> &a)
{
    return {permuteAxes(a.input(), permutation(a)), {}};
}

template<typename T> Backward<T> permuteBackward(const OpArgs<T> &a, const BasicTensor<T> &dy)
{
    return {{permuteAxes(dy, inversePermutation(permutation(a)))}, {}};
}

// (N, T, H, W, C) -> (N, H, W, T, C) -> (N, H, W, T * C).
const std::vector<size_t> kFoldTime{0, 2, 3, 1, 4};

template<typename T> Forward<T> foldTimeForward(const OpArgs<T> &a)
{
    const Dims &s = a.input().shape();
    return {permuteAxes(a.input(), kFoldTime).reshaped({s[0], s[2], s[3], s[1] * s[4]}), {}};
}

template<typename T> Backward<T> foldTimeBackward(const OpArgs<T> &a, const BasicTensor<T> &dy)
{
    const Dims &s = a.input().shape();
    return {{permuteAxes(dy.reshaped({s[0], s[2], s[3], s[1], s[4]}), inversePermutation(kFoldTime))}, {}};
}

// The input as (N, T, rest): frames of `rest` values each.
template<typename T> int64_t frameSize(const BasicTensor<T> &in)
{
    return in.size() / (in.dim(0) * in.dim(1));
}

template<typename T> Dims withoutTime(const BasicTensor<T> &in)
{
    Dims shape = in.shape();
    shape.erase(shape.begin() + 1);
    return shape;
}

template<typename T> Forward<T> frameSliceForward(const OpArgs<T> &a)
{
    const BasicTensor<T> &in = a.input();
    const int64_t frames = in.dim(1), rest = frameSize(in), index = a.integer("index");
    BasicTensor<T> out(withoutTime(in));
    for (int64_t n = 0; n < in.dim(0); ++n)
        for (int64_t r = 0; r < rest; ++r)
            out[n * rest + r] = in[(n * frames + index) * rest + r];
    return {std::move(out), {}};
}

template<typename T> Backward<T> frameSliceBackward(const OpArgs<T> &a, const BasicTensor<T> &dy)
{
    const BasicTensor<T> &in = a.input();
    const int64_t frames = in.dim(1), rest = frameSize(in), index = a.integer("index");
    BasicTensor<T> dIn(in.shape());
    for (int64_t n = 0; n < in.dim(0); ++n)
        for (int64_t r = 0; r < rest; ++r)
            dIn[(n * frames + index) * rest + r] = dy[n * rest + r];
    return {{std::move(dIn)}, {}};
}

// The frame holding the maximum of value r of sample n: the first, on ties.
template<typename T> int64_t maxFrame(const BasicTensor<T> &in, int64_t n, int64_t r)
{
    const int64_t frames = in.dim(1), rest = frameSize(in);
    int64_t best = 0;
    for (int64_t t = 1; t < frames; ++t)
        if (in[(n * frames + t) * rest + r] > in[(n * frames + best) * rest + r])
            best = t;
    return best;
}

template<typename T> Forward<T> temporalPoolingForward(const OpArgs<T> &a)
{
    const BasicTensor<T> &in = a.input();
    const int64_t frames = in.dim(1), rest = frameSize(in);
    const bool isMax = a.word("mode") == "max";
    BasicTensor<T> out(withoutTime(in));
    for (int64_t n = 0; n < in.dim(0); ++n)
        for (int64_t r = 0; r < rest; ++r) {
            if (isMax) {
                out[n * rest + r] = in[(n * frames + maxFrame(in, n, r)) * rest + r];
                continue;
            }
            T sum = 0;
            for (int64_t t = 0; t < frames; ++t)
                sum += in[(n * frames + t) * rest + r];
            out[n * rest + r] = sum / T(frames);
        }
    return {std::move(out), {}};
}

template<typename T> Backward<T> temporalPoolingBackward(const OpArgs<T> &a, const BasicTensor<T> &dy)
{
    const BasicTensor<T> &in = a.input();
    const int64_t frames = in.dim(1), rest = frameSize(in);
    const bool isMax = a.word("mode") == "max";
    BasicTensor<T> dIn(in.shape());
    for (int64_t n = 0; n < in.dim(0); ++n)
        for (int64_t r = 0; r < rest; ++r) {
            if (isMax) {
                dIn[(n * frames + maxFrame(in, n, r)) * rest + r] = dy[n * rest + r];
                continue;
            }
            for (int64_t t = 0; t < frames; ++t)
                dIn[(n * frames + t) * rest + r] = dy[n * rest + r] / T(frames);
        }
    return {{std::move(dIn)}, {}};
}

} // namespace

template<typename T> void addReshapeOps(OpTable<T> &table)
{
    table.push_back({"Reshape", reshapeForward<T>, reshapeBack<T>});
    table.push_back({"Flatten", flattenForward<T>, reshapeBack<T>});
    table.push_back({"Permute", permuteForward<T>, permuteBackward<T>});
    table.push_back({"FoldTime", foldTimeForward<T>, foldTimeBackward<T>});
    table.push_back({"FrameSlice", frameSliceForward<T>, frameSliceBackward<T>});
    table.push_back({"TemporalPooling", temporalPoolingForward<T>, temporalPoolingBackward<T>});
}

template void addReshapeOps(OpTable<float> &);
template void addReshapeOps(OpTable<double> &);

} // namespace volnet::ref
