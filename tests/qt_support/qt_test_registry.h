#pragma once
// The runner shared by the QtTest executables (widgets, gui, desktop): each test class registers
// itself by name, and one main() runs one class (`EXE CLASS [QTest args]`), all of them, or lists
// them (`EXE --list`). A class whose name ends in "Bench" is a benchmark (QBENCHMARK): it runs by
// name only (the bench_qt target), never with the others and never under CTest.
// tests/qt_support/QtTestSuite.cmake makes one CTest test per registered class of a suite, found
// in its sources, and checks that list against `EXE --list`.
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
/// True for a benchmark class: its name ends in "Bench".
bool isQtBenchmark(const std::string& name);
/// Runs argv[1]'s class with the remaining arguments; with `--list`, prints every registered
/// class name, one per line; without a class name, runs every class except the benchmarks and
/// those in `byNameOnly`. Returns 0 when all ran passed, 2 for an unknown class name.
int runRegisteredQtTests(int argc, char** argv, const std::set<std::string>& byNameOnly = {});

} // namespace bdl::test

/// Registers Class (a QObject with QtTest slots) with the runner. Write it at the start of a line
/// in a source of the suite: CMake finds the classes there (QtTestSuite.cmake).
#define BDL_REGISTER_QT_TEST(Class)                                                                \
    static const bool kRegistered##Class =                                                         \
        ::bdl::test::registerQtTest(#Class, [](int argc, char** argv) {                            \
            Class test;                                                                            \
            return QTest::qExec(&test, argc, argv);                                                \
        })
