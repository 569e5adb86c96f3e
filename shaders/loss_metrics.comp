#version 450
// Adds a batch's per-row results (loss_forward.comp) to the running metrics, without
// atomics: invocation l owns row l of the confusion matrix (label l; columns are the
// predictions), and invocation 0 also owns the loss sum, the row count and the correct
// count. The loss sum is compensated (Kahan), so that a long epoch of small losses is not
// rounded away in float. Layout: ops/loss.h.
#include "volnet_grid.glsl"

layout(constant_id = 1) const uint kRows = 1;
layout(constant_id = 2) const uint kClasses = 1;

struct Sample {
    float loss;
    uint predicted;
};
layout(std430, set = 0, binding = 0) readonly buffer Labels { uint label[]; };
layout(std430, set = 0, binding = 1) readonly buffer Samples { Sample samples[]; };
layout(std430, set = 0, binding = 2) buffer Metrics {
    float lossSum;
    float lossCompensation;
    uint rows;
    uint correct;
    uint confusion[];
};

void main()
{
    uint l = globalIndex();
    if (l >= kClasses)
        return;
    for (uint row = 0u; row < kRows; ++row)
        if (label[row] == l)
            confusion[l * kClasses + samples[row].predicted] += 1u;
    if (l != 0u)
        return;
    precise float sum = lossSum, compensation = lossCompensation;
    uint right = 0u, counted = 0u;
    for (uint row = 0u; row < kRows; ++row) {
        if (label[row] == 0xffffffffu)
            continue; // a padding row (ops/loss.h)
        ++counted;
        precise float y = samples[row].loss - compensation;
        precise float t = sum + y;
        compensation = (t - sum) - y;
        sum = t;
        right += samples[row].predicted == label[row] ? 1u : 0u;
    }
    lossSum = sum;
    lossCompensation = compensation;
    rows += counted;
    correct += right;
}
