// pruning_aware.h: Liu et al.'s pruning-aware definition on pruning curves: k* (the most channels
// pruned before the clean accuracy first falls more than the margin), the ASR there against the
// threshold, the errors; on a real curve of the synthetic BadNet, and on the shared YouTube-Face
// sunglasses BadNet when ../shared is present.
#include "tests/core/shared_data.h"
#include "core/base/errors.h"
#include "core/defenses/pruning.h"
#include "core/defenses/pruning_aware.h"
#include "core/io/data_io.h"
#include "core/io/keras_io.h"

#include "tests/core/synthetic.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace bdl::core {
namespace {

using bdl::test::kYoutube;

/// Points k = 0, 1, ... with the given CCA and, per k, the ASR of each poisoned set.
std::vector<PrunePoint> curve(const std::vector<double>& cca,
                              const std::vector<std::vector<double>>& asr) {
    std::vector<PrunePoint> points;
    for (size_t k = 0; k < cca.size(); ++k) {
        PrunePoint p;
        p.k = static_cast<int64_t>(k);
        p.channel = k == 0 ? -1 : static_cast<int64_t>(k);
        p.cca = cca[k];
        p.asr = asr[k];
        points.push_back(p);
    }
    return points;
}

TEST(PruningAware, BackdoorInDormantChannelsIsNotPruningAware) {
    // The ordinary BadNet of Liu et al.: ASR survives the first channels (10 % of them, say) but
    // is gone before the clean accuracy falls by 4 points.
    const auto r = pruningAwareness(
        curve({95, 95, 95, 94, 93, 91.5, 90, 80}, {{100}, {100}, {98}, {40}, {5}, {2}, {1}, {0}}));
    EXPECT_EQ(r.kStar, 5); // CCA 91.5 >= 95 - 4; k = 6 falls to 90
    EXPECT_EQ(r.kLimit, 7);
    EXPECT_DOUBLE_EQ(r.baseCca, 95.0);
    EXPECT_DOUBLE_EQ(r.ccaAtKStar, 91.5);
    EXPECT_EQ(r.asrAtKStar, std::vector<double>{2.0});
    EXPECT_EQ(r.baseAsr, std::vector<double>{100.0});
    EXPECT_EQ(r.aware, std::vector<bool>{false});
    EXPECT_DOUBLE_EQ(r.config.ccaMargin, 4.0);
    EXPECT_DOUBLE_EQ(r.config.asrThreshold, 50.0);
}

TEST(PruningAware, BackdoorSurvivingTheMarginIsPruningAwarePerSet) {
    const auto r = pruningAwareness(curve(
        {90, 90, 89, 87, 85.9, 70}, {{99, 97}, {99, 90}, {98, 60}, {97, 49.9}, {96, 10}, {0, 0}}));
    EXPECT_EQ(r.kStar, 3); // 87 >= 86 (exactly at the margin counts); 85.9 does not
    EXPECT_EQ(r.asrAtKStar, (std::vector<double>{97, 49.9}));
    EXPECT_EQ(r.aware, (std::vector<bool>{true, false})); // 49.9 < 50
}

TEST(PruningAware, TheFirstFallStopsTheDefenderEvenIfAccuracyRecovers) {
    // CCA dips below the margin at k = 2 and comes back at k = 3: the defender stopped at 1.
    const auto r = pruningAwareness(curve({80, 79, 75, 79, 78}, {{90}, {90}, {90}, {10}, {5}}));
    EXPECT_EQ(r.kStar, 1);
    EXPECT_EQ(r.aware, std::vector<bool>{true});
}

TEST(PruningAware, MarginNeverLeftGivesTheLastPointAndThresholdsAreConfigurable) {
    PruningAwareConfig cfg;
    cfg.ccaMargin = 10.0;
    cfg.asrThreshold = 95.0;
    const auto r = pruningAwareness(curve({50, 49, 45}, {{99}, {96}, {95}}), cfg);
    EXPECT_EQ(r.kStar, 2);
    EXPECT_EQ(r.kStar, r.kLimit);
    EXPECT_EQ(r.aware, std::vector<bool>{true}); // 95 >= 95
    EXPECT_DOUBLE_EQ(r.config.asrThreshold, 95.0);
    // A single point (k = 0 only): k* = 0, the unpruned ASR decides.
    const auto one = pruningAwareness(curve({90}, {{30}}));
    EXPECT_EQ(one.kStar, 0);
    EXPECT_EQ(one.aware, std::vector<bool>{false});
}

TEST(PruningAware, RejectsCurvesItCannotJudge) {
    EXPECT_THROW(pruningAwareness({}), Error);
    auto shifted = curve({90, 89}, {{1}, {1}});
    shifted[0].k = 1;
    shifted[1].k = 2;
    EXPECT_THROW(pruningAwareness(shifted), Error);
    auto unordered = curve({90, 89, 88}, {{1}, {1}, {1}});
    unordered[2].k = 1;
    EXPECT_THROW(pruningAwareness(unordered), Error);
    EXPECT_THROW(pruningAwareness(curve({90, 89}, {{1}, {1, 2}})), Error);
    PruningAwareConfig negative;
    negative.ccaMargin = -1.0;
    EXPECT_THROW(pruningAwareness(curve({90}, {{1}}), negative), Error);
    try {
        pruningAwareness(unordered);
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("k = 1 after k = 1"), std::string::npos) << e.what();
    }
}

