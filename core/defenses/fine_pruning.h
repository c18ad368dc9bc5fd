#pragma once
/// @file fine_pruning.h
/// Fine-pruning (Liu et al., RAID 2018) in the two protocols the application offers, and the
/// paper's learning-rate sweep.
///
///  - Paper protocol (FinePruner): rank the channels of the pruned layer once, by increasing mean
///    activation of the badnet B on the clean training set; then for i = 1..K prune one more
///    channel and fine-tune E epochs from the current weights, scoring CCA/ASR after every step.
///    The final model is the repaired net B'.
///  - Liu et al. (liuFinePrune): prune in the same order until the clean validation accuracy has
///    dropped by more than X percentage points from the unpruned model, then fine-tune once.
///  - Learning-rate sweep (learningRateSweep): for each learning rate, the paper protocol run
///    sequentially through the requested channel counts; see LrSweepConfig.
///
/// Every job takes a Feedback (nullable) and throws Cancelled between batches; a cancelled job
/// returns nothing (a FinePruner keeps the state of its last completed step). Step callbacks run on
/// the job's thread. Errors: Error for unusable data or configs, naming the data set.
#include "core/base/shard.h"
#include "core/nn/dataset.h"
#include "core/nn/finetune.h"
#include "core/nn/metrics.h"
#include "core/nn/model.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace bdl::core {

class Feedback;
class ProgressScope;

/// Paper protocol settings.
struct FinePruneConfig {
    std::string layer;   ///< layer to prune; empty = model.defaultPruneLayer()
    int64_t steps = -1;  ///< channels to prune (K); -1 = 10 % of the layer, rounded up
    FineTuneConfig tune; ///< fine-tuning after every pruned channel (paper: 1e-3, 10 epochs)
    int64_t batch = kDefaultBatch; ///< inference batch size for ranking and scoring
};

/// One step of a fine-pruning curve.
struct FinePrunePoint {
    int64_t k = 0;           ///< channels pruned so far
    int64_t channel = -1;    ///< channel pruned at this step (-1 for the starting point k = 0)
    double trainLoss = 0.0;  ///< mean loss of the last fine-tuning epoch (NaN for k = 0)
    double cca = 0.0;        ///< clean test accuracy, %
    std::vector<double> asr; ///< attack success rate per poisoned set, %
};

/// Step-driven paper protocol, so a GUI can draw each point as it arrives and tests can drive it.
/// The constructor ranks the channels (one pass over `train`) and scores the unpruned model
/// (point k = 0). Not thread-safe.
class FinePruner {
public:
    /// train: clean images used for ranking and fine-tuning; cleanTest/poisoned: scored after
    /// every step. The sets are kept by value (their tensors are shared, not copied).
    FinePruner(const Model& badnet, const Dataset& train, const Dataset& cleanTest,
               const std::vector<Dataset>& poisoned, const FinePruneConfig& config,
               Feedback* fb = nullptr);

    bool isDone() const { return m_k >= m_steps; }
    /// Prunes the next channel, fine-tunes, scores; returns the new point. On Cancelled the pruner
    /// keeps the state of the previous step. Error when isDone().
    const FinePrunePoint& step(Feedback* fb = nullptr);
    /// Same, reporting through a sub-range of a parent job's progress.
    const FinePrunePoint& step(const ProgressScope& scope);

    /// Continues a run of the same protocol from its state after k steps (a job split into
    /// consecutive shards): `state` is that run's model() after step k. The steps that follow
    /// are exactly that run's, bit for bit (every step fine-tunes with the config's seed from the
    /// current weights); points() then holds only them. Call before any step(). Error when k is
    /// outside 0..steps(), or when the state's mask of the layer is not B's with exactly the
    /// first k channels of this ranking pruned (a state of another job).
    void resume(const Model& state, int64_t k);

    const Model& model() const { return m_model; } ///< the current B' (masks set, weights baked)
    const std::vector<FinePrunePoint>& points() const { return m_points; }
    const std::vector<int64_t>& order() const { return m_order; }
    const std::string& layer() const { return m_layer; }
    int64_t steps() const { return m_steps; }

private:
    Model m_model;
    Dataset m_train;
    Dataset m_cleanTest;
    std::vector<Dataset> m_poisoned;
    FinePruneConfig m_config;
    std::string m_layer;
    std::vector<int64_t> m_order;
    int64_t m_steps = 0;
    int64_t m_k = 0;
    std::vector<FinePrunePoint> m_points;
};

