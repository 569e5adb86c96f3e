#version 450
// Convolution backward, the gradient of the kernel and bias: dkernel = xᵀ·dz summed over
// the output positions, as the matrix product of the kernel's rows (tap, channel) by the
// output positions with dz. The bias is one more row whose A values are all 1. The
// positions are long (every voxel of the batch), so they are split in kSplits runs, each
// summed into its own slice of `partials`; conv_reduce adds the slices.
#include "conv_geometry.glsl"

layout(constant_id = 26) const bool kHasBias = false;
layout(constant_id = 27) const uint kRun = 1; // output positions per split

layout(std430, set = 0, binding = 0) readonly buffer Input { float x[]; };
layout(std430, set = 0, binding = 1) readonly buffer OutputGradient { float dz[]; };
layout(std430, set = 0, binding = 1) readonly buffer OutputGradientQuads { vec4 dz4[]; };
layout(std430, set = 0, binding = 2) writeonly buffer Partials { float partials[]; };

const uint kDepth = kTaps * kChannels; // the kernel's rows; the bias row follows
const uint kKernelRows = kDepth + (kHasBias ? 1u : 0u);
const uint kPositions = kBatch * kOutD * kOutH * kOutW;
const uint kTiles = (kKernelRows + kRows - 1) / kRows;
const uint kRowGroups = (kTiles + kRowLanes - 1) / kRowLanes;
const uint kBlocks = (kFilters + kBlockWidth - 1) / kBlockWidth;

uint firstRow, runEnd;
float a[kRows];

void loadA(uint position)
{
    const uint ox = position % kOutW, oy = (position / kOutW) % kOutH;
    const uint oz = (position / (kOutW * kOutH)) % kOutD, n = position / (kOutW * kOutH * kOutD);
    const bool live = position < runEnd;
    for (uint r = 0; r < kRows; ++r) {
        const uint row = firstRow + r;
        const uint tap = row / kChannels, channel = row % kChannels;
        const uint kx = tap % kKernelW, ky = (tap / kKernelW) % kKernelH, kz = tap / (kKernelW * kKernelH);
        const int iz = int(oz * kStrideD + kz * kDilationD) - int(kPadD);
        const int iy = int(oy * kStrideH + ky * kDilationH) - int(kPadH);
        const int ix = int(ox * kStrideW + kx * kDilationW) - int(kPadW);
        const bool valid = live && row < kDepth && iz >= 0 && iz < int(kInD) && iy >= 0 && iy < int(kInH) && ix >= 0
                           && ix < int(kInW);
        const int index = (((int(n * kInD) + iz) * int(kInH) + iy) * int(kInW) + ix) * int(kChannels) + int(channel);
        a[r] = valid ? x[valid ? index : 0] : (kHasBias && live && row == kDepth ? 1.0 : 0.0);
    }
}

vec4 loadB(uint position, uint j)
{
    const uint f = columnOf(j);
    VOLNET_LOAD_COLUMNS(dz, dz4, kFilters, position, f)
}

#include "conv_tile.glsl"

void main()
{
    // Neighbouring workgroups share a split, so its run of dz stays in cache.
    const uint group = groupIndex();
    const uint lane = gl_LocalInvocationID.x;
    const uint split = group / (kRowGroups * kBlocks);
    const uint tile = ((group / kBlocks) % kRowGroups) * kRowLanes + lane / kLanes;
    if (tile >= kTiles)
        return;
    firstRow = tile * kRows;
    column = (group % kBlocks) * kBlockWidth + 4 * (lane % kLanes);
    const uint runBegin = split * kRun;
    runEnd = min(runBegin + kRun, kPositions);

    accumulateRange(runBegin, runEnd);

    for (uint j = 0; j < kColumnsPerLane; ++j)
        for (uint q = 0; q < 4; ++q) {
            const uint f = columnOf(j) + q;
            if (f >= kFilters)
                continue;
            for (uint r = 0; r < kRows; ++r)
                if (firstRow + r < kKernelRows)
                    partials[(split * kKernelRows + firstRow + r) * kFilters + f] = acc[r][j][q];
        }
}
