#include "vk/device_info.h"

#include "vk/error.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>

namespace volnet::vk {

namespace {

DeviceType toDeviceType(VkPhysicalDeviceType type)
{
    switch (type) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
        return DeviceType::Discrete;
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
        return DeviceType::Integrated;
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
        return DeviceType::Virtual;
    case VK_PHYSICAL_DEVICE_TYPE_CPU:
        return DeviceType::Cpu;
    default:
        return DeviceType::Other;
    }
}

bool hasDeviceExtension(VkPhysicalDevice device, const char *name)
{
    uint32_t count = 0;
    vkEnumerateDeviceExtensionProperties(device, nullptr, &count, nullptr);
    std::vector<VkExtensionProperties> extensions(count);
    vkEnumerateDeviceExtensionProperties(device, nullptr, &count, extensions.data());
    return std::any_of(extensions.begin(), extensions.end(),
                       [&](const VkExtensionProperties &e) { return std::strcmp(e.extensionName, name) == 0; });
}

void chooseQueueFamily(VkPhysicalDevice device, DeviceInfo &info)
{
    uint32_t count = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(device, &count, nullptr);
    std::vector<VkQueueFamilyProperties> families(count);
    vkGetPhysicalDeviceQueueFamilyProperties(device, &count, families.data());
    bool found = false;
    for (uint32_t i = 0; i < count; ++i) {
        if (!(families[i].queueFlags & VK_QUEUE_COMPUTE_BIT) || families[i].queueCount == 0)
            continue;
        if (!found || (info.timestampValidBits == 0 && families[i].timestampValidBits > 0)) {
            info.queueFamily = i;
            info.timestampValidBits = families[i].timestampValidBits;
        }
        found = true;
    }
    info.usable = found && info.apiVersion >= VK_API_VERSION_1_1;
}

std::string describe(const DeviceInfo &d)
{
    return std::to_string(d.index) + " (" + d.name + ", " + deviceTypeName(d.type) + ")";
}

std::string validIndices(const std::vector<DeviceInfo> &devices)
{
    std::string list;
    for (const DeviceInfo &d : devices) {
        if (!d.usable)
            continue;
        list += list.empty() ? "" : ", ";
        list += describe(d);
    }
    return list.empty() ? "none" : list;
}

} // namespace

DeviceInfo queryDeviceInfo(VkPhysicalDevice device, int index)
{
    DeviceInfo info;
    info.index = index;

    VkPhysicalDeviceProperties basic;
    vkGetPhysicalDeviceProperties(device, &basic);
    info.apiVersion = basic.apiVersion;
    info.name = basic.deviceName;
    info.type = toDeviceType(basic.deviceType);
    info.vendorId = basic.vendorID;
    info.deviceId = basic.deviceID;
    std::copy(std::begin(basic.pipelineCacheUUID), std::end(basic.pipelineCacheUUID), info.pipelineCacheUuid.begin());
    const VkPhysicalDeviceLimits &limits = basic.limits;
    std::copy(std::begin(limits.maxComputeWorkGroupCount), std::end(limits.maxComputeWorkGroupCount),
              info.maxWorkGroupCount.begin());
    std::copy(std::begin(limits.maxComputeWorkGroupSize), std::end(limits.maxComputeWorkGroupSize),
              info.maxWorkGroupSize.begin());
    info.maxWorkGroupInvocations = limits.maxComputeWorkGroupInvocations;
    info.maxSharedMemorySize = limits.maxComputeSharedMemorySize;
    info.maxStorageBufferRange = limits.maxStorageBufferRange;
    info.minStorageBufferOffsetAlignment = limits.minStorageBufferOffsetAlignment;
    info.maxPushConstantsSize = limits.maxPushConstantsSize;
    info.timestampPeriod = limits.timestampPeriod;
    info.maxMemoryAllocationSize = UINT32_MAX; // what a 1.0 device may be assumed to take

    // The 1.1 and 1.2 properties exist only where the device (or an extension) has them.
    if (basic.apiVersion >= VK_API_VERSION_1_1) {
        VkPhysicalDeviceProperties2 properties{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2};
        VkPhysicalDeviceSubgroupProperties subgroup{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_PROPERTIES};
        VkPhysicalDeviceMaintenance3Properties maintenance3{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MAINTENANCE_3_PROPERTIES};
        VkPhysicalDeviceDriverProperties driver{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRIVER_PROPERTIES};
        properties.pNext = &subgroup;
        subgroup.pNext = &maintenance3;
        const bool hasDriver = basic.apiVersion >= VK_API_VERSION_1_2 ||
                               hasDeviceExtension(device, VK_KHR_DRIVER_PROPERTIES_EXTENSION_NAME);
        if (hasDriver)
            maintenance3.pNext = &driver;
        vkGetPhysicalDeviceProperties2(device, &properties);
        info.subgroupSize = subgroup.subgroupSize;
        info.maxMemoryAllocationSize = maintenance3.maxMemoryAllocationSize;
        if (hasDriver) {
            info.driverName = driver.driverName;
            info.driverInfo = driver.driverInfo;
        }
    }

    VkPhysicalDeviceMemoryProperties memory;
    vkGetPhysicalDeviceMemoryProperties(device, &memory);
    for (uint32_t i = 0; i < memory.memoryHeapCount; ++i) {
        if (memory.memoryHeaps[i].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT)
            info.deviceMemory = std::max<uint64_t>(info.deviceMemory, memory.memoryHeaps[i].size);
    }

    chooseQueueFamily(device, info);
    return info;
}

