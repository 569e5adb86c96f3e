#version 450
// wide[o, kStart + j] = narrow[o, j]: a tensor seen as (outer, kWidth) copied into columns
// [kStart, kStart + kWidth) of one seen as (outer, kWideWidth). One invocation per
// element of the narrow tensor, so neighbours read and write neighbouring addresses; 4
// elements as one vec4 where the widths and the start are multiples of 4 (much faster on
// lavapipe). The buffers are declared as float[] and vec4[].
#include "volnet_grid.glsl"

layout(constant_id = 1) const uint kCount = 1; // elements of the narrow tensor
layout(constant_id = 2) const uint kWidth = 1;
layout(constant_id = 3) const uint kWideWidth = 1;
layout(constant_id = 4) const uint kStart = 0;

const bool kVector = ((kWidth | kWideWidth | kStart) % 4u) == 0u;
const uint kLanes = kVector ? 4u : 1u;

layout(std430, set = 0, binding = 0) readonly buffer Narrow { float narrow[]; };
layout(std430, set = 0, binding = 0) readonly buffer Narrow4 { vec4 narrow4[]; };
layout(std430, set = 0, binding = 1) writeonly buffer Wide { float wide[]; };
layout(std430, set = 0, binding = 1) writeonly buffer Wide4 { vec4 wide4[]; };

void main()
{
    uint i = globalIndex();
    if (i >= kCount / kLanes)
        return;
    uint e = i * kLanes;
    uint to = (e / kWidth) * kWideWidth + kStart + e % kWidth;
    if (kVector)
        wide4[to / 4u] = narrow4[i];
    else
        wide[to] = narrow[i];
}
