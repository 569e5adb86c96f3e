// The geometry of windowed pooling over (N, D, H, W, C) inputs (a 2D pool has D = 1),
// placed as ref::WindowAxis places windows: output o of an axis covers inputs
// [o·stride - padBefore, o·stride - padBefore + size), of which only the real ones count.
//
// An invocation handles kLanes neighbouring channels of one position: 4 when C is a
// multiple of 4, read and written as vec4 (on lavapipe, whose lanes otherwise gather one
// float each, that is over twice as fast), else 1 (the .x of the same vec4 code). The
// shaders declare each buffer twice on one binding, as float[] and as vec4[].
#include "volnet_grid.glsl"

layout(constant_id = 1) const uint kCount = 1; // invocations
layout(constant_id = 2) const uint kChannels = 1;
layout(constant_id = 3) const uint kInD = 1;
layout(constant_id = 4) const uint kInH = 1;
layout(constant_id = 5) const uint kInW = 1;
layout(constant_id = 6) const uint kOutD = 1;
layout(constant_id = 7) const uint kOutH = 1;
layout(constant_id = 8) const uint kOutW = 1;
layout(constant_id = 9) const int kSizeD = 1;
layout(constant_id = 10) const int kSizeH = 1;
layout(constant_id = 11) const int kSizeW = 1;
layout(constant_id = 12) const int kStrideD = 1;
layout(constant_id = 13) const int kStrideH = 1;
layout(constant_id = 14) const int kStrideW = 1;
layout(constant_id = 15) const int kPadD = 0;
layout(constant_id = 16) const int kPadH = 0;
layout(constant_id = 17) const int kPadW = 0;
// Backward: windows that do not overlap (stride >= size on every axis) scatter from the
// outputs into a zeroed gradient; overlapping ones gather over the inputs.
layout(constant_id = 18) const bool kDisjoint = false;

const bool kVector = kChannels % 4u == 0u;
const uint kLanes = kVector ? 4u : 1u;
const uvec4 kLaneOffsets = uvec4(0u, 1u, 2u, 3u);

// Positions are ivec3s of (depth, row, column), indexed [0], [1], [2]. Window `o` starts
// at input o·stride - padBefore; its taps run over the window size, and those outside
// [0, size of the input) are padding. The loops over taps and windows have constant trip
// counts so that the driver unrolls them (twice as fast on lavapipe as clipped bounds).
const ivec3 kInSize = ivec3(kInD, kInH, kInW);
const ivec3 kOutSize = ivec3(kOutD, kOutH, kOutW);
const ivec3 kWindow = ivec3(kSizeD, kSizeH, kSizeW);
const ivec3 kStride = ivec3(kStrideD, kStrideH, kStrideW);
const ivec3 kPad = ivec3(kPadD, kPadH, kPadW);
// At most this many windows cover an input along each axis.
const ivec3 kCovering = (kWindow + kStride - 1) / kStride;

ivec3 windowOrigin(ivec3 o)
{
    return o * kStride - kPad;
}

bool inside(ivec3 p, ivec3 size)
{
    return all(greaterThanEqual(p, ivec3(0))) && all(lessThan(p, size));
}

// The number of real inputs in window `o`.
int realTaps(ivec3 o)
{
    ivec3 first = windowOrigin(o);
    ivec3 extent = min(first + kWindow, kInSize) - max(first, ivec3(0));
    return extent.x * extent.y * extent.z;
}

// The first window that covers input `i` along each axis (the next ones follow at steps
// of one, up to kCovering of them, while they still cover it and exist).
ivec3 firstCovering(ivec3 i)
{
    ivec3 lowest = i + kPad - kWindow + 1; // a window must start at or after this
    return max((lowest + kStride - 1) / kStride, ivec3(0));
}

bool covers(ivec3 o, ivec3 i)
{
    return all(lessThan(o, kOutSize)) && all(lessThanEqual(windowOrigin(o), i));
}

// (sample, position, first channel) of invocation `index` over a (·, size, C) tensor.
void split(uint index, ivec3 size, out uint n, out ivec3 at, out uint c)
{
    uint groups = kChannels / kLanes;
    c = (index % groups) * kLanes;
    uint rest = index / groups;
    for (int a = 2; a >= 0; --a) {
        at[a] = int(rest % uint(size[a]));
        rest /= uint(size[a]);
    }
    n = rest;
}

uint elementIndex(uint n, ivec3 p, ivec3 size, uint c)
{
    return (((n * size[0] + p[0]) * size[1] + p[1]) * size[2] + p[2]) * kChannels + c;
}

uint inputIndex(uint n, ivec3 p, uint c)
{
    return elementIndex(n, p, kInSize, c);
}

uint outputIndex(uint n, ivec3 o, uint c)
{
    return elementIndex(n, o, kOutSize, c);
}
