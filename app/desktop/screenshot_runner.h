#pragma once
/// @file screenshot_runner.h
/// `backdoorlab --screenshot FILE.png`: once the first pruning curve of the workspace is in
/// (Controller::curveReady()), draws the window, grabs it (QWidget::grab) and writes the PNG
/// atomically, then ends the event loop with 0. When the workspace cannot be opened or the curve
/// fails or is cancelled, or the file cannot be written, it ends the loop with 1 and the message
/// on stderr. Works on the offscreen platform.
///
/// Thread: GUI thread only. `window` must outlive the runner.
#include <QtCore/QObject>
#include <QtCore/QString>

namespace bdl::app {

class MainWindow;

class ScreenshotRunner : public QObject {
    Q_OBJECT

public:
    ScreenshotRunner(MainWindow* window, const QString& path, QObject* parent = nullptr);

    /// Grabs the window now and writes it; false (and `error` set) on failure.
    static bool grabTo(MainWindow* window, const QString& path, QString* error);

Q_SIGNALS:
    /// The screenshot was written (exitCode 0) or could not be made (1, `message` says why).
    void done(int exitCode, const QString& message);

private:
    void onCurveReady();
    void onFailure(const QString& job, const QString& message);
    void finish(int exitCode, const QString& message);

    MainWindow* m_window;
    QString m_path;
    bool m_done = false;
};

} // namespace bdl::app
