#version 450
// out = a permutation of the axes of in, for up to 6 axes. One invocation per output
// element, so writes are contiguous; axis a of the output (a = 0 innermost) has size kDa
// and steps kSa elements through the input. Unused axes keep size 1 and stride 0, which
// the driver folds away with the rest of the index arithmetic. Where the innermost axis
// stays innermost (step 1) and holds a multiple of 4, an invocation copies 4 elements
// as one vec4 (much faster on lavapipe); the buffers are declared as float[] and vec4[].
#include "volnet_grid.glsl"

layout(constant_id = 1) const uint kCount = 1; // elements
layout(constant_id = 2) const uint kD0 = 1;
layout(constant_id = 3) const uint kD1 = 1;
layout(constant_id = 4) const uint kD2 = 1;
layout(constant_id = 5) const uint kD3 = 1;
layout(constant_id = 6) const uint kD4 = 1;
layout(constant_id = 7) const uint kD5 = 1;
layout(constant_id = 8) const uint kS0 = 0;
layout(constant_id = 9) const uint kS1 = 0;
layout(constant_id = 10) const uint kS2 = 0;
layout(constant_id = 11) const uint kS3 = 0;
layout(constant_id = 12) const uint kS4 = 0;
layout(constant_id = 13) const uint kS5 = 0;

// kS0 == 1 && kD0 % 4 == 0, without && (which glslang cannot fold into a constant).
const bool kVector = ((kS0 - 1u) | (kD0 % 4u)) == 0u;
const uint kLanes = kVector ? 4u : 1u;

layout(std430, set = 0, binding = 0) readonly buffer In { float source[]; };
layout(std430, set = 0, binding = 0) readonly buffer In4 { vec4 source4[]; };
layout(std430, set = 0, binding = 1) writeonly buffer Out { float destination[]; };
layout(std430, set = 0, binding = 1) writeonly buffer Out4 { vec4 destination4[]; };

void main()
{
    uint i = globalIndex();
    if (i >= kCount / kLanes)
        return;
    uint rest = i * kLanes;
    uint from = (rest % kD0) * kS0;
    rest /= kD0;
    from += (rest % kD1) * kS1;
    rest /= kD1;
    from += (rest % kD2) * kS2;
    rest /= kD2;
    from += (rest % kD3) * kS3;
    rest /= kD3;
    from += (rest % kD4) * kS4;
    rest /= kD4;
    from += (rest % kD5) * kS5;
    if (kVector)
        destination4[i] = source4[from / 4u];
    else
        destination[i] = source[from];
}
