#pragma once
/// @file pruning.h
/// Pruning defense of Liu et al. (RAID 2018): remove the channels of a late convolutional layer in
/// increasing order of their mean activation on clean data, and watch clean accuracy (CCA) and
/// attack success rate (ASR) as channels go.
///
/// A channel is pruned by a 0 in the channel mask of the pruned layer (Model::setChannelMask), so
/// "pruned" means its output is zero wherever the layer's output is used.
///
/// Thread-safety: functions taking a const Model only read it. Errors: Error for an unknown
/// layer, an empty ranking set or data that does not fit the model; Cancelled between batches and
/// between pruning steps.
#include "core/base/feedback.h"
#include "core/nn/metrics.h"

#include <torch/types.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace bdl::core {

class Feedback;
class ProgressScope;
struct Dataset;
namespace detail {
class LinearHead;
struct HeadState;
} // namespace detail

/// Default memory budget of the cached activations that the pruning curve of a layer that is not
/// a cut point re-runs the layers after it from (frontier_sweep.h; the layer's output and its
/// frontier's, float32, for every image of every set, all held at once). Over it, the curve runs
/// the whole masked model for every point, which holds one batch at a time. 2 GiB: a quarter of
/// an 8 GiB desktop, next to the data sets themselves and the model copies; e.g. 20 000 images of
/// a 32 x 32 x 64 block plus its skip branch (0.5 MiB an image) take 10 GiB, and paging that
/// would cost more than the forward passes it saves.
inline constexpr int64_t kFrontierCacheBudget = int64_t(2) << 30;

/// How pruningCurve() runs.
struct PruneConfig {
    std::string layer;             ///< layer to prune; empty = model.defaultPruneLayer()
    double dormantEpsilon = 1e-6;  ///< relative threshold of dormantChannels() (activations.h)
    int64_t batch = kDefaultBatch; ///< inference batch size
    bool allowFastPath = true;     ///< use the incremental evaluator where the graph allows it
    int64_t maxChannels = -1;      ///< prune at most this many channels (-1: all of them)
    /// Bytes the cached activations of a layer that is not a cut point may take (0: always run
    /// the whole masked model for every point)
    int64_t frontierCacheBytes = kFrontierCacheBudget;
};

/// One point of a pruning curve: the model with the first k channels of the order removed.
struct PrunePoint {
    int64_t k = 0;           ///< channels pruned
    int64_t channel = -1;    ///< the channel removed at this step (-1 for k = 0)
    double cca = 0.0;        ///< clean accuracy, %
    std::vector<double> asr; ///< attack success rate per poisoned set, %
};

/// Result of pruningCurve().
struct PruningCurve {
    std::string layer;                ///< the pruned layer
    std::vector<int64_t> order;       ///< channels by increasing mean activation (ties: index)
    std::vector<double> channelMeans; ///< mean activation of each channel on the ranking set
    std::vector<int64_t> dormant;     ///< channels that never fire on the ranking set
    std::string cleanName;            ///< name of the clean test set
    std::vector<std::string> poisonedNames; ///< names of the poisoned sets, order of `asr`
    std::vector<PrunePoint> points;         ///< k = 0 .. C (or maxChannels)
    bool fastPath = false;                  ///< the incremental evaluator was used
    std::string fastPathNote; ///< why it was not, when it was not, and which path ran instead
};

/// Channel order for pruning: indices sorted by increasing mean, ties by increasing index.
std::vector<int64_t> pruneOrder(const torch::Tensor& means);
/// Keep-mask (C floats, on the CPU): 0 for the first k channels of order, 1 elsewhere.
torch::Tensor pruneMask(int64_t channels, const std::vector<int64_t>& order, int64_t k);
/// Prunes the first k channels of `order` in `layer`: the layer's mask becomes its current mask
/// (all ones when unset) times pruneMask(). Throws Error for an unknown layer or k out of range.
void applyPruning(Model& model, const std::string& layer, const std::vector<int64_t>& order,
                  int64_t k);
