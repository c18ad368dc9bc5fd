#pragma once
/// @file strip_plan.h
/// Which images a STRIP run uses, in one place for the CLI and the desktop app, so that both faces
/// draw the same overlays, calibration inputs and test inputs for the same data and seed.
///
/// The plan, with S = StripConfig::seed:
///  - overlays: stripOverlayIndices(overlay set size, config) into the overlay set (the clean train
///    set, or the clean test set when asked or when there is no separate train set);
///  - calibration (the images the threshold is fitted on): clean images that are never an overlay
///    and never a test input. With a separate train set they are drawn from the train set without
///    the overlays; when the clean test set must serve as the train set too, from the clean test
///    images that are not overlays, at most half of them, and the clean test inputs are then drawn
///    from the rest, so the threshold never sees a scored input;
///  - test inputs: `sample` images of the clean test set and of every poisoned set (all when 0).
/// Each draw is sampleSorted() (random.h) with its own seed deriveSeed(S, salt): calibration salt
/// 1, clean test salt 2, poisoned set i salt 3 + i. Index lists are ascending.
///
/// The automatic split (StripConfig::autoSplit, the default): when the overlays and the
/// calibration inputs come from one clean set of P images (the train set with overlays from it,
/// or the clean test set serving as both) and N > P / 2, the plan uses N' = P / 2 overlays
/// (integer division) instead, so that at least half of the set is left for calibration (and,
/// with the shared clean test set, for the scored clean inputs), and says so (StripPlan::nLowered,
/// StripPlan::note). Example: the 100-image YouTube-Face clean_test folder alone with N = 100 gives
/// 50 overlays, 25 calibration inputs and 75 scored clean inputs, where N = 100 taken as given
/// leaves no calibration input at all (every image is an overlay) and every score undefined.
/// Callers run STRIP with StripPlan::n, which stripOverlayIndices() turns into the same overlays.
/// With autoSplit false (the user chose N), N is used as given and a plan without a calibration
/// input is an Error naming the set, the numbers and the remedies (a lower N, with the largest
/// that works; a separate clean train set; the automatic split).
///
/// Why calibration must avoid the overlays: an image superimposed with itself keeps its own
/// features at every blend, so its entropy is biased low and a threshold fitted on it is too low.
///
/// Thread-safety: pure function. Errors: Error for negative sizes, an empty overlay set, or (N
/// chosen) no calibration input left.
#include "core/base/shard.h"
#include "core/defenses/strip.h"

#include <cstdint>
#include <string>
#include <vector>

namespace bdl::core {

/// What planStrip() needs to know about the data and the request.
struct StripPlanRequest {
    int64_t trainSize = 0;         ///< images of the clean train set (ignored when shared)
    bool trainIsCleanTest = false; ///< no separate train set: the clean test set serves as both
    bool overlaysFromTrain = true; ///< overlays from the train set (else from the clean test set)
    int64_t cleanTestSize = 0;
    std::vector<int64_t> poisonedSizes;
    int64_t calibration = 0;   ///< calibration inputs wanted; 0 = every one available
    int64_t sample = 0;        ///< test inputs per set; 0 = the whole set
    std::string trainName;     ///< the train set's file (or name) for the messages; may be empty
    std::string cleanTestName; ///< the clean test set's file (or name), ditto
};

/// The images of one STRIP run (indices, ascending except `overlays`, which is in draw order).
struct StripPlan {
    std::vector<int64_t> overlays;         ///< into the overlay set
    bool overlaysFromTrain = true;         ///< false: overlays index the clean test set
    bool calibrationFromCleanTest = false; ///< calibration indexes the clean test set (shared)
    std::vector<int64_t> calibration; ///< into the train set (or the clean test set, see above)
    std::vector<int64_t> cleanTest;   ///< clean test inputs scored
    std::vector<std::vector<int64_t>> poisoned; ///< per poisoned set, inputs scored
    int n = 0;              ///< superimpositions to run with: config.n, or N' after the split
    int requestedN = 0;     ///< config.n
    bool nLowered = false;  ///< the automatic split lowered n (n < requestedN)
    int64_t sharedPool = 0; ///< images of the set overlays and calibration share (0: none)
    std::string note;       ///< English, for the CLI: what the automatic split did and why
};

/// The plan for a run; see the file comment.
StripPlan planStrip(const StripPlanRequest& request, const StripConfig& config);

/// The inputs a plan scores: its calibration, clean test and poisoned lists together.
int64_t stripPlanInputs(const StripPlan& plan);

/// The work items of a plan for sharding: each of its input lists (calibration, clean test, each
/// poisoned set, in that order) cut into chunks of `chunk` inputs (the last one of a list may be
/// shorter).
int64_t stripPlanChunks(const StripPlan& plan, int64_t chunk);

/// The chunk a sharded STRIP run splits its inputs by: a whole number of stripEntropies()'s
/// batches (config.batch / n inputs) and of predictLabels()'s (kDefaultBatch), so that every
/// shard runs exactly the batches of the whole run and every entropy and label is bit for bit
/// the whole run's.
int64_t stripShardChunk(const StripConfig& config);

/// The part of `plan` one shard of a job computes: the chunks stripPlanChunks() lists, split by
/// shardRange(), each list cut to the inputs of the shard's chunks (the overlays and n are
/// unchanged). The shards' lists, concatenated in shard order, give the plan's lists back.
StripPlan shardStripPlan(const StripPlan& plan, const Shard& shard, int64_t chunk);

} // namespace bdl::core
