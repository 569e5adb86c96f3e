#include "vk/instance.h"

#include "vk/error.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace volnet::vk {

namespace {

const char *const kValidationLayer = "VK_LAYER_KHRONOS_validation";

VKAPI_ATTR VkBool32 VKAPI_CALL onDebugMessage(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                                              VkDebugUtilsMessageTypeFlagsEXT,
                                              const VkDebugUtilsMessengerCallbackDataEXT *data, void *user)
{
    static_cast<std::atomic<uint64_t> *>(user)->fetch_add(1);
    const char *level = severity >= VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT ? "error" : "warning";
    std::fprintf(stderr, "vulkan %s: %s\n", level, data->pMessage ? data->pMessage : "");
    return VK_FALSE;
}

bool hasLayer(const char *name)
{
    uint32_t count = 0;
    vkEnumerateInstanceLayerProperties(&count, nullptr);
    std::vector<VkLayerProperties> layers(count);
    vkEnumerateInstanceLayerProperties(&count, layers.data());
    return std::any_of(layers.begin(), layers.end(),
                       [&](const VkLayerProperties &l) { return std::strcmp(l.layerName, name) == 0; });
}

} // namespace

bool validationFromEnvironment()
{
    const char *value = std::getenv("VOLNET_VALIDATION");
    return value && std::strcmp(value, "1") == 0;
}

Instance::Instance(bool validation)
{
    uint32_t loaderVersion = VK_API_VERSION_1_0;
    vkEnumerateInstanceVersion(&loaderVersion);
    if (loaderVersion < VK_API_VERSION_1_1)
        throw Error(Error::Kind::NoDriver, "The Vulkan loader on this machine supports Vulkan " +
                                               formatApiVersion(loaderVersion) +
                                               " only; VolNet needs 1.1. Update the Vulkan loader "
                                               "(Debian: apt install libvulkan1).");
    if (validation && !hasLayer(kValidationLayer))
        throw Error(Error::Kind::NoValidationLayer,
                    "VOLNET_VALIDATION=1 asks for the Vulkan validation layer, but "
                    "VK_LAYER_KHRONOS_validation is not installed. Install it (Debian: apt install "
                    "vulkan-validationlayers) or unset VOLNET_VALIDATION.");

    VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
    app.pApplicationName = "VolNet Studio";
    app.pEngineName = "volnet";
    app.apiVersion = VK_API_VERSION_1_2; // the newest API the runtime uses where a device has it

    VkInstanceCreateInfo info{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
    info.pApplicationInfo = &app;

    // Chained into the create info too, so that instance creation and destruction are
    // validated as well.
    VkDebugUtilsMessengerCreateInfoEXT messenger{VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT};
    messenger.messageSeverity =
        VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT;
    messenger.messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT |
                            VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                            VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT;
    messenger.pfnUserCallback = onDebugMessage;
    messenger.pUserData = &m_messageCount;
    const VkValidationFeatureEnableEXT enabled[] = {VK_VALIDATION_FEATURE_ENABLE_SYNCHRONIZATION_VALIDATION_EXT};
    VkValidationFeaturesEXT features{VK_STRUCTURE_TYPE_VALIDATION_FEATURES_EXT};
    features.enabledValidationFeatureCount = 1;
    features.pEnabledValidationFeatures = enabled;
    features.pNext = &messenger;
    const char *const extensions[] = {VK_EXT_DEBUG_UTILS_EXTENSION_NAME, VK_EXT_VALIDATION_FEATURES_EXTENSION_NAME};
    if (validation) {
        info.pNext = &features;
        info.enabledLayerCount = 1;
        info.ppEnabledLayerNames = &kValidationLayer;
        info.enabledExtensionCount = 2;
        info.ppEnabledExtensionNames = extensions;
    }

    check(vkCreateInstance(&info, nullptr, &m_instance), "vkCreateInstance");
    try {
        if (validation) {
            auto create = reinterpret_cast<PFN_vkCreateDebugUtilsMessengerEXT>(
                vkGetInstanceProcAddr(m_instance, "vkCreateDebugUtilsMessengerEXT"));
            check(create(m_instance, &messenger, nullptr, &m_messenger), "vkCreateDebugUtilsMessengerEXT");
        }
        uint32_t count = 0;
        check(vkEnumeratePhysicalDevices(m_instance, &count, nullptr), "vkEnumeratePhysicalDevices");
        m_physicalDevices.resize(count);
        check(vkEnumeratePhysicalDevices(m_instance, &count, m_physicalDevices.data()), "vkEnumeratePhysicalDevices");
        m_physicalDevices.resize(count);
        if (count == 0)
            throw Error(Error::Kind::NoDriver, noDriverMessage());
        for (uint32_t i = 0; i < count; ++i)
            m_devices.push_back(queryDeviceInfo(m_physicalDevices[i], int(i)));
    } catch (...) {
        destroy();
        throw;
    }
}

Instance::~Instance()
{
    destroy();
}

void Instance::destroy()
{
    if (m_messenger) {
        auto destroyMessenger = reinterpret_cast<PFN_vkDestroyDebugUtilsMessengerEXT>(
            vkGetInstanceProcAddr(m_instance, "vkDestroyDebugUtilsMessengerEXT"));
        destroyMessenger(m_instance, m_messenger, nullptr);
        m_messenger = VK_NULL_HANDLE;
    }
    if (m_instance)
        vkDestroyInstance(m_instance, nullptr);
    m_instance = VK_NULL_HANDLE;
}

} // namespace volnet::vk
