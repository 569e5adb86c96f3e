#include "vk/spirv_registry.h"

#include <algorithm>

namespace volnet::vk {

std::span<const uint32_t> embeddedSpirv(std::string_view name)
{
    const auto shaders = embeddedShaders();
    const auto it = std::lower_bound(shaders.begin(), shaders.end(), name,
                                     [](const EmbeddedShader &s, std::string_view n) { return s.name < n; });
    if (it == shaders.end() || it->name != name)
        return {};
    return it->spirv;
}

} // namespace volnet::vk
