#pragma once
// Storage buffers in device memory, and the ranges of them that kernels bind.
#include <vulkan/vulkan.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace volnet::vk {

class Context;

// A byte range of a buffer: what a dispatch binds, and what the recorder tracks to
// decide where barriers are needed.
struct BufferRange {
    VkBuffer buffer = VK_NULL_HANDLE;
    uint64_t offset = 0;
    uint64_t size = 0;

    // A range inside this one; throws std::out_of_range when it does not fit.
    BufferRange sub(uint64_t offset, uint64_t size) const;
};

class Buffer {
public:
    enum class Memory {
        Device, // where kernels work; host-mapped when the context maps directly
        Host,   // host-visible memory, for staging
    };

    // Throws Error (OutOfMemory) with the size asked for when the device cannot hold it.
    Buffer(Context &context, uint64_t size, Memory memory = Memory::Device);
    ~Buffer();
    Buffer(Buffer &&other) noexcept;
    Buffer &operator=(Buffer &&other) noexcept;
    Buffer(const Buffer &) = delete;
    Buffer &operator=(const Buffer &) = delete;

    VkBuffer handle() const { return m_buffer; }
    uint64_t size() const { return m_size; }
    // The memory as the host sees it; null when the host cannot map it.
    std::byte *mapped() const { return m_mapped; }

    BufferRange whole() const { return {m_buffer, 0, m_size}; }
    BufferRange range(uint64_t offset, uint64_t size) const { return whole().sub(offset, size); }

    // Copies between host memory and the buffer: directly when it is mapped, else through
    // the context's staging buffer (and then waits for the copy). The GPU must not be
    // using these bytes meanwhile: wait for the recorders that touch them first.
    void upload(const void *data, uint64_t size, uint64_t offset = 0);
    void readback(void *data, uint64_t size, uint64_t offset = 0) const;

    template<typename T> void upload(std::span<const T> values, uint64_t offset = 0)
    {
        upload(values.data(), values.size_bytes(), offset);
    }
    template<typename T> std::vector<T> readback(size_t count, uint64_t offset = 0) const
    {
        std::vector<T> values(count);
        readback(values.data(), count * sizeof(T), offset);
        return values;
    }

private:
    void release();

    Context *m_context = nullptr;
    VkBuffer m_buffer = VK_NULL_HANDLE;
    VkDeviceMemory m_memory = VK_NULL_HANDLE;
    uint64_t m_size = 0;
    std::byte *m_mapped = nullptr;
};

} // namespace volnet::vk
