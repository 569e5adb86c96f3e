#pragma once
// Block parameters: their values and the schema that the registry declares for each.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace volnet {

enum class ParamKind {
    Int,      // a whole number: filters, units, axis
    Float,    // a real number: rate, momentum, epsilon
    Bool,     // use_bias, return_sequences
    Choice,   // one of a fixed list of words: padding, activation
    IntTuple, // kernel_size, strides, pool_size, target_shape, dims, shape
};

using IntTuple = std::vector<int64_t>;
using ParamValue = std::variant<int64_t, double, bool, std::string, IntTuple>;

struct ParamSpec {
    std::string name;
    ParamKind kind = ParamKind::Int;
    ParamValue defaultValue;
    std::string help; // one line for tooltips and docs

    // Valid range of an Int or Float, and of each element of an IntTuple.
    double minValue = 0;
    double maxValue = 1e9;
    // Choice: the words allowed.
    std::vector<std::string> choices;
    // IntTuple: allowed lengths. A tuple of length 1 given to a block that expects 3
    // is not broadcast: Keras users write (3, 3, 3), and so must our files.
    int minLength = 1;
    int maxLength = 1;
    // IntTuple: -1 allowed as "infer this dimension" (Reshape's target_shape).
    bool allowInferred = false;
    // Float: whether the lower bound itself is excluded (epsilon > 0, momentum < 1).
    bool exclusiveMin = false;
    bool exclusiveMax = false;
};

// The kind a value holds, to check a value against its spec.
ParamKind kindOf(const ParamValue &value);

// "32", "0.5", "true", "same", "(3, 3, 3)".
std::string formatParam(const ParamValue &value);

// Why `value` is not valid for `spec`, or nothing when it is.
std::optional<std::string> validateParam(const ParamSpec &spec, const ParamValue &value);

} // namespace volnet
