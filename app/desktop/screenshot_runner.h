#pragma once
/// @file screenshot_runner.h
/// `backdoorlab --screenshot FILE.png [--view VIEW]`: selects the view's tab, runs the view's
/// scenario once the workspace is open, then draws the window, grabs it (QWidget::grab), writes
/// the PNG atomically and ends the event loop with 0. The scenarios (views()):
/// - "fine-pruning" (also an empty view): grab once the first pruning curve is in (curveReady);
/// - "activations": after the activations job the window starts once the curve is in;
/// - "sweep": a small learning-rate sweep (2 learning rates x 3 channel counts, 1 epoch);
/// - "strip": STRIP with the default settings (1000 inputs per set), the rule's threshold, and
///   the first non-empty bin of the first poisoned set clicked so that the detail tiles show;
/// - "comparison": STRIP, then B' fine-tuned at 10 % of the channels for 2 epochs, then the
///   goodnets (Controller::computeGoodnets());
/// - "inspector": STRIP, then image 0 of the first poisoned set in the inspector;
/// - "all": the sweep, STRIP, B', the goodnets and the inspector, then every view grabbed to
///   FILE-VIEW.png (pathForView()): the layout check at one window size in one run.
/// Each step starts when the previous one has finished and the controller is idle (the window's
/// own follow-up jobs, such as activations after a fine-tune, run in between); the grab waits for
/// idle too (except "fine-pruning", which grabs at once, as before).
///
/// When the workspace cannot be opened, a job of the scenario fails or is cancelled, the view is
/// unknown, or the file cannot be written, it ends the loop with 1 and the message on stderr.
/// Works on the offscreen platform.
///
/// Thread: GUI thread only. `window` must outlive the runner.
#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVector>

#include <functional>

class QWidget;

namespace bdl::app {

class MainWindow;

class ScreenshotRunner : public QObject {
    Q_OBJECT

public:
    /// `view`: one of views(), or empty for "fine-pruning".
    ScreenshotRunner(MainWindow* window, const QString& path, const QString& view = QString(),
                     QObject* parent = nullptr);

    /// The views a screenshot can show, in tab order.
    static QStringList views();

    /// Grabs the window now and writes it; false (and `error` set) on failure.
    static bool grabTo(MainWindow* window, const QString& path, QString* error);
    /// The same for any window (e.g. a ResultWindow: `backdoorlab --result R.json --screenshot
    /// R.png`): its plots drawn, grabbed and written as PNG atomically.
    static bool grabWidgetTo(QWidget* window, const QString& path, QString* error);
    /// View "all": each view's picture, FILE-VIEW.png beside `path` (shot.png -> shot-strip.png).
    static QString pathForView(const QString& path, const QString& view);

Q_SIGNALS:
    /// The screenshot was written (exitCode 0) or could not be made (1, `message` says why).
    void done(int exitCode, const QString& message);

private:
    /// One step of a scenario: starts a job (returns false with `error` set when it cannot) and
    /// names the job whose finished() ends the step. A step that starts nothing (the controller
    /// stays idle) is skipped.
    struct Step {
        QString job;
        std::function<bool(QString* error)> start;
    };

    void buildScenario(const QString& view);
    void onCurveReady();
    void onFinished(const QString& job);
    void onFailure(const QString& job, const QString& message);
    /// Starts the next step, or grabs when none is left; waits while the controller is busy.
    void advance();
    void scheduleAdvance();
    void grabNow();
    void finish(int exitCode, const QString& message);

    MainWindow* m_window;
    QString m_path;
    bool m_grabOnCurve = false; ///< "fine-pruning": grab at the turn after curveReady
    bool m_grabAll = false;     ///< "all": every scenario, then every view
    QVector<Step> m_steps;
    int m_next = 0;
    QString m_waitingFor; ///< the job whose finished() is awaited; empty: advance when idle
    bool m_done = false;
};

} // namespace bdl::app
