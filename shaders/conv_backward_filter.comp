#version 450
// Convolution backward, the gradient of the kernel and bias: dkernel = xᵀ·dz summed over
// the output positions, as the matrix product of the kernel's rows (tap, channel) by the
// output positions with dz (rows padded to whole vec4s, conv_pack, where the filters are
// not a multiple of 4). The bias is one more row whose A values are all 1. The positions
// are long (every voxel of the batch), so they are split in runs, each summed into its
// own slice of `partials` (rows padded likewise); conv_reduce adds the slices.
#include "conv_geometry.glsl"

layout(constant_id = 26) const bool kHasBias = false;
layout(constant_id = 27) const uint kRun = 1; // output positions per split

layout(std430, set = 0, binding = 0) readonly buffer Input { float x[]; };
layout(std430, set = 0, binding = 0) readonly buffer InputQuads { vec4 x4[]; };
layout(std430, set = 0, binding = 1) readonly buffer OutputGradient { vec4 dz4[]; };
layout(std430, set = 0, binding = 2) writeonly buffer Partials { vec4 partials4[]; };

const uint kDepth = kTaps * kChannels; // the kernel's rows; the bias row follows
const uint kKernelRows = kDepth + (kHasBias ? 1u : 0u);
const uint kPositions = kBatch * kOutD * kOutH * kOutW;
const uint kTiles = (kKernelRows + kRows - 1) / kRows;
const uint kRowGroups = (kTiles + kRowLanes - 1) / kRowLanes;
const uint kBlocks = (kFilters + kBlockWidth - 1) / kBlockWidth;
const uint kPaddedFilters = (kFilters + 3) / 4 * 4;

uint firstRow, runEnd;
float a[kRows];

// The index in x of kernel row `row`'s A value at an output position, or -1 where the
// tap reads padding, the row is the bias row or beyond, or the position is past the run.
int inputIndex(uint row, uint n, uint oz, uint oy, uint ox, bool live)
{
    const uint tap = row / kChannels, channel = row % kChannels;
    const uint kx = tap % kKernelW, ky = (tap / kKernelW) % kKernelH, kz = tap / (kKernelW * kKernelH);
    const int iz = int(oz * kStrideD + kz * kDilationD) - int(kPadD);
    const int iy = int(oy * kStrideH + ky * kDilationH) - int(kPadH);
    const int ix = int(ox * kStrideW + kx * kDilationW) - int(kPadW);
    const bool valid = live && row < kDepth && iz >= 0 && iz < int(kInD) && iy >= 0 && iy < int(kInH) && ix >= 0
                       && ix < int(kInW);
    return valid ? (((int(n * kInD) + iz) * int(kInH) + iy) * int(kInW) + ix) * int(kChannels) + int(channel) : -1;
}

// Where channels come in whole vec4s, 4 neighbouring rows of a tile (kRows is a multiple
// of 4) are 4 channels of one tap, loaded at once.
void loadA(uint position)
{
    const uint ox = position % kOutW, oy = (position / kOutW) % kOutH;
    const uint oz = (position / (kOutW * kOutH)) % kOutD, n = position / (kOutW * kOutH * kOutD);
    const bool live = position < runEnd;
    for (uint r = 0; r < kRows; r += 4) {
        if (kChannels % 4 == 0) {
            const int index = inputIndex(firstRow + r, n, oz, oy, ox, live);
            const float bias = kHasBias && live && firstRow + r == kDepth ? 1.0 : 0.0;
            const vec4 v = x4[max(index, 0) / 4];
            for (uint q = 0; q < 4; ++q)
                a[r + q] = index >= 0 ? v[q] : (q == 0 ? bias : 0.0);
        } else {
            for (uint q = 0; q < 4; ++q) {
                const uint row = firstRow + r + q;
                const int index = inputIndex(row, n, oz, oy, ox, live);
                const float v = x[max(index, 0)];
                a[r + q] = index >= 0 ? v : (kHasBias && live && row == kDepth ? 1.0 : 0.0);
            }
        }
    }
}

vec4 loadB(uint position, uint j)
{
    const uint f = columnOf(j);
    VOLNET_LOAD_COLUMNS(dz4, kFilters, position, f)
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
        for (uint r = 0; r < kRows; ++r)
            if (columnOf(j) < kFilters && firstRow + r < kKernelRows)
                partials4[((split * kKernelRows + firstRow + r) * kPaddedFilters + columnOf(j)) / 4] = acc[r][j];
}
