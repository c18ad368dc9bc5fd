// backdoorlab: the desktop application. Parses the command line (--help and --version work
// without a display), installs the language's translations, then reopens a session given on the
// command line or opens the requested workspace (default: the demo zoo's patch model; none for
// --result without a model), shows a result file given with --result in its own window, and runs
// the window, or renders one screenshot and quits (--screenshot; with --result, of the result's
// window). Its first act makes idle OpenMP threads sleep (OMP_WAIT_POLICY=PASSIVE unless the user
// set it, re-executing itself once so that libgomp sees it: bdl::app::useComputeProcessSettings),
// so that jobs beside another busy process slow down in proportion instead of collapsing.
#include "app/desktop/app_settings.h"
#include "app/desktop/command_line.h"
#include "app/desktop/main_window.h"
#include "app/desktop/notification_banner.h"
#include "app/desktop/result_window.h"
#include "app/desktop/screenshot_runner.h"
#include "app/desktop/session_manager.h"
#include "app/gui/controller.h"

#include <QtCore/QTextStream>
#include <QtCore/QTimer>
#include <QtGui/QIcon>
#include <QtWidgets/QApplication>

#include <memory>

namespace {

QStringList argumentList(int argc, char** argv) {
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    return args;
}

/// `--result FILE.json --screenshot FILE.png`: the result's window, drawn at the first turn of
/// the event loop (its layout settled) and written; 1 with the reason when the file is refused.
int screenshotOfResult(bdl::app::MainWindow& window, const bdl::app::LaunchOptions& options) {
    window.show();
    QString error;
    bdl::app::ResultWindow* result = window.openResult(options.resultPath, &error);
    if (!result) {
        QTextStream(stderr) << error << Qt::endl;
        return 1;
    }
    if (options.windowSize.isValid())
        result->resize(options.windowSize);
    QTimer::singleShot(0, result, [result, path = options.screenshotPath] {
        QString why;
        const bool ok = bdl::app::ScreenshotRunner::grabWidgetTo(result, path, &why);
        QTextStream(ok ? stdout : stderr)
            << (ok ? bdl::app::ScreenshotRunner::tr("Wrote %1").arg(path) : why) << Qt::endl;
        QApplication::exit(ok ? 0 : 1);
    });
    return QApplication::exec();
}

} // namespace

int main(int argc, char** argv) {
    bdl::app::useComputeProcessSettings(argv); // may re-execute the program; before any thread
    QApplication::setApplicationName(QStringLiteral("backdoorlab"));
    QApplication::setApplicationVersion(QStringLiteral(BDL_VERSION));
    QApplication::setOrganizationName(QStringLiteral("BackdoorLab"));
    QApplication::setDesktopFileName(QStringLiteral("io.github.backdoorlab.BackdoorLab"));
    // Parsed before QApplication exists, so --help and usage errors need no display.
    const bdl::app::CommandLine cl = bdl::app::parseCommandLine(argumentList(argc, argv));
    if (!cl.run) {
        QTextStream(cl.exitCode == 0 ? stdout : stderr) << cl.message << Qt::endl;
        return cl.exitCode;
    }
    // Before any model is made (they are made where this says) and before a display is needed.
    if (!cl.options.device.isEmpty()) {
        const QString why = bdl::app::useComputeDevice(cl.options.device);
        if (!why.isEmpty()) {
            QTextStream(stderr) << "backdoorlab: " << why << Qt::endl;
            return 1;
        }
    }
    QApplication app(argc, argv);
    // The installed theme icon, else the one built in.
    QApplication::setWindowIcon(
        QIcon::fromTheme(QStringLiteral("io.github.backdoorlab.BackdoorLab"),
                         QIcon(QStringLiteral(":/icons/io.github.backdoorlab.BackdoorLab.svg"))));
    const QString language = bdl::app::resolveLanguage(cl.options.language);
    if (!bdl::app::installTranslators(language))
        QTextStream(stderr) << "backdoorlab: no translation for " << language
                            << " could be loaded; the window stays in English" << Qt::endl;

    bdl::app::LaunchOptions options = cl.options;
    if (options.threads <= 0)
        options.threads = bdl::app::AppSettings().workerThreads();
    bdl::app::MainWindow window(options);
    if (!options.resultPath.isEmpty() && !options.screenshotPath.isEmpty())
        return screenshotOfResult(window, options);
    std::unique_ptr<bdl::app::ScreenshotRunner> screenshot;
    if (!options.screenshotPath.isEmpty()) {
        screenshot = std::make_unique<bdl::app::ScreenshotRunner>(&window, options.screenshotPath,
                                                                  options.screenshotView);
        QObject::connect(screenshot.get(), &bdl::app::ScreenshotRunner::done, &app,
                         [](int code, const QString& message) {
                             QTextStream(code == 0 ? stdout : stderr) << message << Qt::endl;
                             QApplication::exit(code);
                         });
    }
    window.show();
    if (!options.resultPath.isEmpty())
        window.openResult(options.resultPath); // an error shows in the banner
    if (!options.sessionPath.isEmpty()) {
        // An unreadable session shows in the banner; a screenshot run has nobody to read it.
        if (!window.sessions()->open(options.sessionPath) && screenshot) {
            QTextStream(stderr) << window.banner()->text() << Qt::endl;
            return 1;
        }
    } else if (options.openWorkspace) {
        window.openWorkspace(options.request);
    }
    // A screenshot run is no session of the user's: it neither offers nor marks a restore.
    if (options.screenshotPath.isEmpty())
        window.sessions()->startRun();
    return QApplication::exec();
}
