#version 450
// Convolution forward: y = activation(x ⊛ kernel + bias), as the matrix product of the
// output positions (rows) by the depth taps × channels with the kernel (taps × channels,
// filters), which is Keras's kernel layout read as a matrix (a copy with rows padded to
// whole vec4s where the filters are not a multiple of 4). A tile is kRows consecutive
// positions of one output row along W.
#include "conv_geometry.glsl"
#include "activation.glsl"

layout(constant_id = 26) const bool kHasBias = false;
layout(constant_id = 27) const uint kActivation = 0;

layout(std430, set = 0, binding = 0) readonly buffer Input { float x[]; };
layout(std430, set = 0, binding = 1) readonly buffer Kernel { vec4 w4[]; };
layout(std430, set = 0, binding = 2) readonly buffer Bias { float bias[]; };
layout(std430, set = 0, binding = 3) writeonly buffer Output { float y[]; };
layout(std430, set = 0, binding = 3) writeonly buffer OutputQuads { vec4 y4[]; };

const uint kDepth = kTaps * kChannels;
const uint kTilesPerRow = (kOutW + kRows - 1) / kRows;
const uint kTiles = kBatch * kOutD * kOutH * kTilesPerRow;
const uint kBlocks = (kFilters + kBlockWidth - 1) / kBlockWidth;

uint n, oz, oy, ox0;
float a[kRows];

void loadA(uint depth)
{
    const uint tap = depth / kChannels, channel = depth % kChannels;
    const uint kx = tap % kKernelW, ky = (tap / kKernelW) % kKernelH, kz = tap / (kKernelW * kKernelH);
    const int iz = int(oz * kStrideD + kz * kDilationD) - int(kPadD);
    const int iy = int(oy * kStrideH + ky * kDilationH) - int(kPadH);
    const int ix = int(ox0 * kStrideW + kx * kDilationW) - int(kPadW);
    const bool inside = depth < kDepth && iz >= 0 && iz < int(kInD) && iy >= 0 && iy < int(kInH);
    const int row = ((int(n * kInD) + iz) * int(kInH) + iy) * int(kInW);
    for (uint r = 0; r < kRows; ++r) {
        const int xr = ix + int(r * kStrideW);
        const bool valid = inside && xr >= 0 && xr < int(kInW);
        const float v = x[valid ? (row + xr) * int(kChannels) + int(channel) : 0];
        a[r] = valid ? v : 0.0;
    }
}

vec4 loadB(uint depth, uint j)
{
    const uint f = columnOf(j);
    VOLNET_LOAD_COLUMNS(w4, kFilters, depth, f)
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
    ox0 = (tile % kTilesPerRow) * kRows;
    const uint outRow = tile / kTilesPerRow; // (n, oz, oy)
    oy = outRow % kOutH;
    oz = (outRow / kOutH) % kOutD;
    n = outRow / (kOutH * kOutD);

    accumulateRange(0, kDepth);

    // Flat conditions around single stores: nested ones make lavapipe's compiler crawl.
    for (uint j = 0; j < kColumnsPerLane; ++j) {
        const uint f = columnOf(j);
        vec4 b = vec4(0.0);
        for (uint q = 0; q < 4 && kHasBias; ++q) {
            const bool inside = f + q < kFilters;
            const float s = bias[inside ? f + q : 0];
            b[q] = inside ? s : 0.0;
        }
        for (uint r = 0; r < kRows; ++r) {
            const bool rowInside = ox0 + r < kOutW;
            const uint at = (outRow * kOutW + ox0 + r) * kFilters + f;
            vec4 v;
            for (uint q = 0; q < 4; ++q)
                v[q] = activate(kActivation, acc[r][j][q] + b[q]);
            if (kFilters % 4 == 0) {
                if (rowInside && f < kFilters)
                    y4[at / 4] = v;
            } else {
                for (uint q = 0; q < 4; ++q)
                    if (rowInside && f + q < kFilters)
                        y[at + q] = v[q];
            }
        }
    }
}
