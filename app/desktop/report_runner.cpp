#include "app/desktop/report_runner.h"

#include "app/desktop/activation_view.h"
#include "app/desktop/job_text.h"
#include "app/desktop/main_window.h"
#include "app/desktop/report_builder.h"
#include "app/desktop/strip_view.h"
#include "app/gui/controller.h"
#include "widgets/feature_map_grid.h"

#include <QtCore/QTimer>

#include <algorithm>
#include <cmath>

// Messages are English, as every message of the CLI that runs this (no tr()).
namespace bdl::app {

ReportRunner::ReportRunner(MainWindow* window, const ReportPlan& plan, QObject* parent)
    : QObject(parent), m_window(window), m_plan(plan) {
    Controller* c = window->controller();
    connect(c, &Controller::busyChanged, this, [this](bool busy) {
        if (!busy)
            scheduleAdvance();
    });
    connect(c, &Controller::failed, this, &ReportRunner::onFailure);
    connect(c, &Controller::cancelled, this, [this](const QString& job) {
        if (job == job::kOpen || job == job::kRestore || m_tried.contains(job))
            finish(130, QStringLiteral("No report: %1 was cancelled").arg(JobText::title(job)));
    });
    scheduleAdvance();
}

int ReportRunner::defaultK(int channels) {
    return std::clamp(static_cast<int>(std::lround(channels * 0.1)), 1, std::max(1, channels));
}

void ReportRunner::onFailure(const QString& job, const QString& message) {
    // The jobs this run depends on: the open (or restore) and the steps it started. A failed
    // slider evaluation or a follow-up of the window's does not stop the report.
    if (job == job::kOpen || job == job::kRestore || m_tried.contains(job))
        finish(1, QStringLiteral("No report: %1 failed: %2").arg(JobText::title(job), message));
}

void ReportRunner::scheduleAdvance() {
    // After every receiver of this turn has run: the window starts its follow-up jobs (curve
    // after open, activations after a new B') in its own handlers.
    if (m_done || m_pending)
        return;
    m_pending = true;
    QTimer::singleShot(0, this, [this] {
        m_pending = false;
        advance();
    });
}

bool ReportRunner::tryStart(const QString& job, const QString& text, bool started) {
    m_tried.insert(job);
    if (!started) {
        finish(1, QStringLiteral("No report: %1 could not start").arg(JobText::title(job)));
        return false;
    }
    Q_EMIT stepStarted(text);
    return true;
}

void ReportRunner::advance() {
    Controller* c = m_window->controller();
    if (m_done || c->busy())
        return; // busyChanged(false) brings us back
    if (!c->workspace())
        return; // the open or the restore has not run yet (its failure ends the run)
    const WorkspaceInfo& w = *c->workspace();
    if (!c->curve() && !m_tried.contains(QString(job::kCurve))) {
        tryStart(QString(job::kCurve), QStringLiteral("pruning curve"), c->computePruningCurve());
        return;
    }
    if (!c->repaired() && !m_tried.contains(QString(job::kFineTune))) {
        const int k =
            m_plan.k >= 0 ? std::min(m_plan.k, w.pruneChannels) : defaultK(w.pruneChannels);
        tryStart(
            QString(job::kFineTune),
            QStringLiteral("B' = B pruned at k = %1 of %2 channels, fine-tuned %3 epochs at lr %4")
                .arg(k)
                .arg(w.pruneChannels)
                .arg(m_plan.tune.epochs)
                .arg(m_plan.tune.lr),
            c->fineTuneAt(k, m_plan.tune));
        return;
    }
    ActivationView* av = m_window->activationView();
    const bool activationsShown =
        av && av->mapGrid()->hasMaps(0) &&
        (!c->repaired() || av->mapGrid()->hasMaps(2)); // panel 2: B', clean;
    if (!activationsShown && !m_tried.contains(QString(job::kActivations))) {
        tryStart(QString(job::kActivations), QStringLiteral("activations of B and B'"),
                 c->computeActivations());
        return;
    }
    if (!c->strip() && !m_tried.contains(QString(job::kStrip))) {
        m_window->stripView()->setRequest(m_plan.strip);
        tryStart(QString(job::kStrip), QStringLiteral("STRIP"),
                 c->runStrip(m_window->stripView()->request()));
        return;
    }
    if (c->repaired() && !c->goodnets() && !m_tried.contains(QString(job::kGoodnets))) {
        GoodnetRequest request;
        request.k0 = std::min(m_plan.k0, w.pruneChannels);
        request.tune = m_plan.tune;
        tryStart(QString(job::kGoodnets), QStringLiteral("goodnets G and G'"),
                 c->computeGoodnets(request));
        return;
    }
    QString error;
    m_window->replotAll();
    m_document = buildReport(m_window);
    if (!writeReport(m_document, m_plan.pdfPath, &error)) {
        finish(1, error);
        return;
    }
    finish(0,
           QStringLiteral("Wrote %1 and %2").arg(m_plan.pdfPath, reportHtmlPath(m_plan.pdfPath)));
}

void ReportRunner::finish(int exitCode, const QString& message) {
    if (m_done)
        return;
    m_done = true;
    Q_EMIT done(exitCode, message);
}

} // namespace bdl::app
