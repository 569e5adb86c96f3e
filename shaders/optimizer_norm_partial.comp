#version 450
// Global gradient norm, first pass: invocation i sums the squares of elements i,
// i + kPartials, i + 2·kPartials… (neighbouring invocations read neighbouring addresses),
// into partial[i]. optimizer_norm_total.comp adds the partials.
#include "volnet_grid.glsl"

layout(constant_id = 1) const uint kCount = 1;
layout(constant_id = 2) const uint kPartials = 1024;

layout(std430, set = 0, binding = 0) readonly buffer Gradients { float g[]; };
layout(std430, set = 0, binding = 1) writeonly buffer Scratch { float partial[]; };

void main()
{
    uint i = globalIndex();
    if (i >= kPartials)
        return;
    float sum = 0.0;
    for (uint j = i; j < kCount; j += kPartials)
        sum += g[j] * g[j];
    partial[i] = sum;
}
