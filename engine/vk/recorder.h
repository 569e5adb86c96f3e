#pragma once
// Records dispatches, copies and fills into one command buffer, with the barriers their
// data dependencies need and no others (see HazardTracker), and submits it. A recording
// can be submitted again and again, as a training step is; reset() starts a new one.
//
//     Recorder rec(context);
//     rec.dispatch(axpy, divideRoundingUp(n, 64), {reads(x.whole()), readsWrites(y.whole())},
//                  asPushConstants(AxpyPush{n, 2.0f}));
//     rec.submitAndWait();
#include "vk/binding.h"
#include "vk/descriptor_pools.h"
#include "vk/hazard_tracker.h"
#include "vk/timestamp_queries.h"

#include <vulkan/vulkan.h>

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace volnet::vk {

class Context;
class Kernel;

struct RecorderOptions {
    // Measures each dispatch's GPU time, where the queue has timestamps (timings()).
    bool timestamps = false;
};

struct DispatchTiming {
    std::string section; // what the recording was doing (setSection), e.g. "conv3d_1 backward"
    std::string label;   // the dispatch's label, else its kernel's name
    double start = 0;    // milliseconds after the recording's first dispatch began
    double milliseconds = 0;
};

// The bytes of a push-constant block, laid out as the shader's std430 block is.
template<typename T>
requires std::is_trivially_copyable_v<T> std::span<const std::byte> asPushConstants(const T &block)
{
    return std::as_bytes(std::span<const T, 1>(&block, 1));
}

class Recorder {
public:
    explicit Recorder(Context &context, const RecorderOptions &options = {});
    // Waits for a submission still running.
    ~Recorder();
    Recorder(const Recorder &) = delete;
    Recorder &operator=(const Recorder &) = delete;

    // Records `kernel` over `groups` workgroups of a 1D grid, folded to fit the device's
    // grid limits (shaders index with globalIndex()). `bindings` are bound in order as
    // set 0 and declare what the kernel reads and writes; each must start at a multiple
    // of minStorageBufferOffsetAlignment and span at most maxStorageBufferRange bytes
    // (bindableChunks() splits larger tensors). Throws std::invalid_argument when the
    // bindings or the push constants do not match the kernel.
    void dispatch(const Kernel &kernel, uint64_t groups, std::span<const Binding> bindings,
                  std::span<const std::byte> pushConstants = {}, std::string_view label = {});
    void dispatch(const Kernel &kernel, uint64_t groups, std::initializer_list<Binding> bindings,
                  std::span<const std::byte> pushConstants = {}, std::string_view label = {})
    {
        dispatch(kernel, groups, std::span(bindings.begin(), bindings.size()), pushConstants, label);
    }
    // Names what the dispatches recorded from now on belong to, for timings().
    void setSection(std::string section) { m_section = std::move(section); }
    // Copies `from` into `to`, two ranges of the same size.
    void copy(const BufferRange &from, const BufferRange &to);
    // Sets every 32-bit word of `range` (offset and size multiples of 4) to `value`.
    void fill(const BufferRange &range, uint32_t value);

    // Ends the recording (on the first call) and submits it; the host goes on while the
    // device works. Throws std::logic_error while an earlier submission is still pending.
    void submit();
    // Waits for the submission, if any. Throws Error when the device was lost.
    void wait();
    // Whether the last submission has finished (true when nothing is pending).
    bool isComplete() const;
    void submitAndWait()
    {
        submit();
        wait();
    }
    // Waits for a pending submission, then starts an empty recording.
    void reset();

    int dispatchCount() const { return m_dispatchCount; }
    // Barriers inserted between recorded commands for their data dependencies; the ones
    // every recording starts and ends with are not counted.
    int barrierCount() const { return m_barrierCount; }
    // Each dispatch's GPU time in recording order, after the submission completed; empty
    // without timestamps.
    const std::vector<DispatchTiming> &timings() const { return m_timings; }

private:
    enum class State { Recording, Ended, Pending };

    void begin();
    void requireRecording() const;
    void barrierFor(std::span<const Binding> bindings);

    Context &m_context;
    State m_state = State::Recording;
    VkCommandPool m_pool = VK_NULL_HANDLE;
    VkCommandBuffer m_commands = VK_NULL_HANDLE;
    VkFence m_fence = VK_NULL_HANDLE;
    DescriptorPools m_descriptors;
    std::unique_ptr<TimestampQueries> m_queries; // with RecorderOptions::timestamps only
    HazardTracker m_tracker;
    int m_dispatchCount = 0;
    int m_barrierCount = 0;
    bool m_wroteAnything = false;
    std::vector<DispatchTiming> m_labels; // with timestamps: each dispatch's section and label
    std::string m_section;
    std::vector<DispatchTiming> m_timings;
    // Reused for every dispatch, so that recording does not allocate once warm.
    std::vector<VkDescriptorBufferInfo> m_bufferInfos;
    std::vector<VkWriteDescriptorSet> m_writes;
};

} // namespace volnet::vk
