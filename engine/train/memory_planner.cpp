#include "train/memory_planner.h"

#include <algorithm>
#include <numeric>

namespace volnet::train {

namespace {

uint64_t alignUp(uint64_t n, uint64_t alignment)
{
    return (n + alignment - 1) / alignment * alignment;
}

} // namespace

int MemoryPlanner::add(uint64_t bytes, int firstUse, int lastUse)
{
    m_blocks.push_back({alignUp(bytes, m_alignment), firstUse, std::max(firstUse, lastUse)});
    return int(m_blocks.size()) - 1;
}

void MemoryPlanner::place()
{
    std::vector<size_t> order(m_blocks.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return m_blocks[a].bytes > m_blocks[b].bytes; });
    std::vector<size_t> placed;
    m_total = 0;
    for (size_t i : order) {
        Block &block = m_blocks[i];
        // The ranges taken by placed blocks that are alive at the same time, by offset.
        std::vector<std::pair<uint64_t, uint64_t>> taken;
        for (size_t j : placed) {
            const Block &other = m_blocks[j];
            if (other.first <= block.last && block.first <= other.last)
                taken.emplace_back(other.offset, other.offset + other.bytes);
        }
        std::sort(taken.begin(), taken.end());
        uint64_t candidate = 0;
        for (const auto &[begin, end] : taken) {
            if (candidate + block.bytes <= begin)
                break;
            candidate = std::max(candidate, end);
        }
        block.offset = candidate;
        m_total = std::max(m_total, candidate + block.bytes);
        placed.push_back(i);
    }
}

uint64_t MemoryPlanner::unsharedBytes() const
{
    uint64_t sum = 0;
    for (const Block &b : m_blocks)
        sum += b.bytes;
    return sum;
}

} // namespace volnet::train
