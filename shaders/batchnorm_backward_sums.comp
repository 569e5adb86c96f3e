#version 450
// d beta and d gamma, second step: one invocation per feature adds its chunks, for the
// weight gradients and, packed, for batchnorm_backward.comp.
#include "batchnorm.glsl"

layout(std430, set = 0, binding = 0) readonly buffer Partials { vec2 partial[]; };
layout(std430, set = 0, binding = 1) writeonly buffer DGamma { float dGamma[]; };
layout(std430, set = 0, binding = 2) writeonly buffer DBeta { float dBeta[]; };
layout(std430, set = 0, binding = 3) writeonly buffer Sums { vec2 sums[]; }; // (d beta, d gamma)

void main()
{
    uint c = globalIndex();
    if (c >= kFeatures)
        return;
    vec2 sum = vec2(0.0);
    for (uint g = 0; g < kPartials; ++g)
        sum += partial[g * kFeatures + c];
    dBeta[c] = sum.x;
    dGamma[c] = sum.y;
    sums[c] = sum;
}
