#version 450
// Inverted dropout, forward and backward alike: out = x · scale where the mask keeps
// element i, else 0. The mask is the reference's (ops/random.h) bit for bit: keep i iff
// dropoutHash(seed, i) >= threshold, seed = lowbias32(step seed ^ node id hash). The
// step seed is read from the step buffer because a recorded step is replayed with new
// seeds; the backward pass of the same step reads the same seed and so the same mask.
// Four elements per invocation as in activation_forward.comp.
#include "volnet_grid.glsl"

layout(constant_id = 1) const uint kCount = 1;
layout(constant_id = 2) const uint kNodeHash = 0;
layout(constant_id = 3) const uint kThreshold = 0;
layout(constant_id = 4) const float kScale = 1.0;

layout(std430, set = 0, binding = 0) readonly buffer Step { uint stepSeed; };
layout(std430, set = 0, binding = 1) readonly buffer X { float x[]; };
layout(std430, set = 0, binding = 1) readonly buffer X4 { vec4 x4[]; };
layout(std430, set = 0, binding = 2) writeonly buffer Y { float y[]; };
layout(std430, set = 0, binding = 2) writeonly buffer Y4 { vec4 y4[]; };

uvec4 lowbias32(uvec4 v)
{
    v ^= v >> 16;
    v *= 0x7feb352du;
    v ^= v >> 15;
    v *= 0x846ca68bu;
    v ^= v >> 16;
    return v;
}

void main()
{
    uint i = globalIndex();
    uint seed = lowbias32(uvec4(stepSeed ^ kNodeHash)).x;
    uvec4 index = 4u * i + uvec4(0u, 1u, 2u, 3u);
    bvec4 keep = greaterThanEqual(lowbias32(lowbias32(index) ^ seed), uvec4(kThreshold));
    if (index.w < kCount) {
        y4[i] = mix(vec4(0.0), x4[i] * kScale, keep);
        return;
    }
    for (uint k = 0u; k < 4u && index[k] < kCount; ++k)
        y[index[k]] = keep[k] ? x[index[k]] * kScale : 0.0;
}
