#version 450
// Softmax over the last axis: one invocation per row of kLength values, shifted by the
// row's maximum so that exp cannot overflow. Rows are short (classes, channels) and many
// (batch × positions) where it matters, so a row needs no cooperation between
// invocations. x and y may be one range: each value is read before it is written.
#include "volnet_grid.glsl"

layout(constant_id = 1) const uint kRows = 1;
layout(constant_id = 2) const uint kLength = 1;

layout(std430, set = 0, binding = 0) readonly buffer X { float x[]; };
layout(std430, set = 0, binding = 1) writeonly buffer Y { float y[]; };

void main()
{
    uint row = globalIndex();
    if (row >= kRows)
        return;
    uint first = row * kLength;
    float top = x[first];
    for (uint k = 1; k < kLength; ++k)
        top = max(top, x[first + k]);
    float sum = 0.0;
    for (uint k = 0; k < kLength; ++k)
        sum += exp(x[first + k] - top);
    for (uint k = 0; k < kLength; ++k)
        y[first + k] = exp(x[first + k] - top) / sum;
}
