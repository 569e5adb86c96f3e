#include "graph/block_registry.h"

#include "graph/blocks/block_helpers.h"

#include <algorithm>

namespace volnet {

const ParamSpec *BlockSpec::param(std::string_view name) const
{
    for (const ParamSpec &p : params)
        if (p.name == name)
            return &p;
    return nullptr;
}

const ParamValue &ShapeContext::value(const std::string &name) const
{
    // Analysis fills in defaults before a rule runs, so a missing name is a registry bug.
    return m_node.params.at(name);
}

int64_t ShapeContext::integer(const std::string &name) const { return std::get<int64_t>(value(name)); }
double ShapeContext::real(const std::string &name) const { return std::get<double>(value(name)); }
bool ShapeContext::flag(const std::string &name) const { return std::get<bool>(value(name)); }
const std::string &ShapeContext::word(const std::string &name) const { return std::get<std::string>(value(name)); }
const IntTuple &ShapeContext::tuple(const std::string &name) const { return std::get<IntTuple>(value(name)); }

std::string ShapeContext::describeInput(int i) const
{
    std::string s = "input " + std::to_string(i + 1);
    if (size_t(i) < m_inputNodes.size())
        s += " from " + m_inputNodes[size_t(i)];
    return s;
}

void ShapeContext::error(std::string code, std::string message, std::string fix, std::string field)
{
    m_diagnostics.push_back(
        {Severity::Error, m_node.id, std::move(field), std::move(code), std::move(message), std::move(fix)});
}

void ShapeContext::warning(std::string code, std::string message, std::string fix, std::string field)
{
    m_diagnostics.push_back(
        {Severity::Warning, m_node.id, std::move(field), std::move(code), std::move(message), std::move(fix)});
}

bool ShapeContext::failed() const
{
    return std::any_of(m_diagnostics.begin(), m_diagnostics.end(),
                       [](const Diagnostic &d) { return d.severity == Severity::Error; });
}

namespace {

const std::vector<std::string> kCategoryOrder = {"Input", "3D", "Time", "Shape", "Merge", "Recurrent", "2D", "Head"};

std::vector<BlockSpec> buildRegistry()
{
    std::vector<BlockSpec> all;
    blocks::addInputBlocks(all);
    blocks::addConvBlocks(all);
    blocks::addPoolBlocks(all);
    blocks::addTimeBlocks(all);
    blocks::addShapeBlocks(all);
    blocks::addMergeBlocks(all);
    blocks::addRecurrentBlocks(all);
    blocks::addHeadBlocks(all);
    auto rank = [](const BlockSpec &b) {
        return std::find(kCategoryOrder.begin(), kCategoryOrder.end(), b.category) - kCategoryOrder.begin();
    };
    std::stable_sort(all.begin(), all.end(), [&](const BlockSpec &a, const BlockSpec &b) { return rank(a) < rank(b); });
    return all;
}

} // namespace

const std::vector<BlockSpec> &blockRegistry()
{
    static const std::vector<BlockSpec> registry = buildRegistry();
    return registry;
}

const BlockSpec *findBlock(std::string_view type)
{
    for (const BlockSpec &b : blockRegistry())
        if (b.type == type)
            return &b;
    return nullptr;
}

} // namespace volnet
