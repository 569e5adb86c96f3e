#include "vk/kernel.h"

#include "vk/context.h"
#include "vk/error.h"
#include "vk/pipeline_cache.h"
#include "vk/spirv_registry.h"

#include <cstring>
#include <stdexcept>

namespace volnet::vk {

Kernel::Kernel(Context &context, const KernelDesc &desc)
    : m_context(context), m_name(desc.shader), m_bindings(desc.bindings), m_pushConstantSize(desc.pushConstantSize)
{
    const std::span<const uint32_t> spirv = embeddedSpirv(desc.shader);
    if (spirv.empty())
        throw std::invalid_argument("no embedded shader named '" + desc.shader + "' (shaders/*.comp)");
    if (desc.pushConstantSize % 4 != 0 || desc.pushConstantSize > context.device().maxPushConstantsSize)
        throw std::invalid_argument("kernel " + desc.shader + ": a push-constant block of " +
                                    std::to_string(desc.pushConstantSize) +
                                    " bytes is not a multiple of 4 or exceeds the device's " +
                                    std::to_string(context.device().maxPushConstantsSize));

    // Every specialization constant is 4 bytes, whatever its type.
    std::vector<VkSpecializationMapEntry> entries;
    std::vector<uint32_t> values;
    for (const SpecConstant &constant : desc.specialization) {
        entries.push_back({constant.id, uint32_t(values.size() * 4), 4});
        uint32_t bits = 0;
        std::visit([&](auto v) { std::memcpy(&bits, &v, 4); }, constant.value);
        values.push_back(bits);
    }
    const VkSpecializationInfo specialization{uint32_t(entries.size()), entries.data(), values.size() * 4,
                                              values.data()};

    const VkDevice device = context.handle();
    VkShaderModule module = VK_NULL_HANDLE;
    try {
        std::vector<VkDescriptorSetLayoutBinding> bindings(desc.bindings);
        for (uint32_t i = 0; i < desc.bindings; ++i)
            bindings[i] = {i, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_COMPUTE_BIT, nullptr};
        VkDescriptorSetLayoutCreateInfo setLayout{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
        setLayout.bindingCount = desc.bindings;
        setLayout.pBindings = bindings.data();
        check(vkCreateDescriptorSetLayout(device, &setLayout, nullptr, &m_setLayout), "vkCreateDescriptorSetLayout");

        const VkPushConstantRange push{VK_SHADER_STAGE_COMPUTE_BIT, 0, desc.pushConstantSize};
        VkPipelineLayoutCreateInfo layout{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
        layout.setLayoutCount = 1;
        layout.pSetLayouts = &m_setLayout;
        layout.pushConstantRangeCount = desc.pushConstantSize > 0 ? 1 : 0;
        layout.pPushConstantRanges = &push;
        check(vkCreatePipelineLayout(device, &layout, nullptr, &m_layout), "vkCreatePipelineLayout");

        VkShaderModuleCreateInfo moduleInfo{VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
        moduleInfo.codeSize = spirv.size_bytes();
        moduleInfo.pCode = spirv.data();
        check(vkCreateShaderModule(device, &moduleInfo, nullptr, &module), "vkCreateShaderModule");

        VkComputePipelineCreateInfo pipeline{VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO};
        pipeline.stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
        pipeline.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
        pipeline.stage.module = module;
        pipeline.stage.pName = "main";
        pipeline.stage.pSpecializationInfo = &specialization;
        pipeline.layout = m_layout;
        check(vkCreateComputePipelines(device, context.pipelineCache().handle(), 1, &pipeline, nullptr, &m_pipeline),
              "vkCreateComputePipelines");
        vkDestroyShaderModule(device, module, nullptr);
    } catch (...) {
        vkDestroyShaderModule(device, module, nullptr);
        destroy();
        throw;
    }
}

Kernel::~Kernel()
{
    destroy();
}

void Kernel::destroy()
{
    const VkDevice device = m_context.handle();
    vkDestroyPipeline(device, m_pipeline, nullptr);
    vkDestroyPipelineLayout(device, m_layout, nullptr);
    vkDestroyDescriptorSetLayout(device, m_setLayout, nullptr);
}

} // namespace volnet::vk
