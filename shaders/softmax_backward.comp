#version 450
// The softmax Jacobian diag(y) - y·yᵀ applied to dy, one invocation per row:
// dx_i = y_i (dy_i - Σ_j dy_j y_j). dx and dy may be one range.
#include "volnet_grid.glsl"

layout(constant_id = 1) const uint kRows = 1;
layout(constant_id = 2) const uint kLength = 1;

layout(std430, set = 0, binding = 0) readonly buffer Y { float y[]; };
layout(std430, set = 0, binding = 1) readonly buffer DY { float dy[]; };
layout(std430, set = 0, binding = 2) writeonly buffer DX { float dx[]; };

void main()
{
    uint row = globalIndex();
    if (row >= kRows)
        return;
    uint first = row * kLength;
    float dot = 0.0;
    for (uint k = 0; k < kLength; ++k)
        dot += dy[first + k] * y[first + k];
    for (uint k = 0; k < kLength; ++k)
        dx[first + k] = y[first + k] * (dy[first + k] - dot);
}
