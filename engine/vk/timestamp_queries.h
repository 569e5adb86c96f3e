#pragma once
// GPU time of recorded spans, from timestamp queries. Query pools are added as a
// recording needs them and reset inside the command buffer, so a recording can be
// submitted again and measured again.
#include <vulkan/vulkan.h>

#include <cstdint>
#include <vector>

namespace volnet::vk {

struct TimedSpan {
    double start = 0;    // milliseconds after the first span began
    double duration = 0; // milliseconds
};

class TimestampQueries {
public:
    // `validBits` and `period` (ns per tick) are the queue's and the device's.
    TimestampQueries(VkDevice device, uint32_t validBits, float period);
    ~TimestampQueries();
    TimestampQueries(const TimestampQueries &) = delete;
    TimestampQueries &operator=(const TimestampQueries &) = delete;

    // Records the start of a span; returns the span's number, 0 for the first.
    uint32_t begin(VkCommandBuffer commands);
    void end(VkCommandBuffer commands, uint32_t span);
    // Each span's start and duration, once the submission has completed.
    std::vector<TimedSpan> spans() const;
    // Forgets the spans, keeping the pools.
    void reset() { m_spans = 0; }

private:
    VkDevice m_device;
    uint64_t m_mask;
    double m_period;
    std::vector<VkQueryPool> m_pools;
    uint32_t m_spans = 0;
};

} // namespace volnet::vk
