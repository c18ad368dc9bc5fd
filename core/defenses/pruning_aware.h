#pragma once
/// @file pruning_aware.h
/// Is a backdoor pruning-aware? The definition of Liu et al. (Fine-Pruning, RAID 2018): the
/// defender prunes the channels of the last convolutional layer in increasing order of their mean
/// activation on clean data, i.e. the dormant channels first, and stops where the clean accuracy
/// starts to fall, by more than a margin (4 percentage points in the paper, as in their
/// fine-pruning stopping rule, LiuConfig::maxAccuracyDrop). A backdoor that still works there,
/// because it lives in channels that clean inputs also use, survives pruning: the attack is
/// pruning-aware, and pruning alone is no defense against it (fine-tuning is needed).
///
/// On a pruning curve (PruningCurve::points, k = 0, 1, ...):
///  - k* is the most channels pruned before the clean accuracy first falls more than `ccaMargin`
///    points below CCA(0): the largest k such that CCA(j) >= CCA(0) - ccaMargin for every j <= k
///    (a defender pruning one channel at a time stops at the first drop; a later recovery of the
///    accuracy does not count);
///  - per poisoned set the attack is pruning-aware when ASR(k*) >= asrThreshold (50 %: the
///    backdoor still succeeds on most poisoned inputs once every channel the defender can afford to
///    prune is gone). The threshold is absolute, so an attack that was weak to begin with
///    (ASR(0) below it) is never called pruning-aware.
///
/// An ordinary BadNet whose backdoor lives in dormant channels loses its ASR before k*; its ASR
/// surviving a fixed share (e.g. 10 %) of the channels says nothing, since clean accuracy has not
/// started to fall there either.
///
/// Pure function on the points; no model is run. Errors: Error for an empty curve, a curve that
/// does not start at k = 0 or whose k do not increase, points whose ASR counts differ, or a
/// negative margin.
#include "core/defenses/pruning.h"

#include <cstdint>
#include <vector>

namespace bdl::core {

/// The definition's two numbers.
struct PruningAwareConfig {
    double ccaMargin = 4.0;     ///< CCA points below CCA(0) the defender accepts (Liu et al.: 4)
    double asrThreshold = 50.0; ///< ASR (%) at k* from which the backdoor survives pruning
};

/// What pruningAwareness() found, with the numbers it used (for display next to the flag).
struct PruningAwareness {
    int64_t kStar = 0;       ///< the most channels pruned within the margin (see the file comment)
    int64_t kLimit = 0;      ///< the last k of the curve (k* == kLimit: the margin was never left)
    double baseCca = 0.0;    ///< CCA(0), %
    double ccaAtKStar = 0.0; ///< CCA(k*), %
    std::vector<double> baseAsr;    ///< ASR(0) per poisoned set, %
    std::vector<double> asrAtKStar; ///< ASR(k*) per poisoned set, %
    std::vector<bool> aware;        ///< per poisoned set: asrAtKStar >= asrThreshold
    PruningAwareConfig config;      ///< the definition's numbers used
};

/// Applies the definition to a pruning curve's points (k = 0 first, increasing k).
PruningAwareness pruningAwareness(const std::vector<PrunePoint>& points,
                                  const PruningAwareConfig& config = {});

} // namespace bdl::core
