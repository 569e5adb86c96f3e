#version 450
// The maximum over the middle axis (pool_axis.glsl); the first one wins ties, as in the
// reference, and its position on the axis goes to `argmax` for the backward pass.
#include "pool_axis.glsl"

layout(std430, set = 0, binding = 0) readonly buffer In { float x[]; };
layout(std430, set = 0, binding = 0) readonly buffer In4 { vec4 x4[]; };
layout(std430, set = 0, binding = 1) writeonly buffer Out { float y[]; };
layout(std430, set = 0, binding = 1) writeonly buffer Out4 { vec4 y4[]; };
layout(std430, set = 0, binding = 2) writeonly buffer Argmax { uint argmax[]; };
layout(std430, set = 0, binding = 2) writeonly buffer Argmax4 { uvec4 argmax4[]; };

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
    vec4 top = load(first);
    uvec4 best = uvec4(0u);
    for (uint t = 1; t < kMiddle; ++t) {
        vec4 value = load(first + t * kInner);
        bvec4 better = greaterThan(value, top);
        top = mix(top, value, better);
        best = mix(best, uvec4(t), better);
    }
    if (kVector) {
        y4[i] = top;
        argmax4[i] = best;
    } else {
        y[i] = top.x;
        argmax[i] = best.x;
    }
}
