// Runs one registered QtTest class (or all of them) on the offscreen platform:
//   bdl_widgets_tests                 every class but the benchmarks (*Bench)
//   bdl_widgets_tests CLASS [ARGS]    one class, ARGS passed to QTest (e.g. a test function name)
//   bdl_widgets_tests --list          every class name
#include "qt_test_registry.h"

#include <QtWidgets/QApplication>

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    return bdl::test::runRegisteredQtTests(argc, argv);
}
