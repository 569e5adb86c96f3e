#pragma once
// What goes wrong with the GPU, told so that a user knows what happened and what to do.
// Programming mistakes (a wrong binding count, a range past a buffer's end) are
// std::logic_error instead: they are not the user's to fix.
#include <vulkan/vulkan.h>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace volnet::vk {

class Error : public std::runtime_error {
public:
    enum class Kind {
        NoDriver,          // no Vulkan driver, or no device, on this machine
        BadDevice,         // --device / VOLNET_DEVICE names no usable device
        NoValidationLayer, // VOLNET_VALIDATION=1 without the Khronos layer installed
        OutOfMemory,       // device or host memory exhausted
        DeviceLost,        // the driver reset or lost the device
        Failure,           // any other failed Vulkan call
    };

    Error(Kind kind, const std::string &message) : std::runtime_error(message), m_kind(kind) {}
    Kind kind() const { return m_kind; }

private:
    Kind m_kind;
};

// Throws Error when `result` is an error code; `call` names the failed call in the message.
void check(VkResult result, const char *call);

// "VK_ERROR_DEVICE_LOST"
const char *resultName(VkResult result);

// The message for a machine where Vulkan finds no driver or no device; `detail` says
// what reported it.
std::string noDriverMessage(const std::string &detail = {});

// Sizes as messages and tables print them: "512 B", "1.5 GiB", "128 MiB".
std::string formatBytes(uint64_t bytes);

} // namespace volnet::vk
