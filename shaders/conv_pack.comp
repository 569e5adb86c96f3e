#version 450
// A B operand of the convolution passes, repacked: each of kGroups groups of kRows rows
// of kWidth columns, rows padded with zeros to a whole number of vec4s (see
// VOLNET_LOAD_COLUMNS). With kTranspose, each group of `source` is read transposed: the
// kernel's (channels, filters) per tap becoming (filters, channels) for conv_backward_data.
#include "volnet_grid.glsl"

layout(constant_id = 1) const uint kGroups = 1;
layout(constant_id = 2) const uint kRows = 1;
layout(constant_id = 3) const uint kWidth = 1;
layout(constant_id = 4) const bool kTranspose = false;

layout(std430, set = 0, binding = 0) readonly buffer Source { float source[]; };
layout(std430, set = 0, binding = 1) writeonly buffer Packed { float packed[]; };

const uint kPaddedWidth = (kWidth + 3) / 4 * 4;

void main()
{
    const uint i = globalIndex();
    if (i >= kGroups * kRows * kPaddedWidth)
        return;
    const uint column = i % kPaddedWidth, row = (i / kPaddedWidth) % kRows, group = i / (kPaddedWidth * kRows);
    const uint from = kTranspose ? (group * kWidth + column) * kRows + row : (group * kRows + row) * kWidth + column;
    const bool inside = column < kWidth;
    const float v = source[inside ? from : 0];
    packed[i] = inside ? v : 0.0;
}
