#version 450
// Each row's loss, log Σ exp(z) - z[label], and its predicted class (the argmax). A label
// out of range gives a NaN loss, which shows in the curves, and is never read through.
#include "loss.glsl"

struct Sample {
    float loss;
    uint predicted;
};
layout(std430, set = 0, binding = 2) writeonly buffer Samples { Sample samples[]; };

void main()
{
    uint row = globalIndex();
    if (row >= kRows)
        return;
    uint first = row * kClasses;
    uint top = argmaxOf(first);
    uint l = label[row];
    if (l == kIgnored)
        samples[row].loss = 0.0;
    else
        samples[row].loss = l < kClasses ? logSumExp(first, top) - z[first + l] : uintBitsToFloat(0x7fc00000u);
    samples[row].predicted = top;
}
