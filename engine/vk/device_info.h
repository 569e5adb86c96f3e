#pragma once
// What the runtime and `volnet devices` need to know about a physical device, and the
// rule that picks one: the index asked for, else the best type.
#include <vulkan/vulkan.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace volnet::vk {

// Ordered by preference: a discrete GPU is chosen over an integrated one, and so on.
enum class DeviceType { Discrete, Integrated, Virtual, Cpu, Other };

struct DeviceInfo {
    int index = 0; // position in the driver's list: what --device and VOLNET_DEVICE take
    std::string name;
    DeviceType type = DeviceType::Other;
    std::string driverName; // "llvmpipe", "NVIDIA"
    std::string driverInfo; // "Mesa 22.3.6 (LLVM 15.0.6)"
    uint32_t apiVersion = 0;
    uint32_t vendorId = 0;
    uint32_t deviceId = 0;
    std::array<uint8_t, VK_UUID_SIZE> pipelineCacheUuid{};
    uint64_t deviceMemory = 0; // the largest device-local heap
    uint32_t subgroupSize = 0;
    std::array<uint32_t, 3> maxWorkGroupCount{};
    std::array<uint32_t, 3> maxWorkGroupSize{};
    uint32_t maxWorkGroupInvocations = 0;
    uint32_t maxSharedMemorySize = 0; // bytes of shared memory per workgroup
    uint32_t maxStorageBufferRange = 0;
    uint64_t minStorageBufferOffsetAlignment = 0;
    uint32_t maxPushConstantsSize = 0;
    uint64_t maxMemoryAllocationSize = 0;
    float timestampPeriod = 0; // nanoseconds per timestamp tick
    // The queue family the runtime uses: the first with compute, preferring one that
    // can write timestamps. timestampValidBits is 0 where it cannot.
    uint32_t queueFamily = 0;
    uint32_t timestampValidBits = 0;
    bool usable = false; // Vulkan 1.1 and a compute queue: what the runtime needs
};

DeviceInfo queryDeviceInfo(VkPhysicalDevice device, int index);

// "discrete GPU", "CPU", …
const char *deviceTypeName(DeviceType type);

// "1.3.230"
std::string formatApiVersion(uint32_t version);

// VOLNET_DEVICE as an index; nothing when unset or empty. Throws Error (BadDevice) when
// it is not a number.
std::optional<int> deviceFromEnvironment();

// The device to use, as an index into `devices` (where devices[i].index == i):
// `requested` when given, else the usable device of the most preferred type (the first
// such in the list). Throws Error (BadDevice) for an index that does not
// exist or a device the runtime cannot use; the message lists the valid indices.
int chooseDevice(const std::vector<DeviceInfo> &devices, std::optional<int> requested);

} // namespace volnet::vk
