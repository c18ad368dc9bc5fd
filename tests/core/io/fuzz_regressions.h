#pragma once
/// @file fuzz_regressions.h
/// The saved fuzz inputs (tests/core/io/fuzz_regressions/<target>/, see scripts/fuzz.sh) and the
/// list of those still awaiting a fix, for the replay test and the helper's containment test.
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

namespace bdl::test {

/// The folder of saved inputs, beside this header.
inline std::filesystem::path fuzzRegressionsDir() {
    return std::filesystem::path(__FILE__).parent_path() / "fuzz_regressions";
}

/// Inputs that still crash or hang ("<target>/<file>" -> what must change), from
/// fuzz_regressions/awaiting_fix.txt ('#' lines are comments).
inline std::map<std::string, std::string> awaitingFuzzFixes() {
    std::map<std::string, std::string> out;
    std::ifstream in(fuzzRegressionsDir() / "awaiting_fix.txt");
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#')
            continue;
        const size_t space = line.find(' ');
        out[line.substr(0, space)] = space == std::string::npos ? "" : line.substr(space + 1);
    }
    return out;
}

} // namespace bdl::test
