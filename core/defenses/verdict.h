#pragma once
/// @file verdict.h
/// The three questions a user of BackdoorLab answers about a model B received from someone else,
/// each answered from the measured numbers with stated thresholds (the analysis report prints the
/// answer, the paragraph and the thresholds used):
///  - Trust: should B be used as it is? No when a poisoned set's attack success rate (ASR) reaches
///    `backdoorAsr`; otherwise the given triggers found no backdoor (a backdoor with an unknown
///    trigger is not excluded, and the paragraph says so); unknown without poisoned data.
///  - Repair: is B' (B fine-pruned) a usable replacement? Yes when every ASR of B' is at most
///    `repairedAsr` and its clean accuracy (CCA) lost at most `maxCcaDrop` points against B;
///    partly when only one of the two holds or the ASR fell by at least half; else no. A B' whose
///    CCA was measured on the data it was tuned on (in-sample) is said to be so.
///  - Filter: can STRIP screen B's inputs? Yes when at the chosen threshold the clean test
///    rejection rate (FRR) is at most `filterFrr` and every poisoned set's acceptance rate (FAR) at
///    most `filterFar`; partly when some sets meet it; else no. A threshold that looked at
///    poisoned data (the equal-error oracle) is named as such: it is not a deployable filter.
///
/// Repair names a train set under kFewTrainImages images as the likely cause of a failed repair
/// (the paper fine-tunes on 11 547 clean validation images).
///
/// Pure functions of the numbers (percentages 0..100, NaN = not measured); English text, as in
/// the CLI. Thread: any. Errors: none thrown.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace bdl::core {

/// The decision thresholds (percent or percentage points).
struct VerdictThresholds {
    double backdoorAsr = 20.0; ///< ASR of B on a poisoned set from which B is backdoored
    double repairedAsr = 5.0;  ///< most ASR of B' on every set for the backdoor to count as removed
    double maxCcaDrop = 5.0;   ///< most CCA points B' may lose against B
    double filterFrr = 5.0;    ///< most clean inputs STRIP may reject
    double filterFar = 5.0;    ///< most poisoned inputs STRIP may let through, per set
};

enum class VerdictLevel { Yes, Partly, No, Unknown };

/// Fewer clean train images than this are named in the repair verdict.
inline constexpr int64_t kFewTrainImages = 1000;

/// One question's answer.
struct Verdict {
    std::string question; ///< "Trust B as it is?"
    VerdictLevel level = VerdictLevel::Unknown;
    std::string answer;    ///< one line: "No: B is backdoored."
    std::string paragraph; ///< the evidence, with the thresholds used
};

/// "yes", "partly", "no", "unknown".
const char* verdictLevelName(VerdictLevel level);

/// B on the test sets, and what STRIP and the pruning curve add.
struct TrustEvidence {
    double cca = std::numeric_limits<double>::quiet_NaN();
    std::vector<std::string> sets;  ///< poisoned set names
    std::vector<double> asr;        ///< B's ASR per set
    std::vector<double> auroc;      ///< STRIP's AUROC per set; empty when STRIP did not run
    std::vector<bool> pruningAware; ///< per set; empty when unknown
};
Verdict trustVerdict(const TrustEvidence& e, const VerdictThresholds& t = {});

/// B and its repaired B' (and the goodnet G(B, B') when computed).
struct RepairEvidence {
    bool available = false; ///< a B' exists
    std::string how;        ///< "pruned 6 channels, fine-tuned 10 epochs at lr 0.001"
    std::vector<std::string> sets;
    double ccaB = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> asrB;
    double ccaBPrime = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> asrBPrime;
    bool inSample = false;    ///< B' tuned on the clean test set its CCA is measured on
    int64_t trainImages = -1; ///< clean images B' was ranked and fine-tuned on; -1 unknown
    bool hasGoodnet = false;
    double ccaG = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> asrG;
};
Verdict repairVerdict(const RepairEvidence& e, const VerdictThresholds& t = {});

/// STRIP at the chosen threshold.
struct FilterEvidence {
    bool available = false;    ///< STRIP ran with a threshold
    std::string thresholdText; ///< "normal fit, FRR 1 %: 0.214"
    bool oracle = false;       ///< the threshold looked at poisoned data
    double frr = std::numeric_limits<double>::quiet_NaN(); ///< clean test inputs rejected
    std::vector<std::string> sets;
    std::vector<double> far;   ///< per set: poisoned inputs accepted
    std::vector<double> auroc; ///< per set
};
Verdict filterVerdict(const FilterEvidence& e, const VerdictThresholds& t = {});

} // namespace bdl::core