const char *deviceTypeName(DeviceType type)
{
    switch (type) {
    case DeviceType::Discrete:
        return "discrete GPU";
    case DeviceType::Integrated:
        return "integrated GPU";
    case DeviceType::Virtual:
        return "virtual GPU";
    case DeviceType::Cpu:
        return "CPU";
    case DeviceType::Other:
        break;
    }
    return "other";
}

std::string formatApiVersion(uint32_t version)
{
    return std::to_string(VK_API_VERSION_MAJOR(version)) + "." + std::to_string(VK_API_VERSION_MINOR(version)) + "." +
           std::to_string(VK_API_VERSION_PATCH(version));
}

std::optional<int> deviceFromEnvironment()
{
    const char *value = std::getenv("VOLNET_DEVICE");
    if (!value || !*value)
        return std::nullopt;
    int index = 0;
    const char *end = value + std::strlen(value);
    auto [ptr, ec] = std::from_chars(value, end, index);
    if (ec != std::errc() || ptr != end)
        throw Error(Error::Kind::BadDevice, std::string("VOLNET_DEVICE=") + value +
                                                " is not a device index. Set it to a number that "
                                                "`volnet devices` lists, or unset it.");
    return index;
}

int chooseDevice(const std::vector<DeviceInfo> &devices, std::optional<int> requested)
{
    if (requested) {
        const int i = *requested;
        if (i < 0 || i >= int(devices.size()))
            throw Error(Error::Kind::BadDevice, "There is no Vulkan device " + std::to_string(i) +
                                                    ". Valid devices: " + validIndices(devices) +
                                                    ". Choose one with --device N or VOLNET_DEVICE=N.");
        if (!devices[i].usable)
            throw Error(Error::Kind::BadDevice, "Vulkan device " + describe(devices[i]) +
                                                    " cannot run VolNet: it needs Vulkan 1.1 and a "
                                                    "compute queue. Valid devices: " +
                                                    validIndices(devices) + ".");
        return i;
    }
    int best = -1;
    for (size_t i = 0; i < devices.size(); ++i) {
        if (devices[i].usable && (best < 0 || devices[i].type < devices[best].type))
            best = int(i);
    }
    if (best < 0)
        throw Error(Error::Kind::NoDriver, devices.empty()
                                               ? noDriverMessage()
                                               : "No Vulkan device here can run VolNet: it needs Vulkan 1.1 and a "
                                                 "compute queue. Update your GPU's Vulkan driver, or install Mesa's "
                                                 "CPU driver (Debian: apt install mesa-vulkan-drivers).");
    return best;
}

} // namespace volnet::vk
