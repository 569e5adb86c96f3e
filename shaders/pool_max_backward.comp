#version 450
// Max pooling's gradient: each window's gradient goes to its argmax (from the forward
// pass). Disjoint windows: one invocation per output writes it there, into a gradient
// the host zeroed. Overlapping windows: one invocation per input adds the gradients of
// the windows that chose it, in window order, so that no two invocations write one
// element and no atomics are needed.
#include "pool_window.glsl"

layout(std430, set = 0, binding = 0) readonly buffer Argmax { uint argmax[]; };
layout(std430, set = 0, binding = 0) readonly buffer Argmax4 { uvec4 argmax4[]; };
layout(std430, set = 0, binding = 1) readonly buffer DY { float dy[]; };
layout(std430, set = 0, binding = 1) readonly buffer DY4 { vec4 dy4[]; };
layout(std430, set = 0, binding = 2) writeonly buffer DX { float dx[]; };
layout(std430, set = 0, binding = 2) writeonly buffer DX4 { vec4 dx4[]; };

uvec4 chosen(uint element)
{
    return kVector ? argmax4[element / 4u] : uvec4(argmax[element]);
}

vec4 gradient(uint element)
{
    return kVector ? dy4[element / 4u] : vec4(dy[element]);
}

void scatter(uint i)
{
    uvec4 at = chosen(i * kLanes);
    vec4 g = gradient(i * kLanes);
    dx[at.x] = g.x;
    if (kVector) {
        dx[at.y] = g.y;
        dx[at.z] = g.z;
        dx[at.w] = g.w;
    }
}

void gather(uint i)
{
    uint n, c;
    ivec3 at;
    split(i, kInSize, n, at, c);
    ivec3 first = firstCovering(at);
    uvec4 self = i * kLanes + kLaneOffsets;
    vec4 sum = vec4(0.0);
    for (int jz = 0; jz < kCovering[0]; ++jz)
        for (int jy = 0; jy < kCovering[1]; ++jy)
            for (int jx = 0; jx < kCovering[2]; ++jx) {
                ivec3 o = first + ivec3(jz, jy, jx);
                if (!covers(o, at))
                    continue;
                uint element = outputIndex(n, o, c);
                sum += mix(vec4(0.0), gradient(element), equal(chosen(element), self));
            }
    if (kVector)
        dx4[i] = sum;
    else
        dx[i] = sum.x;
}

void main()
{
    uint i = globalIndex();
    if (i >= kCount)
        return;
    if (kDisjoint)
        scatter(i);
    else
        gather(i);
}
