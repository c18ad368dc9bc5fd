#include "job_phases.h"

#include "gui_test_util.h"

#include "app/gui/analysis_types.h"
#include "app/gui/stage_text.h"
#include "core/base/stage_text.h"
#include "core/base/feedback.h"

#include <QtCore/QDir>
#include <QtCore/QFileInfo>

#include <algorithm>
#include <chrono>
#include <memory>

namespace bdl::app::test {

namespace {

const TuneSettings kQuickTune{/*lr=*/1e-3, /*epochs=*/2, /*batchSize=*/16, /*seed=*/0};

StripRequest quickStrip() {
    StripRequest r;
    r.n = 8;
    r.sample = 0;
    r.calibration = 30;
    r.seed = 3;
    return r;
}

SweepRequest quickSweep() {
    SweepRequest r;
    r.lrs = {1e-2, 1e-3};
    r.ks = {2, 4};
    r.epochs = 1;
    r.batchSize = 16;
    return r;
}

void tune(Worker& w) { w.fineTuneAt(3, kQuickTune, w.makeTicket(QString(job::kFineTune))); }
void strip(Worker& w) { w.runStrip(quickStrip(), w.makeTicket(QString(job::kStrip))); }

} // namespace

QVector<JobCase> jobCases(const WorkspaceRequest& request) {
    QVector<JobCase> c;
    auto add = [&](const QString& job, std::function<void(Worker&)> prepare,
                   std::function<void(Worker&, const JobTicket&)> run, bool needsWorkspace = true) {
        c.push_back(JobCase{job, needsWorkspace, std::move(prepare), std::move(run), {}});
    };
    add(
        job::kOpen, {}, [request](Worker& w, const JobTicket& t) { w.openWorkspace(request, t); },
        false);
    add(job::kCurve, {}, [](Worker& w, const JobTicket& t) { w.computePruningCurve(t); });
    add(job::kFineTune, {}, [](Worker& w, const JobTicket& t) { w.fineTuneAt(3, kQuickTune, t); });
    add(job::kPaper, {},
        [](Worker& w, const JobTicket& t) { w.runPaperProtocol(2, kQuickTune, t); });
    add(job::kLiu, {}, [](Worker& w, const JobTicket& t) { w.runLiuProtocol(4.0, kQuickTune, t); });
    add(job::kSweep, {}, [](Worker& w, const JobTicket& t) { w.runSweep(quickSweep(), t); });
    add(
        job::kSelect,
        [](Worker& w) {
            w.setSweepModelBudget(0); // the cell is re-created: its replay is a phase too
            w.runSweep(quickSweep(), w.makeTicket(QString(job::kSweep)));
        },
        [](Worker& w, const JobTicket& t) { w.selectRepaired(1, 1, t); });
    add(job::kActivations, tune, [](Worker& w, const JobTicket& t) { w.computeActivations(t); });
    add(job::kStrip, {}, [](Worker& w, const JobTicket& t) { w.runStrip(quickStrip(), t); });
    add(job::kStripDetail, strip, [](Worker& w, const JobTicket& t) {
        w.stripDetail(StripDetailRequest{1, 0, 4}, t);
    });
    add(job::kInspect, strip, [](Worker& w, const JobTicket& t) {
        InspectRequest r;
        r.setIndex = 1;
        r.imageIndex = 0;
        w.inspect(r, t);
    });
    add(job::kGoodnets, tune, [](Worker& w, const JobTicket& t) {
        GoodnetRequest r;
        r.k0 = 2;
        r.tune = kQuickTune;
        w.computeGoodnets(r, t);
    });
    // A B' candidate as the Controller holds it: the weights and result of a fine-tuning.
    auto candidate = std::make_shared<RepairCandidate>();
    auto makeCandidate = [candidate](Worker& w) {
        const QMetaObject::Connection weights =
            QObject::connect(&w, &Worker::repairedWeights,
                             [candidate](const QByteArray& bytes) { candidate->weights = bytes; });
        const QMetaObject::Connection result =
            QObject::connect(&w, &Worker::repairedReady,
                             [candidate](const RepairResult& r) { candidate->result = r; });
        candidate->id = 1;
        tune(w);
        QObject::disconnect(weights);
        QObject::disconnect(result);
    };
    add(job::kSelectCandidate, makeCandidate,
        [candidate](Worker& w, const JobTicket& t) { w.selectCandidate(*candidate, t); });
    const QString exportPath = // in the workspace's own temporary folder
        QFileInfo(request.cleanTestPath).dir().filePath(QStringLiteral("phases-candidate.h5"));
    add(job::kExportCandidate, makeCandidate,
        [candidate, exportPath](Worker& w, const JobTicket& t) {
            w.exportCandidate(*candidate, exportPath, t);
        });
    add(
        job::kRestore, {},
        [request](Worker& w, const JobTicket& t) {
            SessionState s;
            s.request = request;
            w.restoreSession(s, t);
        },
        false);
    // Jobs that rank B's channels first: the ranking pass is a phase of its own (the activations
    // of the pruned layer, batch by batch), also inside the paper's and Liu et al.'s protocols.
    for (JobCase& j : c)
        if (j.job == job::kCurve || j.job == job::kFineTune || j.job == job::kPaper ||
            j.job == job::kLiu || j.job == job::kSweep)
            j.expectedSequence = {QString::fromLatin1(core::stage::kRanking),
                                  QString::fromLatin1(core::stage::kActivationsOf)};
    return c;
}

PhaseRun runPhase(const WorkspaceRequest& request, const JobCase& c, const QString& cancelAt) {
    using Clock = std::chrono::steady_clock;
    Worker w(kThreads);
    w.initThread(); // the thread count, as on the worker thread
    if (c.needsWorkspace)
        w.openWorkspace(request, w.makeTicket(QString(job::kOpen)));
    if (c.prepare)
        c.prepare(w);

    PhaseRun r;
    const JobTicket ticket = w.makeTicket(c.job);
    Clock::time_point cancelledAt;
    Clock::time_point lastReport = Clock::now();
    // Same thread: these run synchronously inside the job, at its progress reports.
    QObject::connect(&w, &Worker::progress, [&](const QString& job, double, const QString& stage) {
        if (job != c.job || stage.isEmpty())
            return;
        const QString t = StageText::templateOf(stage);
        if (t.isEmpty()) {
            if (!r.unknownStages.contains(stage))
                r.unknownStages << stage;
            return;
        }
        if (!r.phases.contains(t))
            r.phases << t;
        const Clock::time_point now = Clock::now();
        double& gap = r.longestGapMs[t];
        gap = std::max(gap, std::chrono::duration<double, std::milli>(now - lastReport).count());
        lastReport = now;
        if (!r.cancelRequested && !cancelAt.isEmpty() && t == cancelAt) {
            r.cancelRequested = true;
            cancelledAt = Clock::now();
            ticket.feedback->cancel();
        }
    });
    auto end = [&](const QString& outcome) {
        r.outcome = outcome;
        if (r.cancelRequested)
            r.cancelLatencyMs =
                std::chrono::duration<double, std::milli>(Clock::now() - cancelledAt).count();
    };
    auto result = [&] {
        if (r.cancelRequested)
            ++r.resultSignals;
    };
    QObject::connect(&w, &Worker::finished,
                     [&](const QString&) { end(QStringLiteral("finished")); });
    QObject::connect(&w, &Worker::cancelled,
                     [&](const QString&) { end(QStringLiteral("cancelled")); });
    QObject::connect(&w, &Worker::failed, [&](const QString&, const QString& message) {
        end(QStringLiteral("failed: ") + message);
    });
    QObject::connect(&w, &Worker::repairedReady, result);
    QObject::connect(&w, &Worker::workspaceOpened, result);
    QObject::connect(&w, &Worker::curveReady, result);
    QObject::connect(&w, &Worker::sweepReady, result);
    QObject::connect(&w, &Worker::activationsReady, result);
    QObject::connect(&w, &Worker::stripReady, result);
    QObject::connect(&w, &Worker::stripDetailReady, result);
    QObject::connect(&w, &Worker::inspected, result);
    QObject::connect(&w, &Worker::goodnetsReady, result);
    c.run(w, ticket);
    return r;
}

} // namespace bdl::app::test
