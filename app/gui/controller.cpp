#include "app/gui/controller.h"

#include "app/gui/worker.h"
#include "core/base/errors.h"
#include "core/base/feedback.h"
#include "core/base/runtime.h"

#include <QtCore/QMetaObject>

#include <algorithm>

namespace bdl::app {

namespace {

/// Progress below this fraction gives no ETA (the first steps of a job are rarely typical).
constexpr double kEtaMinFraction = 0.01;
/// Nor does a job younger than this (seconds).
constexpr double kEtaMinSeconds = 0.2;

} // namespace

QString useComputeProcessSettings(char** argv) {
    const QString policy = QString::fromLatin1(core::usePassiveOpenMpWait(argv));
    core::tuneAllocator();
    return policy;
}

bool isComputeDeviceName(const QString& device, QString* why) {
    c10::Device d(c10::kCPU);
    std::string reason;
    const bool ok = core::parseComputeDevice(device.toStdString(), &d, &reason);
    if (!ok && why)
        *why = QString::fromStdString(reason);
    return ok;
}

QString useComputeDevice(const QString& device) {
    try {
        core::setComputeDevice(device.toStdString());
        return QString();
    } catch (const core::Error& e) {
        return QStringLiteral("--device %1: %2").arg(device, QString::fromStdString(e.problem()));
    }
}

Controller::Controller(QObject* parent, int threads) : QObject(parent) {
    registerJobTypes();
    m_thread.setObjectName(QStringLiteral("bdl-worker"));
    m_worker = new Worker(threads); // no parent: it moves to m_thread
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::started, m_worker, &Worker::initThread);
    connectWorker();
    m_thread.start();
}

Controller::~Controller() {
    cancel();
    m_thread.quit(); // queued requests behind the running job are dropped
    m_thread.wait();
    delete m_worker; // its thread has finished: safe from here
}

void Controller::connectWorker() {
    // Worker signals come from the worker thread: AutoConnection queues them to this thread, in
    // the order they were emitted (results before the job's finished()).
    Worker* w = m_worker;
    connect(w, &Worker::progress, this, &Controller::onProgress);
    connect(w, &Worker::finished, this, [this](const QString& job) {
        endJob(job);
        Q_EMIT finished(job);
    });
    connect(w, &Worker::cancelled, this, [this](const QString& job) {
        endJob(job);
        Q_EMIT cancelled(job);
    });
    connect(w, &Worker::failed, this, [this](const QString& job, const QString& message) {
        if (job != job::kSlider)
            endJob(job);
        Q_EMIT failed(job, message);
    });
    connect(w, &Worker::workspaceOpened, this, [this](const WorkspaceInfo& info) {
        m_workspace = info;
        m_curve.reset();
        m_sweep.reset();
        m_repaired.reset();
        m_repairedWeights.clear();
        const bool hadCandidates = !m_candidates.isEmpty();
        m_candidates.clear();
        m_currentCandidate = -1;
        m_nextCandidateId = 1;
        m_strip.reset();
        m_goodnets.reset();
        Q_EMIT workspaceOpened(info);
        if (hadCandidates)
            Q_EMIT candidatesChanged();
    });
    connect(w, &Worker::curveStarted, this, [this](const CurveData& header) {
        m_liveCurve = header;
        m_curveRunning = true;
        Q_EMIT curveStarted(header);
    });
    connect(w, &Worker::curvePoint, this, [this](const CurvePoint& p) {
        m_liveCurve.points.push_back(p);
        Q_EMIT curvePointReady(p);
    });
    connect(w, &Worker::curveReady, this, [this](const CurveData& curve) {
        m_curve = curve;
        m_curveRunning = false;
        m_liveCurve = CurveData();
        Q_EMIT curveReady(curve);
    });
    connect(w, &Worker::finePruneStep, this, &Controller::finePruneStepReady);
    connect(w, &Worker::sweepStarted, this, &Controller::sweepStarted);
    connect(w, &Worker::sweepCell, this, &Controller::sweepCellReady);
    connect(w, &Worker::sweepReady, this, [this](const SweepData& sweep) {
        m_sweep = sweep;
        Q_EMIT sweepReady(sweep);
    });
    connect(w, &Worker::repairedReady, this, [this](const RepairResult& r) {
        m_repaired = r;
        onRepaired(r);
        Q_EMIT repairedReady(r);
    });
    connect(w, &Worker::activationsReady, this, &Controller::activationsReady);
    connect(w, &Worker::exported, this, &Controller::exported);
    connect(w, &Worker::sliderReadout, this, &Controller::sliderChanged);
    connect(w, &Worker::repairedWeights, this,
            [this](const QByteArray& weights) { m_repairedWeights = weights; });
    connect(w, &Worker::stripStarted, this, &Controller::stripStarted);
    connect(w, &Worker::stripProgress, this, &Controller::stripProgress);
    connect(w, &Worker::stripReady, this, [this](const StripData& data) {
        m_strip = data;
        Q_EMIT stripReady(data);
    });
    connect(w, &Worker::stripDetailReady, this, &Controller::stripDetailReady);
    connect(w, &Worker::inspected, this, &Controller::inspected);
    connect(w, &Worker::goodnetsReady, this, [this](const GoodnetData& data) {
        m_goodnets = data;
        Q_EMIT goodnetsReady(data);
    });
}

