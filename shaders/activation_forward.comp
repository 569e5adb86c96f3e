#version 450
// y = activate(x) element-wise for the codes of activation.glsl; x and y may be one range.
// An invocation handles 4 neighbouring elements as one vec4 (on lavapipe, whose lanes
// otherwise gather one float each, that is over twice as fast), the last one the tail.
#include "volnet_grid.glsl"
#include "activation.glsl"

layout(constant_id = 1) const uint kCode = 0;
layout(constant_id = 2) const uint kCount = 1;

layout(std430, set = 0, binding = 0) readonly buffer X { float x[]; };
layout(std430, set = 0, binding = 0) readonly buffer X4 { vec4 x4[]; };
layout(std430, set = 0, binding = 1) writeonly buffer Y { float y[]; };
layout(std430, set = 0, binding = 1) writeonly buffer Y4 { vec4 y4[]; };

void main()
{
    uint i = globalIndex();
    if (4u * i + 3u < kCount) {
        vec4 v = x4[i];
        y4[i] = vec4(activate(kCode, v.x), activate(kCode, v.y), activate(kCode, v.z), activate(kCode, v.w));
        return;
    }
    for (uint e = 4u * i; e < kCount; ++e)
        y[e] = activate(kCode, x[e]);
}
