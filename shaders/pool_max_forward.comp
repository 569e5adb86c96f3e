#version 450
// Max pooling, one invocation per output position and kLanes channels. The first maximum
// in scan order (depth, rows, columns) wins ties, as in the reference, and its input
// index goes to `argmax` for the backward pass.
#include "pool_window.glsl"

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
    uint n, c;
    ivec3 o;
    split(i, kOutSize, n, o, c);
    ivec3 origin = windowOrigin(o);
    uint first = inputIndex(n, max(origin, ivec3(0)), c); // every window has a real tap
    vec4 top = load(first);
    uvec4 best = first + kLaneOffsets;
    for (int kz = 0; kz < kSizeD; ++kz)
        for (int ky = 0; ky < kSizeH; ++ky)
            for (int kx = 0; kx < kSizeW; ++kx) {
                ivec3 p = origin + ivec3(kz, ky, kx);
                if (!inside(p, kInSize))
                    continue;
                uint at = inputIndex(n, p, c);
                vec4 value = load(at);
                bvec4 better = greaterThan(value, top);
                top = mix(top, value, better);
                best = mix(best, at + kLaneOffsets, better);
            }
    // Invocations enumerate outputs in memory order, kLanes at a time.
    if (kVector) {
        y4[i] = top;
        argmax4[i] = best;
    } else {
        y[i] = top.x;
        argmax[i] = best.x;
    }
}
