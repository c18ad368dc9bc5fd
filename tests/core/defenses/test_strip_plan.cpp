// The one STRIP plan both faces use: calibration never holds an overlay or a scored input, and
// the automatic split keeps both non-empty on a small clean set (or a chosen N says why not).
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

// ---- the automatic split (issue 11, point 5) --------------------------------------------------

TEST(StripPlan, AutoSplitOnHundredCleanImagesWithNHundredLeavesOverlaysAndCalibration) {
    // The YouTube-Face clean_test folder alone (100 images, no train set) with the paper's
    // N = 100: taken as given every image would be an overlay and no calibration input left.
    StripPlanRequest r;
    r.trainIsCleanTest = true;
    r.trainSize = 100;
    r.cleanTestSize = 100;
    r.cleanTestName = "clean_test";
    r.poisonedSizes = {100};
    r.calibration = 1000;
    const StripConfig c = config(100, 0); // autoSplit: the default
    ASSERT_TRUE(c.autoSplit);
    const StripPlan p = planStrip(r, c);
    EXPECT_TRUE(p.nLowered);
    EXPECT_EQ(p.requestedN, 100);
    EXPECT_EQ(p.n, 50);
    EXPECT_EQ(p.sharedPool, 100);
    EXPECT_EQ(p.overlays.size(), 50u);
    EXPECT_EQ(asSet(p.overlays).size(), 50u);                       // distinct images
    EXPECT_EQ(p.overlays, stripOverlayIndices(100, config(50, 0))); // what a run with n draws
    EXPECT_EQ(p.calibration.size(), 25u); // half of the 50 non-overlay images
    EXPECT_EQ(p.cleanTest.size(), 75u);
    EXPECT_TRUE(disjoint(p.calibration, p.overlays));
    EXPECT_TRUE(disjoint(p.calibration, p.cleanTest));
    EXPECT_NE(p.note.find("100 to 50"), std::string::npos) << p.note;
    EXPECT_NE(p.note.find("clean_test"), std::string::npos) << p.note;
}

TEST(StripPlan, AutoSplitCapsOverlaysFromASmallTrainSetAndLeavesLargeSetsAlone) {
    StripPlanRequest r;
    r.trainSize = 16; // the 16-image `cl` folder as the train set
    r.cleanTestSize = 100;
    r.calibration = 1000;
    const StripPlan small = planStrip(r, config(100, 2));
    EXPECT_EQ(small.n, 8);
    EXPECT_TRUE(small.nLowered);
    EXPECT_EQ(small.calibration, indicesExcept(16, small.overlays));
    EXPECT_EQ(small.calibration.size(), 8u);
    // A set of at least 2 N images keeps N, and so do overlays from the clean test set, which
    // leave the train set whole for calibration.
    r.trainSize = 200;
    const StripPlan large = planStrip(r, config(100, 2));
    EXPECT_EQ(large.n, 100);
    EXPECT_FALSE(large.nLowered);
    EXPECT_TRUE(large.note.empty());
    r.trainSize = 16;
    r.overlaysFromTrain = false;
    const StripPlan fromTest = planStrip(r, config(100, 2));
    EXPECT_EQ(fromTest.n, 100);
    EXPECT_FALSE(fromTest.nLowered);
    EXPECT_EQ(fromTest.calibration.size(), 16u);
}

