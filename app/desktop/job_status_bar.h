#pragma once
/// @file job_status_bar.h
/// The running job in the status bar: its stage text, a progress bar, elapsed time and ETA, and a
/// Cancel button enabled while a job runs. Outcomes ("finished", "cancelled", "failed") are shown
/// as the status bar's transient message; failures are also forwarded (failed()) for the banner.
/// A job that wrote a file (Controller::exported()) leaves the message that names the file
/// (MainWindow's "Wrote ...") in place of its "done".
///
/// The stage text is the core's English stage put into the user's language (StageText). The
/// elapsed time ticks once a second from the job's start (Controller::progressNow()), also in a
/// phase that reports no progress for a while.
///
/// Thread: GUI thread only. Ownership: the widget is added to `statusBar` as a permanent widget
/// (reparented there); `controller` must outlive it.
#include "app/gui/job_types.h"

#include <QtWidgets/QWidget>

class QAction;
class QLabel;
class QMenuBar;
class QTimer;
class QProgressBar;
class QPushButton;
class QStatusBar;

namespace bdl::app {

class Controller;

class JobStatusBar : public QWidget {
    Q_OBJECT

public:
    JobStatusBar(Controller* controller, QStatusBar* statusBar);

    /// The stage text shown now ("pruning 12/60"), empty when idle.
    QString stageText() const;
    /// The elapsed / ETA text shown now ("3 s elapsed"), empty when idle.
    QString elapsedText() const;
    /// How often the elapsed time is refreshed while a job runs (ms).
    static constexpr int kTickMs = 1000;

Q_SIGNALS:
    /// A job (or a slider evaluation) failed: `message` names the job and the problem.
    void jobFailed(const QString& message);

private:
    void onJobStarted(const QString& job);
    void onProgress(const bdl::app::ProgressInfo& progress);
    void onBusyChanged(bool busy);
    void onFinished(const QString& job);
    void onCancelled(const QString& job);
    void onFailed(const QString& job, const QString& message);
    void onRefused(const QString& job, const QString& reason);
    void showProgress(const bdl::app::ProgressInfo& progress);

    Controller* m_controller;
    QStatusBar* m_statusBar;
    QLabel* m_stage = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_eta = nullptr;
    QPushButton* m_cancel = nullptr;
    QTimer* m_tick = nullptr; ///< refreshes the elapsed time while busy
    QString m_exportedJob;    ///< the running job, once it reported a file written
};

/// Makes Esc reach `cancel` (an action with the Esc shortcut, enabled while a job runs) also when
/// the menu bar holds the keyboard: after a menu was closed with Esc, Qt leaves the menu bar in
/// keyboard mode with an item highlighted, and the menu bar takes the next Esc for itself
/// (QMenuBar accepts the ShortcutOverride), so the shortcut never fired. While `cancel` is
/// enabled, an Esc there triggers it and the menu bar still leaves keyboard mode. The filter is a
/// child of `menuBar`.
void routeEscapeToCancel(QMenuBar* menuBar, QAction* cancel);

} // namespace bdl::app
