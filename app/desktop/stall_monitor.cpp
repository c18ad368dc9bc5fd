#include "app/desktop/stall_monitor.h"

#include "app/gui/controller.h"

#include <algorithm>

namespace bdl::app {

namespace {

/// Tick interval (ms): well under a 60 Hz frame, so a stall of one frame shows.
constexpr int kTickMs = 5;

} // namespace

StallMonitor::StallMonitor(Controller* controller, QObject* parent) : QObject(parent) {
    m_timer.setInterval(kTickMs);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &StallMonitor::onTick);
    connect(controller, &Controller::jobStarted, this, &StallMonitor::onJobStarted);
    connect(controller, &Controller::finished, this, &StallMonitor::onJobEnded);
    connect(controller, &Controller::cancelled, this, &StallMonitor::onJobEnded);
    connect(controller, &Controller::failed, this, &StallMonitor::onJobEnded);
}

void StallMonitor::onJobStarted(const QString& job) {
    m_job = job;
    m_longestMs = 0.0;
    m_sinceStart.start();
    m_sinceTick.start();
    m_timer.start();
}

void StallMonitor::onTick() {
    const double gapMs = static_cast<double>(m_sinceTick.nsecsElapsed()) / 1e6;
    m_sinceTick.start();
    m_longestMs = std::max(m_longestMs, gapMs - kTickMs);
    m_worstMs = std::max(m_worstMs, m_longestMs);
}

void StallMonitor::onJobEnded(const QString& job) {
    if (job != m_job || !m_timer.isActive())
        return; // e.g. a failed slider evaluation, which is not a job
    onTick();   // the stretch since the last tick counts too
    m_timer.stop();
    Q_EMIT jobMeasured(job, m_longestMs, static_cast<double>(m_sinceStart.elapsed()) / 1000.0);
}

} // namespace bdl::app