TEST(StripPlan, ChosenNThatLeavesNoCalibrationIsAnErrorSayingWhyAndWhatToDo) {
    StripPlanRequest r;
    r.trainIsCleanTest = true;
    r.trainSize = 100;
    r.cleanTestSize = 100;
    r.cleanTestName = "clean_test";
    StripConfig c = config(100, 0);
    c.autoSplit = false; // the user chose N = 100
    try {
        planStrip(r, c);
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        const std::string m = e.what();
        EXPECT_EQ(e.source(), "clean_test");
        EXPECT_NE(m.find("N = 100 overlays out of the 100 images"), std::string::npos) << m;
        EXPECT_NE(m.find("Lower N to at most 98"), std::string::npos) << m;
        EXPECT_NE(m.find("separate clean train set"), std::string::npos) << m;
        EXPECT_NE(m.find("automatically (N = 50 here)"), std::string::npos) << m;
    }
    // The largest N it names works, as given.
    c.n = 98;
    const StripPlan p = planStrip(r, c);
    EXPECT_EQ(p.n, 98);
    EXPECT_FALSE(p.nLowered);
    EXPECT_EQ(p.calibration.size(), 1u);
    // A chosen N on a separate train set: at most P - 1.
    StripPlanRequest t;
    t.trainSize = 16;
    t.trainName = "cl";
    t.cleanTestSize = 100;
    StripConfig fixed = config(16, 0);
    fixed.autoSplit = false;
    try {
        planStrip(t, fixed);
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.source(), "cl");
        EXPECT_NE(std::string(e.what()).find("at most 15"), std::string::npos) << e.what();
    }
}

TEST(StripPlan, TooFewCleanImagesForAnySplitSaySo) {
    StripPlanRequest r;
    r.trainIsCleanTest = true;
    r.trainSize = 2;
    r.cleanTestSize = 2;
    r.cleanTestName = "two";
    try {
        planStrip(r, config(100, 0));
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("too few"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("3 at least"), std::string::npos) << e.what();
    }
    r.trainSize = r.cleanTestSize = 3; // 1 overlay, 1 calibration input, 2 scored
    const StripPlan p = planStrip(r, config(100, 0));
    EXPECT_EQ(p.n, 1);
    EXPECT_EQ(p.calibration.size(), 1u);
    EXPECT_EQ(p.cleanTest.size(), 2u);
}

TEST(StripPlan, ShardsSplitTheInputsInWholeChunksAndGiveThePlanBack) {
    StripPlanRequest r;
    r.trainSize = 300;
    r.cleanTestSize = 200;
    r.poisonedSizes = {150, 80};
    r.calibration = 100;
    const StripConfig c = config(20, 3);
    const StripPlan p = planStrip(r, c);
    // 512 / 20 = 25 inputs per STRIP batch, 32 per prediction batch: chunks of 800.
    EXPECT_EQ(stripShardChunk(c), 800);
    const int64_t chunk = 7; // small, to cut inside every list
    EXPECT_EQ(stripPlanInputs(p), 100 + 200 + 150 + 80);
    EXPECT_EQ(stripPlanChunks(p, chunk), 15 + 29 + 22 + 12);
    for (int64_t n : {1, 2, 3, 5, 200}) {
        StripPlan joined;
        joined.poisoned.resize(2);
        int64_t inputs = 0;
        for (int64_t i = 0; i < n; ++i) {
            const StripPlan part = shardStripPlan(p, Shard{i, n}, chunk);
            EXPECT_EQ(part.overlays, p.overlays);
            EXPECT_EQ(part.n, p.n);
            const auto append = [&](std::vector<int64_t>& to, const std::vector<int64_t>& from,
                                    const std::vector<int64_t>& whole) {
                // Each shard starts a list at a chunk boundary of it.
                if (!from.empty()) {
                    const auto at = std::find(whole.begin(), whole.end(), from.front());
                    EXPECT_EQ((at - whole.begin()) % chunk, 0);
                }
                to.insert(to.end(), from.begin(), from.end());
            };
            append(joined.calibration, part.calibration, p.calibration);
            append(joined.cleanTest, part.cleanTest, p.cleanTest);
            for (size_t s = 0; s < 2; ++s)
                append(joined.poisoned[s], part.poisoned[s], p.poisoned[s]);
            inputs += stripPlanInputs(part);
        }
        EXPECT_EQ(joined.calibration, p.calibration) << n << " shards";
        EXPECT_EQ(joined.cleanTest, p.cleanTest) << n << " shards";
        EXPECT_EQ(joined.poisoned, p.poisoned) << n << " shards";
        EXPECT_EQ(inputs, stripPlanInputs(p));
    }
    EXPECT_THROW(stripPlanChunks(p, 0), Error);
}
