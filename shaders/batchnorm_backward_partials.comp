#version 450
// d beta and d gamma, first step: chunk g of feature c sums dy and dy · x̂, where
// x̂ = (x - mean) / sqrt(variance + epsilon). batchnorm_backward_sums.comp adds the chunks.
#define COEFFICIENTS_BINDING 2
#include "batchnorm.glsl"

layout(std430, set = 0, binding = 0) readonly buffer X { float x[]; };
layout(std430, set = 0, binding = 0) readonly buffer X4 { vec4 x4[]; };
layout(std430, set = 0, binding = 1) readonly buffer DY { float dy[]; };
layout(std430, set = 0, binding = 1) readonly buffer DY4 { vec4 dy4[]; };
layout(std430, set = 0, binding = 3) writeonly buffer Partials { vec2 partial[]; }; // (Σ dy, Σ dy·x̂)

void main()
{
    uint i = globalIndex();
    if (i >= kPartials * kFeatureGroups)
        return;
    uint c = (i % kFeatureGroups) * kLanes, g = i / kFeatureGroups;
    uvec2 samples = chunkSamples(g);
    Coefficients k = coefficientsOf(c);
    vec4 dBeta = vec4(0.0), dGamma = vec4(0.0);
    for (uint s = samples.x; s < samples.y; ++s) {
        uint e = elementOf(s, c);
        vec4 gradient = kVector ? dy4[e / 4u] : vec4(dy[e]);
        vec4 v = kVector ? x4[e / 4u] : vec4(x[e]);
        dBeta += gradient;
        dGamma += gradient * ((v - k.mean) * k.inv);
    }
    for (uint lane = 0u; lane < kLanes; ++lane)
        partial[g * kFeatures + c + lane] = vec2(dBeta[lane], dGamma[lane]);
}
