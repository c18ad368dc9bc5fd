#include "app/cli/arg_parser.h"

#include <cerrno>
#include <cstdlib>
#include <sstream>

namespace bdl::app {

std::string ParsedArgs::value(const std::string& name, const std::string& fallback) const {
    auto it = m_values.find(name);
    return it == m_values.end() || it->second.empty() ? fallback : it->second.back();
}

std::vector<std::string> ParsedArgs::values(const std::string& name) const {
    auto it = m_values.find(name);
    return it == m_values.end() ? std::vector<std::string>{} : it->second;
}

long long ParsedArgs::integer(const std::string& name, long long fallback, long long min,
                              long long max) const {
    if (!has(name))
        return fallback;
    const std::string text = value(name);
    char* end = nullptr;
    errno = 0;
    const long long v = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || errno == ERANGE)
        throw UsageError("--" + name + " expects an integer, got '" + text + "'");
    if (v < min || v > max)
        throw UsageError("--" + name + " must be between " + std::to_string(min) + " and " +
                         std::to_string(max) + ", got " + text);
    return v;
}

double ParsedArgs::number(const std::string& name, double fallback, double min, double max) const {
    if (!has(name))
        return fallback;
    const std::string text = value(name);
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || errno == ERANGE || v != v)
        throw UsageError("--" + name + " expects a number, got '" + text + "'");
    if (v < min || v > max) {
        std::ostringstream s;
        s << "--" << name << " must be between " << min << " and " << max << ", got " << text;
        throw UsageError(s.str());
    }
    return v;
}

ParsedArgs parseArgs(const std::vector<std::string>& args, const std::vector<OptionDef>& defs,
                     size_t maxPositionals) {
    ParsedArgs parsed;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.size() < 3 || a.compare(0, 2, "--") != 0) {
            if (a.size() > 1 && a[0] == '-' && a != "-")
                throw UsageError("unknown option '" + a + "'");
            parsed.m_positionals.push_back(a);
            continue;
        }
        std::string name = a.substr(2);
        std::string inlineValue;
        bool hasInline = false;
        if (auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name = name.substr(0, eq);
            hasInline = true;
        }
        const OptionDef* def = nullptr;
        for (const auto& d : defs)
            if (d.name == name)
                def = &d;
        if (!def)
            throw UsageError("unknown option '--" + name + "'");
        if (!def->repeatable && parsed.has(name))
            throw UsageError("--" + name + " given more than once");
        std::string v;
        if (!def->valueName.empty()) {
            if (hasInline) {
                v = inlineValue;
            } else {
                if (i + 1 >= args.size())
                    throw UsageError("--" + name + " needs a value (" + def->valueName + ")");
                v = args[++i];
            }
        } else if (hasInline) {
            throw UsageError("--" + name + " takes no value");
        }
        parsed.m_values[name].push_back(v);
    }
    if (parsed.m_positionals.size() > maxPositionals)
        throw UsageError("unexpected argument '" + parsed.m_positionals[maxPositionals] + "'");
    return parsed;
}

std::string formatOptions(const std::vector<OptionDef>& defs) {
    std::ostringstream s;
    for (const auto& d : defs) {
        std::string left = "  --" + d.name + (d.valueName.empty() ? "" : " " + d.valueName);
        s << left;
        s << std::string(left.size() < 30 ? 30 - left.size() : 1, ' ') << d.help;
        if (!d.defaultValue.empty())
            s << " (default: " << d.defaultValue << ")";
        if (d.repeatable)
            s << " [repeatable]";
        s << "\n";
    }
    return s.str();
}

} // namespace bdl::app
