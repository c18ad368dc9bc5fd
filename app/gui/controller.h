#pragma once
/// @file controller.h
/// The GUI's handle on the computation: a QObject on the GUI thread that owns the worker thread
/// (a QThread running a Worker), sends it requests, and forwards its results as signals. The main
/// window talks only to this class; it never sees torch, the core or the worker thread.
///
/// Threads: every method must be called on the thread the Controller lives on (the GUI thread);
/// every signal is emitted there. No method blocks or pumps events, except the destructor, which
/// cancels the running job and waits for the worker thread to finish (the job stops at its next
/// cancel check: a batch, a channel, an epoch's batch).
///
/// Jobs: the request methods start one job each on the worker thread. Jobs run one at a time:
/// a request made while busy() is refused (the method returns false and refused() is emitted;
/// nothing is queued), so the GUI disables its job buttons on busyChanged(true). Every accepted job
/// emits jobStarted(), progressChanged() while it runs, its result signals, then exactly one of
/// finished(), cancelled() or failed(), after which busy() is false again. A cancelled or failed
/// job changes nothing: the workspace, the curve, B' and the sweep from before stay (the
/// accessors below keep returning them).
///
/// Cancel: every job checks the flag that cancel() sets at least once per batch of images (a
/// forward batch, a fine-tuning step, a chunk of STRIP inputs), per pruning step and per file read,
/// in every phase including the ranking pass; CancelPhasesTest cancels each job at each of its
/// phases and CancelLatencyBench measures how long the job then takes to end (DEVELOPERS.md).
///
/// Stage texts: ProgressInfo::stage is the core's English text; StageText::translate()
/// (stage_text.h) turns it into the user's language.
#include "app/gui/analysis_types.h"
#include "app/gui/job_types.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtCore/QThread>

#include <functional>
#include <memory>
#include <optional>

namespace bdl::core {
class Feedback;
}

namespace bdl::app {

class Worker;
struct JobTicket;

/// Process settings for a program that computes (the desktop app; the CLI calls the core
/// directly): idle OpenMP threads sleep instead of spinning (core::usePassiveOpenMpWait(), which
/// re-executes the program once when the user has not chosen a policy), and large tensor buffers
/// are reused from the heap (core::tuneAllocator(), as backdoorlab-cli does: untuned, the
/// sunglasses STRIP runs at 26 inputs/s instead of about 125). Call first thing in
/// main(), before QApplication and before any thread starts. Returns the wait policy in effect.
QString useComputeProcessSettings(char** argv);

/// Whether `device` names a compute device (core::parseComputeDevice: cpu, cuda or cuda:N); when
/// not, *why says so. The command line's usage check; says nothing about whether it exists.
bool isComputeDeviceName(const QString& device, QString* why);

/// Makes `device` the compute device (core::setComputeDevice): every model the program makes from
/// now on lives and runs there. Returns an empty string, or the reason it cannot be used, e.g.
/// "--device cuda: this LibTorch build has no CUDA support (...)". Call in main() before the window
/// opens a workspace.
QString useComputeDevice(const QString& device);

class Controller : public QObject {
    Q_OBJECT

public:
    /// Starts the worker thread. threads: LibTorch intra-op threads on it (<= 0: every core).
    explicit Controller(QObject* parent = nullptr, int threads = 0);
    /// Cancels the running job, stops the worker thread and waits for it.
    ~Controller() override;

    bool busy() const { return m_busy; }
    /// Name of the running job (job::k...), empty when idle.
    QString currentJob() const { return m_job; }
    /// The running job's progress as of now: its last reported fraction and stage, with the
    /// elapsed time and the ETA computed at this call, so a view that polls it (the status bar,
    /// once a second) shows the clock moving in a phase that reports little. job is empty when
    /// idle. progressChanged() carries the same values at each report.
    ProgressInfo progressNow() const;

