#pragma once
/// @file goodnet.h
/// The "goodnet" G of the CSAW-HackML challenge: two networks vote, and an input on which they
/// disagree is rejected as class N (= the number of classes, one past the last real class).
///
///   G(B, B')(x) = B(x) if B(x) == B'(x), else N.
///
/// The paper's improvement G' = G(B0, B') replaces the badnet B by B0, B fine-pruned by only a few
/// channels, whose clean accuracy is higher than B's (makeB0()). The same functions serve both:
/// pass B0 as the first model.
///
/// Thread-safety: only reads the models. Errors: Error when the two models' class counts or input
/// shapes differ, or a poisoned set has no targets; Cancelled between batches.
#include "core/nn/finetune.h"
#include "core/nn/metrics.h"

#include <torch/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace bdl::core {

class Model;
class Feedback;
struct Dataset;

/// Goodnet scores on one poisoned set.
struct GoodnetSetScore {
    std::string name;
    int64_t n = 0;
    double asr = 0.0;        ///< % classified as the attack target (the attack got through)
    double rejectRate = 0.0; ///< % classified as N (detected)
};

/// What goodnet() measures.
struct GoodnetReport {
    int64_t rejectClass = 0; ///< N
    std::string cleanName;
    int64_t nClean = 0;
    double cca = 0.0;             ///< % of clean images with the correct label (and not N)
    double cleanRejectRate = 0.0; ///< % of clean images rejected (false alarms)
    std::vector<GoodnetSetScore> poisoned;
};

/// G's label for each image, (N,) int64 with values in 0..N.
torch::Tensor goodnetLabels(const Model& b, const Model& bPrime, const torch::Tensor& images,
                            Feedback* fb = nullptr, int64_t batch = kDefaultBatch);
/// G's label for one image (C, H, W) or (1, C, H, W).
int64_t goodnetLabel(const Model& b, const Model& bPrime, const torch::Tensor& image);
/// G from two label vectors: b where equal, rejectClass elsewhere.
torch::Tensor combineGoodnet(const torch::Tensor& labelsB, const torch::Tensor& labelsBPrime,
                             int64_t rejectClass);

/// Scores G(b, bPrime) on a clean set and poisoned sets.
GoodnetReport goodnet(const Model& b, const Model& bPrime, const Dataset& clean,
                      const std::vector<Dataset>& poisoned, Feedback* fb = nullptr);

/// B0 for the improved goodnet G' = G(B0, B'): B with its k0 least active channels of `layer`
/// (empty = default) pruned one at a time, fine-tuning after each (the paper protocol for k0
/// steps). k0 = 0 returns B unchanged.
Model makeB0(const Model& b, const Dataset& train, int64_t k0 = 2,
             const FineTuneConfig& tune = FineTuneConfig(),
             const std::string& layer = std::string(), Feedback* fb = nullptr);

} // namespace bdl::core
