// Concatenate (along `axis`, counted as Keras counts it: 0 would be the batch axis, 1 the
// first axis of a sample, -1 the last) and Add.
#include "ref/op_family.h"

namespace volnet::ref {

namespace {

// The batched axis to join along, and each input seen as (outer, length, inner).
struct Joint {
    size_t axis = 0;
    int64_t outer = 1;
    int64_t inner = 1;
};

template<typename T> Joint joint(const OpArgs<T> &a)
{
    const Dims &shape = a.input().shape();
    const int64_t axis = a.integer("axis");
    Joint j;
    j.axis = size_t(axis < 0 ? int64_t(shape.size()) + axis : axis);
    for (size_t i = 0; i < j.axis; ++i)
        j.outer *= shape[i];
    for (size_t i = j.axis + 1; i < shape.size(); ++i)
        j.inner *= shape[i];
    return j;
}

template<typename T> Forward<T> concatenateForward(const OpArgs<T> &a)
{
    const Joint j = joint(a);
    Dims shape = a.input().shape();
    shape[j.axis] = 0;
    for (const BasicTensor<T> &in : a.inputs)
        shape[j.axis] += in.shape()[j.axis];
    BasicTensor<T> out(shape);
    const int64_t outRow = shape[j.axis] * j.inner;
    int64_t start = 0; // where the current input begins within an output row
    for (const BasicTensor<T> &in : a.inputs) {
        const int64_t row = in.shape()[j.axis] * j.inner;
        for (int64_t o = 0; o < j.outer; ++o)
            for (int64_t i = 0; i < row; ++i)
                out[o * outRow + start + i] = in[o * row + i];
        start += row;
    }
    return {std::move(out), {}};
}

template<typename T> Backward<T> concatenateBackward(const OpArgs<T> &a, const BasicTensor<T> &dy)
{
    const Joint j = joint(a);
    const int64_t outRow = dy.shape()[j.axis] * j.inner;
    Backward<T> b;
    int64_t start = 0;
    for (const BasicTensor<T> &in : a.inputs) {
        const int64_t row = in.shape()[j.axis] * j.inner;
        BasicTensor<T> dIn(in.shape());
        for (int64_t o = 0; o < j.outer; ++o)
            for (int64_t i = 0; i < row; ++i)
                dIn[o * row + i] = dy[o * outRow + start + i];
        b.inputs.push_back(std::move(dIn));
        start += row;
    }
    return b;
}

template<typename T> Forward<T> addForward(const OpArgs<T> &a)
{
    BasicTensor<T> out = a.input();
    for (size_t k = 1; k < a.inputs.size(); ++k)
        for (int64_t i = 0; i < out.size(); ++i)
            out[i] += a.input(k)[i];
    return {std::move(out), {}};
}

template<typename T> Backward<T> addBackward(const OpArgs<T> &a, const BasicTensor<T> &dy)
{
    return {std::vector<BasicTensor<T>>(a.inputs.size(), dy), {}};
}

} // namespace

template<typename T> void addMergeOps(OpTable<T> &table)
{
    table.push_back({"Concatenate", concatenateForward<T>, concatenateBackward<T>});
    table.push_back({"Add", addForward<T>, addBackward<T>});
}

template void addMergeOps(OpTable<float> &);
template void addMergeOps(OpTable<double> &);

} // namespace volnet::ref
