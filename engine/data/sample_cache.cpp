#include "data/sample_cache.h"

namespace volnet::data {

SampleCache::SampleCache(int64_t count, int64_t budgetBytes) : m_samples(size_t(count)), m_bytesLeft(budgetBytes) {}

Tensor SampleCache::get(int64_t index, const std::function<Tensor()> &make) const
{
    {
        std::lock_guard lock(m_mutex);
        if (const auto &kept = m_samples[size_t(index)])
            return *kept;
    }
    auto made = std::make_shared<const Tensor>(make());
    const int64_t bytes = made->size() * int64_t(sizeof(float));
    std::lock_guard lock(m_mutex);
    if (!m_samples[size_t(index)] && bytes <= m_bytesLeft) {
        m_samples[size_t(index)] = made;
        m_bytesLeft -= bytes;
    }
    return *made;
}

} // namespace volnet::data
