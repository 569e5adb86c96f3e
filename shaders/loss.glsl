// Softmax cross-entropy over rows of kClasses logits with one integer label per row
// (ops/loss.h). One invocation per row: rows are few (the batch) and short (the classes).
#include "volnet_grid.glsl"

layout(constant_id = 1) const uint kRows = 1;
layout(constant_id = 2) const uint kClasses = 1;

layout(std430, set = 0, binding = 0) readonly buffer Logits { float z[]; };
layout(std430, set = 0, binding = 1) readonly buffer Labels { uint label[]; };

// A padding row (label -1 as int32): no loss, zero gradient, left out of the mean and the
// metrics, as ref::kIgnoredLabel.
const uint kIgnored = 0xffffffffu;

uint countedRows()
{
    uint n = 0u;
    for (uint row = 0u; row < kRows; ++row)
        n += label[row] == kIgnored ? 0u : 1u;
    return n;
}

// The first index of the row's maximum, as argmax and the reference pick it.
uint argmaxOf(uint first)
{
    uint top = 0u;
    for (uint k = 1u; k < kClasses; ++k)
        if (z[first + k] > z[first + top])
            top = k;
    return top;
}

// log Σ_k exp(z_k) over the row, shifted by its maximum `top` so that nothing overflows.
float logSumExp(uint first, uint top)
{
    float shift = z[first + top];
    float sum = 0.0;
    for (uint k = 0u; k < kClasses; ++k)
        sum += exp(z[first + k] - shift);
    return shift + log(sum);
}