/// Ranks the channels of `layer` (empty = default) by mean activation on `rankOn`.
/// Returns the order; *means receives the means when non-null.
std::vector<int64_t> rankChannels(const Model& model, const Dataset& rankOn,
                                  const std::string& layer, Feedback* fb = nullptr,
                                  std::vector<double>* means = nullptr,
                                  int64_t batch = kDefaultBatch);

/// The ranking of one layer's channels on a clean set: what every protocol prunes by.
struct ChannelRanking {
    std::string layer;                ///< the ranked layer
    std::vector<int64_t> order;       ///< pruneOrder() of the means
    std::vector<double> channelMeans; ///< mean activation of each channel on the ranking set
    std::vector<int64_t> dormant;     ///< dormantChannels() of the means
};

/// Ranks the channels of `layer` (empty = default) on `rankOn` with one pass over it. When
/// `activations` is non-null it receives the layer's output on rankOn (for reuse, e.g. when the
/// ranking set is also the clean test set). Error for an empty set or an unknown layer.
ChannelRanking rankLayer(const Model& model, const Dataset& rankOn, const std::string& layer,
                         const ProgressScope& scope, int64_t batch = kDefaultBatch,
                         double dormantEpsilon = 1e-6, torch::Tensor* activations = nullptr);

/// The pruned layer's output on the clean test set and on every poisoned set, in that order (the
/// input of PruneSweep and pruningCurveFrom()). Progress over `scope`.
/// `cleanActivations`, when defined, is used as the clean test set's (e.g. the ranking pass's
/// output when the clean test set is the ranking set) instead of computing it again.
std::vector<torch::Tensor>
evaluationActivations(const Model& model, const std::string& layer, const Dataset& cleanTest,
                      const std::vector<Dataset>& poisoned, const ProgressScope& scope,
                      int64_t batch = kDefaultBatch, torch::Tensor cleanActivations = {});

/// Hooks of pruningCurveFrom(), called on the caller's thread: `onStart` once the evaluator is
/// ready (the curve's header: layer, ranking, names, fastPath; no points yet), `onPoint` after
/// every point k = 0, 1, ... as soon as it is scored.
struct PruneCurveHooks {
    std::function<void(const PruningCurve& header)> onStart;
    std::function<void(const PrunePoint& point)> onPoint;
};

/// The pruning curve from a given ranking: the points k = 0 .. C (or config.maxChannels) of
/// pruning `ranking.layer` in `ranking.order`, scored on cleanTest and every poisoned set.
/// `evalActivations` are evaluationActivations() of the layer (clean first), reused when given;
/// empty = computed here (cut-point layers only; other layers record their own, see
/// pruningCurve(), and never need them). Progress: activations over [0, 0.3] of scope when
/// computed, steps after. The result equals pruningCurve() on the same ranking (that function
/// ranks, then calls this one).
PruningCurve pruningCurveFrom(const Model& model, const ChannelRanking& ranking,
                              std::vector<torch::Tensor> evalActivations, const Dataset& cleanTest,
                              const std::vector<Dataset>& poisoned, const PruneConfig& config,
                              const ProgressScope& scope, const PruneCurveHooks& hooks = {});