bool Controller::startJob(const QString& job, std::function<void(Worker&, const JobTicket&)> body) {
    if (m_busy) {
        Q_EMIT refused(job, tr("%1 is still running; cancel it or wait").arg(m_job));
        return false;
    }
    const JobTicket ticket = m_worker->makeTicket(job);
    m_feedback = ticket.feedback;
    m_job = job;
    m_fraction = 0.0;
    m_stage.clear();
    m_clock.start();
    setBusy(true);
    Q_EMIT jobStarted(job);
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, ticket, body = std::move(body)] { body(*w, ticket); },
        Qt::QueuedConnection);
    return true;
}

void Controller::onRepaired(const RepairResult& result) {
    // The Worker emits repairedWeights() just before: m_repairedWeights are this B''s. Results
    // arrive before their job's end, so m_job is the job that made this B'.
    auto holds = [](const QVector<RepairCandidate>& list, int id) {
        return std::any_of(list.begin(), list.end(),
                           [id](const RepairCandidate& c) { return c.id == id; });
    };
    if (m_job == job::kSelectCandidate && holds(m_candidates, m_selectingCandidate)) {
        m_currentCandidate = m_selectingCandidate;
    } else if (m_job == job::kRestore && holds(m_restoringCandidates, m_restoringCurrent)) {
        // The saved list, its current entry being the B' just restored.
        m_candidates = m_restoringCandidates;
        m_currentCandidate = m_restoringCurrent;
        m_nextCandidateId = 1;
        for (RepairCandidate& c : m_candidates) {
            if (c.id == m_currentCandidate) {
                c.result = result;
                c.weights = m_repairedWeights;
            }
            m_nextCandidateId = std::max(m_nextCandidateId, c.id + 1);
        }
    } else {
        // A new B' (also the B' of a session saved before the list existed). The same model made
        // again the same way (a sweep cell picked twice, a fine-tuning repeated with the same
        // settings and seed) is the candidate it equals, made current.
        const auto same =
            std::find_if(m_candidates.begin(), m_candidates.end(), [&](const RepairCandidate& c) {
                return c.result.method == result.method && c.weights == m_repairedWeights;
            });
        if (same != m_candidates.end()) {
            m_currentCandidate = same->id;
        } else {
            m_candidates.push_back(RepairCandidate{m_nextCandidateId++, result, m_repairedWeights});
            m_currentCandidate = m_candidates.constLast().id;
        }
    }
    // Within both limits: the oldest that are not B' go first.
    auto bytes = [this] {
        qint64 n = 0;
        for (const RepairCandidate& c : m_candidates)
            n += c.weights.size();
        return n;
    };
    while (m_candidates.size() > kMaxRepairCandidates || bytes() > kMaxRepairCandidateBytes) {
        const auto oldest =
            std::find_if(m_candidates.begin(), m_candidates.end(),
                         [this](const RepairCandidate& c) { return c.id != m_currentCandidate; });
        if (oldest == m_candidates.end())
            break; // B' alone
        m_candidates.erase(oldest);
    }
    Q_EMIT candidatesChanged();
}

