#pragma once
/// @file stall_monitor.h
/// Measures how long the GUI thread stops answering while jobs run: a short timer ticks on the
/// GUI thread, and any tick that comes late by more than its interval was held up by work on
/// that thread (painting, handling results). The longest delay of each job is reported when the
/// job ends. This is how "the GUI never blocks during a sweep" is measured rather than assumed.
///
/// Thread: GUI thread only (the thread it measures). Cost: one timer event per tick, only while
/// a job runs.
#include <QtCore/QElapsedTimer>
#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtCore/QTimer>

namespace bdl::app {

class Controller;

class StallMonitor : public QObject {
    Q_OBJECT

public:
    /// Watches the jobs of `controller` (which must outlive the monitor).
    explicit StallMonitor(Controller* controller, QObject* parent = nullptr);

    /// The longest GUI-thread stall (ms) of the running job, or of the last one when idle.
    double longestStallMs() const { return m_longestMs; }
    /// The longest stall seen over every job so far (ms).
    double worstStallMs() const { return m_worstMs; }

Q_SIGNALS:
    /// A job ended; `longestMs` is its longest GUI-thread stall, `seconds` its duration.
    void jobMeasured(const QString& job, double longestMs, double seconds);

private:
    void onTick();
    void onJobStarted(const QString& job);
    void onJobEnded(const QString& job);

    QTimer m_timer;
    QElapsedTimer m_sinceTick;
    QElapsedTimer m_sinceStart;
    QString m_job;
    double m_longestMs = 0.0;
    double m_worstMs = 0.0;
};

} // namespace bdl::app
