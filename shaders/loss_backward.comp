#version 450
// d loss / d logits of the batch mean: (softmax(z) - one_hot(label)) / counted rows; zero
// for padding rows.
#include "loss.glsl"

layout(std430, set = 0, binding = 2) writeonly buffer Gradient { float dz[]; };

void main()
{
    uint row = globalIndex();
    if (row >= kRows)
        return;
    uint first = row * kClasses;
    float logSum = logSumExp(first, argmaxOf(first));
    uint l = label[row];
    float counted = float(countedRows());
    for (uint k = 0u; k < kClasses; ++k)
        dz[first + k] = l == kIgnored ? 0.0 : (exp(z[first + k] - logSum) - (k == l ? 1.0 : 0.0)) / counted;
}
