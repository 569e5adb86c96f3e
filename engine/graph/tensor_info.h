#pragma once
#include "tensor/shape.h"

#include <string>
#include <vector>

namespace volnet {

// A tensor flowing on a wire: its shape without the batch axis, and the role of each
// axis. Roles never change the numbers; they let the editor say when time ends up
// where space belongs. Roles: "T" time, "D" depth, "H", "W" image rows and columns,
// "C" channels, "F" features, "S" a sequence position that is neither time nor space;
// a merged axis joins roles with "·" ("W·C", "T·C").
struct TensorInfo {
    Dims dims;
    std::vector<std::string> roles;

    int rank() const { return int(dims.size()); }
    bool operator==(const TensorInfo &) const = default;
};

// "T5 H64 W64 C32": each axis as its role and size.
std::string formatWithRoles(const TensorInfo &t);

// Splits "T·H" into {"T","H"}; true when `role` contains `part`.
std::vector<std::string> splitRole(const std::string &role);
bool roleHas(const std::string &role, const std::string &part);
std::string joinRoles(const std::vector<std::string> &parts);

} // namespace volnet
