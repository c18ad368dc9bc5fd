#pragma once
// Every job of the Worker, run on a fresh Worker synchronously on the calling thread, optionally
// cancelled at the first progress report of one of its phases (a stage template of
// app/gui/stage_text.h): what CancelPhasesTest asserts and CancelLatencyBench times.
#include "app/gui/job_types.h"
#include "app/gui/worker.h"

#include <QtCore/QMap>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVector>

#include <functional>

namespace bdl::app::test {

/// One job and what must have run before it (uncancelled) on the same Worker.
struct JobCase {
    QString job;                ///< job::k...
    bool needsWorkspace = true; ///< open the workspace first
    std::function<void(Worker&)> prepare;
    std::function<void(Worker&, const JobTicket&)> run;
    QStringList expectedSequence; ///< phases the job must report one after the other
};

/// Every job, with small settings, for a workspace opened by `request`.
QVector<JobCase> jobCases(const WorkspaceRequest& request);

struct PhaseRun {
    QStringList phases;            ///< stage templates in the order first reported
    QStringList unknownStages;     ///< stages no template matched
    QString outcome;               ///< "finished", "cancelled" or "failed: message"
    bool cancelRequested = false;  ///< the phase was reached and cancel() called
    double cancelLatencyMs = -1.0; ///< from cancel() to the job's end (cancelled/finished/failed)
    int resultSignals = 0;         ///< job results emitted after the cancel (repairedReady, ...)
    /// Per phase: the longest time between two progress reports that ended in it (ms). Every
    /// report is followed by a cancel check, so this bounds the wait for the next check.
    QMap<QString, double> longestGapMs;
};

/// Runs `c` on a fresh Worker (threads: kThreads), calling its ticket's cancel() right after the
/// first progress report of phase `cancelAt` (a template; empty: never).
PhaseRun runPhase(const WorkspaceRequest& request, const JobCase& c, const QString& cancelAt);

} // namespace bdl::app::test
