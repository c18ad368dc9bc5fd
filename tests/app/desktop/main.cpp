// Runs one registered QtTest class (or all of them) on the offscreen platform:
//   bdl_desktop_tests                 every class but the manual measurement (DemoMeasureTest)
//                                     and the benchmarks (*Bench)
//   bdl_desktop_tests CLASS [ARGS]    one class, ARGS passed to QTest (e.g. a test function name)
//   bdl_desktop_tests --list          every class name
#include "desktop_test_util.h"

#include "app/desktop/app_settings.h"

#include <QtCore/QFile>
#include <QtCore/QTemporaryDir>
#include <QtWidgets/QApplication>

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // The window keeps settings (QSettings) and an autosave (AppDataLocation): never the user's.
    // Each run starts from none; the executables the tests start inherit the folders. The demo
    // zoo (under XDG_DATA_HOME by default) stays where it is, for DemoMeasureTest.
    if (qEnvironmentVariableIsEmpty("BDL_ZOO_DIR")) {
        const QString data = qEnvironmentVariableIsEmpty("XDG_DATA_HOME")
                                 ? qEnvironmentVariable("HOME") + QStringLiteral("/.local/share")
                                 : qEnvironmentVariable("XDG_DATA_HOME");
        qputenv("BDL_ZOO_DIR", QFile::encodeName(data + QStringLiteral("/backdoorlab/zoo")));
    }
    QTemporaryDir home;
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(home.filePath(QStringLiteral("config"))));
    qputenv("XDG_DATA_HOME", QFile::encodeName(home.filePath(QStringLiteral("data"))));
    QApplication app(argc, argv);
    // As the application does: English, with its plurals ("1 channel", "6 channels").
    bdl::app::installTranslators(QStringLiteral("en"));
    // DemoMeasureTest takes minutes on the demo zoo: run it by name (and not in CTest:
    // BY_NAME_ONLY in CMakeLists.txt).
    return bdl::test::runRegisteredQtTests(argc, argv, {"DemoMeasureTest"});
}
