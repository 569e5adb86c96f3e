#version 450
// Average pooling's gradient: dy / (real inputs of the window) to every real input of
// the window. Disjoint windows: one invocation per output writes its window (the host
// zeroes the gradient first where windows leave gaps). Overlapping windows: one
// invocation per input adds over the windows that cover it, in window order.
#include "pool_window.glsl"

layout(std430, set = 0, binding = 0) readonly buffer DY { float dy[]; };
layout(std430, set = 0, binding = 0) readonly buffer DY4 { vec4 dy4[]; };
layout(std430, set = 0, binding = 1) writeonly buffer DX { float dx[]; };
layout(std430, set = 0, binding = 1) writeonly buffer DX4 { vec4 dx4[]; };

vec4 gradient(uint element)
{
    return kVector ? dy4[element / 4u] : vec4(dy[element]);
}

void store(uint element, vec4 value)
{
    if (kVector)
        dx4[element / 4u] = value;
    else
        dx[element] = value.x;
}

void scatter(uint i)
{
    uint n, c;
    ivec3 o;
    split(i, kOutSize, n, o, c);
    ivec3 origin = windowOrigin(o);
    vec4 share = gradient(i * kLanes) / float(realTaps(o));
    for (int kz = 0; kz < kSizeD; ++kz)
        for (int ky = 0; ky < kSizeH; ++ky)
            for (int kx = 0; kx < kSizeW; ++kx) {
                ivec3 p = origin + ivec3(kz, ky, kx);
                if (inside(p, kInSize))
                    store(inputIndex(n, p, c), share);
            }
}

void gather(uint i)
{
    uint n, c;
    ivec3 at;
    split(i, kInSize, n, at, c);
    ivec3 first = firstCovering(at);
    vec4 sum = vec4(0.0);
    for (int jz = 0; jz < kCovering[0]; ++jz)
        for (int jy = 0; jy < kCovering[1]; ++jy)
            for (int jx = 0; jx < kCovering[2]; ++jx) {
                ivec3 o = first + ivec3(jz, jy, jx);
                if (covers(o, at))
                    sum += gradient(outputIndex(n, o, c)) / float(realTaps(o));
            }
    store(i * kLanes, sum);
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
