// Runs one registered QtTest class (or all of them) on the offscreen platform:
//   bdl_gui_tests                 every class
//   bdl_gui_tests CLASS [ARGS]    one class, ARGS passed to QTest (e.g. a test function name)
#include "gui_test_util.h"

#include "core/runtime.h"

#include <QtCore/QCoreApplication>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QCoreApplication app(argc, argv);
    bdl::core::setThreads(bdl::app::test::kThreads); // as on the worker: same numbers
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
        failures += runner(argc, argv);
    return failures == 0 ? 0 : 1;
}