/// Result of finePrune(): the whole curve and B'.
struct FinePruneResult {
    std::string layer;
    std::vector<int64_t> order;
    std::vector<FinePrunePoint> points; ///< k = 0 .. K
    std::shared_ptr<Model> repaired;    ///< B'
};

/// Runs a FinePruner to the end, calling onStep after every point (k = 0 included).
FinePruneResult finePrune(const Model& badnet, const Dataset& train, const Dataset& cleanTest,
                          const std::vector<Dataset>& poisoned, const FinePruneConfig& config,
                          Feedback* fb = nullptr,
                          const std::function<void(const FinePrunePoint&)>& onStep = {});

/// Liu et al. protocol settings.
struct LiuConfig {
    std::string layer;            ///< empty = default prune layer
    double maxAccuracyDrop = 4.0; ///< percentage points of clean validation accuracy
    /// false: stop at the first k whose drop exceeds maxAccuracyDrop (that k is pruned, as in
    /// "prune until the accuracy has dropped by more than X"); true: keep k - 1, the last
    /// pruning within the budget.
    bool keepLastWithinBudget = false;
    FineTuneConfig tune; ///< the single fine-tuning after pruning
    int64_t batch = kDefaultBatch;
};

/// Result of liuFinePrune().
struct LiuResult {
    std::string layer;
    std::vector<int64_t> order;          ///< ranking on the training set
    std::vector<double> validationCurve; ///< validation accuracy for k = 0 .. stopK
    int64_t stopK = 0;                   ///< channels pruned
    double baseValidation = 0.0;         ///< validation accuracy of the unpruned model, %
    EvalReport pruned;                   ///< test scores after pruning, before fine-tuning
    EvalReport fineTuned;                ///< test scores of the final model
    std::vector<double> epochLoss;       ///< fine-tuning losses
    std::shared_ptr<Model> repaired;     ///< the pruned and fine-tuned model
};

/// Liu et al. fine-pruning: ranks on `train`, prunes while watching the accuracy on the held-out
/// clean `validation` set (evaluated incrementally, see PruneSweep), fine-tunes on `train`.
LiuResult liuFinePrune(const Model& badnet, const Dataset& train, const Dataset& validation,
                       const Dataset& cleanTest, const std::vector<Dataset>& poisoned,
                       const LiuConfig& config, Feedback* fb = nullptr);

/// How the cells of a learning-rate sweep are made (LrSweepConfig::protocol).
enum class SweepProtocol {
    /// The paper's: each row walks from B through the channel counts, fine-tuning after each.
    Paper,
    /// Liu et al.'s: each cell is B with the first k channels pruned, fine-tuned once at lr.
    Liu,
};
/// "paper" / "liu"; and back (Error for another text).
const char* sweepProtocolName(SweepProtocol p);
SweepProtocol parseSweepProtocol(const std::string& text);

/// Learning-rate sweep settings. With the paper protocol, cell (lr, k) is the paper-protocol
/// model after pruning k channels at that learning rate, computed sequentially: for each lr,
/// start from B and walk through `ks` in increasing order; at each k, prune the channels
/// order[previous k .. k) and fine-tune `epochs` epochs from the current weights. With ks = 1..C
/// this is exactly the paper's protocol (one fine-tuning per channel); a coarser ks fine-tunes
/// once per listed k. This reuses each lr's previous cell, as the paper did, instead of
/// fine-tuning B from scratch per cell. With Liu et al.'s protocol every cell starts from B:
/// prune the first k channels of the order, fine-tune `epochs` epochs once; cells are
/// independent.
///
/// Sharding (`shard`): the sweep's work items are its rows (paper protocol: a row's cells depend
/// on each other) or its cells in row-major order (Liu's), split by shardRange(); a sharded sweep
/// computes only its own items, every one exactly as the whole sweep computes it (each row or
/// cell starts from B with the same seed), and leaves NaN in the other cells (see
/// LrSweepResult::items). The ranking is computed by every shard alike.
struct LrSweepConfig {
    SweepProtocol protocol = SweepProtocol::Paper;
    Shard shard; ///< the part of the grid to compute; default: all of it
    std::vector<double> lrs{1e-2, 1e-3, 1e-4, 1e-5, 1e-6}; ///< the paper's grid
    std::vector<int64_t> ks; ///< channel counts (increasing, >= 0); empty = 1 .. C
    int epochs = 10;         ///< per cell
    int64_t batchSize = 32;
    uint64_t seed = 0; ///< every fine-tuning uses this seed
    std::string layer; ///< empty = default prune layer
    int64_t batch = kDefaultBatch;
    /// The ranking to prune by (a caller that ranked already, e.g. the desktop app's cache);
    /// empty = rank the layer's channels on `train` (rankChannels()). Must rank `layer`.
    std::vector<int64_t> order;
};

