#pragma once
// What a recorded command does with a buffer range. A dispatch's bindings are its
// descriptors (binding i of set 0) and, at the same time, its declaration of what it
// reads and writes: the recorder derives the barriers from them.
#include "vk/buffer.h"

namespace volnet::vk {

enum class Access { Read, Write, ReadWrite };

struct Binding {
    BufferRange range;
    Access access = Access::Read;

    bool reads() const { return access != Access::Write; }
    bool writes() const { return access != Access::Read; }
};

inline Binding reads(const BufferRange &range)
{
    return {range, Access::Read};
}
inline Binding writes(const BufferRange &range)
{
    return {range, Access::Write};
}
inline Binding readsWrites(const BufferRange &range)
{
    return {range, Access::ReadWrite};
}

} // namespace volnet::vk
