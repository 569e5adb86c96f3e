#version 450
// One Adam or AdamW step over every trainable parameter, as Keras updates them
// (keras/src/optimizers/adam.py, adamw.py): decoupled weight decay first (AdamW), then
// m += (g - m)(1 - beta1), v += (g² - v)(1 - beta2), w -= lr·correction·m / (sqrt(v) + eps),
// with the bias corrections folded into `correction` by the host.
#include "volnet_grid.glsl"
#include "step_params.glsl"

layout(constant_id = 1) const uint kCount = 1;
layout(constant_id = 2) const uint kPartials = 1024;
layout(constant_id = 3) const float kBeta1 = 0.9;
layout(constant_id = 4) const float kBeta2 = 0.999;
layout(constant_id = 5) const float kEpsilon = 1e-7;
layout(constant_id = 6) const float kWeightDecay = 0.0;
layout(constant_id = 7) const float kClipNorm = 0.0; // 0: no clipping

layout(std430, set = 0, binding = 0) buffer Weights { float w[]; };
layout(std430, set = 0, binding = 1) readonly buffer Gradients { float g[]; };
layout(std430, set = 0, binding = 2) buffer State { float state[]; }; // m[kCount], then v[kCount]
layout(std430, set = 0, binding = 3) readonly buffer Step { StepParams step; };
layout(std430, set = 0, binding = 4) readonly buffer Scratch { float partial[]; };

void main()
{
    uint i = globalIndex();
    if (i >= kCount)
        return;
    float grad = g[i];
    if (kClipNorm > 0.0) {
        float norm = sqrt(partial[kPartials]);
        if (norm > kClipNorm)
            grad *= kClipNorm / norm;
    }
    float lr = step.learningRate;
    float weight = w[i];
    if (kWeightDecay > 0.0)
        weight -= weight * kWeightDecay * lr;
    float m = state[i] + (grad - state[i]) * (1.0 - kBeta1);
    float v = state[kCount + i] + (grad * grad - state[kCount + i]) * (1.0 - kBeta2);
    state[i] = m;
    state[kCount + i] = v;
    w[i] = weight - lr * step.adamCorrection * m / (sqrt(v) + kEpsilon);
}
