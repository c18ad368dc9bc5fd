#pragma once
/// @file worker.h
/// The GUI's computation: a QObject that lives on the worker thread (moved there by the
/// Controller) and runs the core's defenses on the workspace it holds: the model under test B,
/// the current repaired model B', the data sets, the channel ranking and cached activations.
///
/// Threads: every slot runs on the thread the Worker lives on, one at a time; results leave as
/// signals carrying value types (job_types.h), never tensors or models. makeTicket() and
/// offerSliderK() are thread-safe; everything else belongs to the worker thread.
///
/// Errors: every job slot catches what the core throws and ends with exactly one of finished(),
/// cancelled() (core::Cancelled: a normal outcome; the state from before the job stays) or
/// failed() (core::Error, std::exception: the readable message, naming the file). A failed or
/// cancelled job changes nothing: B, B', the curve and the sweep stay as they were.
#include "app/gui/analysis_types.h"
#include "app/gui/job_types.h"

#include <QtCore/QObject>
#include <QtCore/QString>

#include <atomic>
#include <functional>
#include <memory>

namespace bdl::core {
class Feedback;
class Model;
class ProgressScope;
} // namespace bdl::core

namespace bdl::app {

struct WorkerState;

/// One job's name and its Feedback (progress out, cancel in). Made by Worker::makeTicket() on any
/// thread; the maker keeps a copy to cancel the job (core::Feedback::cancel() is thread-safe).
struct JobTicket {
    QString job;
    std::shared_ptr<core::Feedback> feedback;
};

class Worker : public QObject {
    Q_OBJECT

public:
    /// threads: LibTorch intra-op threads for the worker thread (<= 0: every core), applied by
    /// initThread(). Registers the job types.
    explicit Worker(int threads = 0, QObject* parent = nullptr);
    ~Worker() override;

    /// Thread-safe. A ticket whose Feedback reports through progress(job, ...) (throttled by the
    /// Feedback to 0.1 % steps), from the thread that runs the job.
    JobTicket makeTicket(const QString& job);

    /// Thread-safe "latest request wins" for slider readouts computed here: stores k as the one
    /// pending request, replacing an older one. Returns true when no evaluation was pending, i.e.
    /// the caller must queue evaluatePendingSliderK(); false when a queued one will take k.
    bool offerSliderK(int k);

    /// Memory the models of a sweep's cells may take (default kDefaultSweepModelBudget); beyond
    /// it selectRepaired() re-creates a cell's model by replaying its row (deterministic, slower).
    /// Call before the sweep, from the worker thread or before the Worker is moved to it.
    void setSweepModelBudget(qint64 bytes) { m_sweepModelBudget = bytes; }
    /// 300 cells of the zoo's net take ~180 MB, of the CSAW net ~720 MB.
    static constexpr qint64 kDefaultSweepModelBudget = qint64{256} << 20;

public Q_SLOTS:
    /// Sets the LibTorch thread count of the calling thread. Connect to QThread::started.
    void initThread();

    /// Loads B and the data sets (building the demo zoo first when asked), detects the input
    /// scale, and replaces the workspace (dropping B', the curve, the sweep and the caches).
    /// Emits workspaceOpened().
    void openWorkspace(const bdl::app::WorkspaceRequest& request,
                       const bdl::app::JobTicket& ticket);
    /// The pruning-only curve of B: curveStarted(), then curvePoint() for k = 0 .. C as each is
    /// computed, then curveReady(). The same numbers as core::pruningCurve().
    void computePruningCurve(const bdl::app::JobTicket& ticket);
    /// B' = B with its k lowest-ranked channels pruned, then fine-tuned. Emits repairedReady().
    void fineTuneAt(int k, const bdl::app::TuneSettings& tune, const bdl::app::JobTicket& ticket);
    /// The paper's protocol for `steps` channels (-1: 10 % of the layer): finePruneStep() for
    /// k = 0 .. steps as they finish, then repairedReady() with the final B'.
    void runPaperProtocol(int steps, const bdl::app::TuneSettings& tune,
                          const bdl::app::JobTicket& ticket);
    /// Liu et al.: prune until the clean validation accuracy (20 % held out of the train set,
    /// split with the workspace's seed, as the CLI does) drops by more than maxDrop points,
    /// fine-tune once. Emits repairedReady().
    void runLiuProtocol(double maxDrop, const bdl::app::TuneSettings& tune,
                        const bdl::app::JobTicket& ticket);
    /// The learning-rate sweep: sweepStarted(), sweepCell() per cell as it finishes, sweepReady().
    /// The numbers of core::learningRateSweep(). Cell models are kept (within a memory budget)
    /// for selectRepaired().
    void runSweep(const bdl::app::SweepRequest& request, const bdl::app::JobTicket& ticket);
    /// Activations of B and (when there is one) B' at the pruned layer on the clean test and
    /// poisoned sets. Emits activationsReady().
    void computeActivations(const bdl::app::JobTicket& ticket);
    /// Makes the model of a sweep cell B' (kept, or re-created deterministically). Emits
    /// repairedReady().
    void selectRepaired(int lrIndex, int kIndex, const bdl::app::JobTicket& ticket);
    /// Writes B' as Keras weights in B's layout (.h5/.hdf5) or TorchScript (.pt), atomically.
    /// Emits exported().
    void exportRepaired(const QString& path, const bdl::app::JobTicket& ticket);
    /// Makes `candidate` (one of Controller::candidates(), with its weights) the current B': its
    /// weights are read as a session's are (deserializeRepaired(): the sandboxed helper checks
    /// them first) into a copy of B, which becomes B' with candidate.result. Emits
    /// repairedWeights(candidate.weights) and repairedReady(candidate.result). A candidate
    /// without weights (an id the Controller does not hold) fails.
    void selectCandidate(const bdl::app::RepairCandidate& candidate,
                         const bdl::app::JobTicket& ticket);
    /// Writes `candidate` as exportRepaired() writes B' (format by suffix, atomically), from a
    /// model loaded as selectCandidate() loads it but kept aside: B' stays. Emits exported().
    void exportCandidate(const bdl::app::RepairCandidate& candidate, const QString& path,
                         const bdl::app::JobTicket& ticket);
    /// Writes G(B, B') as one TorchScript file (class N on disagreement). Emits exported().
    void exportGoodnet(const QString& path, const bdl::app::JobTicket& ticket);
    /// STRIP (Controller::runStrip): stripStarted(), stripProgress() per chunk of each set,
    /// stripReady(). Keeps the overlays and settings for stripDetail() and inspect().
    void runStrip(const bdl::app::StripRequest& request, const bdl::app::JobTicket& ticket);
    void stripDetail(const bdl::app::StripDetailRequest& request,
                     const bdl::app::JobTicket& ticket);
    void inspect(const bdl::app::InspectRequest& request, const bdl::app::JobTicket& ticket);
    void computeGoodnets(const bdl::app::GoodnetRequest& request,
                         const bdl::app::JobTicket& ticket);
    void restoreSession(const bdl::app::SessionState& state, const bdl::app::JobTicket& ticket);
    /// Evaluates B pruned at the newest offered k (see offerSliderK()) and emits sliderReadout()
    /// (fromCurve = false); errors go to failed(job::kSlider, ...). Not a job: no finished().
    void evaluatePendingSliderK();

Q_SIGNALS:
    void progress(const QString& job, double fraction, const QString& stage);
    void finished(const QString& job);
    void cancelled(const QString& job);
    void failed(const QString& job, const QString& message);

