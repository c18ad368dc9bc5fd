// Runs one registered QtTest class (or all of them) on the offscreen platform:
//   bdl_desktop_tests                 every class but the manual measurement (DemoMeasureTest)
//   bdl_desktop_tests CLASS [ARGS]    one class, ARGS passed to QTest (e.g. a test function name)
#include "desktop_test_util.h"

#include <QtWidgets/QApplication>

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    // DemoMeasureTest takes minutes on the demo zoo: run it by name.
    return bdl::test::runRegisteredQtTests(argc, argv, {"DemoMeasureTest"});
}
