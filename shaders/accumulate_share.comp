#version 450
// sum = (first ? 0 : sum) + share · gradient: a micro-batch's weight gradients added into
// the step's, weighted by its share of the step's rows (its gradient is the mean over its
// own rows, the step's the mean over all of them). `share` and `first` change with every
// micro-batch, so they are read from a buffer the host rewrites, not recorded.
#include "volnet_grid.glsl"

layout(std430, set = 0, binding = 0) readonly buffer Gradient { float gradient[]; };
layout(std430, set = 0, binding = 1) buffer Sum { float sum[]; };
layout(std430, set = 0, binding = 2) readonly buffer Share {
    float share;
    uint first;
};

layout(push_constant) uniform Push {
    uint count;
} p;

void main()
{
    const uint i = globalIndex();
    if (i >= p.count)
        return;
    const float before = first != 0u ? 0.0 : sum[i];
    sum[i] = before + share * gradient[i];
}
