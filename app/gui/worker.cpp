// The Worker's plumbing (tickets, the try/catch around every job, the slider, exports) and the
// helpers shared by worker_*.cpp. The job bodies live in worker_workspace.cpp, worker_curve.cpp
// and worker_tuning.cpp.
#include "app/gui/worker.h"

#include "app/gui/stage_text.h"
#include "app/gui/worker_state.h"
#include "core/nn/activations.h"
#include "core/base/atomic_file.h"
#include "core/base/errors.h"
#include "core/base/feedback.h"
#include "core/io/keras_io.h"
#include "core/defenses/pruning.h"
#include "core/base/runtime.h"
#include "core/base/stage_text.h"
#include "core/io/torchscript_export.h"

#include <c10/util/Exception.h>
#include <torch/types.h>

#include <QtCore/QFileInfo>

#include <exception>

namespace bdl::app {

// ---- helpers (worker_state.h) -----------------------------------------------------------------

ScopedFeedback::ScopedFeedback(const core::ProgressScope& scope)
    : m_scope(scope), m_fb([this](double f, const std::string& stage) {
          try {
              m_scope.set(f, stage);
          } catch (const core::Cancelled&) {
              m_fb.cancel(); // the call notices at its next check
          }
      }) {
    m_fb.followCancelOf(m_scope.feedback()); // also for calls that check without reporting
}

core::Feedback* ScopedFeedback::get() {
    if (m_scope.feedback() && m_scope.feedback()->isCancelled())
        m_fb.cancel();
    return &m_fb;
}

QString qs(const std::string& s) { return QString::fromStdString(s); }

QVector<double> toQVector(const std::vector<double>& v) {
    return QVector<double>(v.begin(), v.end());
}

QVector<int> toQVector(const std::vector<int64_t>& v) {
    QVector<int> out;
    out.reserve(static_cast<qsizetype>(v.size()));
    for (int64_t x : v)
        out.push_back(static_cast<int>(x));
    return out;
}

Scores scoresOf(const core::EvalReport& e) {
    Scores s;
    s.cca = e.cca;
    for (const auto& a : e.asr)
        s.asr.push_back(a.asr);
    return s;
}

const std::vector<int64_t>& ensureRanking(WorkerState& s, const core::ProgressScope& scope) {
    if (!s.ranking.order.empty())
        return s.ranking.order;
    scope.set(0.0, core::stage::kRanking);
    // With one set in both roles the ranking pass is also the clean test set's activations, as
    // in core::pruningCurve().
    const bool reuse = s.trainIsClean && !s.cleanActs.defined();
    torch::Tensor acts;
    s.ranking = core::rankLayer(s.b.model, s.train, s.layer, scope, core::kDefaultBatch,
                                core::kDormantRelativeEpsilon, reuse ? &acts : nullptr);
    if (reuse)
        s.cleanActs = std::move(acts);
    return s.ranking.order;
}

void ensureEvalActivations(WorkerState& s, const core::ProgressScope& scope) {
    if (s.cleanActs.defined() && s.poisonedActs.size() == s.poisoned.size())
        return;
    std::vector<torch::Tensor> acts = core::evaluationActivations(
        s.b.model, s.layer, s.cleanTest, s.poisoned, scope, core::kDefaultBatch, s.cleanActs);
    s.cleanActs = acts.front();
    s.poisonedActs.assign(acts.begin() + 1, acts.end());
}

core::FineTuneConfig fineTuneConfigOf(const TuneSettings& t) {
    core::FineTuneConfig c;
    c.lr = t.lr;
    c.epochs = t.epochs;
    c.batchSize = t.batchSize;
    c.seed = t.seed;
    c.updateBatchNorm = t.updateBatchNorm;
    return c;
}

const Scores& ensureBaseScores(WorkerState& s, const core::ProgressScope& scope) {
    if (!s.baseScores) {
        if (s.curve && !s.curve->points.isEmpty())
            s.baseScores = Scores{s.curve->points[0].cca, s.curve->points[0].asr};
        else
            s.baseScores = scoresOf(core::evaluate(s.b.model, s.cleanTest, s.poisoned, scope));
    }
    return *s.baseScores;
}

core::Model prunedCopy(const WorkerState& s, int64_t k) {
    core::Model m(s.b.model);
    core::applyPruning(m, s.layer, s.ranking.order, k);
    return m;
}

QVector<int> maskedChannels(const core::Model& model, const std::string& layer) {
    QVector<int> out;
    const torch::Tensor mask = model.channelMask(layer);
    if (!mask.defined())
        return out;
    const auto m = mask.to(torch::kFloat32).contiguous();
    for (int64_t c = 0; c < m.numel(); ++c)
        if (m.data_ptr<float>()[c] == 0.0f)
            out.push_back(static_cast<int>(c));
    return out;
}

int64_t modelBytes(const core::Model& model) {
    int64_t n = 0;
    for (const auto& layer : model.weightedLayers())
        for (const auto& shape : model.kerasWeightShapes(layer)) {
            int64_t e = 1;
            for (int64_t d : shape)
                e *= d;
            n += e;
        }
    return n * static_cast<int64_t>(sizeof(float));
}

// ---- the Worker -------------------------------------------------------------------------------

Worker::Worker(int threads, QObject* parent) : QObject(parent), m_threads(threads) {
    registerJobTypes();
    qRegisterMetaType<JobTicket>(); // so the slots can also be invoked by queued signals
}

Worker::~Worker() = default;

JobTicket Worker::makeTicket(const QString& job) {
    // Runs on the job's thread; a queued signal carries the values to the receivers.
    auto fb = std::make_shared<core::Feedback>(
        [this, job](double f, const std::string& stage) { Q_EMIT progress(job, f, qs(stage)); });
    return JobTicket{job, std::move(fb)};
}

bool Worker::offerSliderK(int k) {
    return m_pendingSliderK.exchange(std::max(k, 0)) == kNoSliderRequest;
}

void Worker::initThread() { core::setThreads(m_threads); }

void Worker::runJob(const JobTicket& ticket, const std::function<void(core::Feedback*)>& body) {
    // An exception escaping a slot would reach the event loop and call std::terminate.
    try {
        body(ticket.feedback.get());
        Q_EMIT finished(ticket.job);
    } catch (const core::Cancelled&) {
        Q_EMIT cancelled(ticket.job);
    } catch (const core::Error& e) {
        Q_EMIT failed(ticket.job, qs(e.what()));
    } catch (const c10::Error& e) {
        Q_EMIT failed(ticket.job, qs(e.what_without_backtrace()));
    } catch (const std::exception& e) {
        Q_EMIT failed(ticket.job, qs(e.what()));
    } catch (...) {
        Q_EMIT failed(ticket.job, tr("unexpected error"));
    }
}

WorkerState& Worker::workspace() {
    if (!m_state)
        throw core::Error("no workspace is open: open a model and its data first");
    return *m_state;
}

void Worker::openWorkspace(const WorkspaceRequest& request, const JobTicket& ticket) {
    runJob(ticket, [&](core::Feedback* fb) { doOpen(request, fb); });
}

void Worker::computePruningCurve(const JobTicket& ticket) {
    runJob(ticket, [&](core::Feedback* fb) { doCurve(fb); });
}

void Worker::fineTuneAt(int k, const TuneSettings& tune, const JobTicket& ticket) {
    runJob(ticket, [&](core::Feedback* fb) { doFineTune(k, tune, fb); });
}

void Worker::runPaperProtocol(int steps, const TuneSettings& tune, const JobTicket& ticket) {
    runJob(ticket, [&](core::Feedback* fb) { doPaper(steps, tune, fb); });
}

void Worker::runLiuProtocol(double maxDrop, const TuneSettings& tune, const JobTicket& ticket) {
    runJob(ticket, [&](core::Feedback* fb) { doLiu(maxDrop, tune, fb); });
}

void Worker::runSweep(const SweepRequest& request, const JobTicket& ticket) {
    runJob(ticket, [&](core::Feedback* fb) { doSweep(request, fb); });
}

void Worker::computeActivations(const JobTicket& ticket) {
    runJob(ticket, [&](core::Feedback* fb) { doActivations(fb); });
}

void Worker::selectRepaired(int lrIndex, int kIndex, const JobTicket& ticket) {
    runJob(ticket, [&](core::Feedback* fb) { doSelect(lrIndex, kIndex, fb); });
}

namespace {

bool hasSuffix(const QString& path, std::initializer_list<const char*> suffixes) {
    const QString s = QFileInfo(path).suffix().toLower();
    for (const char* x : suffixes)
        if (s == QLatin1String(x))
            return true;
    return false;
}

/// Whether a B' export to `path` is TorchScript (.pt/.torchscript) rather than Keras weights
/// (.h5/.hdf5); Error for another suffix.
bool isTorchScriptPath(const QString& path) {
    const bool torchScript = hasSuffix(path, {"pt", "torchscript"});
    if (!torchScript && !hasSuffix(path, {"h5", "hdf5"}))
        throw core::Error(path.toStdString(), "unknown model format: use .h5 (Keras weights) or "
                                              ".pt (TorchScript)");
    return torchScript;
}

/// The bytes of B' as a model file for `path`: Keras weights in B's layout or TorchScript (by
/// isTorchScriptPath()), the channel masks baked in.
std::string modelFileBytes(const WorkerState& s, const core::Model& bPrime, const QString& path) {
    const std::string p = path.toStdString();
    const bool torchScript = isTorchScriptPath(path);
    core::Model baked(bPrime);
    baked.bakeChannelMasks(); // a Keras reader knows no masks
    return torchScript ? core::torchScriptBytes(baked) : core::kerasWeightsBytes(baked, p, &s.b);
}

} // namespace

// Exports build the file's bytes in memory, then check for cancel, then write atomically: a
// cancelled export writes nothing and an existing file is replaced whole or not at all.
void Worker::exportRepaired(const QString& path, const JobTicket& ticket) {
    runJob(ticket, [&](core::Feedback* fb) {
        const core::ProgressScope progress(fb);
        WorkerState& s = workspace();
        if (!s.repaired)
            throw core::Error("no repaired model yet: fine-tune, run a protocol or pick a sweep "
                              "cell first");
        isTorchScriptPath(path);
        progress.check();
        const std::string bytes = modelFileBytes(s, *s.repaired, path);
        progress.check(); // the last moment a cancel still leaves the old file as it was
        core::writeFileAtomically(path.toStdString(), bytes);
        Q_EMIT exported(ticket.job, path);
    });
}

core::Model Worker::loadCandidate(const RepairCandidate& candidate,
                                  const core::ProgressScope& scope) {
    const WorkerState& s = workspace();
    const std::string name = "B' candidate #" + std::to_string(candidate.id);
    if (candidate.weights.isEmpty())
        throw core::Error("there is no " + name + " in this workspace");
    scope.set(0.0, core::stage::format(stage::kLoadingCandidate, {std::to_string(candidate.id)}));
    ScopedFeedback fb(scope);
    core::Model model = deserializeRepaired(s, candidate.weights, name, fb.get());
    scope.check();
    return model;
}

void Worker::selectCandidate(const RepairCandidate& candidate, const JobTicket& ticket) {
    runJob(ticket, [&](core::Feedback* fb) {
        const core::ProgressScope root(fb);
        core::Model model = loadCandidate(candidate, root.sub(0.0, 1.0));
        root.set(1.0); // the last cancel check: from here on B' changes
        WorkerState& s = workspace();
        s.repaired = std::move(model);
        s.repairedInfo = candidate.result;
        Q_EMIT repairedWeights(candidate.weights);
        Q_EMIT repairedReady(candidate.result);
    });
}

void Worker::exportCandidate(const RepairCandidate& candidate, const QString& path,
                             const JobTicket& ticket) {
    runJob(ticket, [&](core::Feedback* fb) {
        const core::ProgressScope root(fb);
        isTorchScriptPath(path); // before the slow part
        const core::Model model = loadCandidate(candidate, root.sub(0.0, 0.8));
        const std::string bytes = modelFileBytes(workspace(), model, path);
        root.check(); // the last moment a cancel still leaves the old file as it was
        core::writeFileAtomically(path.toStdString(), bytes);
        Q_EMIT exported(ticket.job, path);
    });
}

void Worker::exportGoodnet(const QString& path, const JobTicket& ticket) {
    runJob(ticket, [&](core::Feedback* fb) {
        const core::ProgressScope progress(fb);
        WorkerState& s = workspace();
        if (!s.repaired)
            throw core::Error("no repaired model yet: G(B, B') needs B'");
        progress.check();
        core::Model baked(*s.repaired);
        baked.bakeChannelMasks();
        const std::string bytes = core::goodnetTorchScriptBytes(s.b.model, baked);
        progress.check(); // the last moment a cancel still leaves the old file as it was
        core::writeFileAtomically(path.toStdString(), bytes);
        Q_EMIT exported(ticket.job, path);
    });
}

void Worker::runStrip(const StripRequest& request, const JobTicket& ticket) {
    runJob(ticket, [&](core::Feedback* fb) { doStrip(request, fb); });
}

void Worker::stripDetail(const StripDetailRequest& request, const JobTicket& ticket) {
    runJob(ticket, [&](core::Feedback* fb) { doStripDetail(request, fb); });
}

void Worker::inspect(const InspectRequest& request, const JobTicket& ticket) {
    runJob(ticket, [&](core::Feedback* fb) { doInspect(request, fb); });
}

void Worker::computeGoodnets(const GoodnetRequest& request, const JobTicket& ticket) {
    runJob(ticket, [&](core::Feedback* fb) { doGoodnets(request, fb); });
}

void Worker::restoreSession(const SessionState& state, const JobTicket& ticket) {
    runJob(ticket, [&](core::Feedback* fb) { doRestore(state, fb); });
}

void Worker::evaluatePendingSliderK() {
    const int k = m_pendingSliderK.exchange(kNoSliderRequest);
    if (k == kNoSliderRequest)
        return;
    try {
        doSlider(k);
    } catch (const core::Error& e) {
        Q_EMIT failed(QString(job::kSlider), qs(e.what()));
    } catch (const c10::Error& e) {
        Q_EMIT failed(QString(job::kSlider), qs(e.what_without_backtrace()));
    } catch (const std::exception& e) {
        Q_EMIT failed(QString(job::kSlider), qs(e.what()));
    } catch (...) {
        Q_EMIT failed(QString(job::kSlider), tr("unexpected error"));
    }
}

void Worker::doSlider(int k) {
    WorkerState& s = workspace();
    const core::ProgressScope none(nullptr);
    const auto& order = ensureRanking(s, none);
    const int channels = static_cast<int>(order.size());
    k = std::min(k, channels);
    const Scores sc = scoresOf(core::evaluate(prunedCopy(s, k), s.cleanTest, s.poisoned, none));
    SliderReadout r;
    r.k = k;
    r.channels = channels;
    r.percent = channels > 0 ? 100.0 * k / channels : 0.0;
    r.cca = sc.cca;
    r.asr = sc.asr;
    for (int i = 0; i < k; ++i)
        r.prunedChannels.push_back(static_cast<int>(order[static_cast<size_t>(i)]));
    r.fromCurve = false;
    Q_EMIT sliderReadout(r);
}

} // namespace bdl::app
