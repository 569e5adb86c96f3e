#pragma once
// Offsets in one device buffer for tensors with known lifetimes: two tensors share bytes
// only when their lifetimes do not overlap. Lifetimes are ranges of step positions (the
// order of the recorded passes), inclusive at both ends.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace volnet::train {

class MemoryPlanner {
public:
    explicit MemoryPlanner(uint64_t alignment) : m_alignment(alignment) {}

    // Returns a handle for offset(); `bytes` may be 0 (an unused slot still gets an offset).
    int add(uint64_t bytes, int firstUse, int lastUse);
    // Places every tensor: largest first, each at the lowest aligned offset that no live
    // tensor overlaps. Call once, after every add().
    void place();

    uint64_t offset(int handle) const { return m_blocks[size_t(handle)].offset; }
    uint64_t totalBytes() const { return m_total; }
    // What the same tensors would take without sharing, to report the saving.
    uint64_t unsharedBytes() const;

private:
    struct Block {
        uint64_t bytes;
        int first, last;
        uint64_t offset = 0;
    };
    uint64_t m_alignment;
    std::vector<Block> m_blocks;
    uint64_t m_total = 0;
};

} // namespace volnet::train
