#version 450
// The maximum's gradient: an input gets its output's gradient where it was the maximum,
// else 0.
#include "pool_axis.glsl"

layout(std430, set = 0, binding = 0) readonly buffer Argmax { uint argmax[]; };
layout(std430, set = 0, binding = 0) readonly buffer Argmax4 { uvec4 argmax4[]; };
layout(std430, set = 0, binding = 1) readonly buffer DY { float dy[]; };
layout(std430, set = 0, binding = 1) readonly buffer DY4 { vec4 dy4[]; };
layout(std430, set = 0, binding = 2) writeonly buffer DX { float dx[]; };
layout(std430, set = 0, binding = 2) writeonly buffer DX4 { vec4 dx4[]; };

void main()
{
    uint i = globalIndex();
    if (i >= kCount)
        return;
    uint element = i * kLanes, o = pooledOutput(element);
    uint t = middleOf(element);
    if (kVector)
        dx4[i] = mix(vec4(0.0), dy4[o / 4u], equal(argmax4[o / 4u], uvec4(t)));
    else
        dx[i] = argmax[o] == t ? dy[o] : 0.0;
}
