// Runs one registered QtTest class (or all of them) on the offscreen platform:
//   bdl_gui_tests                 every class but the benchmarks (names ending in Bench)
//   bdl_gui_tests CLASS [ARGS]    one class, ARGS passed to QTest (e.g. a test function name)
#include "gui_test_util.h"

#include "core/base/runtime.h"

#include <QtCore/QCoreApplication>

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QCoreApplication app(argc, argv);
    bdl::core::setThreads(bdl::app::test::kThreads); // as on the worker: same numbers
    return bdl::test::runRegisteredQtTests(argc, argv);
}
