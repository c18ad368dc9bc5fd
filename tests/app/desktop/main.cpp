// Runs one registered QtTest class (or all of them) on the offscreen platform:
//   bdl_desktop_tests                 every class but the manual measurement (DemoMeasureTest)
//   bdl_desktop_tests CLASS [ARGS]    one class, ARGS passed to QTest (e.g. a test function name)
#include "desktop_test_util.h"

#include <QtWidgets/QApplication>

#include <cstdio>
#include <vector>

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    auto& tests = bdl::app::test::testRegistry();
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
        if (name != "DemoMeasureTest") // minutes on the demo zoo: run it by name
            failures += runner(argc, argv);
    return failures == 0 ? 0 : 1;
}
