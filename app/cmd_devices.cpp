// `volnet devices [--device N]`: the Vulkan devices this machine has, and the one the
// engine would use.
#include "commands.h"
#include "text_table.h"

#include "vk/device_info.h"
#include "vk/error.h"
#include "vk/instance.h"

#include <charconv>
#include <cstdio>
#include <optional>

namespace volnet::cli {

namespace {

void printUsage(std::FILE *to)
{
    std::fprintf(to, "Usage: volnet devices [--device N]\n\n"
                     "Lists the Vulkan devices and marks with * the one VolNet Studio uses: device N\n"
                     "when given (or VOLNET_DEVICE=N), else a discrete GPU before an integrated one,\n"
                     "a virtual one, then a CPU driver. Exit code 1 when there is no Vulkan device.\n");
}

std::optional<int> parseIndex(const std::string &text)
{
    int value = 0;
    const char *end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end)
        return std::nullopt;
    return value;
}

void printDevices(const std::vector<vk::DeviceInfo> &devices, int chosen)
{
    TextTable table({"", "#", "Device", "Type", "Driver", "Vulkan", "Memory", "Subgroup", "Max storage buffer"});
    table.setRightAligned(1);
    table.setRightAligned(6);
    table.setRightAligned(7);
    table.setRightAligned(8);
    bool unusable = false;
    for (const vk::DeviceInfo &d : devices) {
        std::string driver = d.driverName;
        if (!d.driverInfo.empty())
            driver += (driver.empty() ? "" : " ") + d.driverInfo;
        std::string type = vk::deviceTypeName(d.type);
        if (!d.usable) {
            type += " (unusable)";
            unusable = true;
        }
        table.addRow({d.index == chosen ? "*" : "", std::to_string(d.index), d.name, type,
                      driver.empty() ? "?" : driver, vk::formatApiVersion(d.apiVersion),
                      humanBytes(int64_t(d.deviceMemory)), d.subgroupSize ? std::to_string(d.subgroupSize) : "?",
                      humanBytes(d.maxStorageBufferRange)});
    }
    std::printf("%s", table.render().c_str());
    std::printf("* the device VolNet Studio uses; pick another with --device N or VOLNET_DEVICE=N.\n");
    if (unusable)
        std::printf("Unusable devices lack Vulkan 1.1 or a compute queue.\n");
}

} // namespace

int runDevices(const Args &args)
{
    std::optional<int> requested;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string &arg = args[i];
        if (arg == "--help" || arg == "-h") {
            printUsage(stdout);
            return 0;
        }
        std::string value;
        if (arg == "--device") {
            value = i + 1 < args.size() ? args[++i] : "";
        } else if (arg.rfind("--device=", 0) == 0) {
            value = arg.substr(9);
        } else {
            std::fprintf(stderr, "volnet devices: unexpected argument '%s'.\n\n", arg.c_str());
            printUsage(stderr);
            return 2;
        }
        requested = parseIndex(value);
        if (!requested) {
            std::fprintf(stderr, "volnet devices: --device takes a device index, not '%s'.\n\n", value.c_str());
            printUsage(stderr);
            return 2;
        }
    }

    try {
        const vk::Instance instance(vk::validationFromEnvironment());
        const int chosen = vk::chooseDevice(instance.devices(), requested ? requested : vk::deviceFromEnvironment());
        printDevices(instance.devices(), chosen);
        return 0;
    } catch (const vk::Error &e) {
        std::fprintf(stderr, "volnet devices: %s\n", e.what());
        return e.kind() == vk::Error::Kind::BadDevice ? 2 : 1;
    }
}

} // namespace volnet::cli
