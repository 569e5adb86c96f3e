#version 450
// Adds the kSplits slices of conv_backward_filter's partial sums: out[i] = Σ_s
// partials[s·kStride + first + i], for the kernel's rows and then the bias row.
#include "volnet_grid.glsl"

layout(constant_id = 1) const uint kSplits = 1;
layout(constant_id = 2) const uint kStride = 1; // elements per slice

layout(std430, set = 0, binding = 0) readonly buffer Partials { float partials[]; };
layout(std430, set = 0, binding = 1) writeonly buffer Sum { float sum[]; };

layout(push_constant) uniform Push {
    uint first;
    uint count;
} p;

void main()
{
    const uint i = globalIndex();
    if (i >= p.count)
        return;
    float s = 0.0;
    for (uint split = 0; split < kSplits; ++split)
        s += partials[split * kStride + p.first + i];
    sum[i] = s;
}
