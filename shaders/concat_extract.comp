#version 450
// narrow[o, j] = wide[o, kStart + j]: columns [kStart, kStart + kWidth) of a tensor seen as
// (outer, kWideWidth) copied out into one seen as (outer, kWidth); the reverse of
// concat_insert.comp, with its vec4 path.
#include "volnet_grid.glsl"

layout(constant_id = 1) const uint kCount = 1; // elements of the narrow tensor
layout(constant_id = 2) const uint kWidth = 1;
layout(constant_id = 3) const uint kWideWidth = 1;
layout(constant_id = 4) const uint kStart = 0;

const bool kVector = ((kWidth | kWideWidth | kStart) % 4u) == 0u;
const uint kLanes = kVector ? 4u : 1u;

layout(std430, set = 0, binding = 0) readonly buffer Wide { float wide[]; };
layout(std430, set = 0, binding = 0) readonly buffer Wide4 { vec4 wide4[]; };
layout(std430, set = 0, binding = 1) writeonly buffer Narrow { float narrow[]; };
layout(std430, set = 0, binding = 1) writeonly buffer Narrow4 { vec4 narrow4[]; };

void main()
{
    uint i = globalIndex();
    if (i >= kCount / kLanes)
        return;
    uint e = i * kLanes;
    uint from = (e / kWidth) * kWideWidth + kStart + e % kWidth;
    if (kVector)
        narrow4[i] = wide4[from / 4u];
    else
        narrow[i] = wide[from];
}
