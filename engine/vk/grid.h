#pragma once
// How work is cut to fit the device's limits: a long 1D grid of workgroups folded into
// the three dimensions maxComputeWorkGroupCount allows, and a tensor too large for one
// descriptor (maxStorageBufferRange) split into windows that can each be bound.
#include <array>
#include <cstdint>
#include <vector>

namespace volnet::vk {

struct DeviceInfo;

constexpr uint64_t divideRoundingUp(uint64_t n, uint64_t d)
{
    return (n + d - 1) / d;
}

// A grid of at least `groups` workgroups within `limits`: 1D where it fits, else folded
// into rows (and planes). Shaders recover the linear index with globalIndex()
// (shaders/volnet_grid.glsl) and skip the few groups past `groups`. Throws std::length_error when even three dimensions
// cannot hold it.
std::array<uint32_t, 3> foldGroups(uint64_t groups, const std::array<uint32_t, 3> &limits);

struct Chunk {
    uint64_t first; // index of the chunk's first element
    uint64_t count; // elements in the chunk
};

// Splits `count` elements of `elementSize` bytes, starting at a buffer offset aligned
// to minStorageBufferOffsetAlignment, into chunks that a descriptor can each bind: at
// most maxStorageBufferRange bytes, every one starting at an aligned offset. A tensor
// that fits is one chunk.
std::vector<Chunk> bindableChunks(uint64_t count, uint32_t elementSize, const DeviceInfo &device);

} // namespace volnet::vk
