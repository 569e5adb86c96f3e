#pragma once
// Batches for the trainer, made by a thread of their own: while the GPU runs a step, the
// next batches are read, normalised, fitted to the model's input, augmented and packed
// into a bounded queue, so a step rarely waits for data. The thread goes on from one
// epoch to the next; stop() (or the destructor) ends it promptly, and anything it throws
// reaches the consumer from next().
#include "data/augmentation.h"
#include "data/dataset.h"
#include "data/input_fit.h"
#include "data/normalization.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace volnet::data {

struct LoaderOptions {
    int64_t batchSize = 32;
    bool shuffle = true; // a new order each epoch, drawn from `seed` and the epoch
    uint64_t seed = 1;
    Normalization normalization = Normalization::ZScore;
    Augmentation augmentation;
    int64_t holdFrame = -1; // >= 0: every frame replaced by this one (see holdFrame)
    int prefetch = 2; // batches made ahead of the consumer
    // Where to start: a resumed run goes on with the epoch and batch it stopped at, and
    // gets the same batches an uninterrupted run would have (orders depend on seed and
    // epoch only).
    int64_t firstEpoch = 0;
    int64_t firstBatch = 0;
    // Threads preparing the samples of one batch together: rendering a phantom or
    // inflating a .nii.gz takes milliseconds a sample.
    int workers = 4;

    // The same without shuffling and augmentation: validation sees its data as it is.
    LoaderOptions forValidation() const;
};

struct Batch {
    Tensor inputs;                // (N, ...the input's shape), N = the batch size or, last in an epoch, less
    std::vector<int32_t> labels;  // N class numbers
    std::vector<int64_t> indices; // the dataset indices of the N samples
    int64_t epoch = 0;
    int64_t index = 0; // within the epoch
};

class DataLoader {
public:
    // Serves the samples `indices` of `dataset`. Checks first that the dataset fits
    // `input` (checkFits) and throws DataError if not; then starts the thread.
    DataLoader(std::shared_ptr<const Dataset> dataset, std::vector<int64_t> indices, ModelInput input,
               LoaderOptions options);
    ~DataLoader();
    DataLoader(const DataLoader &) = delete;
    DataLoader &operator=(const DataLoader &) = delete;

    int64_t sampleCount() const { return int64_t(m_indices.size()); }
    int64_t batchesPerEpoch() const;

    // The next batch of the current epoch, waiting for the thread if it is behind; nothing
    // once the epoch is over, after which the next call starts on the following epoch.
    // Rethrows what the thread threw. After stop(), returns nothing.
    std::optional<Batch> next();
    void stop();

private:
    // A batch, the end of an epoch (neither set), or what went wrong.
    struct Item {
        std::optional<Batch> batch;
        std::exception_ptr error;
    };

    void run();
    Batch makeBatch(const std::vector<int64_t> &order, int64_t epoch, int64_t index, uint64_t augmentSeed) const;
    void prepare(int64_t sampleIndex, uint64_t augmentSeed, float *out) const;
    bool push(Item item);

    std::shared_ptr<const Dataset> m_dataset;
    std::vector<int64_t> m_indices;
    ModelInput m_input;
    LoaderOptions m_options;

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Item> m_queue;
    std::exception_ptr m_error; // kept, so that every later next() reports it too
    // Set under m_mutex for the waits; read without it between samples, so that a stop
    // need not wait for a whole batch of slow samples.
    std::atomic<bool> m_stopping = false;
    std::thread m_thread; // last: starts once everything above exists
};

} // namespace volnet::data