/// k* by brute force: the last k before the first point below CCA(0) - margin.
int64_t bruteKStar(const std::vector<PrunePoint>& points, double margin) {
    int64_t star = 0;
    for (const PrunePoint& p : points) {
        if (p.cca < points[0].cca - margin)
            break;
        star = p.k;
    }
    return star;
}

TEST(PruningAware, OnTheSyntheticBadNetsCurve) {
    const auto& t = test::syntheticTask();
    const PruningCurve c = pruningCurve(t.model, t.cleanTrain, t.cleanTest, {t.poisonedTest});
    const PruningAwareness r = pruningAwareness(c.points);
    EXPECT_EQ(r.kStar, bruteKStar(c.points, 4.0));
    EXPECT_EQ(r.kLimit, static_cast<int64_t>(c.points.size()) - 1);
    const PrunePoint& at = c.points[static_cast<size_t>(r.kStar)];
    EXPECT_EQ(r.ccaAtKStar, at.cca);
    EXPECT_EQ(r.asrAtKStar, at.asr);
    ASSERT_EQ(r.aware.size(), 1u);
    EXPECT_EQ(r.aware[0], at.asr[0] >= 50.0);
}

TEST(PruningAware, SharedSunglassesBadNet) {
    if (!std::filesystem::is_directory(kYoutube + "/models"))
        GTEST_SKIP() << "no shared data at " << kYoutube;
    const Model m = loadKerasModel(kYoutube + "/models/sunglasses_bd_weights.h5").model;
    DataSpec cs;
    cs.path = kYoutube + "/images/clean_test";
    DataSpec ps;
    ps.path = kYoutube + "/images/sunglasses_poisoned_data";
    ps.role = DataSpec::Poisoned;
    const Dataset clean = loadDataset(cs);
    const Dataset poisoned = loadDataset(ps);
    const PruningCurve c = pruningCurve(m, clean, clean, {poisoned});
    const PruningAwareness r = pruningAwareness(c.points);
    // Ranked and scored on the 100 clean_test images: CCA 95 % unpruned, first below 91 % at
    // k = 24 (90 %); at k* = 23 (CCA 92 %) the sunglasses still switch every poisoned face to
    // the target. The backdoor does not live in the dormant channels: pruning alone cannot
    // remove it, so by the definition this BadNet is pruning-aware (ASR still 96 % at k = 46).
    EXPECT_EQ(r.kStar, bruteKStar(c.points, 4.0));
    EXPECT_EQ(r.kStar, 23);
    EXPECT_DOUBLE_EQ(r.baseCca, 95.0);
    EXPECT_DOUBLE_EQ(r.ccaAtKStar, 92.0);
    EXPECT_DOUBLE_EQ(r.asrAtKStar[0], 100.0);
    EXPECT_EQ(r.aware, std::vector<bool>{true});
}

} // namespace
} // namespace bdl::core