/// The pruning curve: ranks the channels on `rankOn` (clean data, e.g. the validation set), then
/// for k = 0 .. C evaluates CCA on `cleanTest` and ASR on every poisoned set. Every point equals
/// evaluate() of the model with those k channels masked (k = 0 bit for bit; later points up to
/// float rounding of the incremental evaluator, which can only matter for an image whose two best
/// classes tie within ~1e-5).
///
/// How it is fast: activations at the pruned layer are computed once per set (when rankOn is the
/// clean test set, once in all); each step re-evaluates only the layers after the cut and only
/// for images whose activation in the removed channel is non-zero. Where the graph after the cut
/// is "linear stems, then anything supported" (csaw-badnet: fc_1 and conv_4 read pool_3) the
/// incremental evaluator (PruneSweep's fast path) updates the stems' pre-activations instead of
/// recomputing them and certifies most arg-max results without recomputing the output layer;
/// otherwise Model::logitsFrom runs per step. On csaw-badnet with 1000 clean + 1000 poisoned
/// images and 2 threads: activations ~0.35 s, the 60 pruning steps ~0.37 s (generic path ~0.9 s).
///
/// A layer that is not a cut point (a convolution inside a residual block) runs FrontierSweep: one
/// forward pass records the layer and its frontier (the skip branch...), and each step re-runs
/// only the layers after the layer, for the batches where the removed channel is non-zero; every
/// point equals that of the masked model run in batches of config.batch (evaluate()'s, by
/// default) exactly, as the fallback's points do. When those activations would take more
/// than config.frontierCacheBytes, every point runs the whole masked model instead. Either way
/// fastPath is false and fastPathNote says which ran.
PruningCurve pruningCurve(const Model& model, const Dataset& rankOn, const Dataset& cleanTest,
                          const std::vector<Dataset>& poisoned, const PruneConfig& config = {},
                          Feedback* fb = nullptr);

/// Step-driven evaluation of a model while the channels of a cut-point layer are removed one at
/// a time, for several data sets at once. Holds the sets' activations at the layer (one copy of
/// all sets together) and, on the fast path, the incremental evaluator's state (prune_head.h).
/// Used by pruningCurve() and the fine-pruning stopping rule; a GUI may drive it step by step.
/// The fast path is verified against Model::logitsFrom on the first rows before it is trusted.
class PruneSweep {
public:
    /// activations: the layer's output for each set (layerActivations()), masks applied; they are
    /// moved to the model's device, where the sweep runs (the incremental evaluator, a set of CPU
    /// kernels, only on the CPU: elsewhere fastPath() is false and the note says why).
    /// Throws Error when `layer` is not a cut point of the model. `cancel` is checked per batch
    /// of the initial predictions and per chunk of rows in prune() (Cancelled; a sweep that threw
    /// it is left half-updated and must be dropped); it reports no progress.
    PruneSweep(const Model& model, const std::string& layer, std::vector<torch::Tensor> activations,
               bool allowFastPath = true, int64_t batch = kDefaultBatch,
               const ProgressScope& cancel = ProgressScope(nullptr));
    ~PruneSweep();
    PruneSweep(const PruneSweep&) = delete;
    PruneSweep& operator=(const PruneSweep&) = delete;

    /// Removes one more channel (no-op when it is already removed) and updates the predictions.
    void prune(int64_t channel);
    /// Arg-max predictions (N,) int64 of set i with the channels removed so far, on the model's
    /// device (a view that the next prune() updates; accuracy() takes it as it is).
    torch::Tensor predictions(size_t set) const;
    size_t setCount() const { return m_offsets.size() - 1; }
    int64_t prunedCount() const { return m_prunedCount; }
    bool fastPath() const { return m_head != nullptr; }
    const std::string& fastPathNote() const { return m_note; }

private:
    void initialPredictions();
    void verifyFastPath();
    void predictRows(const torch::Tensor& rows);

    Model m_work; ///< a copy whose mask at the layer is cleared (activations carry it already)
    std::string m_layer;
    int64_t m_batch;
    /// All sets' rows in one tensor (fewer, larger GEMMs per step); set i is rows
    /// [m_offsets[i], m_offsets[i + 1]).
    torch::Tensor m_acts;
    std::vector<int64_t> m_offsets;
    torch::Tensor m_nonzero; ///< (N, C) bool: channel c is non-zero for image n
    torch::Tensor m_pred;    ///< (N) int64
    std::vector<char> m_removed;
    int64_t m_prunedCount = 0;
    std::unique_ptr<detail::LinearHead> m_head;
    std::unique_ptr<detail::HeadState> m_state; ///< fast path
    std::string m_note;
    ProgressScope m_cancel; ///< checked between batches (cancel only)
};

} // namespace bdl::core
