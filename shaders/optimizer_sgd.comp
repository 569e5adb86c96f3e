#version 450
// One SGD step over every trainable parameter, as Keras updates them
// (keras/src/optimizers/sgd.py): without momentum w -= lr·g; with it
// m = momentum·m - lr·g, then w += m, or w += momentum·m - lr·g (Nesterov).
#include "volnet_grid.glsl"
#include "step_params.glsl"

layout(constant_id = 1) const uint kCount = 1;
layout(constant_id = 2) const uint kPartials = 1024;
layout(constant_id = 3) const float kMomentum = 0.0;
layout(constant_id = 4) const bool kNesterov = false;
layout(constant_id = 7) const float kClipNorm = 0.0; // 0: no clipping

layout(std430, set = 0, binding = 0) buffer Weights { float w[]; };
layout(std430, set = 0, binding = 1) readonly buffer Gradients { float g[]; };
layout(std430, set = 0, binding = 2) buffer State { float m[]; }; // unused without momentum
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
    if (kMomentum <= 0.0) {
        w[i] -= lr * grad;
        return;
    }
    float velocity = kMomentum * m[i] - lr * grad;
    m[i] = velocity;
    w[i] += kNesterov ? kMomentum * velocity - lr * grad : velocity;
}
