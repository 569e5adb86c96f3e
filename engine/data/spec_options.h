#pragma once
// The options of a dataset spec, `kind:argument?key=value&key=value`, read by the
// dataset the spec opens. Each read names the option's range; finish() then refuses
// any option that no read asked for, listing the valid ones, so a typo is an error
// rather than a silently ignored setting.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace volnet::data {

class SpecOptions {
public:
    // `spec` is the whole text, for messages; `query` what follows the '?'.
    SpecOptions(std::string spec, const std::string &query);

    int64_t integer(const std::string &key, int64_t fallback, int64_t min, int64_t max);
    double number(const std::string &key, double fallback, double min, double max);
    std::string text(const std::string &key, const std::string &fallback = {});
    // Comma-separated words; empty when the option is absent.
    std::vector<std::string> list(const std::string &key);
    void finish() const;

private:
    const std::string *find(const std::string &key);

    std::string m_spec;
    std::map<std::string, std::string> m_values;
    std::vector<std::string> m_known;
};

} // namespace volnet::data
