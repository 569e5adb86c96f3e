#pragma once
// A compute pipeline made from an embedded shader: its storage-buffer bindings (set 0,
// bindings 0..N-1), its push-constant block and its specialization constants.
#include <vulkan/vulkan.h>

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace volnet::vk {

class Context;

// A value for `layout(constant_id = id) const …` in the shader. GLSL's bool takes a
// uint32_t (0 or 1).
struct SpecConstant {
    uint32_t id;
    std::variant<uint32_t, int32_t, float> value;
};

struct KernelDesc {
    std::string shader;            // the shader's file stem in shaders/
    uint32_t bindings = 0;         // storage buffers at set 0, bindings 0..bindings-1
    uint32_t pushConstantSize = 0; // bytes, a multiple of 4
    std::vector<SpecConstant> specialization;
};

class Kernel {
public:
    // Throws std::invalid_argument for an unknown shader or a push-constant block the
    // device cannot take, and Error when the driver fails to build the pipeline.
    Kernel(Context &context, const KernelDesc &desc);
    ~Kernel();
    Kernel(const Kernel &) = delete;
    Kernel &operator=(const Kernel &) = delete;

    const std::string &name() const { return m_name; }
    uint32_t bindingCount() const { return m_bindings; }
    uint32_t pushConstantSize() const { return m_pushConstantSize; }
    VkPipeline pipeline() const { return m_pipeline; }
    VkPipelineLayout layout() const { return m_layout; }
    VkDescriptorSetLayout setLayout() const { return m_setLayout; }

private:
    void destroy();

    Context &m_context;
    std::string m_name;
    uint32_t m_bindings = 0;
    uint32_t m_pushConstantSize = 0;
    VkDescriptorSetLayout m_setLayout = VK_NULL_HANDLE;
    VkPipelineLayout m_layout = VK_NULL_HANDLE;
    VkPipeline m_pipeline = VK_NULL_HANDLE;
};

} // namespace volnet::vk
