#include "vk/descriptor_pools.h"

#include "vk/error.h"

#include <algorithm>

namespace volnet::vk {

namespace {

const uint32_t kSetsPerPool = 256;
const uint32_t kDescriptorsPerPool = 2048;

} // namespace

DescriptorPools::~DescriptorPools()
{
    for (const Pool &p : m_pools)
        vkDestroyDescriptorPool(m_device, p.pool, nullptr);
}

VkDescriptorSet DescriptorPools::allocate(VkDescriptorSetLayout layout, uint32_t descriptors)
{
    // Counting what is left ourselves means a pool never runs dry mid-allocation, which
    // drivers report in different ways.
    while (m_current < m_pools.size() && (m_pools[m_current].sets == 0 || m_pools[m_current].descriptors < descriptors))
        ++m_current;
    if (m_current == m_pools.size()) {
        const uint32_t capacity = std::max(kDescriptorsPerPool, descriptors);
        const VkDescriptorPoolSize size{VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, capacity};
        VkDescriptorPoolCreateInfo info{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
        info.maxSets = kSetsPerPool;
        info.poolSizeCount = 1;
        info.pPoolSizes = &size;
        VkDescriptorPool pool = VK_NULL_HANDLE;
        check(vkCreateDescriptorPool(m_device, &info, nullptr, &pool), "vkCreateDescriptorPool");
        m_pools.push_back({pool, capacity, kSetsPerPool, capacity});
    }

    Pool &p = m_pools[m_current];
    VkDescriptorSetAllocateInfo info{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
    info.descriptorPool = p.pool;
    info.descriptorSetCount = 1;
    info.pSetLayouts = &layout;
    VkDescriptorSet set = VK_NULL_HANDLE;
    check(vkAllocateDescriptorSets(m_device, &info, &set), "vkAllocateDescriptorSets");
    p.sets -= 1;
    p.descriptors -= descriptors;
    return set;
}

void DescriptorPools::reset()
{
    for (Pool &p : m_pools) {
        vkResetDescriptorPool(m_device, p.pool, 0);
        p.sets = kSetsPerPool;
        p.descriptors = p.capacity;
    }
    m_current = 0;
}

} // namespace volnet::vk
