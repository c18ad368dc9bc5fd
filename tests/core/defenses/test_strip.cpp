// strip.h: overlay draws, entropies (fast and generic path), thresholds, AUROC and reports, on
// hand-made numbers, the synthetic backdoor and the real sunglasses badnet.
#include "tests/core/shared_data.h"
#include "core/io/data_io.h"
#include "core/base/errors.h"
#include "core/base/feedback.h"
#include "core/io/keras_io.h"
#include "core/nn/metrics.h"
#include "core/base/runtime.h"
#include "core/defenses/strip.h"

#include "tests/core/synthetic.h"

#include <gtest/gtest.h>
#include <torch/types.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <random>

namespace bdl::core {
namespace {

using test::syntheticTask;

using bdl::test::kYoutube;

std::vector<double> toVector(const torch::Tensor& t) {
    const auto c = t.to(torch::kFloat64).contiguous();
    return {c.data_ptr<double>(), c.data_ptr<double>() + c.numel()};
}

TEST(Strip, InverseNormalCdfAtKnownPoints) {
    EXPECT_NEAR(inverseNormalCdf(0.5), 0.0, 1e-14);
    EXPECT_NEAR(inverseNormalCdf(0.975), 1.959963984540054, 1e-12);
    EXPECT_NEAR(inverseNormalCdf(0.01), -2.326347874040841, 1e-12);
    EXPECT_NEAR(inverseNormalCdf(0.99), 2.326347874040841, 1e-12);
    EXPECT_NEAR(inverseNormalCdf(1e-10), -6.361340902404056, 1e-9);
    EXPECT_NEAR(inverseNormalCdf(0.8413447460685429), 1.0, 1e-12);
    EXPECT_THROW(inverseNormalCdf(0.0), Error);
    EXPECT_THROW(inverseNormalCdf(1.0), Error);
}

TEST(Strip, AurocOnHandMadeScores) {
    // Poisoned inputs have low entropy: perfect separation gives 1.
    EXPECT_DOUBLE_EQ(stripAuroc({0.5, 0.6, 0.9}, {0.1, 0.2}), 1.0);
    EXPECT_DOUBLE_EQ(stripAuroc({0.1, 0.2}, {0.5, 0.6, 0.9}), 0.0);
    EXPECT_DOUBLE_EQ(stripAuroc({0.3, 0.3, 0.3}, {0.3, 0.3}), 0.5);
    // Pairs (clean, poisoned): (1, 1) tie 0.5, (1, 2) 0, (3, 1) 1, (3, 2) 1 -> 2.5 / 4.
    EXPECT_DOUBLE_EQ(stripAuroc({1.0, 3.0}, {1.0, 2.0}), 0.625);
    EXPECT_TRUE(std::isnan(stripAuroc({}, {1.0})));
}

TEST(Strip, CleanOnlyThresholdsGiveTheRequestedFrr) {
    std::mt19937_64 rng(5);
    std::normal_distribution<double> normal(2.0, 0.5);
    std::vector<double> calib(2000);
    for (auto& v : calib)
        v = normal(rng);
    const auto pct = cleanThreshold(calib, ThresholdRule::Percentile, 1.0);
    EXPECT_FALSE(pct.usesPoisonedData);
    EXPECT_DOUBLE_EQ(flaggedPercent(calib, pct.value), 1.0);
    EXPECT_DOUBLE_EQ(
        flaggedPercent(calib, cleanThreshold(calib, ThresholdRule::Percentile, 5.0).value), 5.0);
    const auto fit = cleanThreshold(calib, ThresholdRule::NormalFit, 1.0);
    EXPECT_NEAR(flaggedPercent(calib, fit.value), 1.0, 0.6);
    EXPECT_NEAR(fit.value, 2.0 - 2.326 * 0.5, 0.06);
    EXPECT_THROW(cleanThreshold(calib, ThresholdRule::EqualError), Error);
    EXPECT_THROW(cleanThreshold({}, ThresholdRule::Percentile), Error);
    EXPECT_THROW(cleanThreshold(calib, ThresholdRule::Percentile, 0.0), Error);
}

TEST(Strip, EqualErrorThresholdUsesPoisonedData) {
    const std::vector<double> clean{0.5, 0.6, 0.7, 0.8};
    const std::vector<double> poisoned{0.1, 0.2, 0.55, 0.3};
    const auto t = equalErrorThreshold(clean, poisoned);
    EXPECT_TRUE(t.usesPoisonedData);
    // Between 0.5 and 0.55: FRR 25 % (0.5 flagged), FAR 25 % (0.55 passes).
    EXPECT_DOUBLE_EQ(flaggedPercent(clean, t.value), 25.0);
    EXPECT_DOUBLE_EQ(100.0 - flaggedPercent(poisoned, t.value), 25.0);
}

TEST(Strip, ReportScoresStripAsAFilter) {
    StripSetData clean{"clean", {0.9, 0.8, 0.05, 0.7}, {1, 2, 3, 0}, {1, 2, 3, 1}};
    StripSetData pois{"pois", {0.01, 0.02, 0.85}, {0, 0, 0}, {0, 0, 0}};
    const std::vector<double> calib{0.6, 0.7, 0.8, 0.9};
    const auto r = stripReport(calib, clean, {pois}, ThresholdRule::Percentile, 30.0);
    // floor(0.3 * 4) = 1 calibration value below: threshold halfway 0.6 / 0.7.
    EXPECT_DOUBLE_EQ(r.threshold.value, 0.65);
    EXPECT_DOUBLE_EQ(r.calibrationFrr, 25.0);
    EXPECT_DOUBLE_EQ(r.cleanFrr, 25.0); // 0.05 flagged
    EXPECT_DOUBLE_EQ(r.cca, 50.0);      // rows 0, 1 correct and passed; row 2 flagged
    ASSERT_EQ(r.sets.size(), 1u);
    EXPECT_NEAR(r.sets[0].far, 100.0 / 3.0, 1e-12);
    EXPECT_NEAR(r.sets[0].asr, 100.0 / 3.0, 1e-12); // only the 0.85 input gets through
    EXPECT_DOUBLE_EQ(r.sets[0].auroc, stripAuroc(clean.entropy, pois.entropy));
    const auto oracle = stripReport({}, clean, {pois}, ThresholdRule::EqualError);
    EXPECT_TRUE(oracle.threshold.usesPoisonedData);
    EXPECT_TRUE(std::isnan(oracle.cca));
    EXPECT_FALSE(std::isnan(oracle.sets[0].threshold));
}

TEST(Strip, ReportAtAGivenThresholdMatchesTheRuleReport) {
    StripSetData clean{"clean", {0.9, 0.8, 0.05, 0.7}, {1, 2, 3, 0}, {1, 2, 3, 1}};
    StripSetData pois{"pois", {0.01, 0.02, 0.85}, {0, 0, 0}, {0, 0, 0}};
    const std::vector<double> calib{0.6, 0.7, 0.8, 0.9};
    const auto rule = stripReport(calib, clean, {pois}, ThresholdRule::NormalFit, 5.0);
    const auto at = stripReportAt(calib, clean, {pois}, rule.threshold);
    EXPECT_EQ(at.threshold.value, rule.threshold.value);
    EXPECT_EQ(at.cleanFrr, rule.cleanFrr);
    EXPECT_EQ(at.cca, rule.cca);
    EXPECT_EQ(at.calibrationFrr, rule.calibrationFrr);
    ASSERT_EQ(at.sets.size(), 1u);
    EXPECT_EQ(at.sets[0].far, rule.sets[0].far);
    EXPECT_EQ(at.sets[0].asr, rule.sets[0].asr);
    // A dragged line at 0.75: clean 0.05 and 0.7 flagged (FRR 50 %), rows 0 and 1 correct and
    // passed (CCA 50 %); calibration 0.6, 0.7 flagged; the poisoned 0.85 passes (FAR, ASR 1/3).
    StripThreshold t;
    t.value = 0.75;
    const auto r = stripReportAt(calib, clean, {pois}, t);
    EXPECT_DOUBLE_EQ(r.cleanFrr, 50.0);
    EXPECT_DOUBLE_EQ(r.cca, 50.0);
    EXPECT_DOUBLE_EQ(r.calibrationFrr, 50.0);
    EXPECT_NEAR(r.sets[0].far, 100.0 / 3.0, 1e-12);
    EXPECT_NEAR(r.sets[0].asr, 100.0 / 3.0, 1e-12);
    EXPECT_DOUBLE_EQ(r.sets[0].threshold, 0.75);
    EXPECT_DOUBLE_EQ(r.sets[0].frr, 50.0);
    StripSetData bad = pois;
    bad.predicted.pop_back();
    EXPECT_THROW(stripReportAt(calib, clean, {bad}, t), Error);
}

TEST(Strip, RocOnHandMadeScores) {
    // Distinct values 1, 2, 3: thresholds 0, 1.5, 2.5, 4.
    const std::vector<double> clean{1.0, 3.0}, pois{1.0, 2.0};
    const auto roc = stripRoc(clean, pois);
    ASSERT_EQ(roc.size(), 4u);
    const double want[4][3] = {
        {0.0, 0.0, 0.0}, {1.5, 50.0, 50.0}, {2.5, 50.0, 100.0}, {4.0, 100.0, 100.0}};
    for (size_t i = 0; i < 4; ++i) {
        EXPECT_DOUBLE_EQ(roc[i].threshold, want[i][0]) << i;
        EXPECT_DOUBLE_EQ(roc[i].frr, want[i][1]) << i;
        EXPECT_DOUBLE_EQ(roc[i].detection, want[i][2]) << i;
    }
    // Trapezoids: 0.5 * 0.25 + 0 + 0.5 * 1 = 0.625, stripAuroc's value for these lists.
    double area = 0.0;
    for (size_t i = 1; i < roc.size(); ++i)
        area += (roc[i].frr - roc[i - 1].frr) * (roc[i].detection + roc[i - 1].detection) / 2e4;
    EXPECT_DOUBLE_EQ(area, 0.625);
    EXPECT_DOUBLE_EQ(stripAuroc(clean, pois), 0.625);
    EXPECT_TRUE(stripRoc({}, pois).empty());
    EXPECT_TRUE(stripRoc(clean, {}).empty());
}

TEST(Strip, RocAreaIsTheAurocAndPointsAreFlaggedPercents) {
    std::mt19937_64 rng(11);
    std::normal_distribution<double> c(1.2, 0.4), p(0.5, 0.4);
    std::vector<double> clean(300), pois(150);
    for (auto& v : clean)
        v = std::round(c(rng) * 20.0) / 20.0; // ties on purpose
    for (auto& v : pois)
        v = std::round(p(rng) * 20.0) / 20.0;
    const auto roc = stripRoc(clean, pois);
    ASSERT_GE(roc.size(), 2u);
    EXPECT_EQ(roc.front().frr, 0.0);
    EXPECT_EQ(roc.front().detection, 0.0);
    EXPECT_EQ(roc.back().frr, 100.0);
    EXPECT_EQ(roc.back().detection, 100.0);
    double area = 0.0;
    for (size_t i = 0; i < roc.size(); ++i) {
        EXPECT_EQ(roc[i].frr, flaggedPercent(clean, roc[i].threshold)) << i;
        EXPECT_EQ(roc[i].detection, flaggedPercent(pois, roc[i].threshold)) << i;
        if (i > 0) {
            EXPECT_GT(roc[i].threshold, roc[i - 1].threshold);
            EXPECT_GE(roc[i].frr, roc[i - 1].frr);
            EXPECT_GE(roc[i].detection, roc[i - 1].detection);
            area += (roc[i].frr - roc[i - 1].frr) / 100.0 *
                    (roc[i].detection + roc[i - 1].detection) / 200.0;
        }
    }
    EXPECT_NEAR(area, stripAuroc(clean, pois), 1e-12);
    // The equal-error threshold is one of the ROC's thresholds.
    const double eer = equalErrorThreshold(clean, pois).value;
    EXPECT_TRUE(
        std::any_of(roc.begin(), roc.end(), [&](const RocPoint& r) { return r.threshold == eer; }));
}

TEST(Strip, BlendAndEntropyHelpersAreWhatEntropiesAverage) {
    const auto& t = syntheticTask();
    StripConfig c;
    c.n = 5;
    c.allowFastPath = false;
    const auto x = t.cleanTest.images.slice(0, 0, 3);
    const auto idx = stripOverlayIndices(t.cleanTrain.size(), c);
    const auto chosen = t.cleanTrain.images.index_select(0, torch::tensor(idx, torch::kInt64));
    const auto blended = stripBlend(x, chosen, c);
    ASSERT_EQ(blended.size(0), 15);
    // Input-major: row 1 * 5 + 2 is input 1 with overlay 2.
    EXPECT_TRUE(torch::allclose(blended[7], 0.5 * x[1] + 0.5 * chosen[2]));
    const auto h = softmaxEntropyBits(t.model.logits(blended)).view({3, 5}).mean(1);
    EXPECT_TRUE(torch::allclose(h, stripEntropies(t.model, x, t.cleanTrain.images, c), 1e-9, 1e-9));
    c.mode = BlendMode::Additive;
    const auto add = stripBlend(x, chosen, c);
    EXPECT_LE(add.max().item<float>(), 255.0f);
    EXPECT_TRUE(torch::equal(add[0], torch::clamp(x[0] + chosen[0], 0.0, 255.0)));
    // A uniform softmax has log2(classes) bits.
    EXPECT_NEAR(softmaxEntropyBits(torch::zeros({1, 8})).item<double>(), 3.0, 1e-6);
    EXPECT_THROW(stripBlend(x, chosen.slice(2, 0, 16), c), Error);
}

TEST(Strip, OverlayDrawIsSeeded) {
    StripConfig c;
    c.n = 10;
    const auto a = stripOverlayIndices(50, c);
    EXPECT_EQ(a, stripOverlayIndices(50, c));
    std::vector<int64_t> sorted = a;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(std::unique(sorted.begin(), sorted.end()), sorted.end()); // without replacement
    c.seed = 1;
    EXPECT_NE(a, stripOverlayIndices(50, c));
    EXPECT_EQ(stripOverlayIndices(3, c).size(), 10u); // with replacement from a small pool
}

TEST(Strip, SyntheticBackdoorSeparatesAndIsReproducible) {
    const auto& t = syntheticTask();
    StripConfig c;
    c.n = 16;
    const auto clean = t.cleanTest.slice(0, 60);
    const auto pois = t.poisonedTest.slice(0, 60);
    bool fast = false;
    const auto ec = stripEntropies(t.model, clean.images, t.cleanTrain.images, c,
                                   ProgressScope(nullptr), &fast);
    EXPECT_TRUE(fast);
    const auto ep = stripEntropies(t.model, pois.images, t.cleanTrain.images, c);
    EXPECT_GT(stripAuroc(toVector(ec), toVector(ep)), 0.9);
    EXPECT_TRUE(torch::equal(ec, stripEntropies(t.model, clean.images, t.cleanTrain.images, c)));
    // The first-convolution cache is exact: same entropies as blending pixels.
    c.allowFastPath = false;
    EXPECT_TRUE(torch::allclose(ec, stripEntropies(t.model, clean.images, t.cleanTrain.images, c),
                                1e-4, 1e-5));
    // Entropies are means over the blends of a softmax's entropy: within [0, log2(classes)].
    EXPECT_GE(ec.min().item<double>(), 0.0);
    EXPECT_LE(ec.max().item<double>(), std::log2(test::kSynthClasses) + 1e-9);
    c.seed = 9;
    EXPECT_FALSE(torch::equal(ec, stripEntropies(t.model, clean.images, t.cleanTrain.images, c)));
    c.mode = BlendMode::Additive;
    const auto ea = stripEntropies(t.model, clean.images.slice(0, 0, 4), t.cleanTrain.images, c);
    EXPECT_EQ(ea.size(0), 4);
}

TEST(Strip, CancelThrows) {
    const auto& t = syntheticTask();
    Feedback fb;
    fb.cancel();
    EXPECT_THROW(stripEntropies(t.model, t.cleanTest.images, t.cleanTrain.images, {}, &fb),
                 Cancelled);
}

TEST(StripReal, SunglassesThroughputAndSeparation) {
    if (!std::filesystem::is_directory(kYoutube + "/models"))
        GTEST_SKIP() << "no shared data at " << kYoutube;
    setThreads(0);
    Model m = loadKerasModel(kYoutube + "/models/sunglasses_bd_weights.h5").model;
    DataSpec cs;
    cs.path = kYoutube + "/images/clean_test";
    DataSpec ps;
    ps.path = kYoutube + "/images/sunglasses_poisoned_data";
    ps.role = DataSpec::Poisoned;
    const auto clean = loadDataset(cs);
    const auto pois = loadDataset(ps);
    StripConfig c; // N = 100, alpha 0.5, overlays from clean_test as the reference does
    torch::Tensor e[2];
    double rate[2];
    for (int fast = 1; fast >= 0; --fast) {
        c.allowFastPath = fast == 1;
        const auto start = std::chrono::steady_clock::now();
        e[fast] = stripEntropies(m, torch::cat({clean.images, pois.images}), clean.images, c);
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        rate[fast] = 200.0 / s;
    }
    EXPECT_TRUE(torch::allclose(e[0], e[1], 1e-4, 1e-4));
    const auto ec = toVector(e[1].slice(0, 0, 100));
    const auto ep = toVector(e[1].slice(0, 100, 200));
    const double auroc = stripAuroc(ec, ep);
    EXPECT_GT(auroc, 0.9);
    std::printf("[timing] STRIP N=100, %d threads: fast path %.1f inputs/s, generic %.1f "
                "inputs/s; AUROC sunglasses %.3f\n",
                at::get_num_threads(), rate[1], rate[0], auroc);
}

} // namespace
} // namespace bdl::core
