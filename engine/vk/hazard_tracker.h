#pragma once
// The recorder's barrier rule. Commands since the last barrier may run concurrently; a
// new command needs a barrier first when it reads or writes bytes one of them wrote
// (RAW, WAW), or writes bytes one of them read (WAR). Reads after reads never do.
#include "vk/binding.h"

#include <span>
#include <vector>

namespace volnet::vk {

class HazardTracker {
public:
    // Whether a command with these bindings must wait for the ones added since the last
    // clear().
    bool conflicts(std::span<const Binding> bindings) const;
    void add(std::span<const Binding> bindings);
    // A barrier was recorded: everything before it is complete and visible.
    void clear();

private:
    struct Interval {
        VkBuffer buffer;
        uint64_t begin;
        uint64_t end;
    };
    static bool overlaps(const std::vector<Interval> &intervals, const BufferRange &range);

    std::vector<Interval> m_reads;
    std::vector<Interval> m_writes;
};

} // namespace volnet::vk