    // ---- what the last successful jobs produced (kept across cancelled/failed jobs) -------------
    const std::optional<WorkspaceInfo>& workspace() const { return m_workspace; }
    const std::optional<CurveData>& curve() const { return m_curve; }
    const std::optional<SweepData>& sweep() const { return m_sweep; }
    const std::optional<RepairResult>& repaired() const { return m_repaired; }
    const std::optional<StripData>& strip() const { return m_strip; }
    const std::optional<GoodnetData>& goodnets() const { return m_goodnets; }
    /// B' as bytes (Worker's format, for session files); empty without a repaired model.
    const QByteArray& repairedWeights() const { return m_repairedWeights; }
    /// Every B' made in this workspace, oldest first: each fine-tuning at k, protocol run and sweep
    /// cell made current adds one (with its weights) when its repairedReady() arrives;
    /// selectCandidate() adds none, a restored session brings its own list (or, saved before
    /// the list existed, its B' as the only candidate), a new workspace empties it. The same
    /// model made again the same way (a sweep cell picked twice) is the candidate it equals.
    /// Bounded, since each holds its weights (in memory and in every session file): at most
    /// kMaxRepairCandidates and kMaxRepairCandidateBytes of weights; a new one beyond that drops
    /// the oldest that are not current (the current one shares its bytes with repairedWeights()).
    /// candidatesChanged() follows every change, including a new current one.
    const QVector<RepairCandidate>& candidates() const { return m_candidates; }
    /// The id of the candidate that is B' now; -1 without a repaired model.
    int currentCandidate() const { return m_currentCandidate; }
    /// The candidate with `id`, or nullptr.
    const RepairCandidate* candidate(int id) const;
    /// Everything above, for a session file.
    SessionResults sessionResults() const;

    // ---- jobs: return false (and emit refused()) while busy -------------------------------------
    /// Loads a model and its data (WorkspaceRequest::zoo() for the demo zoo, built when absent).
    /// On success the curve, sweep and repaired model of the previous workspace are dropped.
    bool openWorkspace(const WorkspaceRequest& request);
    /// The pruning-only curve: curveStarted(), curvePointReady() per k as computed, curveReady().
    bool computePruningCurve();
    /// B' = B with its k lowest-ranked channels pruned, fine-tuned. repairedReady().
    bool fineTuneAt(int k, const TuneSettings& tune);
    /// The paper's protocol (prune one, fine-tune, repeat) for `steps` channels (-1: 10 % of the
    /// layer): finePruneStepReady() per step, then repairedReady().
    bool runPaperProtocol(int steps, const TuneSettings& tune);
    /// Liu et al.'s protocol: prune until the clean validation accuracy drops by more than
    /// maxDrop points, fine-tune once. repairedReady().
    bool runLiuProtocol(double maxDrop, const TuneSettings& tune);
    /// The learning-rate sweep: sweepStarted(), sweepCellReady() per cell, sweepReady().
    bool runSweep(const SweepRequest& request);
    /// Activations of B and B' (when present) at the pruned layer. activationsReady().
    bool computeActivations();
    /// Makes the model of sweep cell (lrIndex, kIndex) the current B'. repairedReady().
    bool selectRepaired(int lrIndex, int kIndex);
    /// Writes B' as Keras .h5 weights (B's layout) or TorchScript .pt. exported().
    bool exportRepaired(const QString& path);
    /// Writes G(B, B') as one TorchScript .pt. exported().
    bool exportGoodnet(const QString& path);
    /// Makes candidate `id` the current B' again (its weights loaded as a session's are, through
    /// the sandboxed helper): repairedReady() with its RepairResult, repairedWeights() its bytes,
    /// currentCandidate() its id, candidatesChanged(). Adds no candidate. An id not in
    /// candidates() fails (failed()) on the worker.
    bool selectCandidate(int id);
    /// Writes candidate `id` as exportRepaired() writes B' (.h5 Keras weights or .pt TorchScript
    /// by the suffix), from a copy loaded aside: the current B' does not change. exported().
    bool exportCandidate(int id, const QString& path);

    /// STRIP on the workspace: stripStarted() (the sets' names, no entries), stripProgress() while
    /// each set is scored (calibration, clean test, then each poisoned set; entries so far),
    /// stripReady() with everything.
    bool runStrip(const StripRequest& request);
    /// One input of the last STRIP run with a few superimpositions: stripDetailReady().
    bool stripDetail(const StripDetailRequest& request);
    /// B, B' and G on one image (a file or an input of a set), with its STRIP entropy:
    /// inspected().
    bool inspect(const InspectRequest& request);
    /// B0 (B fine-pruned by k0 channels), then B, B', G(B, B') and G'(B0, B') on the test sets,
    /// and the pruning-alone ASR at the k of B': goodnetsReady(). Needs a repaired model.
    bool computeGoodnets(const GoodnetRequest& request);
    /// Reopens a saved session: opens its workspace (workspaceOpened()), refuses a model file
    /// whose SHA-256 differs from the saved one, then restores B' from its weights and re-emits
    /// the saved results (curveReady, sweepReady, repairedReady, stripReady, goodnetsReady),
    /// without recomputing them. The saved B' candidates come back as candidates() (the other
    /// candidates' weights are checked by the sandboxed helper when selected or exported).
    bool restoreSession(const SessionState& state);

