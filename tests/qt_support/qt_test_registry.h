#pragma once
// The runner shared by the QtTest executables (widgets, gui, desktop): each test class registers
// itself by name, and one main() runs one class (`EXE CLASS [QTest args]`) or all of them.
#include <functional>
#include <map>
#include <set>
#include <string>

namespace bdl::test {

using QtTestRunner = std::function<int(int argc, char** argv)>;
/// Registers a class under its name; returns true (for a static initialiser).
bool registerQtTest(const char* name, QtTestRunner runner);
/// Every registered class by name.
std::map<std::string, QtTestRunner>& qtTestRegistry();
/// Runs argv[1]'s class with the remaining arguments, or, without a class name, every class
/// except those in `byNameOnly`. Returns 0 when all ran passed, 2 for an unknown class name.
int runRegisteredQtTests(int argc, char** argv, const std::set<std::string>& byNameOnly = {});

} // namespace bdl::test

#define BDL_REGISTER_QT_TEST(Class)                                                                \
    static const bool kRegistered##Class =                                                         \
        ::bdl::test::registerQtTest(#Class, [](int argc, char** argv) {                            \
            Class test;                                                                            \
            return QTest::qExec(&test, argc, argv);                                                \
        })
