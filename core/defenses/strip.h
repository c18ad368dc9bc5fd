#pragma once
/// @file strip.h
/// STRIP (Gao et al., ACSAC 2019): superimpose each input with clean images and measure how
/// random the model's predictions become. A trojaned input keeps pointing at its target whatever
/// is blended in, so its mean prediction entropy is low; an input is flagged when its entropy is
/// below a threshold.
///
/// Protocol (the paper's implementation): N overlay images are drawn once per call, seeded, from
/// the clean overlay set (without replacement when it has at least N images) and every input is
/// blended with the same N overlays; the entropy of an input is the mean over the N blends of the
/// Shannon entropy (bits) of the softmax. Using one overlay set and one seed for calibration and
/// test inputs keeps their entropies comparable.
///
/// Thresholds use clean data only (NormalFit, Percentile), except EqualError, the paper's
/// per-trigger choice, which needs the poisoned entropies: its results carry
/// usesPoisonedData = true so the UI can label them an oracle.
///
/// Thread-safety: only reads the model. Errors: Error for unusable inputs; Cancelled between
/// batches.
#include "core/nn/model.h"

#include <torch/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace bdl::core {

class Feedback;
class ProgressScope;
struct Dataset;

/// How an input x and an overlay o are combined (raw pixel values).
enum class BlendMode {
    Alpha,    ///< alpha * x + (1 - alpha) * o
    Additive, ///< clip(x + o, 0, 255), the STRIP paper's superimposition
};

struct StripConfig {
    int n = 100;                       ///< superimpositions per input
    BlendMode mode = BlendMode::Alpha; ///< 0.5 / 0.5 blend by default
    double alpha = 0.5;                ///< Alpha: weight of the input
    uint64_t seed = 0;                 ///< overlay draw
    /// Superimposed images per forward pass, rounded down to whole inputs (at least one input,
    /// i.e. n images). With the tuned allocator and sleeping OpenMP threads, fewer, larger
    /// passes win: the sunglasses BadNet's alpha-blend STRIP (N = 100, 2 threads) runs 130
    /// inputs/s at 128 and 145-148 at 400-1000 (about 90 MB of activations at 512).
    int64_t batch = 512;
    /// Alpha blend: blend the first convolution's outputs (cached for the overlays) instead of
    /// the pixels, exact by linearity; see strip_fast.h. Generic path (blend pixels, full
    /// forward pass) when false, for the additive blend, or when the graph does not start with a
    /// valid-padding Conv2D. csaw-badnet, N = 100, 2 threads: ~160 inputs/s vs ~85 generic.
    bool allowFastPath = true;
    /// Whether the user left the split of the clean data to planStrip() (strip_plan.h): true
    /// (the default; the desktop app's "Split the clean data automatically" box, ticked unless
    /// the user unticks it; the CLI without --n) lets the plan lower n to at most half of a small
    /// clean set that supplies both the overlays and the calibration inputs, so that neither is
    /// empty. False means the user chose n: it is used as given, and planStrip() refuses a run
    /// that would leave no calibration input, saying why and what to do. Only planStrip() reads
    /// it; stripEntropies() always uses n.
    bool autoSplit = true;
};

/// Error unless n >= 1, batch >= 1 and (for the alpha blend) alpha is in [0, 1]; the messages
/// name the setting. Every STRIP entry point checks its config with it.
void validateStripConfig(const StripConfig& config);

/// The overlay indices (into the overlay set) a call with this config uses.
std::vector<int64_t> stripOverlayIndices(int64_t overlayCount, const StripConfig& config);

/// Mean softmax entropy (bits) over the N superimpositions of each input, (N_inputs) float64 on
/// the CPU. inputs and overlays: (N, C, H, W) raw pixels of the model's input shape, on any
/// device; the blends are made and run on the model's device.
torch::Tensor stripEntropies(const Model& model, const torch::Tensor& inputs,
                             const torch::Tensor& overlays, const StripConfig& config = {},
                             Feedback* fb = nullptr);
/// Same, reporting through a sub-range of a parent job's progress. *usedFastPath receives
/// whether the first-convolution cache was used.
torch::Tensor stripEntropies(const Model& model, const torch::Tensor& inputs,
                             const torch::Tensor& overlays, const StripConfig& config,
                             const ProgressScope& scope, bool* usedFastPath = nullptr);

// ---- thresholds and scores ------------------------------------------------------------------

enum class ThresholdRule {
    NormalFit,  ///< mean - z * std of clean entropies, z = Phi^-1(1 - FRR)
    Percentile, ///< the FRR-th percentile of clean entropies
    EqualError, ///< FRR = FAR on the clean and poisoned entropies (uses poisoned data)
};

/// The inverse of the standard normal CDF, p in (0, 1) (Acklam's rational approximation refined
/// by one Halley step: |error| < 1e-12). Error outside (0, 1).
double inverseNormalCdf(double p);

/// A decision threshold: entropy < value means "flagged as trojaned".
struct StripThreshold {
    ThresholdRule rule = ThresholdRule::NormalFit;
    double targetFrr = 1.0; ///< requested false rejection rate, % (clean-only rules)
    double value = 0.0;
    bool usesPoisonedData = false; ///< true for EqualError
};

