#include "data/data_loader.h"

#include "data/data_error.h"
#include "data/random.h"

#include <algorithm>
#include <future>

namespace volnet::data {

LoaderOptions LoaderOptions::forValidation() const
{
    LoaderOptions o = *this;
    o.shuffle = false;
    o.augmentation = {};
    return o;
}

DataLoader::DataLoader(std::shared_ptr<const Dataset> dataset, std::vector<int64_t> indices, ModelInput input,
                       LoaderOptions options)
    : m_dataset(std::move(dataset)), m_indices(std::move(indices)), m_input(std::move(input)), m_options(options)
{
    if (m_options.batchSize < 1 || m_options.prefetch < 1)
        throw DataError("the batch size and the number of batches made ahead must be at least 1");
    if (m_indices.empty())
        throw DataError(m_dataset->description() + ": no samples to load");
    checkFits(*m_dataset, m_input);
    if (m_options.holdFrame >= 0)
        checkHoldFrame(m_input, m_options.holdFrame);
    m_thread = std::thread([this] { run(); });
}

DataLoader::~DataLoader()
{
    stop();
}

int64_t DataLoader::batchesPerEpoch() const
{
    return (sampleCount() + m_options.batchSize - 1) / m_options.batchSize;
}

std::optional<Batch> DataLoader::next()
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return !m_queue.empty() || m_stopping || m_error; });
    if (m_error)
        std::rethrow_exception(m_error);
    if (m_stopping)
        return std::nullopt;
    Item item = std::move(m_queue.front());
    m_queue.pop_front();
    m_changed.notify_all();
    if (item.error) {
        m_error = item.error;
        std::rethrow_exception(m_error);
    }
    return std::move(item.batch);
}

void DataLoader::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

bool DataLoader::push(Item item)
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return int64_t(m_queue.size()) < m_options.prefetch || m_stopping; });
    if (m_stopping)
        return false;
    m_queue.push_back(std::move(item));
    m_changed.notify_all();
    return true;
}

void DataLoader::run()
{
    try {
        for (int64_t epoch = m_options.firstEpoch;; ++epoch) {
            // Streams of their own for the order and for the augmentation, so that each
            // depends only on the seed and the epoch.
            std::vector<int64_t> order = m_indices;
            if (m_options.shuffle)
                Random::stream(m_options.seed, uint64_t(2 * epoch)).shuffle(order);
            const uint64_t augmentSeed = Random::stream(m_options.seed, uint64_t(2 * epoch + 1)).next();
            const int64_t first = epoch == m_options.firstEpoch ? m_options.firstBatch : 0;
            for (int64_t b = first; b < batchesPerEpoch(); ++b)
                if (!push({makeBatch(order, epoch, b, augmentSeed), nullptr}))
                    return;
            if (!push({std::nullopt, nullptr}))
                return;
        }
    } catch (...) {
        push({std::nullopt, std::current_exception()});
    }
}

Batch DataLoader::makeBatch(const std::vector<int64_t> &order, int64_t epoch, int64_t index, uint64_t augmentSeed) const
{
    const int64_t first = index * m_options.batchSize;
    const int64_t count = std::min(m_options.batchSize, int64_t(order.size()) - first);
    Dims shape = m_input.shape;
    shape.insert(shape.begin(), count);
    Batch batch{Tensor(shape), {}, {}, epoch, index};
    for (int64_t k = 0; k < count; ++k) {
        batch.indices.push_back(order[size_t(first + k)]);
        batch.labels.push_back(m_dataset->label(batch.indices.back()));
    }

    const int64_t sampleSize = elementCount(m_input.shape);
    const int64_t workers = std::clamp<int64_t>(m_options.workers, 1, count);
    const auto share = [&](int64_t worker) {
        for (int64_t k = worker; k < count && !m_stopping; k += workers)
            prepare(batch.indices[size_t(k)], augmentSeed, batch.inputs.data() + k * sampleSize);
    };
    // The futures' destructors wait for their threads, also when share(0) throws.
    std::vector<std::future<void>> helpers;
    for (int64_t w = 1; w < workers; ++w)
        helpers.push_back(std::async(std::launch::async, share, w));
    share(0);
    for (std::future<void> &helper : helpers)
        helper.get();
    return batch;
}

void DataLoader::prepare(int64_t sampleIndex, uint64_t augmentSeed, float *out) const
{
    Tensor volume = m_dataset->sample(sampleIndex);
    normalize(volume, m_options.normalization);
    // A stream per sample, so that its augmentation does not depend on its batch.
    Random rng = Random::stream(augmentSeed, uint64_t(sampleIndex));
    const Augmentation &augmentation = m_options.augmentation;
    volume = fitToInput(volume, m_input, augmentation.crop ? &rng : nullptr);
    if (m_options.holdFrame >= 0)
        holdFrame(volume, m_options.holdFrame);
    if (augmentation.any())
        augment(volume, augmentation, rng);
    std::copy(volume.values().begin(), volume.values().end(), out);
}

} // namespace volnet::data
