#version 450
// The mean's gradient: every input gets its output's gradient over kMiddle.
#include "pool_axis.glsl"

layout(std430, set = 0, binding = 0) readonly buffer DY { float dy[]; };
layout(std430, set = 0, binding = 0) readonly buffer DY4 { vec4 dy4[]; };
layout(std430, set = 0, binding = 1) writeonly buffer DX { float dx[]; };
layout(std430, set = 0, binding = 1) writeonly buffer DX4 { vec4 dx4[]; };

void main()
{
    uint i = globalIndex();
    if (i >= kCount)
        return;
    uint o = pooledOutput(i * kLanes);
    if (kVector)
        dx4[i] = dy4[o / 4u] / float(kMiddle);
    else
        dx[i] = dy[o] / float(kMiddle);
}
