// The inner loop of every convolution pass: acc += A·B over up to 8 consecutive depths
// (the reduction index of the product). The including shader defines
//   float a[kRows];                 the A values of one depth for every row of the tile
//   void loadA(uint depth);         fills `a` for `depth` (0 beyond the depth's end)
//   vec4 loadB(uint depth, uint j); B at `depth`, for this invocation's columns
//                                   columnOf(j) .. columnOf(j) + 3
// With kShareA, lane i of the subgroup loads depth k0 + i and the others receive its
// values by a shuffle with a constant lane (hence the unrolled steps), which lavapipe
// turns into a register move where it makes a broadcast a slower extraction.

vec4 acc[kRows][kColumnsPerLane];

#define VOLNET_CONV_STEP(J)                                                      \
    if (J < count) {                                                             \
        if (!kShareA)                                                            \
            loadA(k0 + J);                                                       \
        vec4 b[kColumnsPerLane];                                                 \
        for (uint j = 0; j < kColumnsPerLane; ++j)                               \
            b[j] = loadB(k0 + J, j);                                             \
        for (uint r = 0; r < kRows; ++r) {                                       \
            const vec4 v = vec4(kShareA ? subgroupShuffle(a[r], J) : a[r]);      \
            for (uint j = 0; j < kColumnsPerLane; ++j)                           \
                acc[r][j] = fma(v, b[j], acc[r][j]);                             \
        }                                                                        \
    }

// Depths k0 .. k0 + count - 1, count <= 8.
void accumulate(uint k0, uint count)
{
    if (kShareA)
        loadA(k0 + shareLane());
    VOLNET_CONV_STEP(0u)
    VOLNET_CONV_STEP(1u)
    VOLNET_CONV_STEP(2u)
    VOLNET_CONV_STEP(3u)
    VOLNET_CONV_STEP(4u)
    VOLNET_CONV_STEP(5u)
    VOLNET_CONV_STEP(6u)
    VOLNET_CONV_STEP(7u)
}

// acc = the sum over depths begin .. end - 1.
void accumulateRange(uint begin, uint end)
{
    for (uint r = 0; r < kRows; ++r)
        for (uint j = 0; j < kColumnsPerLane; ++j)
            acc[r][j] = vec4(0.0);
    uint k0 = begin;
    for (; k0 + 8u <= end; k0 += 8u)
        accumulate(k0, 8u);
    if (k0 < end)
        accumulate(k0, end - k0);
}
