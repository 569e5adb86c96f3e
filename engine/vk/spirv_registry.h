#pragma once
// The compute shaders of shaders/*.comp, compiled to SPIR-V at build time and linked
// into the engine (cmake/Shaders.cmake): nothing is read from disk at run time.
#include <cstdint>
#include <span>
#include <string_view>

namespace volnet::vk {

struct EmbeddedShader {
    std::string_view name; // the file stem: shaders/conv3d_fwd.comp is "conv3d_fwd"
    std::span<const uint32_t> spirv;
};

// Every embedded shader, sorted by name. Defined in the file the build generates.
std::span<const EmbeddedShader> embeddedShaders();

// The SPIR-V of the shader `name`; empty when there is none of that name.
std::span<const uint32_t> embeddedSpirv(std::string_view name);

} // namespace volnet::vk
