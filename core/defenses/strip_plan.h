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
/// Why calibration must avoid the overlays: an image superimposed with itself keeps its own
/// features at every blend, so its entropy is biased low and a threshold fitted on it is too low.
///
/// Thread-safety: pure function. Errors: Error for negative sizes or an empty overlay set.
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
    int64_t calibration = 0; ///< calibration inputs wanted; 0 = every one available
    int64_t sample = 0;      ///< test inputs per set; 0 = the whole set
};

/// The images of one STRIP run (indices, ascending except `overlays`, which is in draw order).
struct StripPlan {
    std::vector<int64_t> overlays;         ///< into the overlay set
    bool overlaysFromTrain = true;         ///< false: overlays index the clean test set
    bool calibrationFromCleanTest = false; ///< calibration indexes the clean test set (shared)
    std::vector<int64_t> calibration; ///< into the train set (or the clean test set, see above)
    std::vector<int64_t> cleanTest;   ///< clean test inputs scored
    std::vector<std::vector<int64_t>> poisoned; ///< per poisoned set, inputs scored
};

/// The plan for a run; see the file comment.
StripPlan planStrip(const StripPlanRequest& request, const StripConfig& config);

} // namespace bdl::core
