#include "vk/timestamp_queries.h"

#include "vk/error.h"

#include <algorithm>

namespace volnet::vk {

namespace {

const uint32_t kSpansPerPool = 128;

} // namespace

TimestampQueries::TimestampQueries(VkDevice device, uint32_t validBits, float period)
    : m_device(device), m_mask(validBits >= 64 ? ~0ull : (1ull << validBits) - 1), m_period(period)
{
}

TimestampQueries::~TimestampQueries()
{
    for (VkQueryPool pool : m_pools)
        vkDestroyQueryPool(m_device, pool, nullptr);
}

uint32_t TimestampQueries::begin(VkCommandBuffer commands)
{
    const uint32_t span = m_spans++;
    const uint32_t poolIndex = span / kSpansPerPool;
    if (poolIndex == m_pools.size()) {
        VkQueryPoolCreateInfo info{VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO};
        info.queryType = VK_QUERY_TYPE_TIMESTAMP;
        info.queryCount = 2 * kSpansPerPool;
        VkQueryPool pool = VK_NULL_HANDLE;
        check(vkCreateQueryPool(m_device, &info, nullptr, &pool), "vkCreateQueryPool");
        m_pools.push_back(pool);
    }
    if (span % kSpansPerPool == 0)
        vkCmdResetQueryPool(commands, m_pools[poolIndex], 0, 2 * kSpansPerPool);
    // Bottom of pipe: the time when everything recorded before has finished. A span
    // thus runs from the end of the earlier work to the end of its own, and the spans
    // of a recording add up to its GPU time even where dispatches overlap.
    vkCmdWriteTimestamp(commands, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, m_pools[poolIndex], 2 * (span % kSpansPerPool));
    return span;
}

void TimestampQueries::end(VkCommandBuffer commands, uint32_t span)
{
    vkCmdWriteTimestamp(commands, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, m_pools[span / kSpansPerPool],
                        2 * (span % kSpansPerPool) + 1);
}

std::vector<TimedSpan> TimestampQueries::spans() const
{
    std::vector<TimedSpan> result;
    result.reserve(m_spans);
    std::vector<uint64_t> ticks(2 * kSpansPerPool);
    uint64_t origin = 0;
    for (uint32_t first = 0; first < m_spans; first += kSpansPerPool) {
        const uint32_t count = std::min(kSpansPerPool, m_spans - first);
        check(vkGetQueryPoolResults(m_device, m_pools[first / kSpansPerPool], 0, 2 * count,
                                    2 * count * sizeof(uint64_t), ticks.data(), sizeof(uint64_t),
                                    VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT),
              "vkGetQueryPoolResults");
        if (first == 0)
            origin = ticks[0];
        for (uint32_t i = 0; i < count; ++i) {
            // Masked so that a counter with fewer than 64 valid bits may wrap in between.
            const uint64_t start = (ticks[2 * i] - origin) & m_mask;
            const uint64_t elapsed = (ticks[2 * i + 1] - ticks[2 * i]) & m_mask;
            result.push_back({double(start) * m_period / 1e6, double(elapsed) * m_period / 1e6});
        }
    }
    return result;
}

} // namespace volnet::vk
