#pragma once
/// @file worker_state.h
/// Internal to the Worker (not for the main window or widgets: it includes the core and torch):
/// what the Worker holds between jobs, and helpers shared by worker*.cpp. Worker thread only.
#include "app/gui/job_types.h"
#include "core/nn/dataset.h"
#include "core/base/feedback.h"
#include "core/io/keras_io.h"
#include "core/nn/metrics.h"
#include "core/nn/model.h"
#include "core/defenses/pruning.h"
#include "core/defenses/strip.h"
#include "core/nn/finetune.h"

#include <QtCore/QByteArray>

#include <torch/types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace bdl::app {

/// CCA and ASR per poisoned set of one model.
struct Scores {
    double cca = 0.0;
    QVector<double> asr;
};

/// The last learning-rate sweep: its grid, its cells and (within the Worker's budget) their models.
struct SweepRun {
    SweepData data; ///< grid, settings (seed of every fine-tuning) and cells
    std::map<std::pair<int, int>, core::Model> models; ///< (lrIndex, kIndex) -> B' of the cell
};

/// The last STRIP run: what stripDetail() and inspect() reuse (same overlays and settings).
struct StripRun {
    StripData data;
    core::StripConfig config;
    torch::Tensor overlays; ///< (N, C, H, W) scaled as the model expects
};

/// An open workspace: B with its input scale applied, the data and what jobs computed from them.
struct WorkerState {
    explicit WorkerState(core::LoadedModel model) : b(std::move(model)) {}

    core::LoadedModel b;
    core::Dataset cleanTest;
    core::Dataset train; ///< ranking and fine-tuning (may share cleanTest's tensors)
    std::vector<core::Dataset> poisoned;
    bool trainIsClean = false;
    uint64_t seed = 0;
    std::string layer; ///< the pruned layer
    WorkspaceInfo info;

    // Caches of B, filled on first use.
    core::ChannelRanking ranking; ///< of `layer` on `train` (order empty until ranked)
    torch::Tensor cleanActs;      ///< B's activations at `layer` on cleanTest
    std::vector<torch::Tensor> poisonedActs;
    std::optional<Scores> baseScores; ///< B on cleanTest / poisoned

    std::optional<CurveData> curve;      ///< last complete pruning curve
    std::optional<core::Model> repaired; ///< B'
    std::optional<RepairResult> repairedInfo;
    std::optional<SweepRun> sweep; ///< last complete sweep
    std::optional<StripRun> strip; ///< last complete STRIP run
    std::optional<core::Model> b0; ///< B0 of the last goodnets job
    int b0K = -1;                  ///< its k0 (B0 is reused for the same k0 and tuning)
    std::optional<TuneSettings> b0Tune;
};

/// Forwards a core call that takes a Feedback* into a sub-range of the job's progress, and the
/// job's cancel flag into that call (noticed at the call's next progress report or check).
class ScopedFeedback {
public:
    explicit ScopedFeedback(const core::ProgressScope& scope);
    ScopedFeedback(const ScopedFeedback&) = delete;
    ScopedFeedback& operator=(const ScopedFeedback&) = delete;
    /// The Feedback to hand to the core call (already cancelled when the job is).
    core::Feedback* get();

private:
    core::ProgressScope m_scope;
    core::Feedback m_fb;
};

QString qs(const std::string& s);
QVector<double> toQVector(const std::vector<double>& v);
QVector<int> toQVector(const std::vector<int64_t>& v);
Scores scoresOf(const core::EvalReport& e);

/// Ranks B's channels on the train set once (order, means, dormant).
const std::vector<int64_t>& ensureRanking(WorkerState& s, const core::ProgressScope& scope);
/// B's activations at the pruned layer on the clean test and poisoned sets, once.
void ensureEvalActivations(WorkerState& s, const core::ProgressScope& scope);
/// B's scores (from the cached curve's k = 0, bit-identical to evaluate(), or evaluated once).
const Scores& ensureBaseScores(WorkerState& s, const core::ProgressScope& scope);
/// A copy of B with the first k channels of the ranking pruned (ranking must exist).
core::Model prunedCopy(const WorkerState& s, int64_t k);
/// Channels whose mask is 0 in `model` at the pruned layer (ascending).
QVector<int> maskedChannels(const core::Model& model, const std::string& layer);
/// B' (s.repaired) as bytes for session files: core::encodeWeightsSnapshot() of B' with the
/// mask of the pruned layer (core/io/weights_snapshot.h); empty when there is none.
QByteArray serializeRepaired(const WorkerState& s);
/// A copy of B with the weights and mask of `bytes` (a session's): checked by the sandboxed
/// import helper first, then core::decodeWeightsSnapshot() (core::importWeightsSnapshot()).
core::Model deserializeRepaired(const WorkerState& s, const QByteArray& bytes,
                                const std::string& origin, core::Feedback* fb);
/// The core's fine-tuning settings of a form's settings (the one conversion).
core::FineTuneConfig fineTuneConfigOf(const TuneSettings& t);
/// Bytes of a model's weights.
int64_t modelBytes(const core::Model& model);

} // namespace bdl::app
