#version 450
// One invocation per feature packs its coefficients (batchnorm.glsl). Training: the batch
// mean and biased variance from the chunks' sums and squared deviations
// (batchnorm_partials.comp; Chan et al.'s merge: m2 = Σ m2_g + Σ n_g (mean_g - mean)²),
// and the moving averages updated in place as Keras updates them:
// moving · momentum + batch · (1 - momentum). Inference: the moving statistics as they are.
#include "batchnorm.glsl"

layout(std430, set = 0, binding = 0) readonly buffer Partials { vec2 partial[]; }; // training only
layout(std430, set = 0, binding = 1) readonly buffer Gamma { float gamma[]; };
layout(std430, set = 0, binding = 2) readonly buffer Beta { float beta[]; };
layout(std430, set = 0, binding = 3) buffer MovingMean { float movingMean[]; };
layout(std430, set = 0, binding = 4) buffer MovingVariance { float movingVariance[]; };
layout(std430, set = 0, binding = 5) writeonly buffer Packed { vec4 packed[]; };

void main()
{
    uint c = globalIndex();
    if (c >= kFeatures)
        return;
    float mean = movingMean[c], variance = movingVariance[c];
    if (kTraining) {
        float sum = 0.0;
        for (uint g = 0; g < kPartials; ++g)
            sum += partial[g * kFeatures + c].x;
        mean = sum / float(kSamples);
        float m2 = 0.0;
        for (uint g = 0; g < kPartials; ++g) {
            uvec2 samples = chunkSamples(g);
            float n = float(samples.y - samples.x);
            vec2 p = partial[g * kFeatures + c];
            float d = p.x / n - mean;
            m2 += p.y + n * d * d;
        }
        variance = m2 / float(kSamples);
        movingMean[c] = movingMean[c] * kMomentum + mean * (1.0 - kMomentum);
        movingVariance[c] = movingVariance[c] * kMomentum + variance * (1.0 - kMomentum);
    }
    packed[c] = vec4(gamma[c], beta[c], mean, 1.0 / sqrt(variance + kEpsilon));
}
