// backdoorlab: the desktop application. Parses the command line (--help and --version work
// without a display), opens the requested workspace (default: the demo zoo's patch model) and
// runs the window, or renders one screenshot and quits (--screenshot).
#include "app/desktop/command_line.h"
#include "app/desktop/main_window.h"
#include "app/desktop/screenshot_runner.h"

#include <QtCore/QLibraryInfo>
#include <QtCore/QLocale>
#include <QtCore/QTextStream>
#include <QtCore/QTranslator>
#include <QtWidgets/QApplication>

#include <memory>

namespace {

/// Qt's own translations and ours (translations/backdoorlab_<lang>.qm next to the executable
/// or in share/backdoorlab), for the system locale. Missing files are fine: English stays.
void installTranslators(QApplication& app)
{
    auto* qt = new QTranslator(&app);
    if (qt->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
    auto* ours = new QTranslator(&app);
    const QString dir = QApplication::applicationDirPath();
    for (const QString& folder : {dir + QStringLiteral("/translations"),
                                  dir + QStringLiteral("/../share/backdoorlab/translations")}) {
        if (ours->load(QLocale(), QStringLiteral("backdoorlab"), QStringLiteral("_"), folder)) {
            QApplication::installTranslator(ours);
            break;
        }
    }
}

QStringList argumentList(int argc, char** argv)
{
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    return args;
}

} // namespace

int main(int argc, char** argv)
{
    QApplication::setApplicationName(QStringLiteral("backdoorlab"));
    QApplication::setApplicationVersion(QStringLiteral(BDL_VERSION));
    QApplication::setOrganizationName(QStringLiteral("BackdoorLab"));
    // Parsed before QApplication exists, so --help and usage errors need no display.
    const bdl::app::CommandLine cl = bdl::app::parseCommandLine(argumentList(argc, argv));
    if (!cl.run) {
        QTextStream(cl.exitCode == 0 ? stdout : stderr) << cl.message << Qt::endl;
        return cl.exitCode;
    }
    QApplication app(argc, argv);
    installTranslators(app);

    bdl::app::MainWindow window(cl.options);
    std::unique_ptr<bdl::app::ScreenshotRunner> screenshot;
    if (!cl.options.screenshotPath.isEmpty()) {
        screenshot = std::make_unique<bdl::app::ScreenshotRunner>(&window,
                                                                  cl.options.screenshotPath);
        QObject::connect(screenshot.get(), &bdl::app::ScreenshotRunner::done, &app,
                         [](int code, const QString& message) {
                             QTextStream(code == 0 ? stdout : stderr) << message << Qt::endl;
                             QApplication::exit(code);
                         });
    }
    window.show();
    window.openWorkspace(cl.options.request);
    return QApplication::exec();
}
