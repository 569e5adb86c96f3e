#version 450
// y = gamma (x - mean) / sqrt(variance + epsilon) + beta, element-wise, kLanes elements
// per invocation.
#define COEFFICIENTS_BINDING 1
#include "batchnorm.glsl"

layout(std430, set = 0, binding = 0) readonly buffer X { float x[]; };
layout(std430, set = 0, binding = 0) readonly buffer X4 { vec4 x4[]; };
layout(std430, set = 0, binding = 2) writeonly buffer Y { float y[]; };
layout(std430, set = 0, binding = 2) writeonly buffer Y4 { vec4 y4[]; };

void main()
{
    uint i = globalIndex();
    if (i >= kCount / kLanes)
        return;
    Coefficients k = coefficientsOf(featureOf(i * kLanes));
    vec4 v = kVector ? x4[i] : vec4(x[i]);
    vec4 result = k.gamma * (v - k.mean) * k.inv + k.beta;
    if (kVector)
        y4[i] = result;
    else
        y[i] = result.x;
}
