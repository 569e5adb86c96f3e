#include "data/file_dataset.h"

#include "data/data_error.h"
#include "data/volume_file.h"

namespace volnet::data {

namespace {

// The shape all samples share, -1 where they differ. Only sizes may differ: a batch
// needs one rank, and channels are never cropped or padded.
Dims commonShape(const std::vector<FileDataset::Entry> &entries, const std::vector<Dims> &shapes)
{
    Dims common = shapes.front();
    for (size_t i = 1; i < shapes.size(); ++i) {
        const Dims &s = shapes[i];
        if (s.size() != common.size() || s.back() != common.back())
            throw DataError(entries[i].path + " has shape " + formatTuple(s) + " but " + entries.front().path +
                            " has " + formatTuple(shapes.front()) +
                            ": the volumes of one dataset need the same number of axes and of channels (the "
                            "last axis); only their sizes may differ. Convert or remove the odd ones out");
        for (size_t a = 0; a < s.size(); ++a)
            if (s[a] != common[a])
                common[a] = -1;
    }
    return common;
}

Dims readShapes(const std::vector<FileDataset::Entry> &entries, int64_t slice, const SampleCache &cache,
                std::vector<Dims> &shapes)
{
    if (entries.empty())
        throw DataError("the dataset holds no volumes");
    for (size_t i = 0; i < entries.size(); ++i) {
        Tensor volume = readVolume(entries[i].path, slice);
        requireFinite(volume, entries[i].path);
        shapes.push_back(volume.shape());
        cache.get(int64_t(i), [&] { return std::move(volume); });
    }
    return commonShape(entries, shapes);
}

} // namespace

FileDataset::FileDataset(std::string description, std::vector<std::string> classNames, std::vector<Entry> entries,
                         int64_t slice)
    : Dataset(std::move(classNames), {}), m_description(std::move(description)), m_entries(std::move(entries)),
      m_slice(slice), m_cache(int64_t(m_entries.size()))
{
    setSampleShape(readShapes(m_entries, m_slice, m_cache, m_shapes));
}

Tensor FileDataset::sample(int64_t index) const
{
    return m_cache.get(index, [&] { return readVolume(m_entries[size_t(index)].path, m_slice); });
}

} // namespace volnet::data
