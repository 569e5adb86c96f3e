#pragma once
// Keeps samples that are costly to make (a phantom rendered, a .nii.gz inflated) in
// memory, since every epoch reads each of them again, up to a budget beyond which they
// are made afresh on each read. Safe to use from several loader threads.
#include "tensor/tensor.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace volnet::data {

class SampleCache {
public:
    static constexpr int64_t kDefaultBudgetBytes = int64_t(2) << 30;

    explicit SampleCache(int64_t count, int64_t budgetBytes = kDefaultBudgetBytes);

    // Sample `index`, made by `make` the first time. Two threads asking for the same new
    // sample may both make it: `make` is deterministic, so either copy serves.
    Tensor get(int64_t index, const std::function<Tensor()> &make) const;

private:
    mutable std::mutex m_mutex;
    mutable std::vector<std::shared_ptr<const Tensor>> m_samples;
    mutable int64_t m_bytesLeft;
};

} // namespace volnet::data
