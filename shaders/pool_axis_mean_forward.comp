#version 450
// The mean over the middle axis (pool_axis.glsl), summed in order like the reference.
#include "pool_axis.glsl"

layout(std430, set = 0, binding = 0) readonly buffer In { float x[]; };
layout(std430, set = 0, binding = 0) readonly buffer In4 { vec4 x4[]; };
layout(std430, set = 0, binding = 1) writeonly buffer Out { float y[]; };
layout(std430, set = 0, binding = 1) writeonly buffer Out4 { vec4 y4[]; };

vec4 load(uint element)
{
    return kVector ? x4[element / 4u] : vec4(x[element]);
}

void main()
{
    uint i = globalIndex();
    if (i >= kCount)
        return;
    uint first = firstInput(i * kLanes);
    vec4 sum = vec4(0.0);
    for (uint t = 0; t < kMiddle; ++t)
        sum += load(first + t * kInner);
    vec4 mean = sum / float(kMiddle);
    if (kVector)
        y4[i] = mean;
    else
        y[i] = mean.x;
}