/// Threshold from clean calibration entropies only (NormalFit or Percentile; Error for
/// EqualError or an empty list). frrPercent in (0, 100).
StripThreshold cleanThreshold(const std::vector<double>& calibration, ThresholdRule rule,
                              double frrPercent = 1.0);
/// The equal-error threshold between clean and poisoned entropies (usesPoisonedData = true):
/// among thresholds halfway between neighbouring distinct values, the one with the smallest
/// |FRR - FAR| (ties: smallest FRR + FAR, then the lowest threshold).
StripThreshold equalErrorThreshold(const std::vector<double>& clean,
                                   const std::vector<double>& poisoned);

/// Area under the ROC curve of "entropy is low" as a detector of poisoned inputs: the
/// Mann-Whitney probability that a poisoned input has lower entropy than a clean one, ties
/// counting one half. 1 = perfect separation, 0.5 = chance. NaN when a list is empty.
double stripAuroc(const std::vector<double>& cleanEntropy,
                  const std::vector<double>& poisonedEntropy);
/// % of values below the threshold.
double flaggedPercent(const std::vector<double>& entropy, double threshold);

/// One operating point of STRIP as a detector: the threshold and, under "entropy < threshold",
/// the % of clean inputs flagged (FRR) and the % of poisoned inputs flagged (detection,
/// 100 - FAR); both are exactly flaggedPercent() at `threshold`.
struct RocPoint {
    double threshold = 0.0;
    double frr = 0.0;       ///< % of clean inputs flagged
    double detection = 0.0; ///< % of poisoned inputs flagged
};

/// The ROC curve of "entropy is low" over every distinct threshold: the candidates of
/// equalErrorThreshold() (below the smallest value, halfway between neighbouring distinct values
/// of both lists, above the largest), ascending, from (0, 0) to (100, 100). Its trapezoid area
/// (in fractions) is stripAuroc(). Empty when a list is empty. O(n log n).
std::vector<RocPoint> stripRoc(const std::vector<double>& cleanEntropy,
                               const std::vector<double>& poisonedEntropy);

/// One data set as STRIP scores it: entropies, the model's labels and the reference labels
/// (true labels of a clean set, attack targets of a poisoned one; -1 = unknown).
struct StripSetData {
    std::string name;
    std::vector<double> entropy;
    std::vector<int64_t> predicted;
    std::vector<int64_t> reference;
};

/// STRIP's scores on one poisoned set under one threshold.
struct StripSetResult {
    std::string name;
    int64_t n = 0;
    double threshold = 0.0;
    double frr = 0.0; ///< % of the clean test set flagged
    double far = 0.0; ///< % of this poisoned set not flagged
    double auroc = 0.0;
    double asr = 0.0; ///< % predicted as the target and not flagged (STRIP as a filter)
    double cca = 0.0; ///< % of the clean test set correct and not flagged
};

struct StripReport {
    StripThreshold threshold; ///< the shared threshold (EqualError: per set, see sets)
    std::string cleanName;
    int64_t nClean = 0;
    double cleanFrr = 0.0;       ///< under the shared threshold (NaN for EqualError)
    double cca = 0.0;            ///< under the shared threshold (NaN for EqualError)
    double calibrationFrr = 0.0; ///< % of the calibration entropies flagged
    std::vector<StripSetResult> sets;
};

/// Scores STRIP as a filter. The threshold comes from `calibration` (clean entropies, ideally not
/// the clean test inputs) for the clean-only rules, or per poisoned set from the clean test and
/// that set's entropies for EqualError.
StripReport stripReport(const std::vector<double>& calibration, const StripSetData& cleanTest,
                        const std::vector<StripSetData>& poisoned, ThresholdRule rule,
                        double frrPercent = 1.0);

/// The same scores under a threshold given by the caller (any rule, or one dragged in a UI):
/// stripReport() once its threshold is known. report.threshold = threshold; every set is scored
/// at threshold.value; cleanFrr, cca and calibrationFrr are filled (NaN for empty lists).
StripReport stripReportAt(const std::vector<double>& calibration, const StripSetData& cleanTest,
                          const std::vector<StripSetData>& poisoned,
                          const StripThreshold& threshold);

/// The superimpositions stripEntropies() evaluates on its generic path: every input blended with
/// every overlay under config's mode and alpha, input-major, (inputs * overlays, C, H, W) float32
/// raw pixels. inputs and overlays: (N, C, H, W) of equal C, H, W (the overlays as given: no draw).
torch::Tensor stripBlend(const torch::Tensor& inputs, const torch::Tensor& overlays,
                         const StripConfig& config);
/// Shannon entropy in bits of softmax(logits) per row, (rows) float64: the per-superimposition
/// entropy whose mean stripEntropies() reports.
torch::Tensor softmaxEntropyBits(const torch::Tensor& logits);

/// Convenience: entropies and predictions of a data set, ready for stripReport().
StripSetData stripSetData(const Model& model, const Dataset& set, const torch::Tensor& overlays,
                          const StripConfig& config, Feedback* fb = nullptr);

} // namespace bdl::core
