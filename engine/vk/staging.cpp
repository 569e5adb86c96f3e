#include "vk/staging.h"

#include "vk/context.h"
#include "vk/error.h"

#include <algorithm>
#include <cstring>

namespace volnet::vk {

namespace {

const uint64_t kMaxStagingBytes = 64ull << 20;

} // namespace

Staging::Staging(Context &context) : m_context(context)
{
    const VkDevice device = context.handle();
    VkCommandPoolCreateInfo pool{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
    pool.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT | VK_COMMAND_POOL_CREATE_TRANSIENT_BIT;
    pool.queueFamilyIndex = context.device().queueFamily;
    check(vkCreateCommandPool(device, &pool, nullptr, &m_pool), "vkCreateCommandPool");
    VkCommandBufferAllocateInfo allocate{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
    allocate.commandPool = m_pool;
    allocate.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    allocate.commandBufferCount = 1;
    VkFenceCreateInfo fence{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
    try {
        check(vkAllocateCommandBuffers(device, &allocate, &m_commands), "vkAllocateCommandBuffers");
        check(vkCreateFence(device, &fence, nullptr, &m_fence), "vkCreateFence");
    } catch (...) {
        vkDestroyCommandPool(device, m_pool, nullptr);
        throw;
    }
}

Staging::~Staging()
{
    vkDestroyFence(m_context.handle(), m_fence, nullptr);
    vkDestroyCommandPool(m_context.handle(), m_pool, nullptr);
}

uint64_t Staging::reserve(uint64_t size)
{
    const uint64_t wanted = std::min(size, kMaxStagingBytes);
    if (!m_buffer || m_buffer->size() < wanted)
        m_buffer = std::make_unique<Buffer>(m_context, wanted, Buffer::Memory::Host);
    return m_buffer->size();
}

void Staging::upload(const BufferRange &target, const void *data)
{
    std::lock_guard lock(m_mutex);
    const uint64_t piece = reserve(target.size);
    const auto *bytes = static_cast<const std::byte *>(data);
    for (uint64_t done = 0; done < target.size; done += piece) {
        const uint64_t n = std::min(piece, target.size - done);
        std::memcpy(m_buffer->mapped(), bytes + done, n);
        copy(m_buffer->handle(), 0, target.buffer, target.offset + done, n, false);
    }
}

void Staging::readback(const BufferRange &source, void *data)
{
    std::lock_guard lock(m_mutex);
    const uint64_t piece = reserve(source.size);
    auto *bytes = static_cast<std::byte *>(data);
    for (uint64_t done = 0; done < source.size; done += piece) {
        const uint64_t n = std::min(piece, source.size - done);
        copy(source.buffer, source.offset + done, m_buffer->handle(), 0, n, true);
        std::memcpy(bytes + done, m_buffer->mapped(), n);
    }
}

void Staging::copy(VkBuffer from, uint64_t fromOffset, VkBuffer to, uint64_t toOffset, uint64_t size, bool toHost)
{
    VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    check(vkBeginCommandBuffer(m_commands, &begin), "vkBeginCommandBuffer");

    // Orders the copy after whatever earlier submissions did with these buffers.
    VkMemoryBarrier before{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
    before.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
    before.dstAccessMask = VK_ACCESS_TRANSFER_READ_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
    vkCmdPipelineBarrier(m_commands, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT,
                         VK_PIPELINE_STAGE_TRANSFER_BIT, 0, 1, &before, 0, nullptr, 0, nullptr);
    const VkBufferCopy region{fromOffset, toOffset, size};
    vkCmdCopyBuffer(m_commands, from, to, 1, &region);
    if (toHost) {
        VkMemoryBarrier after{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
        after.srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
        after.dstAccessMask = VK_ACCESS_HOST_READ_BIT;
        vkCmdPipelineBarrier(m_commands, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_HOST_BIT, 0, 1, &after, 0,
                             nullptr, 0, nullptr);
    }
    check(vkEndCommandBuffer(m_commands), "vkEndCommandBuffer");

    check(vkResetFences(m_context.handle(), 1, &m_fence), "vkResetFences");
    m_context.submit(m_commands, m_fence);
    m_context.wait(m_fence);
}

} // namespace volnet::vk
