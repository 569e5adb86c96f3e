// Pooling over the middle axis of an input seen as (outer, kMiddle, kInner), which it
// removes: global pooling is (N, positions, C) -> (N, C), TemporalPooling
// (N, T, rest) -> (N, rest). A forward invocation owns kLanes neighbouring outputs
// (o, j…) and walks the middle axis; neighbouring invocations own neighbouring j, so
// their reads are contiguous at every step. kLanes is 4 (read and written as vec4, over
// twice as fast on lavapipe) when kInner is a multiple of 4, else 1; the shaders declare
// each buffer twice on one binding, as float[] and as vec4[].
#include "volnet_grid.glsl"

layout(constant_id = 1) const uint kCount = 1; // invocations
layout(constant_id = 2) const uint kMiddle = 1;
layout(constant_id = 3) const uint kInner = 1;

const bool kVector = kInner % 4u == 0u;
const uint kLanes = kVector ? 4u : 1u;

// Where output (o, j) = `pooled` reads its first input.
uint firstInput(uint pooled)
{
    return (pooled / kInner) * kMiddle * kInner + pooled % kInner;
}

// The output that input `element` is pooled into.
uint pooledOutput(uint element)
{
    return (element / (kMiddle * kInner)) * kInner + element % kInner;
}

// The position of input `element` on the middle axis.
uint middleOf(uint element)
{
    return (element / kInner) % kMiddle;
}
