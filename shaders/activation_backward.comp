#version 450
// dx = activation'(x)·dy element-wise, written with the output y; dx and dy may be one
// range. Four elements per invocation as in activation_forward.comp.
#include "volnet_grid.glsl"
#include "activation.glsl"

layout(constant_id = 1) const uint kCode = 0;
layout(constant_id = 2) const uint kCount = 1;

layout(std430, set = 0, binding = 0) readonly buffer Y { float y[]; };
layout(std430, set = 0, binding = 0) readonly buffer Y4 { vec4 y4[]; };
layout(std430, set = 0, binding = 1) readonly buffer DY { float dy[]; };
layout(std430, set = 0, binding = 1) readonly buffer DY4 { vec4 dy4[]; };
layout(std430, set = 0, binding = 2) writeonly buffer DX { float dx[]; };
layout(std430, set = 0, binding = 2) writeonly buffer DX4 { vec4 dx4[]; };

void main()
{
    uint i = globalIndex();
    if (4u * i + 3u < kCount) {
        vec4 v = y4[i], g = dy4[i];
        dx4[i] = vec4(activationGradient(kCode, v.x, g.x), activationGradient(kCode, v.y, g.y),
                      activationGradient(kCode, v.z, g.z), activationGradient(kCode, v.w, g.w));
        return;
    }
    for (uint e = 4u * i; e < kCount; ++e)
        dx[e] = activationGradient(kCode, y[e], dy[e]);
}
