#include "desktop_test_util.h"

#include "app/desktop/main_window.h"
#include "app/gui/controller.h"

#include <QtCore/QDeadlineTimer>
#include <QtCore/QFile>
#include <QtCore/QProcess>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

namespace bdl::app::test {

bool waitIdle(MainWindow& window, const std::function<bool()>& done, int timeoutMs) {
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (!window.controller()->busy() && (!done || done()))
            return true;
        QTest::qWait(10);
    }
    return false;
}

bool writeAll(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QString pdfText(const QString& pdf, QString* error, bool layout) {
    QProcess p;
    QStringList args;
    if (layout)
        args << QStringLiteral("-layout");
    args << pdf << QStringLiteral("-");
    p.start(QStringLiteral("pdftotext"), args);
    if (!p.waitForFinished(60000) || p.exitCode() != 0) {
        *error =
            QStringLiteral("pdftotext failed: ") + QString::fromLocal8Bit(p.readAllStandardError());
        return {};
    }
    QString t = QString::fromUtf8(p.readAllStandardOutput());
    t.replace(QChar(0xFB00), QStringLiteral("ff"));
    t.replace(QChar(0xFB01), QStringLiteral("fi"));
    t.replace(QChar(0xFB02), QStringLiteral("fl"));
    t.replace(QChar(0xFB03), QStringLiteral("ffi"));
    t.replace(QChar(0xFB04), QStringLiteral("ffl"));
    return t;
}

LaunchOptions testOptions() {
    LaunchOptions options;
    options.threads = kThreads;
    return options;
}

std::unique_ptr<MainWindow> openTinyWindow(const TinyWorkspace& ws) {
    auto window = std::make_unique<MainWindow>(testOptions());
    window->show();
    QSignalSpy activations(window->controller(), &Controller::activationsReady);
    if (!window->openWorkspace(ws.request()) ||
        !waitIdle(*window, [&] { return !activations.isEmpty(); }))
        return nullptr;
    return window;
}

} // namespace bdl::app::test