    /// Asks the running job to stop (thread-safe flag; returns at once). The job ends with
    /// cancelled() at its next check. No-op when idle.
    void cancel();

    // ---- the prune slider -------------------------------------------------------------------
    /// CCA/ASR at k (clamped to 0..C) from the cached curve, or from the points of a curve being
    /// computed; nullopt when k is not there yet.
    std::optional<SliderReadout> readoutAt(int k) const;
    /// Answers at once from the cached curve: emits sliderChanged() before returning true.
    /// Without a cached point at k, evaluates B pruned at k on the worker and returns false;
    /// sliderChanged() follows (fromCurve = false). Only the newest such request is kept (a
    /// faster drag replaces the pending k; no queue of stale requests builds up); it runs after
    /// the current job. Needs an open workspace (else returns false and does nothing).
    bool requestSliderK(int k);

Q_SIGNALS:
    void busyChanged(bool busy);
    void jobStarted(const QString& job);
    void progressChanged(const bdl::app::ProgressInfo& progress);
    void finished(const QString& job);
    /// The job saw cancel(); its partial results are dropped, the previous ones stay.
    void cancelled(const QString& job);
    /// A readable message naming the file or data set and the problem. job::kSlider for a
    /// slider evaluation (which is not a job: busy() is not affected).
    void failed(const QString& job, const QString& message);
    /// A request made while busy; nothing was started or queued.
    void refused(const QString& job, const QString& reason);

    void workspaceOpened(const bdl::app::WorkspaceInfo& info);
    void curveStarted(const bdl::app::CurveData& header);
    void curvePointReady(const bdl::app::CurvePoint& point);
    void curveReady(const bdl::app::CurveData& curve);
    void finePruneStepReady(const bdl::app::FinePruneStep& step);
    void sweepStarted(const bdl::app::SweepData& header);
    void sweepCellReady(const bdl::app::SweepCell& cell);
    void sweepReady(const bdl::app::SweepData& sweep);
    void repairedReady(const bdl::app::RepairResult& result);
    void activationsReady(const bdl::app::ActivationData& data);
    void exported(const QString& job, const QString& path);
    void sliderChanged(const bdl::app::SliderReadout& readout);
    void stripStarted(const bdl::app::StripData& header);
    void stripProgress(const bdl::app::StripProgress& progress);
    void stripReady(const bdl::app::StripData& data);
    void stripDetailReady(const bdl::app::StripDetail& detail);
    void inspected(const bdl::app::InspectResult& result);
    void goodnetsReady(const bdl::app::GoodnetData& data);
    /// candidates() or currentCandidate() changed.
    void candidatesChanged();

private:
    /// Starts `body` on the worker thread as job `job`, or refuses when busy.
    bool startJob(const QString& job, std::function<void(Worker&, const JobTicket&)> body);
    void connectWorker();
    void endJob(const QString& job);
    void setBusy(bool busy);
    void onProgress(const QString& job, double fraction, const QString& stage);
    static SliderReadout readoutFrom(const CurveData& curve, int k);
    /// Files the B' that repairedReady() just brought (see candidates()).
    void onRepaired(const RepairResult& result);
    /// The candidate `id` as held, or one with only its id (the worker then fails).
    RepairCandidate candidateOrEmpty(int id) const;

    QThread m_thread;
    Worker* m_worker = nullptr; ///< lives on m_thread; deleted by the destructor after wait()
    bool m_busy = false;
    QString m_job;
    std::shared_ptr<core::Feedback> m_feedback; ///< the running job's (cancel flag)
    QElapsedTimer m_clock;
    double m_fraction = 0.0; ///< the running job's last reported progress
    QString m_stage;         ///< and stage text (English, as reported)

    std::optional<WorkspaceInfo> m_workspace;
    std::optional<CurveData> m_curve;
    CurveData m_liveCurve; ///< the curve being computed (points so far)
    bool m_curveRunning = false;
    std::optional<SweepData> m_sweep;
    std::optional<RepairResult> m_repaired;
    QByteArray m_repairedWeights;
    QVector<RepairCandidate> m_candidates;
    int m_currentCandidate = -1;
    int m_nextCandidateId = 1;
    int m_selectingCandidate = -1; ///< the id a running selectCandidate() makes current
    /// The running restore's list and current id (SessionResults::candidates), installed when its
    /// B' arrives.
    QVector<RepairCandidate> m_restoringCandidates;
    int m_restoringCurrent = -1;
    std::optional<StripData> m_strip;
    std::optional<GoodnetData> m_goodnets;
};

} // namespace bdl::app
