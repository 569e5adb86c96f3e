// BatchNormalization's view of its input: (outer, kFeatures, kInner), normalised per
// feature over the kSamples = outer · kInner values of each. The reductions (batch
// statistics, d gamma, d beta) run in two steps: kPartials chunks of consecutive samples
// per feature, one invocation each (neighbouring invocations take neighbouring features,
// contiguous when the features are the last axis), then one invocation per feature
// that combines its chunks.
//
// When the features are the last axis and a multiple of 4 (BatchNormalization after a
// convolution), an invocation handles 4 neighbouring features, read and written as vec4
// (on lavapipe, whose lanes otherwise load one float each, that is much faster); else
// one feature, through the .x of the same vec4 code. The shaders declare such buffers
// twice on one binding, as float[] and as vec4[].
#include "volnet_grid.glsl"

layout(constant_id = 1) const uint kFeatures = 1;
layout(constant_id = 2) const uint kInner = 1;
layout(constant_id = 3) const uint kSamples = 1;
layout(constant_id = 4) const uint kPartials = 1;
layout(constant_id = 5) const float kEpsilon = 0.001;
layout(constant_id = 6) const float kMomentum = 0.99;
layout(constant_id = 7) const bool kTraining = false;
layout(constant_id = 8) const uint kCount = 1; // elements of the input
layout(constant_id = 9) const uint kChunk = 1; // samples per chunk; the last may hold fewer

// kInner == 1 && kFeatures % 4 == 0, written without && (which glslang cannot fold into
// a specialization constant).
const bool kVector = ((kInner - 1u) | (kFeatures % 4u)) == 0u;
const uint kLanes = kVector ? 4u : 1u;
const uint kFeatureGroups = kFeatures / kLanes;

// What the element-wise kernels need of the features of an invocation's lanes: gamma,
// beta, mean, and inv = 1 / sqrt(variance + epsilon), from the batch while training,
// else from the moving statistics. A buffer holds them per feature as a vec4 (one load).
struct Coefficients {
    vec4 gamma;
    vec4 beta;
    vec4 mean;
    vec4 inv;
};

// The element of sample s (0 <= s < kSamples) of feature c.
uint elementOf(uint s, uint c)
{
    return ((s / kInner) * kFeatures + c) * kInner + s % kInner;
}

uint featureOf(uint element)
{
    return (element / kInner) % kFeatures;
}

// The samples [first, end) of chunk g.
uvec2 chunkSamples(uint g)
{
    uint first = g * kChunk;
    return uvec2(first, min(first + kChunk, kSamples));
}

// A shader that reads the coefficients defines COEFFICIENTS_BINDING before including this.
#ifdef COEFFICIENTS_BINDING
layout(std430, set = 0, binding = COEFFICIENTS_BINDING) readonly buffer Packed { vec4 packed[]; };

// The coefficients of the features c, c + 1… of an invocation's lanes (c for every lane
// where it has one).
Coefficients coefficientsOf(uint c)
{
    vec4 a = packed[c];
    vec4 b = kVector ? packed[c + 1u] : a;
    vec4 d = kVector ? packed[c + 2u] : a;
    vec4 e = kVector ? packed[c + 3u] : a;
    return Coefficients(vec4(a.x, b.x, d.x, e.x), vec4(a.y, b.y, d.y, e.y), vec4(a.z, b.z, d.z, e.z),
                        vec4(a.w, b.w, d.w, e.w));
}
#endif
