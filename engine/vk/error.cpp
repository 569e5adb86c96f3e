#include "vk/error.h"

#include <cmath>
#include <cstdio>
#include <utility>

namespace volnet::vk {

void check(VkResult result, const char *call)
{
    if (result >= 0)
        return;
    const std::string in = std::string(" in ") + call;
    switch (result) {
    case VK_ERROR_OUT_OF_DEVICE_MEMORY:
        throw Error(Error::Kind::OutOfMemory, "Out of GPU memory" + in +
                                                  ". Use a smaller batch size or a smaller model, "
                                                  "or close other programs that use the GPU.");
    case VK_ERROR_OUT_OF_HOST_MEMORY:
        throw Error(Error::Kind::OutOfMemory,
                    "Out of host memory" + in + ". Use a smaller batch size or close other programs.");
    case VK_ERROR_DEVICE_LOST:
        throw Error(Error::Kind::DeviceLost,
                    "The GPU device was lost" + in +
                        " (the driver reset it, crashed or timed out). "
                        "Restart volnet; if it happens again, update the GPU driver or use a smaller "
                        "batch size, since a long-running dispatch can hit the driver's timeout.");
    case VK_ERROR_INCOMPATIBLE_DRIVER:
    case VK_ERROR_INITIALIZATION_FAILED:
        throw Error(Error::Kind::NoDriver, noDriverMessage(std::string(resultName(result)) + in));
    default:
        throw Error(Error::Kind::Failure, std::string("Vulkan call ") + call + " failed: " + resultName(result) + ".");
    }
}

const char *resultName(VkResult result)
{
    static const std::pair<VkResult, const char *> names[] = {
        {VK_SUCCESS, "VK_SUCCESS"},
        {VK_NOT_READY, "VK_NOT_READY"},
        {VK_TIMEOUT, "VK_TIMEOUT"},
        {VK_INCOMPLETE, "VK_INCOMPLETE"},
        {VK_ERROR_OUT_OF_HOST_MEMORY, "VK_ERROR_OUT_OF_HOST_MEMORY"},
        {VK_ERROR_OUT_OF_DEVICE_MEMORY, "VK_ERROR_OUT_OF_DEVICE_MEMORY"},
        {VK_ERROR_INITIALIZATION_FAILED, "VK_ERROR_INITIALIZATION_FAILED"},
        {VK_ERROR_DEVICE_LOST, "VK_ERROR_DEVICE_LOST"},
        {VK_ERROR_MEMORY_MAP_FAILED, "VK_ERROR_MEMORY_MAP_FAILED"},
        {VK_ERROR_LAYER_NOT_PRESENT, "VK_ERROR_LAYER_NOT_PRESENT"},
        {VK_ERROR_EXTENSION_NOT_PRESENT, "VK_ERROR_EXTENSION_NOT_PRESENT"},
        {VK_ERROR_FEATURE_NOT_PRESENT, "VK_ERROR_FEATURE_NOT_PRESENT"},
        {VK_ERROR_INCOMPATIBLE_DRIVER, "VK_ERROR_INCOMPATIBLE_DRIVER"},
        {VK_ERROR_TOO_MANY_OBJECTS, "VK_ERROR_TOO_MANY_OBJECTS"},
        {VK_ERROR_FORMAT_NOT_SUPPORTED, "VK_ERROR_FORMAT_NOT_SUPPORTED"},
        {VK_ERROR_FRAGMENTED_POOL, "VK_ERROR_FRAGMENTED_POOL"},
        {VK_ERROR_OUT_OF_POOL_MEMORY, "VK_ERROR_OUT_OF_POOL_MEMORY"},
        {VK_ERROR_INVALID_EXTERNAL_HANDLE, "VK_ERROR_INVALID_EXTERNAL_HANDLE"},
        {VK_ERROR_FRAGMENTATION, "VK_ERROR_FRAGMENTATION"},
        {VK_ERROR_INVALID_OPAQUE_CAPTURE_ADDRESS, "VK_ERROR_INVALID_OPAQUE_CAPTURE_ADDRESS"},
        {VK_ERROR_UNKNOWN, "VK_ERROR_UNKNOWN"},
    };
    for (const auto &[value, name] : names) {
        if (value == result)
            return name;
    }
    return "an unknown VkResult";
}

std::string noDriverMessage(const std::string &detail)
{
    return "No Vulkan device found" + (detail.empty() ? "" : " (" + detail + ")") +
           ". Install your GPU's Vulkan driver, or Mesa's CPU driver (Debian: apt install "
           "mesa-vulkan-drivers), then run `volnet devices` to check.";
}

std::string formatBytes(uint64_t bytes)
{
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    double value = double(bytes);
    size_t unit = 0;
    while (value >= 1024 && unit + 1 < std::size(units)) {
        value /= 1024;
        ++unit;
    }
    char text[32];
    // One decimal where it carries information: "1.5 GiB", but "2 GiB" and "128 MiB".
    if (unit > 0 && value < 10 && std::round(value * 10) != std::round(value) * 10)
        std::snprintf(text, sizeof text, "%.1f %s", value, units[unit]);
    else
        std::snprintf(text, sizeof text, "%.0f %s", value, units[unit]);
    return text;
}

} // namespace volnet::vk
