#pragma once
// The Vulkan instance, with the Khronos validation layer when asked for, and the list of
// devices it sees. `volnet devices` needs only this; a Context adds a logical device.
#include "vk/device_info.h"

#include <vulkan/vulkan.h>

#include <atomic>
#include <cstdint>
#include <vector>

namespace volnet::vk {

// VOLNET_VALIDATION=1 asks for the validation layer.
bool validationFromEnvironment();

class Instance {
public:
    // With `validation`, enables VK_LAYER_KHRONOS_validation with synchronisation
    // validation and prints each message it sends to stderr. Throws Error when there is
    // no driver or device (NoDriver) or the layer is missing (NoValidationLayer).
    explicit Instance(bool validation);
    ~Instance();
    Instance(const Instance &) = delete;
    Instance &operator=(const Instance &) = delete;

    VkInstance handle() const { return m_instance; }
    bool validation() const { return m_messenger != VK_NULL_HANDLE; }
    // Warnings and errors the validation layer (or the loader) reported so far: tests
    // assert that none were.
    uint64_t validationMessageCount() const { return m_messageCount.load(); }

    const std::vector<DeviceInfo> &devices() const { return m_devices; }
    VkPhysicalDevice physicalDevice(int index) const { return m_physicalDevices.at(index); }

private:
    void destroy();

    VkInstance m_instance = VK_NULL_HANDLE;
    VkDebugUtilsMessengerEXT m_messenger = VK_NULL_HANDLE;
    std::atomic<uint64_t> m_messageCount{0};
    std::vector<VkPhysicalDevice> m_physicalDevices;
    std::vector<DeviceInfo> m_devices;
};

} // namespace volnet::vk
