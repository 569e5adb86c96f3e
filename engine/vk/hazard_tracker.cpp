#include "vk/hazard_tracker.h"

#include <algorithm>

namespace volnet::vk {

bool HazardTracker::overlaps(const std::vector<Interval> &intervals, const BufferRange &range)
{
    const uint64_t end = range.offset + range.size;
    return std::any_of(intervals.begin(), intervals.end(), [&](const Interval &i) {
        return i.buffer == range.buffer && i.begin < end && range.offset < i.end;
    });
}

bool HazardTracker::conflicts(std::span<const Binding> bindings) const
{
    for (const Binding &b : bindings) {
        if (overlaps(m_writes, b.range) || (b.writes() && overlaps(m_reads, b.range)))
            return true;
    }
    return false;
}

void HazardTracker::add(std::span<const Binding> bindings)
{
    for (const Binding &b : bindings) {
        const Interval interval{b.range.buffer, b.range.offset, b.range.offset + b.range.size};
        if (b.reads())
            m_reads.push_back(interval);
        if (b.writes())
            m_writes.push_back(interval);
    }
}

void HazardTracker::clear()
{
    // clear() keeps the capacity: the next commands add without allocating.
    m_reads.clear();
    m_writes.clear();
}

} // namespace volnet::vk
