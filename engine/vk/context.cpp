#include "vk/context.h"

#include "vk/error.h"
#include "vk/instance.h"
#include "vk/pipeline_cache.h"
#include "vk/staging.h"

#include <algorithm>

namespace volnet::vk {

namespace {

// Device memory the host can read fast (cached) and write without flushes (coherent),
// in the device's main heap: there, copying through a staging buffer only costs time.
bool hasDirectlyMappableMemory(const VkPhysicalDeviceMemoryProperties &memory, uint64_t mainHeapSize)
{
    const VkMemoryPropertyFlags wanted = VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT | VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT |
                                         VK_MEMORY_PROPERTY_HOST_COHERENT_BIT | VK_MEMORY_PROPERTY_HOST_CACHED_BIT;
    for (uint32_t i = 0; i < memory.memoryTypeCount; ++i) {
        const VkMemoryType &type = memory.memoryTypes[i];
        if ((type.propertyFlags & wanted) == wanted && memory.memoryHeaps[type.heapIndex].size == mainHeapSize)
            return true;
    }
    return false;
}

} // namespace

Context::Context(const ContextOptions &options)
    : m_instance(std::make_unique<Instance>(options.validation.value_or(validationFromEnvironment())))
{
    const int index = chooseDevice(m_instance->devices(), options.device ? options.device : deviceFromEnvironment());
    m_physicalDevice = m_instance->physicalDevice(index);
    m_info = m_instance->devices()[index];
    if (options.workGroupCountLimit > 0) {
        for (uint32_t &limit : m_info.maxWorkGroupCount)
            limit = std::min(limit, options.workGroupCountLimit);
    }
    vkGetPhysicalDeviceMemoryProperties(m_physicalDevice, &m_memory);
    m_directMapping = options.directMapping && hasDirectlyMappableMemory(m_memory, m_info.deviceMemory);

    createDevice();
    try {
        m_cache = std::make_unique<PipelineCache>(m_device, m_info, options.cacheDir.value_or(defaultCacheDir()));
    } catch (...) {
        vkDestroyDevice(m_device, nullptr);
        throw;
    }
}

Context::~Context()
{
    vkDeviceWaitIdle(m_device);
    m_staging.reset();
    m_cache->save();
    m_cache.reset();
    vkDestroyDevice(m_device, nullptr);
}

void Context::createDevice()
{
    const float priority = 1.0f;
    VkDeviceQueueCreateInfo queue{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
    queue.queueFamilyIndex = m_info.queueFamily;
    queue.queueCount = 1;
    queue.pQueuePriorities = &priority;
    VkDeviceCreateInfo info{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO};
    info.queueCreateInfoCount = 1;
    info.pQueueCreateInfos = &queue;
    check(vkCreateDevice(m_physicalDevice, &info, nullptr, &m_device), "vkCreateDevice");
    vkGetDeviceQueue(m_device, m_info.queueFamily, 0, &m_queue);
}

bool Context::validation() const
{
    return m_instance->validation();
}

uint64_t Context::validationMessageCount() const
{
    return m_instance->validationMessageCount();
}

Staging &Context::staging()
{
    std::lock_guard lock(m_stagingMutex);
    if (!m_staging)
        m_staging = std::make_unique<Staging>(*this);
    return *m_staging;
}

void Context::submit(VkCommandBuffer commands, VkFence fence)
{
    VkSubmitInfo info{VK_STRUCTURE_TYPE_SUBMIT_INFO};
    info.commandBufferCount = 1;
    info.pCommandBuffers = &commands;
    std::lock_guard lock(m_queueMutex);
    check(vkQueueSubmit(m_queue, 1, &info, fence), "vkQueueSubmit");
}

void Context::wait(VkFence fence) const
{
    check(vkWaitForFences(m_device, 1, &fence, VK_TRUE, UINT64_MAX), "vkWaitForFences");
}

} // namespace volnet::vk
