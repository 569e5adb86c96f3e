#include "data/spec_options.h"

#include "data/data_error.h"

#include <charconv>
#include <cmath>
#include <sstream>

namespace volnet::data {

SpecOptions::SpecOptions(std::string spec, const std::string &query) : m_spec(std::move(spec))
{
    std::istringstream pairs(query);
    for (std::string pair; std::getline(pairs, pair, '&');) {
        if (pair.empty())
            continue;
        const size_t eq = pair.find('=');
        if (eq == std::string::npos || eq == 0)
            throw DataError(m_spec + ": option '" + pair + "' is not key=value");
        const std::string key = pair.substr(0, eq);
        if (!m_values.emplace(key, pair.substr(eq + 1)).second)
            throw DataError(m_spec + ": option " + key + " is given twice");
    }
}

const std::string *SpecOptions::find(const std::string &key)
{
    m_known.push_back(key);
    const auto it = m_values.find(key);
    return it == m_values.end() ? nullptr : &it->second;
}

int64_t SpecOptions::integer(const std::string &key, int64_t fallback, int64_t min, int64_t max)
{
    const std::string *value = find(key);
    if (!value)
        return fallback;
    int64_t v = 0;
    const auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), v);
    if (ec != std::errc() || end != value->data() + value->size() || v < min || v > max)
        throw DataError(m_spec + ": option " + key + " must be an integer from " + std::to_string(min) + " to " +
                        std::to_string(max) + ", not '" + *value + "'");
    return v;
}

double SpecOptions::number(const std::string &key, double fallback, double min, double max)
{
    const std::string *value = find(key);
    if (!value)
        return fallback;
    double v = 0;
    const auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), v);
    if (ec != std::errc() || end != value->data() + value->size() || !std::isfinite(v) || v < min || v > max) {
        std::ostringstream range;
        range << min << " to " << max;
        throw DataError(m_spec + ": option " + key + " must be a number from " + range.str() + ", not '" + *value +
                        "'");
    }
    return v;
}

std::string SpecOptions::text(const std::string &key, const std::string &fallback)
{
    const std::string *value = find(key);
    return value ? *value : fallback;
}

std::vector<std::string> SpecOptions::list(const std::string &key)
{
    std::vector<std::string> words;
    const std::string *value = find(key);
    if (!value)
        return words;
    std::istringstream parts(*value);
    for (std::string word; std::getline(parts, word, ',');) {
        if (word.empty())
            throw DataError(m_spec + ": option " + key + " has an empty entry in '" + *value + "'");
        words.push_back(word);
    }
    return words;
}

void SpecOptions::finish() const
{
    for (const auto &[key, value] : m_values) {
        bool known = false;
        for (const std::string &k : m_known)
            known = known || k == key;
        if (known)
            continue;
        std::string valid;
        for (const std::string &k : m_known)
            valid += (valid.empty() ? "" : ", ") + k;
        throw DataError(m_spec + ": unknown option '" + key + "'" +
                        (valid.empty() ? std::string(": this kind takes no options") : "; valid options: " + valid));
    }
}

} // namespace volnet::data
