#pragma once
/// @file job_status_bar.h
/// The running job in the status bar: its stage text, a progress bar, elapsed time and ETA, and a
/// Cancel button enabled while a job runs. Outcomes ("finished", "cancelled", "failed") are shown
/// as the status bar's transient message; failures are also forwarded (failed()) for the banner.
///
/// Thread: GUI thread only. Ownership: the widget is added to `statusBar` as a permanent widget
/// (reparented there); `controller` must outlive it.
#include "app/gui/job_types.h"

#include <QtWidgets/QWidget>

class QLabel;
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

    Controller* m_controller;
    QStatusBar* m_statusBar;
    QLabel* m_stage = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_eta = nullptr;
    QPushButton* m_cancel = nullptr;
};

} // namespace bdl::app
