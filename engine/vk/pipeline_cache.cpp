#include "vk/pipeline_cache.h"

#include "vk/error.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

namespace volnet::vk {

namespace {

// The file is this header followed by the driver's data. The hash catches files torn or
// damaged on disk, which a driver may not check before trusting them.
struct FileHeader {
    char magic[4];
    uint32_t version;
    uint64_t size; // of the driver's data
    uint64_t hash; // FNV-1a of the driver's data
};
const char kMagic[4] = {'V', 'N', 'P', 'C'};
const uint32_t kFileVersion = 1;

uint64_t fnv1a(const std::vector<char> &data)
{
    uint64_t hash = 0xcbf29ce484222325ull;
    for (char c : data) {
        hash ^= uint8_t(c);
        hash *= 0x100000001b3ull;
    }
    return hash;
}

std::string hex(const uint8_t *bytes, size_t count)
{
    static const char digits[] = "0123456789abcdef";
    std::string s;
    for (size_t i = 0; i < count; ++i) {
        s += digits[bytes[i] >> 4];
        s += digits[bytes[i] & 15];
    }
    return s;
}

std::filesystem::path cacheFileName(const DeviceInfo &info)
{
    char ids[32];
    std::snprintf(ids, sizeof ids, "%04x-%04x", info.vendorId, info.deviceId);
    return "pipelines-" + std::string(ids) + "-" + hex(info.pipelineCacheUuid.data(), VK_UUID_SIZE) + ".bin";
}

// The driver's data from `path` when the file is intact and was written for this very
// device and driver build; empty otherwise.
std::vector<char> readCacheFile(const std::filesystem::path &path, const DeviceInfo &info)
{
    std::ifstream in(path, std::ios::binary);
    std::vector<char> file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    FileHeader header;
    if (!in.is_open() || file.size() < sizeof header)
        return {};
    std::memcpy(&header, file.data(), sizeof header);
    std::vector<char> data(file.begin() + sizeof header, file.end());
    if (std::memcmp(header.magic, kMagic, sizeof kMagic) != 0 || header.version != kFileVersion ||
        header.size != data.size() || header.hash != fnv1a(data))
        return {};

    VkPipelineCacheHeaderVersionOne driver;
    if (data.size() < sizeof driver)
        return {};
    std::memcpy(&driver, data.data(), sizeof driver);
    if (driver.headerSize < sizeof driver || driver.headerVersion != VK_PIPELINE_CACHE_HEADER_VERSION_ONE ||
        driver.vendorID != info.vendorId || driver.deviceID != info.deviceId ||
        !std::equal(info.pipelineCacheUuid.begin(), info.pipelineCacheUuid.end(), driver.pipelineCacheUUID))
        return {};
    return data;
}

std::vector<char> cacheData(VkDevice device, VkPipelineCache cache)
{
    size_t size = 0;
    if (vkGetPipelineCacheData(device, cache, &size, nullptr) != VK_SUCCESS)
        return {};
    std::vector<char> data(size);
    if (vkGetPipelineCacheData(device, cache, &size, data.data()) != VK_SUCCESS)
        return {};
    data.resize(size);
    return data;
}

} // namespace

std::filesystem::path defaultCacheDir()
{
    if (const char *dir = std::getenv("VOLNET_CACHE_DIR"); dir && *dir)
        return dir;
    // The XDG base directory spec says to ignore a relative XDG_CACHE_HOME.
    if (const char *xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/')
        return std::filesystem::path(xdg) / "volnet";
    if (const char *home = std::getenv("HOME"); home && *home)
        return std::filesystem::path(home) / ".cache" / "volnet";
    return {};
}

PipelineCache::PipelineCache(VkDevice device, const DeviceInfo &info, const std::filesystem::path &dir)
    : m_device(device), m_info(info)
{
    std::vector<char> initial;
    if (!dir.empty()) {
        m_path = dir / cacheFileName(info);
        std::error_code error;
        if (std::filesystem::exists(m_path, error)) {
            initial = readCacheFile(m_path, info);
            m_status = initial.empty() ? Status::Rejected : Status::Loaded;
        }
    }
    VkPipelineCacheCreateInfo create{VK_STRUCTURE_TYPE_PIPELINE_CACHE_CREATE_INFO};
    create.initialDataSize = initial.size();
    create.pInitialData = initial.data();
    check(vkCreatePipelineCache(device, &create, nullptr, &m_cache), "vkCreatePipelineCache");
    if (m_status == Status::Loaded)
        m_savedHash = fnv1a(initial);
}

PipelineCache::~PipelineCache()
{
    vkDestroyPipelineCache(m_device, m_cache, nullptr);
}

bool PipelineCache::save()
{
    if (m_path.empty())
        return true;
    const std::vector<char> data = cacheData(m_device, m_cache);
    const uint64_t hash = fnv1a(data);
    if (data.empty() || m_savedHash == hash)
        return true;

    FileHeader header{};
    std::memcpy(header.magic, kMagic, sizeof kMagic);
    header.version = kFileVersion;
    header.size = data.size();
    header.hash = hash;
    std::error_code error;
    std::filesystem::create_directories(m_path.parent_path(), error);
    std::filesystem::path temporary = m_path;
    temporary += ".tmp" + std::to_string(::getpid());
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char *>(&header), sizeof header);
        out.write(data.data(), std::streamsize(data.size()));
        if (!out.flush()) {
            out.close();
            std::filesystem::remove(temporary, error);
            return false;
        }
    }
    std::filesystem::rename(temporary, m_path, error);
    if (error) {
        std::filesystem::remove(temporary, error);
        return false;
    }
    m_savedHash = hash;
    return true;
}

} // namespace volnet::vk
