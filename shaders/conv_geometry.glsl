// What the convolution kernels share: the geometry of one convolution as specialization
// constants, and the tiling of its implicit matrix product.
//
// Every pass is a matrix product C = A·B whose rows are positions (or kernel rows), whose
// columns are channels, and whose A operand is gathered from a tensor through the
// window arithmetic. An invocation accumulates kRows rows × kColumnsPerLane groups of 4
// adjacent columns in registers, loading B 4 columns at a time; neighbouring invocations
// take neighbouring groups, so they read neighbouring addresses of B. With kShareA (CPU
// drivers such as lavapipe, which load memory lane by lane), a workgroup is one subgroup
// of at least 8 lanes working on the same rows: each lane loads the A values of one of 8
// consecutive depths and hands them to the others by subgroup shuffles, so every A value
// is loaded once per subgroup instead of once per lane. Without it (GPUs), every
// invocation loads its own A values and kRowLanes invocations of a workgroup work on
// different rows.
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

// Columns c .. c + 3 of `row` of the B operand: a row-major matrix of `width` columns,
// each row padded to a whole number of vec4s (conv_pack makes such copies where `width`
// is not a multiple of 4), and 0 past its end. The B loads of the inner loop are all vec4
// loads: lavapipe compiles every scalar load there into its own loop over the lanes, and
// its compilation time grows much faster than the count of loads. The load is
// unconditional (from index 0 where outside) and selected after, for the same reason.
#define VOLNET_LOAD_COLUMNS(quads, width, row, c)                                          \
    const uint paddedWidth = (width + 3) / 4 * 4;                                           \
    const bool inside = paddedWidth % kBlockWidth == 0 || c < paddedWidth;                 \
    const vec4 v = quads[inside ? ((row) * paddedWidth + c) / 4 : 0];                       \
    return inside ? v : vec4(0.0);

// This workgroup's index in the 1D grid.
uint groupIndex()
{
    return globalIndex() / kGroupSize;
}
