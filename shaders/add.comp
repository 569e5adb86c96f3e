#version 450
// sum = a + b element-wise, four elements per invocation as in activation_forward.comp.
// Add of more inputs runs it again with a = sum, so the terms are added in input order,
// as the reference adds them; a and sum may be one range.
#include "volnet_grid.glsl"

layout(constant_id = 1) const uint kCount = 1;

layout(std430, set = 0, binding = 0) readonly buffer A { float a[]; };
layout(std430, set = 0, binding = 0) readonly buffer A4 { vec4 a4[]; };
layout(std430, set = 0, binding = 1) readonly buffer B { float b[]; };
layout(std430, set = 0, binding = 1) readonly buffer B4 { vec4 b4[]; };
layout(std430, set = 0, binding = 2) writeonly buffer Sum { float sum[]; };
layout(std430, set = 0, binding = 2) writeonly buffer Sum4 { vec4 sum4[]; };

void main()
{
    uint i = globalIndex();
    if (4u * i + 3u < kCount) {
        sum4[i] = a4[i] + b4[i];
        return;
    }
    for (uint e = 4u * i; e < kCount; ++e)
        sum[e] = a[e] + b[e];
}
