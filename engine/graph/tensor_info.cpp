#include "graph/tensor_info.h"

#include <algorithm>

namespace volnet {

namespace {
const std::string kJoin = "·";
}

std::string formatWithRoles(const TensorInfo &t)
{
    std::string s;
    for (size_t i = 0; i < t.dims.size(); ++i) {
        if (i)
            s += " ";
        s += (i < t.roles.size() ? t.roles[i] : std::string("?")) + std::to_string(t.dims[i]);
    }
    return s;
}

std::vector<std::string> splitRole(const std::string &role)
{
    std::vector<std::string> parts;
    size_t start = 0;
    while (true) {
        size_t at = role.find(kJoin, start);
        parts.push_back(role.substr(start, at - start));
        if (at == std::string::npos)
            break;
        start = at + kJoin.size();
    }
    return parts;
}

bool roleHas(const std::string &role, const std::string &part)
{
    const auto parts = splitRole(role);
    return std::find(parts.begin(), parts.end(), part) != parts.end();
}

std::string joinRoles(const std::vector<std::string> &parts)
{
    // Merging an axis with itself (H·H after a split and re-merge) says nothing new.
    std::vector<std::string> unique;
    for (const auto &p : parts)
        for (const auto &q : splitRole(p))
            if (!q.empty() && std::find(unique.begin(), unique.end(), q) == unique.end())
                unique.push_back(q);
    std::string s;
    for (const auto &p : unique)
        s += (s.empty() ? "" : kJoin) + p;
    return s;
}

} // namespace volnet
