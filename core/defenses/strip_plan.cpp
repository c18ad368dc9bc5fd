#include "core/defenses/strip_plan.h"

#include "core/base/errors.h"
#include "core/base/random.h"

#include <algorithm>

namespace bdl::core {

StripPlan planStrip(const StripPlanRequest& r, const StripConfig& config) {
    if (r.calibration < 0 || r.sample < 0)
        throw Error("STRIP: the sample and calibration sizes must not be negative");
    if (r.cleanTestSize < 0 || r.trainSize < 0)
        throw Error("STRIP: negative data set size");
    StripPlan plan;
    plan.overlaysFromTrain = r.overlaysFromTrain && !r.trainIsCleanTest;
    plan.calibrationFromCleanTest = r.trainIsCleanTest;
    const int64_t overlaySize = plan.overlaysFromTrain ? r.trainSize : r.cleanTestSize;
    plan.overlays = stripOverlayIndices(overlaySize, config); // Error for an empty overlay set
    const uint64_t seed = config.seed;
    if (r.trainIsCleanTest) {
        const std::vector<int64_t> pool = indicesExcept(r.cleanTestSize, plan.overlays);
        const int64_t half = static_cast<int64_t>(pool.size() / 2);
        const int64_t want = r.calibration == 0 ? half : std::min(r.calibration, half);
        plan.calibration =
            want > 0 ? sampleSorted(pool, want, deriveSeed(seed, 1)) : std::vector<int64_t>{};
        plan.cleanTest = sampleSorted(indicesExcept(r.cleanTestSize, plan.calibration), r.sample,
                                      deriveSeed(seed, 2));
    } else {
        const std::vector<int64_t> pool = indicesExcept(
            r.trainSize, plan.overlaysFromTrain ? plan.overlays : std::vector<int64_t>{});
        plan.calibration = sampleSorted(pool, r.calibration, deriveSeed(seed, 1));
        plan.cleanTest =
            sampleSorted(indicesExcept(r.cleanTestSize), r.sample, deriveSeed(seed, 2));
    }
    for (size_t i = 0; i < r.poisonedSizes.size(); ++i)
        plan.poisoned.push_back(
            sampleSorted(indicesExcept(r.poisonedSizes[i]), r.sample, deriveSeed(seed, 3 + i)));
    return plan;
}

} // namespace bdl::core
