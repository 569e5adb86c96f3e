#pragma once
// Descriptor sets for one recorder. Sets are carved from pools that grow as a recording
// needs them and are reset, not freed, when it is recorded anew: no per-set frees, no
// fragmentation, and sets stay valid while the recording is resubmitted.
#include <vulkan/vulkan.h>

#include <cstdint>
#include <vector>

namespace volnet::vk {

class DescriptorPools {
public:
    explicit DescriptorPools(VkDevice device) : m_device(device) {}
    ~DescriptorPools();
    DescriptorPools(const DescriptorPools &) = delete;
    DescriptorPools &operator=(const DescriptorPools &) = delete;

    // A set of `layout`, which holds `descriptors` storage buffers.
    VkDescriptorSet allocate(VkDescriptorSetLayout layout, uint32_t descriptors);
    // Every set allocated so far becomes invalid; the pools are kept for reuse.
    void reset();

private:
    struct Pool {
        VkDescriptorPool pool;
        uint32_t capacity;    // storage-buffer descriptors the pool was made with
        uint32_t sets;        // sets left
        uint32_t descriptors; // descriptors left
    };

    VkDevice m_device;
    std::vector<Pool> m_pools;
    size_t m_current = 0;
};

} // namespace volnet::vk
