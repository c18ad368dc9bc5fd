// Runs one registered QtTest class (or all of them) on the offscreen platform:
//   bdl_widgets_tests                 every class
//   bdl_widgets_tests CLASS [ARGS]    one class, ARGS passed to QTest (e.g. a test function name)
#include "widget_test_util.h"

#include <QtWidgets/QApplication>

#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace bdl::widgets::test {

static std::map<std::string, TestRunner>& registry()
{
    static std::map<std::string, TestRunner> tests;
    return tests;
}

bool registerTest(const char* name, TestRunner runner)
{
    registry()[name] = std::move(runner);
    return true;
}

} // namespace bdl::widgets::test

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    auto& tests = bdl::widgets::test::registry();

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
        failures += runner(argc, argv);
    return failures == 0 ? 0 : 1;
}
