#include "core/defenses/strip_plan.h"

#include "core/base/errors.h"
#include "core/base/random.h"
#include "core/nn/metrics.h"

#include <algorithm>
#include <numeric>

namespace bdl::core {

namespace {

/// The automatic split uses at most 1 / kAutoSplitDivisor of a shared clean set as overlays.
constexpr int64_t kAutoSplitDivisor = 2;

/// The largest N, taken as given, that still leaves a calibration input: every overlay is a
/// distinct image while N < P; the shared clean test set keeps at most half of the rest.
int64_t largestFixedN(int64_t pool, bool sharedWithCleanTest) {
    return sharedWithCleanTest ? pool - 2 : pool - 1;
}

[[noreturn]] void noCalibrationLeft(const StripPlan& plan, const std::string& set,
                                    bool sharedWithCleanTest, const StripConfig& config) {
    const std::string p = std::to_string(plan.sharedPool);
    const std::string n = std::to_string(config.n);
    const std::string rest = sharedWithCleanTest
                                 ? " (which also supplies the calibration inputs and the clean "
                                   "inputs scored)"
                                 : " (which also supplies the calibration inputs)";
    if (config.autoSplit || largestFixedN(plan.sharedPool, sharedWithCleanTest) < 1)
        throw Error(set, "STRIP: " + p +
                             " clean image(s) are too few to split into overlays and "
                             "calibration inputs (" +
                             std::to_string(sharedWithCleanTest ? 3 : 2) +
                             " at least); add clean data or a separate clean train set");
    const int64_t autoN = std::max<int64_t>(1, plan.sharedPool / kAutoSplitDivisor);
    throw Error(set, "STRIP: N = " + n + " overlays out of the " + p + " images of this clean set" +
                         rest + " leave none to fit the threshold on. Lower N to at most " +
                         std::to_string(largestFixedN(plan.sharedPool, sharedWithCleanTest)) +
                         ", add a separate clean train set, or let STRIP split the clean data "
                         "automatically (N = " +
                         std::to_string(autoN) + " here)");
}

} // namespace

StripPlan planStrip(const StripPlanRequest& r, const StripConfig& config) {
    if (r.calibration < 0 || r.sample < 0)
        throw Error("STRIP: the sample and calibration sizes must not be negative");
    if (r.cleanTestSize < 0 || r.trainSize < 0)
        throw Error("STRIP: negative data set size");
    StripPlan plan;
    plan.overlaysFromTrain = r.overlaysFromTrain && !r.trainIsCleanTest;
    plan.calibrationFromCleanTest = r.trainIsCleanTest;
    const int64_t overlaySize = plan.overlaysFromTrain ? r.trainSize : r.cleanTestSize;
    // Overlays and calibration inputs compete for one set unless the overlays come from the
    // clean test set and a separate train set calibrates.
    const bool sharedSet = r.trainIsCleanTest || plan.overlaysFromTrain;
    plan.sharedPool = sharedSet ? overlaySize : 0;
    plan.requestedN = config.n;
    StripConfig used = config;
    if (sharedSet && config.autoSplit && overlaySize >= kAutoSplitDivisor &&
        config.n > overlaySize / kAutoSplitDivisor) {
        used.n = static_cast<int>(overlaySize / kAutoSplitDivisor);
        plan.nLowered = true;
    }
    plan.n = used.n;
    const std::string& setName = plan.overlaysFromTrain ? r.trainName : r.cleanTestName;
    if (plan.nLowered)
        plan.note = "N lowered from " + std::to_string(config.n) + " to " + std::to_string(used.n) +
                    ": the " + std::to_string(overlaySize) + " images of " +
                    (setName.empty() ? std::string("the clean set") : setName) +
                    " supply both the overlays and the calibration inputs, and at most half of "
                    "them are overlays (automatic split)";
    plan.overlays = stripOverlayIndices(overlaySize, used); // Error for an empty overlay set
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
    if (plan.calibration.empty() && !sharedSet)
        throw Error(r.trainName, "STRIP: the clean train set has no image to fit the threshold on");
    if (plan.calibration.empty())
        noCalibrationLeft(plan, setName, r.trainIsCleanTest, config);
    for (size_t i = 0; i < r.poisonedSizes.size(); ++i)
        plan.poisoned.push_back(
            sampleSorted(indicesExcept(r.poisonedSizes[i]), r.sample, deriveSeed(seed, 3 + i)));
    return plan;
}

namespace {

std::vector<const std::vector<int64_t>*> planLists(const StripPlan& plan) {
    std::vector<const std::vector<int64_t>*> lists{&plan.calibration, &plan.cleanTest};
    for (const auto& p : plan.poisoned)
        lists.push_back(&p);
    return lists;
}

int64_t chunksOf(int64_t size, int64_t chunk) { return (size + chunk - 1) / chunk; }

} // namespace

int64_t stripPlanInputs(const StripPlan& plan) {
    int64_t n = 0;
    for (const auto* list : planLists(plan))
        n += static_cast<int64_t>(list->size());
    return n;
}

int64_t stripPlanChunks(const StripPlan& plan, int64_t chunk) {
    if (chunk < 1)
        throw Error("STRIP: a shard chunk must hold at least one input");
    int64_t n = 0;
    for (const auto* list : planLists(plan))
        n += chunksOf(static_cast<int64_t>(list->size()), chunk);
    return n;
}

int64_t stripShardChunk(const StripConfig& config) {
    const int64_t perBatch = std::max<int64_t>(1, config.batch / std::max(config.n, 1));
    return std::lcm(perBatch, kDefaultBatch);
}

StripPlan shardStripPlan(const StripPlan& plan, const Shard& shard, int64_t chunk) {
    const ItemRange range = shardRange(stripPlanChunks(plan, chunk), shard);
    int64_t offset = 0; // chunks of the lists before the current one
    const auto cut = [&](const std::vector<int64_t>& list) {
        const auto size = static_cast<int64_t>(list.size());
        const int64_t chunks = chunksOf(size, chunk);
        const int64_t b = std::clamp(range.begin - offset, int64_t{0}, chunks);
        const int64_t e = std::clamp(range.end - offset, b, chunks);
        offset += chunks;
        return std::vector<int64_t>(list.begin() + std::min(size, b * chunk),
                                    list.begin() + std::min(size, e * chunk));
    };
    StripPlan part = plan;
    part.calibration = cut(plan.calibration);
    part.cleanTest = cut(plan.cleanTest);
    for (size_t i = 0; i < plan.poisoned.size(); ++i)
        part.poisoned[i] = cut(plan.poisoned[i]);
    return part;
}

} // namespace bdl::core
