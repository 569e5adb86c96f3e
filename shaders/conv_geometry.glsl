// What the convolution kernels share: the geometry of one convolution as specialization
// constants, and the tiling of its implicit matrix product.
//
// Every pass is a matrix product C = A·B whose rows are positions (or kernel taps), whose
// columns are channels, and whose A operand is gathered from a tensor through the
// window arithmetic. An invocation accumulates kRows rows × kColumnsPerLane columns in
// registers; its columns are kLanes apart so that neighbouring invocations read
// neighbouring addresses of B. With kShareA, a workgroup is one subgroup that works on
// the same rows: each lane loads the A values of one of 8 consecutive depths and
// subgroupBroadcast hands them to the others, so every A value is loaded once per
// subgroup instead of once per lane (CPU drivers such as lavapipe load lane by lane).
// Without it (subgroups narrower than 8 or without ballot), every invocation loads its
// own A values and kRowLanes invocations of a workgroup work on different rows.
#extension GL_KHR_shader_subgroup_shuffle : require

#include "volnet_grid.glsl"

// The convolution as the forward pass sees it; axes D, H, W. Dense and the LSTM's
// products are 1×1×1 convolutions over (batch, 1, 1, rows, features).
layout(constant_id = 1) const uint kBatch = 1;
layout(constant_id = 2) const uint kInD = 1;
layout(constant_id = 3) const uint kInH = 1;
layout(constant_id = 4) const uint kInW = 1;
layout(constant_id = 5) const uint kChannels = 1;
layout(constant_id = 6) const uint kOutD = 1;
layout(constant_id = 7) const uint kOutH = 1;
layout(constant_id = 8) const uint kOutW = 1;
layout(constant_id = 9) const uint kFilters = 1;
layout(constant_id = 10) const uint kKernelD = 1;
layout(constant_id = 11) const uint kKernelH = 1;
layout(constant_id = 12) const uint kKernelW = 1;
layout(constant_id = 13) const uint kStrideD = 1;
layout(constant_id = 14) const uint kStrideH = 1;
layout(constant_id = 15) const uint kStrideW = 1;
layout(constant_id = 16) const uint kDilationD = 1;
layout(constant_id = 17) const uint kDilationH = 1;
layout(constant_id = 18) const uint kDilationW = 1;
layout(constant_id = 19) const uint kPadD = 0; // padding before the first input, per axis
layout(constant_id = 20) const uint kPadH = 0;
layout(constant_id = 21) const uint kPadW = 0;

// The tiling.
layout(constant_id = 22) const uint kRows = 8;
layout(constant_id = 23) const uint kColumnsPerLane = 1; // groups of 4 columns
layout(constant_id = 24) const uint kLanes = 8; // invocations side by side over the columns
layout(constant_id = 25) const bool kShareA = true;

const uint kTaps = kKernelD * kKernelH * kKernelW;
const uint kRowLanes = kGroupSize / kLanes;
const uint kBlockWidth = 4 * kLanes * kColumnsPerLane;

// The depth index whose A values this lane loads for the subgroup (kShareA).
uint shareLane()
{
    return gl_SubgroupInvocationID & 7u;
}

uint column; // this invocation's first column

// The first of the 4 columns of this invocation's group j.
uint columnOf(uint j)
{
    return column + 4 * kLanes * j;
}

// The body of a loadB: columns c .. c + 3 of `row` of a row-major matrix `width` columns
// wide, 0 past its end. One vec4 load where rows are whole vec4s (the buffer bound a
// second time as `quads`), else four scalar ones.
#define VOLNET_LOAD_COLUMNS(scalars, quads, width, row, c)                                 \
    if (width % 4 == 0) {                                                                   \
        if (width % kBlockWidth != 0 && c >= width)                                         \
            return vec4(0.0);                                                               \
        return quads[((row) * width + c) / 4];                                              \
    }                                                                                       \
    vec4 v;                                                                                 \
    for (uint q = 0; q < 4; ++q) {                                                          \
        const bool inside = c + q < width;                                                  \
        v[q] = inside ? scalars[inside ? (row) * width + c + q : 0] : 0.0;                  \
    }                                                                                       \
    return v;

// This workgroup's index in the 1D grid.
uint groupIndex()
{
    return globalIndex() / kGroupSize;
}
