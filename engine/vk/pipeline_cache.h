#pragma once
// The driver's compiled pipelines, kept on disk between runs so that a second start does
// not compile every shader again. One file per device and driver build, keyed on the
// vendor and device ids and the driver's pipelineCacheUUID. A file that is corrupt or
// was written by another driver is ignored, never trusted.
#include "vk/device_info.h"

#include <vulkan/vulkan.h>

#include <cstdint>
#include <filesystem>
#include <optional>

namespace volnet::vk {

// VOLNET_CACHE_DIR, else $XDG_CACHE_HOME/volnet, else ~/.cache/volnet; empty when none
// of these is set.
std::filesystem::path defaultCacheDir();

class PipelineCache {
public:
    enum class Status {
        Empty,    // no file (or no cache directory): pipelines are compiled afresh
        Loaded,   // the file was read and given to the driver
        Rejected, // a file was there but corrupt, truncated or for another driver
    };

    // An empty `dir` keeps the cache in memory only.
    PipelineCache(VkDevice device, const DeviceInfo &info, const std::filesystem::path &dir);
    ~PipelineCache();
    PipelineCache(const PipelineCache &) = delete;
    PipelineCache &operator=(const PipelineCache &) = delete;

    VkPipelineCache handle() const { return m_cache; }
    Status status() const { return m_status; }
    const std::filesystem::path &path() const { return m_path; }

    // Writes the cache unless the file already holds the same data, atomically (a temporary
    // file renamed over the old one), so a crash or a concurrent run never leaves a torn
    // file. Returns false when the file could not be written; the cache is an
    // optimisation, so callers go on.
    bool save();

private:
    VkDevice m_device;
    DeviceInfo m_info;
    std::filesystem::path m_path;
    VkPipelineCache m_cache = VK_NULL_HANDLE;
    Status m_status = Status::Empty;
    std::optional<uint64_t> m_savedHash; // of the data the file holds, when it is valid
};

} // namespace volnet::vk