const RepairCandidate* Controller::candidate(int id) const {
    for (const RepairCandidate& c : m_candidates)
        if (c.id == id)
            return &c;
    return nullptr;
}

RepairCandidate Controller::candidateOrEmpty(int id) const {
    if (const RepairCandidate* c = candidate(id))
        return *c;
    RepairCandidate none;
    none.id = id;
    return none;
}

void Controller::endJob(const QString& job) {
    if (!m_busy || job != m_job)
        return;
    m_selectingCandidate = -1;
    m_restoringCandidates.clear();
    m_restoringCurrent = -1;
    if (m_curveRunning) { // a curve job that did not finish: its points are dropped
        m_curveRunning = false;
        m_liveCurve = CurveData();
    }
    m_feedback.reset();
    m_job.clear();
    m_fraction = 0.0;
    m_stage.clear();
    setBusy(false);
}

void Controller::setBusy(bool busy) {
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

void Controller::onProgress(const QString& job, double fraction, const QString& stage) {
    if (!m_busy || job != m_job)
        return;
    m_fraction = fraction;
    if (!stage.isEmpty())
        m_stage = stage;
    Q_EMIT progressChanged(progressNow());
}

ProgressInfo Controller::progressNow() const {
    ProgressInfo p;
    if (!m_busy)
        return p;
    p.job = m_job;
    p.fraction = m_fraction;
    p.stage = m_stage;
    p.elapsedS = static_cast<double>(m_clock.elapsed()) / 1000.0;
    if (m_fraction >= kEtaMinFraction && p.elapsedS >= kEtaMinSeconds)
        p.etaS = p.elapsedS * (1.0 - m_fraction) / m_fraction;
    return p;
}

void Controller::cancel() {
    if (m_feedback)
        m_feedback->cancel();
}

bool Controller::openWorkspace(const WorkspaceRequest& request) {
    return startJob(QString(job::kOpen),
                    [request](Worker& w, const JobTicket& t) { w.openWorkspace(request, t); });
}

bool Controller::computePruningCurve() {
    return startJob(QString(job::kCurve),
                    [](Worker& w, const JobTicket& t) { w.computePruningCurve(t); });
}

bool Controller::fineTuneAt(int k, const TuneSettings& tune) {
    return startJob(QString(job::kFineTune),
                    [k, tune](Worker& w, const JobTicket& t) { w.fineTuneAt(k, tune, t); });
}

bool Controller::runPaperProtocol(int steps, const TuneSettings& tune) {
    return startJob(QString(job::kPaper), [steps, tune](Worker& w, const JobTicket& t) {
        w.runPaperProtocol(steps, tune, t);
    });
}

bool Controller::runLiuProtocol(double maxDrop, const TuneSettings& tune) {
    return startJob(QString(job::kLiu), [maxDrop, tune](Worker& w, const JobTicket& t) {
        w.runLiuProtocol(maxDrop, tune, t);
    });
}

bool Controller::runSweep(const SweepRequest& request) {
    return startJob(QString(job::kSweep),
                    [request](Worker& w, const JobTicket& t) { w.runSweep(request, t); });
}

bool Controller::computeActivations() {
    return startJob(QString(job::kActivations),
                    [](Worker& w, const JobTicket& t) { w.computeActivations(t); });
}

bool Controller::selectRepaired(int lrIndex, int kIndex) {
    return startJob(QString(job::kSelect), [lrIndex, kIndex](Worker& w, const JobTicket& t) {
        w.selectRepaired(lrIndex, kIndex, t);
    });
}

bool Controller::exportRepaired(const QString& path) {
    return startJob(QString(job::kExport),
                    [path](Worker& w, const JobTicket& t) { w.exportRepaired(path, t); });
}

bool Controller::exportGoodnet(const QString& path) {
    return startJob(QString(job::kGoodnet),
                    [path](Worker& w, const JobTicket& t) { w.exportGoodnet(path, t); });
}

bool Controller::selectCandidate(int id) {
    const RepairCandidate c = candidateOrEmpty(id);
    if (!startJob(QString(job::kSelectCandidate),
                  [c](Worker& w, const JobTicket& t) { w.selectCandidate(c, t); }))
        return false;
    m_selectingCandidate = id;
    return true;
}

bool Controller::exportCandidate(int id, const QString& path) {
    const RepairCandidate c = candidateOrEmpty(id);
    return startJob(QString(job::kExportCandidate),
                    [c, path](Worker& w, const JobTicket& t) { w.exportCandidate(c, path, t); });
}

bool Controller::runStrip(const StripRequest& request) {
    return startJob(QString(job::kStrip),
                    [request](Worker& w, const JobTicket& t) { w.runStrip(request, t); });
}

bool Controller::stripDetail(const StripDetailRequest& request) {
    return startJob(QString(job::kStripDetail),
                    [request](Worker& w, const JobTicket& t) { w.stripDetail(request, t); });
}

bool Controller::inspect(const InspectRequest& request) {
    return startJob(QString(job::kInspect),
                    [request](Worker& w, const JobTicket& t) { w.inspect(request, t); });
}

bool Controller::computeGoodnets(const GoodnetRequest& request) {
    return startJob(QString(job::kGoodnets),
                    [request](Worker& w, const JobTicket& t) { w.computeGoodnets(request, t); });
}

bool Controller::restoreSession(const SessionState& state) {
    if (!startJob(QString(job::kRestore),
                  [state](Worker& w, const JobTicket& t) { w.restoreSession(state, t); }))
        return false;
    m_restoringCandidates = state.results.candidates;
    m_restoringCurrent = state.results.currentCandidate;
    return true;
}

SessionResults Controller::sessionResults() const {
    SessionResults r;
    r.workspace = m_workspace;
    r.curve = m_curve;
    r.sweep = m_sweep;
    r.repaired = m_repaired;
    r.repairedWeights = m_repairedWeights;
    r.candidates = m_candidates;
    r.currentCandidate = m_currentCandidate;
    r.strip = m_strip;
    r.goodnets = m_goodnets;
    return r;
}

SliderReadout Controller::readoutFrom(const CurveData& curve, int k) {
    const CurvePoint& p = *curve.point(k);
    SliderReadout r;
    r.k = k;
    r.channels = curve.channels();
    r.percent = r.channels > 0 ? 100.0 * k / r.channels : 0.0;
    r.cca = p.cca;
    r.asr = p.asr;
    r.prunedChannels = curve.order.mid(0, k);
    r.fromCurve = true;
    return r;
}

std::optional<SliderReadout> Controller::readoutAt(int k) const {
    // A complete curve first; while one is being computed, its points so far.
    for (const CurveData* c :
         {m_curve ? &*m_curve : nullptr, m_curveRunning ? &m_liveCurve : nullptr}) {
        if (!c || c->channels() == 0)
            continue;
        const int kk = std::clamp(k, 0, c->channels());
        if (c->point(kk))
            return readoutFrom(*c, kk);
    }
    return std::nullopt;
}

bool Controller::requestSliderK(int k) {
    if (const auto r = readoutAt(k)) {
        Q_EMIT sliderChanged(*r);
        return true;
    }
    if (!m_workspace)
        return false;
    if (m_worker->offerSliderK(k)) // else the queued evaluation will take the new k
        QMetaObject::invokeMethod(m_worker, &Worker::evaluatePendingSliderK, Qt::QueuedConnection);
    return false;
}

} // namespace bdl::app
