#include "qt_test_registry.h"

#include <cstdio>
#include <cstring>
#include <vector>

namespace bdl::test {

std::map<std::string, QtTestRunner>& qtTestRegistry() {
    static std::map<std::string, QtTestRunner> tests;
    return tests;
}

bool registerQtTest(const char* name, QtTestRunner runner) {
    qtTestRegistry()[name] = std::move(runner);
    return true;
}

bool isQtBenchmark(const std::string& name) {
    static const std::string kSuffix = "Bench";
    return name.size() >= kSuffix.size() &&
           name.compare(name.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0;
}

int runRegisteredQtTests(int argc, char** argv, const std::set<std::string>& byNameOnly) {
    auto& tests = qtTestRegistry();
    if (argc > 1 && std::strcmp(argv[1], "--list") == 0) {
        for (const auto& [name, runner] : tests)
            std::printf("%s\n", name.c_str());
        return 0;
    }
    if (argc > 1 && argv[1][0] != '-') {
        const auto it = tests.find(argv[1]);
        if (it == tests.end()) {
            std::fprintf(stderr, "unknown test class %s; known:", argv[1]);
            for (const auto& [name, runner] : tests)
                std::fprintf(stderr, " %s", name.c_str());
            std::fprintf(stderr, "\n");
            return 2;
        }
        std::vector<char*> args{argv[0]};
        for (int i = 2; i < argc; ++i)
            args.push_back(argv[i]);
        return it->second(static_cast<int>(args.size()), args.data());
    }
    int failures = 0;
    for (const auto& [name, runner] : tests)
        if (!isQtBenchmark(name) && !byNameOnly.count(name))
            failures += runner(argc, argv);
    return failures == 0 ? 0 : 1;
}

} // namespace bdl::test