/// One finished cell of the sweep.
struct LrSweepCell {
    size_t lrIndex = 0;
    size_t kIndex = 0;
    double lr = 0.0;
    int64_t k = 0;
    double cca = 0.0;
    std::vector<double> asr; ///< per poisoned set
};

/// Result matrices, indexed [lrIndex][kIndex] (asr: [set][lrIndex][kIndex]).
struct LrSweepResult {
    std::string layer;
    std::vector<double> lrs;
    std::vector<int64_t> ks;
    std::vector<int64_t> order;
    std::vector<std::string> poisonedNames;
    std::vector<std::vector<double>> cca;
    std::vector<std::vector<std::vector<double>>> asr;
    SweepProtocol protocol = SweepProtocol::Paper;
    /// The work items of the grid (rows for the paper protocol, cells row-major for Liu's) and
    /// those computed here (all of them unless the config asked for a shard). Cells of items
    /// outside `items` hold NaN.
    bool itemsAreRows = true;
    int64_t itemsTotal = 0;
    ItemRange items;
};

/// Whether cell (lrIndex, kIndex) of a grid of nk channel counts lies in the result's items.
bool sweepCellComputed(const LrSweepResult& r, size_t lrIndex, size_t kIndex);

/// Hooks of learningRateSweep(), called on the job's thread: `onStart` once the grid is checked
/// and the channels ranked (the result's header: layer, lrs, ks, order, names; matrices zero),
/// `onCell` after every cell with the cell's model (B pruned to k and fine-tuned along the row;
/// valid only during the call: copy it to keep it).
struct LrSweepHooks {
    std::function<void(const LrSweepResult& header)> onStart;
    std::function<void(const LrSweepCell& cell, const Model& model)> onCell;
};

/// The sweep; see LrSweepConfig. Error for an empty or non-positive lr list, channel counts that
/// are not strictly increasing within 0..C, or poisoned sets without targets; Cancelled between
/// batches.
LrSweepResult learningRateSweep(const Model& badnet, const Dataset& train, const Dataset& cleanTest,
                                const std::vector<Dataset>& poisoned, const LrSweepConfig& config,
                                const ProgressScope& scope, const LrSweepHooks& hooks);
/// Same, with a Feedback and a per-cell callback without the model.
LrSweepResult learningRateSweep(const Model& badnet, const Dataset& train, const Dataset& cleanTest,
                                const std::vector<Dataset>& poisoned, const LrSweepConfig& config,
                                Feedback* fb = nullptr,
                                const std::function<void(const LrSweepCell&)>& onCell = {});

/// The channel counts a sweep with this config runs on a layer of `channels` channels (config.ks,
/// or 1..C when empty), checked as learningRateSweep() checks them (and the lr list too).
std::vector<int64_t> sweepChannelCounts(const LrSweepConfig& config, int64_t channels);

/// Re-creates the model of sweep cell (lrIndex, kIndex) without the rest of the grid: the row of
/// lrs[lrIndex] walked from B through ks[0..kIndex] (Liu's protocol: the cell alone), exactly as
/// learningRateSweep() makes it, so
/// the weights equal the sweep's cell for the same config, data and thread count. config.order
/// must hold the sweep's ranking (LrSweepResult::order). Error for indices outside the grid.
Model replaySweepCell(const Model& badnet, const Dataset& train, const LrSweepConfig& config,
                      size_t lrIndex, size_t kIndex, const ProgressScope& scope);

/// B with the first k channels of `order` pruned in `layer` (empty = default) and fine-tuned
/// once on `train`: the "fine-tune at k" of the desktop app and `backdoorlab-cli export --k`.
/// Error for k outside 0..C.
struct FineTuneAtResult {
    std::shared_ptr<Model> model;  ///< pruned and fine-tuned
    std::vector<double> epochLoss; ///< mean loss per epoch
};
FineTuneAtResult fineTuneAt(const Model& badnet, const Dataset& train,
                            const std::vector<int64_t>& order, const std::string& layer, int64_t k,
                            const FineTuneConfig& tune, const ProgressScope& scope);

/// Liu et al.'s validation set when none is given: this share of the clean train set, held out
/// by holdOutSplit() (dataset.h); fine-tuning then uses the rest.
inline constexpr int kLiuHoldOutPercent = 20;
/// The split both faces use: holdOutSplit(train, kLiuHoldOutPercent, seed) (Error for < 2 images).
DataSplit liuHoldOut(const Dataset& train, uint64_t seed);

} // namespace bdl::core
