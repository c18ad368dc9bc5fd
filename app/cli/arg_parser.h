#pragma once
/// @file arg_parser.h
/// A small declarative command-line parser for backdoorlab-cli subcommands (no Qt, no torch).
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace bdl::app {

/// One option: `--name VALUE` (takesValue) or a flag `--name`. `--name=VALUE` is accepted too.
struct OptionDef {
    /// Brace lists name the first fields and leave the rest at their defaults, without an
    /// aggregate's missing-field warnings.
    OptionDef(std::string name_, std::string valueName_, std::string help_,
              bool repeatable_ = false, std::string defaultValue_ = std::string())
        : name(std::move(name_)), valueName(std::move(valueName_)), help(std::move(help_)),
          repeatable(repeatable_), defaultValue(std::move(defaultValue_)) {}

    std::string name;      ///< without the leading dashes
    std::string valueName; ///< empty for flags; e.g. "PATH"
    std::string help;
    bool repeatable = false;
    std::string defaultValue; ///< shown in --help; not inserted into the parse result
};

/// Thrown on a usage error; the CLI prints it with the command's usage and exits with 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class ParsedArgs {
public:
    bool has(const std::string& name) const { return m_values.count(name) > 0; }
    /// The last value of an option, or fallback when absent.
    std::string value(const std::string& name, const std::string& fallback = {}) const;
    /// All values of a repeatable option, in order.
    std::vector<std::string> values(const std::string& name) const;
    /// Integer/double option with range check; throws UsageError naming the option.
    long long integer(const std::string& name, long long fallback, long long min,
                      long long max) const;
    double number(const std::string& name, double fallback, double min, double max) const;
    const std::vector<std::string>& positionals() const { return m_positionals; }

    std::map<std::string, std::vector<std::string>> m_values;
    std::vector<std::string> m_positionals;
};

/// Parses args against defs. Unknown options, missing values and repeated non-repeatable options
/// throw UsageError. Positionals are allowed only up to maxPositionals.
ParsedArgs parseArgs(const std::vector<std::string>& args, const std::vector<OptionDef>& defs,
                     size_t maxPositionals);

/// Formats the option list for --help.
std::string formatOptions(const std::vector<OptionDef>& defs);

} // namespace bdl::app
