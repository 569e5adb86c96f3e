#include "vk/grid.h"

#include "vk/device_info.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

namespace volnet::vk {

std::array<uint32_t, 3> foldGroups(uint64_t groups, const std::array<uint32_t, 3> &limits)
{
    if (groups == 0)
        return {0, 1, 1};
    // As few planes, then rows, as the limits allow, each as evenly filled as possible:
    // fewer than one row per plane, plus one group per plane, is wasted.
    const uint64_t z = divideRoundingUp(groups, uint64_t(limits[0]) * limits[1]);
    if (z > limits[2])
        throw std::length_error("a grid of " + std::to_string(groups) + " workgroups exceeds the device's " +
                                std::to_string(limits[0]) + "×" + std::to_string(limits[1]) + "×" +
                                std::to_string(limits[2]));
    const uint64_t perPlane = divideRoundingUp(groups, z);
    const uint64_t y = divideRoundingUp(perPlane, limits[0]);
    const uint64_t x = divideRoundingUp(perPlane, y);
    return {uint32_t(x), uint32_t(y), uint32_t(z)};
}

std::vector<Chunk> bindableChunks(uint64_t count, uint32_t elementSize, const DeviceInfo &device)
{
    // Chunk sizes are a multiple of both the element size and the offset alignment, so
    // every chunk but the first starts aligned too.
    const uint64_t step =
        std::lcm<uint64_t>(elementSize, std::max<uint64_t>(device.minStorageBufferOffsetAlignment, 1));
    const uint64_t chunkBytes = device.maxStorageBufferRange / step * step;
    if (chunkBytes == 0)
        throw std::length_error("elements of " + std::to_string(elementSize) +
                                " bytes do not fit the device's storage buffer range");
    const uint64_t perChunk = chunkBytes / elementSize;
    std::vector<Chunk> chunks;
    chunks.reserve(divideRoundingUp(count, perChunk));
    for (uint64_t first = 0; first < count; first += perChunk)
        chunks.push_back({first, std::min(perChunk, count - first)});
    return chunks;
}

} // namespace volnet::vk
