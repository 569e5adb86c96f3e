#pragma once
// Options of a subcommand, declared once: parsing, checking and the usage text come from
// the same list, so --help cannot drift from what the command accepts.
#include "commands.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace volnet::cli {

class Arguments {
public:
    // `synopsis` is the usage line after "volnet": "train GRAPH.json [options]".
    Arguments(std::string command, std::string synopsis, std::string description);

    void option(const std::string &name, const std::string &valueName, const std::string &help,
                bool repeatable = false);
    void flag(const std::string &name, const std::string &help);
    // A positional argument; parse() fails when a required one is missing.
    void positional(const std::string &name, const std::string &help, bool required = true);

    // Parses; on failure (an unknown option, a missing value or positional) returns false
    // with `error` set. --help sets helpRequested() and succeeds.
    bool parse(const Args &args, std::string *error);
    bool helpRequested() const { return m_help; }
    std::string usage() const;

    bool has(const std::string &name) const { return m_values.count(name) > 0; }
    std::string value(const std::string &name, const std::string &fallback = {}) const;
    std::vector<std::string> values(const std::string &name) const;
    const std::string &positionalValue(size_t i) const { return m_positionals.at(i); }
    size_t positionalCount() const { return m_positionals.size(); }

    // The options given, each with its last value ("" for a flag).
    std::map<std::string, std::string> options() const;
    // Adds each of `options` not given on the command line, as if it had been (a resumed
    // run's saved options); names this command does not know are refused in `error`.
    bool adopt(const std::map<std::string, std::string> &options, std::string *error);

    // Numbers, with a message naming the option when the text is not one.
    bool integer(const std::string &name, int64_t fallback, int64_t *out, std::string *error) const;
    bool real(const std::string &name, double fallback, double *out, std::string *error) const;

private:
    struct Spec {
        std::string name, valueName, help;
        bool takesValue = false, repeatable = false;
    };
    std::string m_command, m_synopsis, m_description;
    std::vector<Spec> m_specs;
    struct PositionalSpec {
        std::string name, help;
        bool required = true;
    };
    std::vector<PositionalSpec> m_positionalSpecs;
    std::map<std::string, std::vector<std::string>> m_values;
    std::vector<std::string> m_positionals;
    bool m_help = false;
};

// Prints "volnet COMMAND: MESSAGE" to stderr and returns 2, the exit code of bad input.
int usageError(const std::string &command, const std::string &message);

} // namespace volnet::cli
