#pragma once
// Copies between the host and device buffers the host cannot map (a discrete GPU's
// memory), through one host-visible buffer reused for every copy.
#include "vk/buffer.h"

#include <vulkan/vulkan.h>

#include <memory>
#include <mutex>

namespace volnet::vk {

class Context;

class Staging {
public:
    explicit Staging(Context &context);
    ~Staging();
    Staging(const Staging &) = delete;
    Staging &operator=(const Staging &) = delete;

    // Each returns when the copy is complete.
    void upload(const BufferRange &target, const void *data);
    void readback(const BufferRange &source, void *data);

private:
    // Grows the staging buffer towards `size`, up to a cap that bounds the memory it
    // holds; larger copies go in pieces. Returns the piece size.
    uint64_t reserve(uint64_t size);
    void copy(VkBuffer from, uint64_t fromOffset, VkBuffer to, uint64_t toOffset, uint64_t size, bool toHost);

    Context &m_context;
    std::mutex m_mutex; // loaders and the trainer may copy from different threads
    std::unique_ptr<Buffer> m_buffer;
    VkCommandPool m_pool = VK_NULL_HANDLE;
    VkCommandBuffer m_commands = VK_NULL_HANDLE;
    VkFence m_fence = VK_NULL_HANDLE;
};

} // namespace volnet::vk
