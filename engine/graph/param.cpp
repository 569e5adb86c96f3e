#include "graph/param.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace volnet {

ParamKind kindOf(const ParamValue &value)
{
    switch (value.index()) {
    case 0: return ParamKind::Int;
    case 1: return ParamKind::Float;
    case 2: return ParamKind::Bool;
    case 3: return ParamKind::Choice;
    default: return ParamKind::IntTuple;
    }
}

std::string formatParam(const ParamValue &value)
{
    struct Visitor {
        std::string operator()(int64_t v) const { return std::to_string(v); }
        std::string operator()(double v) const
        {
            std::ostringstream s;
            s << v;
            return s.str();
        }
        std::string operator()(bool v) const { return v ? "true" : "false"; }
        std::string operator()(const std::string &v) const { return v; }
        std::string operator()(const IntTuple &v) const
        {
            std::string s = "(";
            for (size_t i = 0; i < v.size(); ++i)
                s += (i ? ", " : "") + std::to_string(v[i]);
            return s + (v.size() == 1 ? ",)" : ")");
        }
    };
    return std::visit(Visitor{}, value);
}

namespace {

std::string formatBound(double v)
{
    std::ostringstream s;
    s << v;
    return s.str();
}

std::optional<std::string> checkRange(const ParamSpec &spec, double v)
{
    const bool belowMin = spec.exclusiveMin ? v <= spec.minValue : v < spec.minValue;
    const bool aboveMax = spec.exclusiveMax ? v >= spec.maxValue : v > spec.maxValue;
    if (!belowMin && !aboveMax && std::isfinite(v))
        return std::nullopt;
    std::string lo = (spec.exclusiveMin ? "greater than " : "at least ") + formatBound(spec.minValue);
    std::string hi = (spec.exclusiveMax ? "less than " : "at most ") + formatBound(spec.maxValue);
    return "must be " + lo + " and " + hi + ", not " + formatBound(v);
}

} // namespace

std::optional<std::string> validateParam(const ParamSpec &spec, const ParamValue &value)
{
    if (kindOf(value) != spec.kind)
        return "has the wrong kind of value: " + formatParam(value);
    switch (spec.kind) {
    case ParamKind::Int:
        return checkRange(spec, double(std::get<int64_t>(value)));
    case ParamKind::Float:
        return checkRange(spec, std::get<double>(value));
    case ParamKind::Bool:
        return std::nullopt;
    case ParamKind::Choice: {
        const auto &word = std::get<std::string>(value);
        if (std::find(spec.choices.begin(), spec.choices.end(), word) != spec.choices.end())
            return std::nullopt;
        std::string list;
        for (const auto &c : spec.choices)
            list += (list.empty() ? "" : ", ") + ("'" + c + "'");
        return "must be one of " + list + ", not '" + word + "'";
    }
    case ParamKind::IntTuple: {
        const auto &t = std::get<IntTuple>(value);
        const int n = int(t.size());
        if (n < spec.minLength || n > spec.maxLength) {
            std::string want = spec.minLength == spec.maxLength
                                   ? std::to_string(spec.minLength)
                                   : std::to_string(spec.minLength) + " to " + std::to_string(spec.maxLength);
            return "needs " + want + " values, not " + std::to_string(n) + " " + formatParam(value);
        }
        int inferred = 0;
        for (int64_t v : t) {
            if (v == -1 && spec.allowInferred) {
                ++inferred;
                continue;
            }
            if (auto why = checkRange(spec, double(v)))
                return "each value " + *why + " in " + formatParam(value);
        }
        if (inferred > 1)
            return "can infer at most one dimension (-1), not " + std::to_string(inferred);
        return std::nullopt;
    }
    }
    return std::nullopt;
}

} // namespace volnet
