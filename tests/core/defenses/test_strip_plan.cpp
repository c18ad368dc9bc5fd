// The one STRIP plan both faces use: calibration never holds an overlay or a scored input.
#include "core/base/errors.h"
#include "core/base/random.h"
#include "core/defenses/strip_plan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

using namespace bdl::core;

namespace {

std::set<int64_t> asSet(const std::vector<int64_t>& v) { return {v.begin(), v.end()}; }

bool disjoint(const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
    const auto sa = asSet(a);
    return std::none_of(b.begin(), b.end(), [&](int64_t x) { return sa.count(x) > 0; });
}

StripConfig config(int n, uint64_t seed) {
    StripConfig c;
    c.n = n;
    c.seed = seed;
    return c;
}

} // namespace

TEST(StripPlan, SeparateTrainSetCalibratesOnNonOverlayTrainImages) {
    StripPlanRequest r;
    r.trainSize = 300;
    r.cleanTestSize = 200;
    r.poisonedSizes = {150, 80};
    r.calibration = 100;
    r.sample = 50;
    const StripPlan p = planStrip(r, config(20, 3));
    EXPECT_TRUE(p.overlaysFromTrain);
    EXPECT_FALSE(p.calibrationFromCleanTest);
    EXPECT_EQ(p.overlays, stripOverlayIndices(300, config(20, 3)));
    EXPECT_EQ(p.calibration.size(), 100u);
    EXPECT_TRUE(disjoint(p.calibration, p.overlays));
    EXPECT_TRUE(std::is_sorted(p.calibration.begin(), p.calibration.end()));
    EXPECT_EQ(p.cleanTest.size(), 50u);
    ASSERT_EQ(p.poisoned.size(), 2u);
    EXPECT_EQ(p.poisoned[0].size(), 50u);
    EXPECT_EQ(p.poisoned[1].size(), 50u);
    for (int64_t i : p.poisoned[1])
        EXPECT_LT(i, 80);
    // Deterministic for a seed, different for another.
    const StripPlan again = planStrip(r, config(20, 3));
    EXPECT_EQ(again.calibration, p.calibration);
    EXPECT_EQ(again.cleanTest, p.cleanTest);
    EXPECT_EQ(again.poisoned, p.poisoned);
    EXPECT_NE(planStrip(r, config(20, 4)).calibration, p.calibration);
}

TEST(StripPlan, CalibrationZeroTakesEveryNonOverlayImageAndSampleZeroEveryInput) {
    StripPlanRequest r;
    r.trainSize = 60;
    r.cleanTestSize = 40;
    r.poisonedSizes = {30};
    const StripPlan p = planStrip(r, config(10, 1));
    EXPECT_EQ(p.calibration, indicesExcept(60, p.overlays));
    EXPECT_EQ(p.cleanTest, indicesExcept(40));
    EXPECT_EQ(p.poisoned[0], indicesExcept(30));
}

TEST(StripPlan, SharedCleanSetKeepsCalibrationApartFromOverlaysAndScoredInputs) {
    // The clean test set serves as the train set: 100 images, 20 overlays, at most half of the
    // other 80 calibrate, the rest are scored (the CLI without --train, the GUI without a train
    // set).
    StripPlanRequest r;
    r.trainIsCleanTest = true;
    r.trainSize = 100;
    r.cleanTestSize = 100;
    r.poisonedSizes = {100};
    r.calibration = 500;
    const StripPlan p = planStrip(r, config(20, 0));
    EXPECT_FALSE(p.overlaysFromTrain);
    EXPECT_TRUE(p.calibrationFromCleanTest);
    EXPECT_EQ(p.calibration.size(), 40u);
    EXPECT_EQ(p.cleanTest.size(), 60u);
    EXPECT_TRUE(disjoint(p.calibration, p.overlays));
    EXPECT_TRUE(disjoint(p.calibration, p.cleanTest));
    // A smaller request is honoured.
    r.calibration = 10;
    const StripPlan small = planStrip(r, config(20, 0));
    EXPECT_EQ(small.calibration.size(), 10u);
    EXPECT_EQ(small.cleanTest.size(), 90u);
    EXPECT_TRUE(disjoint(small.calibration, small.overlays));
}

TEST(StripPlan, OverlaysFromTheCleanTestSetLeaveTheTrainSetWholeForCalibration) {
    StripPlanRequest r;
    r.trainSize = 30;
    r.overlaysFromTrain = false;
    r.cleanTestSize = 50;
    const StripPlan p = planStrip(r, config(10, 5));
    EXPECT_FALSE(p.overlaysFromTrain);
    EXPECT_EQ(p.overlays, stripOverlayIndices(50, config(10, 5)));
    EXPECT_EQ(p.calibration, indicesExcept(30));
}

TEST(StripPlan, RefusesNegativeSizesAndAnEmptyOverlaySet) {
    StripPlanRequest r;
    r.trainSize = 10;
    r.cleanTestSize = 10;
    r.sample = -1;
    EXPECT_THROW(planStrip(r, config(4, 0)), Error);
    r.sample = 0;
    r.trainSize = 0;
    EXPECT_THROW(planStrip(r, config(4, 0)), Error);
}
