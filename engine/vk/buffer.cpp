#include "vk/buffer.h"

#include "vk/context.h"
#include "vk/error.h"
#include "vk/staging.h"

#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>

namespace volnet::vk {

namespace {

// The first memory type allowed by `typeBits` with all the `required` properties,
// preferring one that also has the `preferred` ones.
int findMemoryType(const VkPhysicalDeviceMemoryProperties &memory, uint32_t typeBits, VkMemoryPropertyFlags required,
                   VkMemoryPropertyFlags preferred)
{
    int found = -1;
    for (uint32_t i = 0; i < memory.memoryTypeCount; ++i) {
        const VkMemoryPropertyFlags flags = memory.memoryTypes[i].propertyFlags;
        if (!(typeBits & (1u << i)) || (flags & required) != required)
            continue;
        if ((flags & preferred) == preferred)
            return int(i);
        if (found < 0)
            found = int(i);
    }
    return found;
}

[[noreturn]] void throwOutOfMemory(const Context &context, uint64_t size, const std::string &why)
{
    const DeviceInfo &d = context.device();
    throw Error(Error::Kind::OutOfMemory,
                "Out of GPU memory: could not allocate " + formatBytes(size) + " on " + d.name + " (" + why +
                    "; the device has " + formatBytes(d.deviceMemory) + ", at most " +
                    formatBytes(d.maxMemoryAllocationSize) +
                    " in one allocation). Use a smaller batch size or a smaller model, or close "
                    "other programs that use the GPU.");
}

} // namespace

BufferRange BufferRange::sub(uint64_t subOffset, uint64_t subSize) const
{
    if (subOffset > size || subSize > size - subOffset)
        throw std::out_of_range("buffer range [" + std::to_string(subOffset) + ", +" + std::to_string(subSize) +
                                ") is outside a range of " + std::to_string(size) + " bytes");
    return {buffer, offset + subOffset, subSize};
}

Buffer::Buffer(Context &context, uint64_t size, Memory memory) : m_context(&context), m_size(size)
{
    if (size == 0)
        throw std::invalid_argument("a Vulkan buffer cannot be empty");
    if (size > context.device().maxMemoryAllocationSize)
        throwOutOfMemory(context, size, "larger than one allocation can be");

    const VkDevice device = context.handle();
    VkBufferCreateInfo info{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
    info.size = size;
    info.usage =
        VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT;
    info.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
    check(vkCreateBuffer(device, &info, nullptr, &m_buffer), "vkCreateBuffer");

    try {
        VkMemoryRequirements requirements;
        vkGetBufferMemoryRequirements(device, m_buffer, &requirements);
        const VkMemoryPropertyFlags hostVisible =
            VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
        const auto &types = context.memoryProperties();
        int type = -1;
        if (memory == Memory::Host) {
            type = findMemoryType(types, requirements.memoryTypeBits, hostVisible, VK_MEMORY_PROPERTY_HOST_CACHED_BIT);
        } else {
            if (context.directMapping())
                type = findMemoryType(types, requirements.memoryTypeBits,
                                      VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT | hostVisible,
                                      VK_MEMORY_PROPERTY_HOST_CACHED_BIT);
            if (type < 0)
                type = findMemoryType(types, requirements.memoryTypeBits, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT, 0);
        }
        if (type < 0)
            throw Error(Error::Kind::Failure, "The Vulkan driver offers no suitable memory type for a buffer.");
        if (requirements.size > types.memoryHeaps[types.memoryTypes[type].heapIndex].size)
            throwOutOfMemory(context, size, "larger than the memory heap");

        VkMemoryAllocateInfo allocate{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
        allocate.allocationSize = requirements.size;
        allocate.memoryTypeIndex = uint32_t(type);
        const VkResult result = vkAllocateMemory(device, &allocate, nullptr, &m_memory);
        if (result == VK_ERROR_OUT_OF_DEVICE_MEMORY || result == VK_ERROR_OUT_OF_HOST_MEMORY)
            throwOutOfMemory(context, size, "the memory in use leaves too little free");
        check(result, "vkAllocateMemory");
        check(vkBindBufferMemory(device, m_buffer, m_memory, 0), "vkBindBufferMemory");
        // Without direct mapping, device memory stays unmapped even where the host could
        // map it, so that uploads take the staging path a discrete GPU needs.
        const bool mappable = types.memoryTypes[type].propertyFlags & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT;
        if (mappable && (memory == Memory::Host || context.directMapping())) {
            void *mapped = nullptr;
            check(vkMapMemory(device, m_memory, 0, VK_WHOLE_SIZE, 0, &mapped), "vkMapMemory");
            m_mapped = static_cast<std::byte *>(mapped);
        }
    } catch (...) {
        release();
        throw;
    }
}

Buffer::~Buffer()
{
    release();
}

Buffer::Buffer(Buffer &&other) noexcept
    : m_context(other.m_context), m_buffer(std::exchange(other.m_buffer, VK_NULL_HANDLE)),
      m_memory(std::exchange(other.m_memory, VK_NULL_HANDLE)), m_size(std::exchange(other.m_size, 0)),
      m_mapped(std::exchange(other.m_mapped, nullptr))
{
}

Buffer &Buffer::operator=(Buffer &&other) noexcept
{
    if (this != &other) {
        release();
        m_context = other.m_context;
        m_buffer = std::exchange(other.m_buffer, VK_NULL_HANDLE);
        m_memory = std::exchange(other.m_memory, VK_NULL_HANDLE);
        m_size = std::exchange(other.m_size, 0);
        m_mapped = std::exchange(other.m_mapped, nullptr);
    }
    return *this;
}

void Buffer::release()
{
    if (!m_context)
        return;
    // Unmapping is implicit in vkFreeMemory.
    vkDestroyBuffer(m_context->handle(), m_buffer, nullptr);
    vkFreeMemory(m_context->handle(), m_memory, nullptr);
    m_buffer = VK_NULL_HANDLE;
    m_memory = VK_NULL_HANDLE;
    m_mapped = nullptr;
}

void Buffer::upload(const void *data, uint64_t size, uint64_t offset)
{
    const BufferRange target = range(offset, size);
    if (size == 0)
        return;
    if (m_mapped)
        std::memcpy(m_mapped + offset, data, size);
    else
        m_context->staging().upload(target, data);
}

void Buffer::readback(void *data, uint64_t size, uint64_t offset) const
{
    const BufferRange source = range(offset, size);
    if (size == 0)
        return;
    if (m_mapped)
        std::memcpy(data, m_mapped + offset, size);
    else
        m_context->staging().readback(source, data);
}

} // namespace volnet::vk
