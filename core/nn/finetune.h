#pragma once
/// @file finetune.h
/// Fine-tuning a (possibly pruned) model on clean data: Adam on the cross-entropy of the logits,
/// the building block of fine-pruning (fine_pruning.h).
///
/// Pruned channels stay pruned: masks are applied in every forward pass, and the weights of the
/// convolution that produces a masked channel are kept at zero (Model::bakeChannelMasks after
/// every step), so a saved B' carries the pruning.
///
/// Determinism: the result depends only on the inputs and config.seed (shuffling uses a generator
/// seeded with it; torch::manual_seed(seed) covers dropout), for a fixed LibTorch thread count.
/// Thread-safety: the model must not be used by another thread during the call.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace bdl::core {

class Model;
class Feedback;
class ProgressScope;
struct Dataset;

/// Hyper-parameters of one fine-tuning run (the paper's defaults: lr 1e-3, 10 epochs).
struct FineTuneConfig {
    double lr = 1e-3;       ///< Adam learning rate
    int epochs = 10;        ///< passes over the training set
    int64_t batchSize = 32; ///< mini-batch size
    uint64_t seed = 0;      ///< shuffling (and dropout) seed
    /// Batch-norm layers normalise with batch statistics and update their moving statistics
    /// (training from scratch). Off (the default for repairing a model): the moving statistics
    /// stay frozen and only gamma and beta learn, so a small clean set cannot skew them.
    bool updateBatchNorm = false;
    /// The progress stage of every step; empty: "fine-tuning, epoch e/E" (stage::kFineTuningEpoch).
    /// A caller that runs one epoch per call (the zoo's training) names its own stage here.
    std::string stage;
};

/// What fineTune() reports.
struct FineTuneResult {
    std::vector<double> epochLoss; ///< mean training cross-entropy of each epoch
    int64_t steps = 0;             ///< optimizer steps taken
};

/// Called after every epoch with its index (0-based) and mean loss.
using EpochCallback = std::function<void(int epoch, double loss)>;

/// Fine-tunes `model` on `train` (clean images with known labels). Trains a copy and assigns it to
/// `model` only on success: on Cancelled (checked between batches) or Error the model is left
/// unchanged. Throws Error for an empty set, unknown labels (-1) or labels >= numClasses, or a
/// non-positive lr, batch size or epoch count.
FineTuneResult fineTune(Model& model, const Dataset& train, const FineTuneConfig& config,
                        Feedback* fb = nullptr, const EpochCallback& onEpoch = {});
/// Same, reporting through a sub-range of a parent job's progress.
FineTuneResult fineTune(Model& model, const Dataset& train, const FineTuneConfig& config,
                        const ProgressScope& scope, const EpochCallback& onEpoch = {});

} // namespace bdl::core