    void workspaceOpened(const bdl::app::WorkspaceInfo& info);
    /// The curve's ranking and names, before its points.
    void curveStarted(const bdl::app::CurveData& header);
    void curvePoint(const bdl::app::CurvePoint& point);
    void curveReady(const bdl::app::CurveData& curve);
    void finePruneStep(const bdl::app::FinePruneStep& step);
    /// The sweep's grid, before its cells.
    void sweepStarted(const bdl::app::SweepData& header);
    void sweepCell(const bdl::app::SweepCell& cell);
    void sweepReady(const bdl::app::SweepData& sweep);
    void repairedReady(const bdl::app::RepairResult& result);
    void activationsReady(const bdl::app::ActivationData& data);
    void exported(const QString& job, const QString& path);
    void sliderReadout(const bdl::app::SliderReadout& readout);
    void stripStarted(const bdl::app::StripData& header);
    void stripProgress(const bdl::app::StripProgress& progress);
    void stripReady(const bdl::app::StripData& data);
    void stripDetailReady(const bdl::app::StripDetail& detail);
    void inspected(const bdl::app::InspectResult& result);
    void goodnetsReady(const bdl::app::GoodnetData& data);
    /// B' as bytes whenever B' changes (and empty when a new workspace drops it); emitted just
    /// before repairedReady().
    void repairedWeights(const QByteArray& weights);

private:
    /// Runs body with the ticket's Feedback, turning its outcome into finished/cancelled/failed.
    void runJob(const JobTicket& ticket, const std::function<void(core::Feedback*)>& body);
    WorkerState& workspace(); ///< the open workspace; core::Error when none is open

    // Job bodies (worker_*.cpp), run inside runJob.
    void doOpen(const WorkspaceRequest& request, core::Feedback* fb);
    /// Everything doOpen() does except making it the workspace: the caller commits it (m_state)
    /// once nothing can fail or be cancelled any more.
    std::unique_ptr<WorkerState> openState(const WorkspaceRequest& request, core::Feedback* fb);
    void doCurve(core::Feedback* fb);
    void doFineTune(int k, const TuneSettings& tune, core::Feedback* fb);
    void doPaper(int steps, const TuneSettings& tune, core::Feedback* fb);
    void doLiu(double maxDrop, const TuneSettings& tune, core::Feedback* fb);
    void doSweep(const SweepRequest& request, core::Feedback* fb);
    void doActivations(core::Feedback* fb);
    void doSelect(int lrIndex, int kIndex, core::Feedback* fb);
    void doSlider(int k);
    void doStrip(const StripRequest& request, core::Feedback* fb); // worker_strip.cpp
    void doStripDetail(const StripDetailRequest& request, core::Feedback* fb);
    void doInspect(const InspectRequest& request, core::Feedback* fb);  // worker_inspect.cpp
    void doGoodnets(const GoodnetRequest& request, core::Feedback* fb); // worker_goodnets.cpp
    void doRestore(const SessionState& state, core::Feedback* fb);      // worker_session.cpp
    /// A candidate's model (a copy of B with its weights), checked by the sandboxed helper.
    core::Model loadCandidate(const RepairCandidate& candidate, const core::ProgressScope& scope);

    static constexpr int kNoSliderRequest = -1;

    int m_threads;
    qint64 m_sweepModelBudget = kDefaultSweepModelBudget;
    std::unique_ptr<WorkerState> m_state; ///< null until a workspace is open
    std::atomic<int> m_pendingSliderK{kNoSliderRequest};
};

} // namespace bdl::app

Q_DECLARE_METATYPE(bdl::app::JobTicket)
