#include "vk/recorder.h"

#include "vk/context.h"
#include "vk/error.h"
#include "vk/grid.h"
#include "vk/kernel.h"

#include <stdexcept>

namespace volnet::vk {

namespace {

const VkPipelineStageFlags kWorkStages = VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT;
const VkAccessFlags kWrites = VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
const VkAccessFlags kAccesses = kWrites | VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_TRANSFER_READ_BIT;

// One global barrier between all earlier and all later work. A precise one per buffer
// would cost the same on GPUs, and covering everything is what lets the tracker forget
// all earlier commands once it is recorded.
void recordBarrier(VkCommandBuffer commands)
{
    VkMemoryBarrier barrier{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
    barrier.srcAccessMask = kWrites;
    barrier.dstAccessMask = kAccesses;
    vkCmdPipelineBarrier(commands, kWorkStages, kWorkStages, 0, 1, &barrier, 0, nullptr, 0, nullptr);
}

} // namespace

Recorder::Recorder(Context &context, const RecorderOptions &options)
    : m_context(context), m_descriptors(context.handle())
{
    const VkDevice device = context.handle();
    VkCommandPoolCreateInfo pool{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
    pool.queueFamilyIndex = context.device().queueFamily;
    check(vkCreateCommandPool(device, &pool, nullptr, &m_pool), "vkCreateCommandPool");
    try {
        VkCommandBufferAllocateInfo allocate{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
        allocate.commandPool = m_pool;
        allocate.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
        allocate.commandBufferCount = 1;
        check(vkAllocateCommandBuffers(device, &allocate, &m_commands), "vkAllocateCommandBuffers");
        VkFenceCreateInfo fence{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
        check(vkCreateFence(device, &fence, nullptr, &m_fence), "vkCreateFence");
        if (options.timestamps && context.timestamps())
            m_queries = std::make_unique<TimestampQueries>(device, context.device().timestampValidBits,
                                                           context.device().timestampPeriod);
        begin();
    } catch (...) {
        vkDestroyFence(device, m_fence, nullptr);
        vkDestroyCommandPool(device, m_pool, nullptr);
        throw;
    }
}

Recorder::~Recorder()
{
    const VkDevice device = m_context.handle();
    // A destructor cannot report a lost device; the result is ignored on purpose.
    if (m_state == State::Pending)
        vkWaitForFences(device, 1, &m_fence, VK_TRUE, UINT64_MAX);
    vkDestroyFence(device, m_fence, nullptr);
    vkDestroyCommandPool(device, m_pool, nullptr);
}

void Recorder::begin()
{
    VkCommandBufferBeginInfo info{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    check(vkBeginCommandBuffer(m_commands, &info), "vkBeginCommandBuffer");
    // Earlier submissions are earlier commands too, and the tracker cannot know what they
    // wrote: this orders the recording after them.
    recordBarrier(m_commands);
}

void Recorder::requireRecording() const
{
    if (m_state != State::Recording)
        throw std::logic_error("Recorder: the recording was submitted; reset() it to record anew");
}

void Recorder::barrierFor(std::span<const Binding> bindings)
{
    if (m_tracker.conflicts(bindings)) {
        recordBarrier(m_commands);
        ++m_barrierCount;
        m_tracker.clear();
    }
    m_tracker.add(bindings);
    for (const Binding &b : bindings)
        m_wroteAnything = m_wroteAnything || b.writes();
}

void Recorder::dispatch(const Kernel &kernel, uint64_t groups, std::span<const Binding> bindings,
                        std::span<const std::byte> pushConstants, std::string_view label)
{
    requireRecording();
    // The message is built only on failure: recording must not allocate per dispatch.
    const auto refuse = [&](const std::string &what) {
        throw std::invalid_argument("dispatch of kernel " + kernel.name() + ": " + what);
    };
    if (bindings.size() != kernel.bindingCount())
        refuse(std::to_string(bindings.size()) + " bindings for " + std::to_string(kernel.bindingCount()));
    if (pushConstants.size() != kernel.pushConstantSize())
        refuse(std::to_string(pushConstants.size()) + " bytes of push constants for " +
               std::to_string(kernel.pushConstantSize()));
    const DeviceInfo &device = m_context.device();
    for (size_t i = 0; i < bindings.size(); ++i) {
        const BufferRange &r = bindings[i].range;
        if (r.size == 0 || r.size > device.maxStorageBufferRange || r.offset % device.minStorageBufferOffsetAlignment)
            refuse("binding " + std::to_string(i) + " spans " + std::to_string(r.size) + " bytes at offset " +
                   std::to_string(r.offset) + "; it must span 1 to " + std::to_string(device.maxStorageBufferRange) +
                   " bytes at a multiple of " + std::to_string(device.minStorageBufferOffsetAlignment) +
                   " (bindableChunks() splits larger tensors)");
    }
    const std::array<uint32_t, 3> grid = foldGroups(groups, device.maxWorkGroupCount);
    if (groups == 0)
        return;

    barrierFor(bindings);
    if (!bindings.empty()) {
        const VkDescriptorSet set = m_descriptors.allocate(kernel.setLayout(), kernel.bindingCount());
        m_bufferInfos.clear();
        m_writes.clear();
        for (const Binding &b : bindings)
            m_bufferInfos.push_back({b.range.buffer, b.range.offset, b.range.size});
        for (uint32_t i = 0; i < bindings.size(); ++i) {
            VkWriteDescriptorSet write{VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
            write.dstSet = set;
            write.dstBinding = i;
            write.descriptorCount = 1;
            write.descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
            write.pBufferInfo = &m_bufferInfos[i];
            m_writes.push_back(write);
        }
        vkUpdateDescriptorSets(m_context.handle(), uint32_t(m_writes.size()), m_writes.data(), 0, nullptr);
        vkCmdBindDescriptorSets(m_commands, VK_PIPELINE_BIND_POINT_COMPUTE, kernel.layout(), 0, 1, &set, 0, nullptr);
    }
    vkCmdBindPipeline(m_commands, VK_PIPELINE_BIND_POINT_COMPUTE, kernel.pipeline());
    if (!pushConstants.empty())
        vkCmdPushConstants(m_commands, kernel.layout(), VK_SHADER_STAGE_COMPUTE_BIT, 0, uint32_t(pushConstants.size()),
                           pushConstants.data());

    const uint32_t span = m_queries ? m_queries->begin(m_commands) : 0;
    vkCmdDispatch(m_commands, grid[0], grid[1], grid[2]);
    if (m_queries) {
        m_queries->end(m_commands, span);
        m_labels.push_back({m_section, std::string(label.empty() ? std::string_view(kernel.name()) : label)});
    }
    ++m_dispatchCount;
}

void Recorder::copy(const BufferRange &from, const BufferRange &to)
{
    requireRecording();
    if (from.size != to.size || from.size == 0)
        throw std::invalid_argument("Recorder::copy: ranges of " + std::to_string(from.size) + " and " +
                                    std::to_string(to.size) + " bytes");
    if (from.buffer == to.buffer && from.offset < to.offset + to.size && to.offset < from.offset + from.size)
        throw std::invalid_argument("Recorder::copy: the two ranges overlap");
    const Binding bindings[] = {reads(from), writes(to)};
    barrierFor(bindings);
    const VkBufferCopy region{from.offset, to.offset, from.size};
    vkCmdCopyBuffer(m_commands, from.buffer, to.buffer, 1, &region);
}

void Recorder::fill(const BufferRange &range, uint32_t value)
{
    requireRecording();
    if (range.size == 0 || range.size % 4 || range.offset % 4)
        throw std::invalid_argument("Recorder::fill: offset and size must be multiples of 4 bytes, size above 0");
    const Binding bindings[] = {writes(range)};
    barrierFor(bindings);
    vkCmdFillBuffer(m_commands, range.buffer, range.offset, range.size, value);
}

void Recorder::submit()
{
    if (m_state == State::Pending)
        throw std::logic_error("Recorder::submit: the previous submission is still pending; wait() first");
    if (m_state == State::Recording) {
        // Makes the results visible to the host, which reads mapped buffers directly.
        if (m_wroteAnything) {
            VkMemoryBarrier barrier{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
            barrier.srcAccessMask = kWrites;
            barrier.dstAccessMask = VK_ACCESS_HOST_READ_BIT;
            vkCmdPipelineBarrier(m_commands, kWorkStages, VK_PIPELINE_STAGE_HOST_BIT, 0, 1, &barrier, 0, nullptr, 0,
                                 nullptr);
        }
        check(vkEndCommandBuffer(m_commands), "vkEndCommandBuffer");
        m_state = State::Ended;
    }
    check(vkResetFences(m_context.handle(), 1, &m_fence), "vkResetFences");
    m_context.submit(m_commands, m_fence);
    m_state = State::Pending;
}

void Recorder::wait()
{
    if (m_state != State::Pending)
        return;
    m_context.wait(m_fence);
    m_state = State::Ended;
    if (m_queries) {
        const std::vector<TimedSpan> spans = m_queries->spans();
        m_timings = m_labels;
        for (size_t i = 0; i < spans.size(); ++i) {
            m_timings[i].start = spans[i].start;
            m_timings[i].milliseconds = spans[i].duration;
        }
    }
}

bool Recorder::isComplete() const
{
    if (m_state != State::Pending)
        return true;
    const VkResult result = vkGetFenceStatus(m_context.handle(), m_fence);
    if (result == VK_NOT_READY)
        return false;
    check(result, "vkGetFenceStatus");
    return true;
}

void Recorder::reset()
{
    wait();
    check(vkResetCommandPool(m_context.handle(), m_pool, 0), "vkResetCommandPool");
    m_descriptors.reset();
    if (m_queries)
        m_queries->reset();
    m_tracker.clear();
    m_dispatchCount = 0;
    m_barrierCount = 0;
    m_wroteAnything = false;
    m_labels.clear();
    m_section.clear();
    m_timings.clear();
    begin();
    m_state = State::Recording;
}

} // namespace volnet::vk
