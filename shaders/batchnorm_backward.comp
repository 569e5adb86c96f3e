#version 450
// d input, element-wise, kLanes elements per invocation. Training: the batch statistics
// depend on x too, so dx = gamma · inv / m · (m · dy - d beta - x̂ · d gamma), m the
// samples per feature; inference: dx = gamma · inv · dy. inv = 1 / sqrt(variance + epsilon).
#define COEFFICIENTS_BINDING 2
#include "batchnorm.glsl"

layout(std430, set = 0, binding = 0) readonly buffer X { float x[]; };
layout(std430, set = 0, binding = 0) readonly buffer X4 { vec4 x4[]; };
layout(std430, set = 0, binding = 1) readonly buffer DY { float dy[]; };
layout(std430, set = 0, binding = 1) readonly buffer DY4 { vec4 dy4[]; };
layout(std430, set = 0, binding = 3) readonly buffer Sums { vec2 sums[]; }; // training only
layout(std430, set = 0, binding = 4) writeonly buffer DX { float dx[]; };
layout(std430, set = 0, binding = 4) writeonly buffer DX4 { vec4 dx4[]; };

void main()
{
    uint i = globalIndex();
    if (i >= kCount / kLanes)
        return;
    uint c = featureOf(i * kLanes);
    Coefficients k = coefficientsOf(c);
    vec4 gradient = kVector ? dy4[i] : vec4(dy[i]);
    vec4 result;
    if (kTraining) {
        vec2 a = sums[c], b = kVector ? sums[c + 1u] : a, d = kVector ? sums[c + 2u] : a,
             e = kVector ? sums[c + 3u] : a;
        vec4 dBeta = vec4(a.x, b.x, d.x, e.x), dGamma = vec4(a.y, b.y, d.y, e.y);
        float m = float(kSamples);
        vec4 normalized = ((kVector ? x4[i] : vec4(x[i])) - k.mean) * k.inv;
        result = k.gamma * k.inv / m * (m * gradient - dBeta - normalized * dGamma);
    } else {
        result = k.gamma * k.inv * gradient;
    }
    if (kVector)
        dx4[i] = result;
    else
        dx[i] = result.x;
}
