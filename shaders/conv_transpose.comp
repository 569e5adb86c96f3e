#version 450
// The kernel (taps, channels, filters) transposed to (taps, filters, channels), the B
// operand of conv_backward_data: there the columns are channels, and neighbouring
// invocations read neighbouring channels.
#include "volnet_grid.glsl"

layout(constant_id = 1) const uint kTaps = 1;
layout(constant_id = 2) const uint kChannels = 1;
layout(constant_id = 3) const uint kFilters = 1;

layout(std430, set = 0, binding = 0) readonly buffer Kernel { float w[]; };
layout(std430, set = 0, binding = 1) writeonly buffer KernelT { float wt[]; };

void main()
{
    const uint i = globalIndex();
    if (i >= kTaps * kChannels * kFilters)
        return;
    const uint c = i % kChannels, f = (i / kChannels) % kFilters, tap = i / (kChannels * kFilters);
    wt[i] = w[(tap * kChannels + c) * kFilters + f];
}
