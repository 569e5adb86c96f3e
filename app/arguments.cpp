#include "arguments.h"

#include <algorithm>
#include <cstdio>

namespace volnet::cli {

Arguments::Arguments(std::string command, std::string synopsis, std::string description)
    : m_command(std::move(command)), m_synopsis(std::move(synopsis)), m_description(std::move(description))
{
}

void Arguments::option(const std::string &name, const std::string &valueName, const std::string &help,
                       bool repeatable)
{
    m_specs.push_back({name, valueName, help, true, repeatable});
}

void Arguments::flag(const std::string &name, const std::string &help)
{
    m_specs.push_back({name, {}, help, false, false});
}

void Arguments::positional(const std::string &name, const std::string &help, bool required)
{
    m_positionalSpecs.push_back({name, help, required});
}

bool Arguments::parse(const Args &args, std::string *error)
{
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string &arg = args[i];
        if (arg == "--help" || arg == "-h") {
            m_help = true;
            return true;
        }
        if (arg.rfind("--", 0) != 0) {
            if (m_positionals.size() == m_positionalSpecs.size()) {
                *error = "unexpected argument '" + arg + "'";
                return false;
            }
            m_positionals.push_back(arg);
            continue;
        }
        // --name=value or --name value
        const size_t eq = arg.find('=');
        const std::string name = arg.substr(0, eq);
        const Spec *spec = nullptr;
        for (const Spec &s : m_specs)
            if (s.name == name)
                spec = &s;
        if (!spec) {
            *error = "unknown option '" + name + "'";
            return false;
        }
        if (!spec->takesValue) {
            if (eq != std::string::npos) {
                *error = name + " takes no value";
                return false;
            }
            m_values[name].push_back({});
            continue;
        }
        std::string value;
        if (eq != std::string::npos) {
            value = arg.substr(eq + 1);
        } else if (i + 1 < args.size()) {
            value = args[++i];
        } else {
            *error = name + " needs a value (" + spec->valueName + ")";
            return false;
        }
        if (!spec->repeatable && m_values.count(name)) {
            *error = name + " is given twice";
            return false;
        }
        m_values[name].push_back(value);
    }
    if (m_positionals.size() < m_positionalSpecs.size() && m_positionalSpecs[m_positionals.size()].required) {
        *error = "missing " + m_positionalSpecs[m_positionals.size()].name;
        return false;
    }
    return true;
}

std::map<std::string, std::string> Arguments::options() const
{
    std::map<std::string, std::string> given;
    for (const auto &[name, values] : m_values)
        given[name] = values.back();
    return given;
}

bool Arguments::adopt(const std::map<std::string, std::string> &options, std::string *error)
{
    for (const auto &[name, value] : options) {
        const auto spec = std::find_if(m_specs.begin(), m_specs.end(), [&](const Spec &s) { return s.name == name; });
        if (spec == m_specs.end()) {
            *error = "unknown option '" + name + "'";
            return false;
        }
        if (!m_values.count(name))
            m_values[name].push_back(value);
    }
    return true;
}

std::string Arguments::usage() const
{
    std::string s = "Usage: volnet " + m_synopsis + "\n\n" + m_description + "\n";
    if (!m_positionalSpecs.empty())
        s += "\n";
    for (const PositionalSpec &p : m_positionalSpecs) {
        char line[512];
        std::snprintf(line, sizeof line, "  %-28s %s\n", p.name.c_str(), p.help.c_str());
        s += line;
    }
    s += "\nOptions:\n";
    for (const Spec &spec : m_specs) {
        const std::string left = spec.name + (spec.takesValue ? " " + spec.valueName : "");
        char line[1024];
        std::snprintf(line, sizeof line, "  %-28s %s\n", left.c_str(), spec.help.c_str());
        s += line;
    }
    return s + "  --help                       this text\n";
}

std::string Arguments::value(const std::string &name, const std::string &fallback) const
{
    const auto it = m_values.find(name);
    return it == m_values.end() ? fallback : it->second.back();
}

std::vector<std::string> Arguments::values(const std::string &name) const
{
    const auto it = m_values.find(name);
    return it == m_values.end() ? std::vector<std::string>{} : it->second;
}

namespace {

// The whole of `text` as a number by `parse` (std::stoll, std::stod), or an error naming
// the option and what it wants.
template<typename T, typename Parse>
bool parseNumber(const std::string &name, const std::string &text, const char *what, Parse parse, T *out,
                 std::string *error)
{
    size_t used = 0;
    try {
        *out = parse(text, &used);
    } catch (const std::exception &) {
        used = 0;
    }
    if (used == 0 || used != text.size()) {
        *error = name + " needs " + what + ", not '" + text + "'";
        return false;
    }
    return true;
}

} // namespace

bool Arguments::integer(const std::string &name, int64_t fallback, int64_t *out, std::string *error) const
{
    *out = fallback;
    return !has(name) || parseNumber(name, value(name), "a whole number",
                                     [](const std::string &t, size_t *used) { return std::stoll(t, used); }, out,
                                     error);
}

bool Arguments::real(const std::string &name, double fallback, double *out, std::string *error) const
{
    *out = fallback;
    return !has(name) || parseNumber(name, value(name), "a number",
                                     [](const std::string &t, size_t *used) { return std::stod(t, used); }, out,
                                     error);
}

int usageError(const std::string &command, const std::string &message)
{
    std::fprintf(stderr, "volnet %s: %s. See 'volnet %s --help'.\n", command.c_str(), message.c_str(),
                 command.c_str());
    return 2;
}

} // namespace volnet::cli
