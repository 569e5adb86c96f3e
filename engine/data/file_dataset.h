#pragma once
// Volumes in files, one sample per file with its class: what `folder:` and `csv:` open.
#include "data/dataset.h"
#include "data/sample_cache.h"

namespace volnet::data {

class FileDataset : public Dataset {
public:
    struct Entry {
        std::string path;
        int label = 0;
    };

    // Reads every file once, so that a missing, corrupt or non-finite volume, or a set of
    // volumes whose shapes cannot be batched together, is an error now rather than
    // halfway through training; keeps what it read, within the cache's budget. `slice`
    // is passed to readVolume.
    FileDataset(std::string description, std::vector<std::string> classNames, std::vector<Entry> entries,
                int64_t slice);

    std::string description() const override { return m_description; }
    int64_t size() const override { return int64_t(m_entries.size()); }
    int label(int64_t index) const override { return m_entries[size_t(index)].label; }
    Tensor sample(int64_t index) const override;
    std::string sampleName(int64_t index) const override { return m_entries[size_t(index)].path; }
    Dims shapeOf(int64_t index) const override { return m_shapes[size_t(index)]; }

private:
    std::string m_description;
    std::vector<Entry> m_entries;
    std::vector<Dims> m_shapes;
    int64_t m_slice;
    SampleCache m_cache;
};

} // namespace volnet::data
