#version 450
// Adds the kSplits slices of conv_backward_filter's partial sums into rows of kWidth
// values (the slices' rows are padded to whole vec4s): out[i] is row first + i / kWidth,
// column i % kWidth, summed over the slices; the kernel's rows, and then the bias row.
#include "volnet_grid.glsl"

layout(constant_id = 1) const uint kSplits = 1;
layout(constant_id = 2) const uint kSliceRows = 1;
layout(constant_id = 3) const uint kWidth = 1;

layout(std430, set = 0, binding = 0) readonly buffer Partials { float partials[]; };
layout(std430, set = 0, binding = 1) writeonly buffer Sum { float sum[]; };

layout(push_constant) uniform Push {
    uint first; // row
    uint count; // values
} p;

const uint kPaddedWidth = (kWidth + 3) / 4 * 4;

void main()
{
    const uint i = globalIndex();
    if (i >= p.count)
        return;
    const uint at = (p.first + i / kWidth) * kPaddedWidth + i % kWidth;
    float s = 0.0;
    for (uint split = 0; split < kSplits; ++split)
        s += partials[split * kSliceRows * kPaddedWidth + at];
    sum[i] = s;
}
