#pragma once
// One Vulkan device ready for compute: the instance, the chosen physical device, a
// logical device with one compute queue, and the pipeline cache. Buffers, kernels and
// recorders hold a reference to their Context and must be destroyed before it.
#include "vk/device_info.h"

#include <vulkan/vulkan.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>

namespace volnet::vk {

class Instance;
class PipelineCache;
class Staging;

struct ContextOptions {
    std::optional<int> device;      // --device N; unset: VOLNET_DEVICE, else the best device
    std::optional<bool> validation; // unset: VOLNET_VALIDATION=1
    // Where the pipeline cache lives; unset: defaultCacheDir(). An empty path keeps it in
    // memory only.
    std::optional<std::filesystem::path> cacheDir;
    // Map device memory directly where the device has host-visible memory in its main
    // heap (CPU drivers, integrated GPUs). false copies through staging buffers as on a
    // discrete GPU, which lets tests exercise that path anywhere.
    bool directMapping = true;
    // Lowers maxComputeWorkGroupCount in every dimension, so that tests can exercise the
    // folding of long grids on devices whose own limit is out of reach. 0: the device's.
    uint32_t workGroupCountLimit = 0;
};

class Context {
public:
    // Throws Error when there is no usable device, the index asked for does not exist,
    // or the device cannot be created.
    explicit Context(const ContextOptions &options = {});
    ~Context();
    Context(const Context &) = delete;
    Context &operator=(const Context &) = delete;

    // The chosen device, with its limits lowered as the options ask.
    const DeviceInfo &device() const { return m_info; }
    VkDevice handle() const { return m_device; }
    VkPhysicalDevice physicalDevice() const { return m_physicalDevice; }
    const VkPhysicalDeviceMemoryProperties &memoryProperties() const { return m_memory; }

    bool validation() const;
    uint64_t validationMessageCount() const;
    bool directMapping() const { return m_directMapping; }
    bool timestamps() const { return m_info.timestampValidBits > 0; }

    PipelineCache &pipelineCache() { return *m_cache; }
    // Created on first use: only buffers the host cannot map need it.
    Staging &staging();

    // The queue is shared by every recorder of this context, possibly on several
    // threads; Vulkan wants its use serialised.
    void submit(VkCommandBuffer commands, VkFence fence);
    // Waits for `fence`; throws Error when the device was lost meanwhile.
    void wait(VkFence fence) const;

private:
    void createDevice();

    std::unique_ptr<Instance> m_instance;
    VkPhysicalDevice m_physicalDevice = VK_NULL_HANDLE;
    DeviceInfo m_info;
    VkPhysicalDeviceMemoryProperties m_memory{};
    bool m_directMapping = false;
    VkDevice m_device = VK_NULL_HANDLE;
    VkQueue m_queue = VK_NULL_HANDLE;
    std::mutex m_queueMutex;
    std::unique_ptr<PipelineCache> m_cache;
    std::mutex m_stagingMutex;
    std::unique_ptr<Staging> m_staging;
};

} // namespace volnet::vk
