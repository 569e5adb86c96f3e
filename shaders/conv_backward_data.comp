#version 450
// Convolution backward, the gradient of the input: dx = dz ⊛ᵀ kernel, the matrix
// product of the input positions (rows) by taps × filters with the kernel transposed to
// (taps, filters, channels), rows padded to whole vec4s (conv_pack). Input position i
// gets tap k of output o when i = o·stride + k·dilation - pad, so o = (i + pad -
// k·dilation) / stride where that divides and lands inside the output; with strides above
// 1 most taps of a position have none and add zeros. A tile is kRows consecutive positions of one input row along W.
#include "conv_geometry.glsl"

layout(std430, set = 0, binding = 0) readonly buffer OutputGradient { float dz[]; };
layout(std430, set = 0, binding = 1) readonly buffer KernelT { vec4 wt4[]; };
layout(std430, set = 0, binding = 2) writeonly buffer InputGradient { float dx[]; };
layout(std430, set = 0, binding = 2) writeonly buffer InputGradientQuads { vec4 dx4[]; };

const uint kDepth = kTaps * kFilters;
const uint kTilesPerRow = (kInW + kRows - 1) / kRows;
const uint kTiles = kBatch * kInD * kInH * kTilesPerRow;
const uint kBlocks = (kChannels + kBlockWidth - 1) / kBlockWidth;

uint n, iz, iy, ix0;
float a[kRows];

// The output index o along an axis that input i reaches through tap offset k·dilation,
// or -1 where there is none. Without a branch: see VOLNET_LOAD_COLUMNS.
int sourceOf(int i, uint tapOffset, uint pad, uint stride, uint outSize)
{
    const int t = i + int(pad) - int(tapOffset);
    const bool reaches = t >= 0 && uint(t) % stride == 0u && uint(t) / stride < outSize;
    return reaches ? int(uint(t) / stride) : -1;
}

void loadA(uint depth)
{
    const uint tap = depth / kFilters, f = depth % kFilters;
    const uint kx = tap % kKernelW, ky = (tap / kKernelW) % kKernelH, kz = tap / (kKernelW * kKernelH);
    const int oz = sourceOf(int(iz), kz * kDilationD, kPadD, kStrideD, kOutD);
    const int oy = sourceOf(int(iy), ky * kDilationH, kPadH, kStrideH, kOutH);
    const bool inside = depth < kDepth && oz >= 0 && oy >= 0;
    const int row = ((int(n * kOutD) + oz) * int(kOutH) + oy) * int(kOutW);
    for (uint r = 0; r < kRows; ++r) {
        const int ox = sourceOf(int(ix0 + r), kx * kDilationW, kPadW, kStrideW, kOutW);
        const bool valid = inside && ox >= 0;
        const float v = dz[valid ? (row + ox) * int(kFilters) + int(f) : 0];
        a[r] = valid ? v : 0.0;
    }
}

vec4 loadB(uint depth, uint j)
{
    const uint c = columnOf(j);
    VOLNET_LOAD_COLUMNS(wt4, kChannels, depth, c)
}

#include "conv_tile.glsl"

void main()
{
    const uint group = groupIndex();
    const uint lane = gl_LocalInvocationID.x;
    const uint tile = (group / kBlocks) * kRowLanes + lane / kLanes;
    if (tile >= kTiles)
        return;
    column = (group % kBlocks) * kBlockWidth + 4 * (lane % kLanes);
    ix0 = (tile % kTilesPerRow) * kRows;
    const uint inRow = tile / kTilesPerRow; // (n, iz, iy)
    iy = inRow % kInH;
    iz = (inRow / kInH) % kInD;
    n = inRow / (kInH * kInD);

    accumulateRange(0, kDepth);

    // Flat conditions around single stores: nested ones make lavapipe's compiler crawl.
    for (uint j = 0; j < kColumnsPerLane; ++j) {
        const uint c = columnOf(j);
        for (uint r = 0; r < kRows; ++r) {
            const bool rowInside = ix0 + r < kInW;
            const uint at = (inRow * kInW + ix0 + r) * kChannels + c;
            if (kChannels % 4 == 0) {
                if (rowInside && c < kChannels)
                    dx4[at / 4] = acc[r][j];
            } else {
                for (uint q = 0; q < 4; ++q)
                    if (rowInside && c + q < kChannels)
                        dx[at + q] = acc[r][j][q];
            }
        }
    }
}
