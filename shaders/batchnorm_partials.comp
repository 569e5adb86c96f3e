#version 450
// Training statistics, first step: chunk g of feature c gets the sum of its values and
// the sum of their squared deviations from the chunk's own mean (two passes, as exact as
// the reference's). batchnorm_statistics.comp merges the chunks.
#include "batchnorm.glsl"

layout(std430, set = 0, binding = 0) readonly buffer X { float x[]; };
layout(std430, set = 0, binding = 0) readonly buffer X4 { vec4 x4[]; };
layout(std430, set = 0, binding = 1) writeonly buffer Partials { vec2 partial[]; }; // (sum, m2)

vec4 load(uint element)
{
    return kVector ? x4[element / 4u] : vec4(x[element]);
}

void main()
{
    uint i = globalIndex();
    if (i >= kPartials * kFeatureGroups)
        return;
    uint c = (i % kFeatureGroups) * kLanes, g = i / kFeatureGroups;
    uvec2 samples = chunkSamples(g);
    vec4 sum = vec4(0.0);
    for (uint s = samples.x; s < samples.y; ++s)
        sum += load(elementOf(s, c));
    vec4 mean = sum / float(samples.y - samples.x);
    vec4 m2 = vec4(0.0);
    for (uint s = samples.x; s < samples.y; ++s) {
        vec4 d = load(elementOf(s, c)) - mean;
        m2 += d * d;
    }
    for (uint lane = 0u; lane < kLanes; ++lane)
        partial[g * kFeatures + c + lane] = vec2(sum[lane], m2[lane]);
}
