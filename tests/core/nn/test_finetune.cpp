// finetune.h and fine_pruning.h: Adam fine-tuning (loss, determinism, cancel, masks kept),
// the step-driven paper protocol, the Liu et al. stopping rule and the learning-rate sweep.
#include "core/base/errors.h"
#include "core/base/feedback.h"
#include "core/defenses/fine_pruning.h"
#include "core/nn/finetune.h"
#include "core/nn/metrics.h"
#include "core/defenses/pruning.h"

#include "tests/core/synthetic.h"

#include <gtest/gtest.h>
#include <torch/types.h>

#include <cmath>

namespace bdl::core {
namespace {

using test::syntheticTask;

bool sameWeights(const Model& a, const Model& b) {
    for (const auto& layer : a.weightedLayers()) {
        const auto wa = a.kerasWeights(layer);
        const auto wb = b.kerasWeights(layer);
        for (size_t i = 0; i < wa.size(); ++i)
            if (!torch::equal(wa[i], wb[i]))
                return false;
    }
    return true;
}

FineTuneConfig quick(int epochs = 1, double lr = 1e-3) {
    FineTuneConfig c;
    c.epochs = epochs;
    c.lr = lr;
    c.seed = 7;
    return c;
}

TEST(FineTune, ReducesTheLossAndIsSeeded) {
    const auto data = test::makeSyntheticSet(160, false, 21);
    Model a = test::tinyModel(5);
    Model b = test::tinyModel(5);
    std::vector<double> seen;
    const auto r = fineTune(a, data, quick(3), nullptr,
                            [&](int epoch, double loss) { seen.push_back(loss + 0 * epoch); });
    ASSERT_EQ(r.epochLoss.size(), 3u);
    EXPECT_EQ(seen, r.epochLoss);
    EXPECT_EQ(r.steps, 3 * 5);
    EXPECT_LT(r.epochLoss.back(), r.epochLoss.front());
    EXPECT_FALSE(sameWeights(a, b));
    fineTune(b, data, quick(3));
    EXPECT_TRUE(sameWeights(a, b)); // same seed, same weights
    Model c = test::tinyModel(5);
    auto other = quick(3);
    other.seed = 8;
    fineTune(c, data, other);
    EXPECT_FALSE(sameWeights(a, c));
}

TEST(FineTune, CancelLeavesTheModelUnchanged) {
    const auto data = test::makeSyntheticSet(160, false, 22);
    Model m = test::tinyModel(6);
    const Model before = m;
    Feedback fb([&](double f, const std::string&) {
        if (f > 0.3)
            fb.cancel();
    });
    EXPECT_THROW(fineTune(m, data, quick(2), &fb), Cancelled);
    EXPECT_TRUE(fb.progress() > 0.3 && fb.progress() < 1.0);
    EXPECT_TRUE(sameWeights(m, before));
}

TEST(FineTune, RejectsUnusableInput) {
    Model m = test::tinyModel(6);
    auto data = test::makeSyntheticSet(8, false, 23);
    auto bad = quick();
    bad.lr = 0.0;
    EXPECT_THROW(fineTune(m, data, bad), Error);
    data.labels[0] = -1;
    EXPECT_THROW(fineTune(m, data, quick()), Error);
    data.labels[0] = test::kSynthClasses;
    EXPECT_THROW(fineTune(m, data, quick()), Error);
}

TEST(FineTune, PrunedChannelsStayPruned) {
    const auto& t = syntheticTask();
    Model m = t.model;
    applyPruning(m, "pool_3", {2, 9}, 2);
    fineTune(m, t.cleanTrain.slice(0, 96), quick(1, 1e-2));
    const auto mask = m.channelMask("pool_3");
    ASSERT_TRUE(mask.defined());
    EXPECT_EQ(mask[2].item<float>(), 0.0f);
    EXPECT_EQ(mask[9].item<float>(), 0.0f);
    const auto w = m.kerasWeights("conv_3");
    EXPECT_EQ(w[0].select(3, 2).abs().max().item<float>(), 0.0f);
    EXPECT_EQ(w[1][9].item<float>(), 0.0f);
    EXPECT_GT(w[0].select(3, 3).abs().max().item<float>(), 0.0f);
    const auto acts = m.forwardTo(t.cleanTest.images.slice(0, 0, 20), "pool_3");
    EXPECT_EQ(acts.select(1, 2).abs().max().item<float>(), 0.0f);
}

TEST(FinePruning, PaperProtocolIsStepDriven) {
    const auto& t = syntheticTask();
    FinePruneConfig cfg;
    cfg.steps = 2;
    cfg.tune = quick(1);
    const Dataset train = t.cleanTrain.slice(0, 128);
    FinePruner pruner(t.model, train, t.cleanTest, {t.poisonedTest}, cfg);
    ASSERT_EQ(pruner.points().size(), 1u);
    const auto r0 = evaluate(t.model, t.cleanTest, {t.poisonedTest});
    EXPECT_DOUBLE_EQ(pruner.points()[0].cca, r0.cca);
    EXPECT_TRUE(std::isnan(pruner.points()[0].trainLoss));
    EXPECT_EQ(pruner.order(), rankChannels(t.model, train, "pool_3"));

    const auto p1 = pruner.step();
    EXPECT_EQ(p1.k, 1);
    EXPECT_EQ(p1.channel, pruner.order()[0]);
    EXPECT_FALSE(std::isnan(p1.trainLoss));
    // Cancelling a step keeps the previous state.
    Feedback fb;
    fb.cancel();
    const Model beforeCancel = pruner.model();
    EXPECT_THROW(pruner.step(&fb), Cancelled);
    EXPECT_EQ(pruner.points().size(), 2u);
    EXPECT_TRUE(sameWeights(pruner.model(), beforeCancel));

    pruner.step();
    EXPECT_TRUE(pruner.isDone());
    EXPECT_THROW(pruner.step(), Error);
    const auto r = evaluate(pruner.model(), t.cleanTest, {t.poisonedTest});
    EXPECT_DOUBLE_EQ(pruner.points().back().cca, r.cca);
    EXPECT_DOUBLE_EQ(pruner.points().back().asr[0], r.asr[0].asr);
    EXPECT_EQ(pruner.model().channelMask("pool_3").sum().item<float>(), 58.0f);

    // The one-call form produces the same curve.
    int calls = 0;
    const auto all = finePrune(t.model, train, t.cleanTest, {t.poisonedTest}, cfg, nullptr,
                               [&](const FinePrunePoint&) { ++calls; });
    EXPECT_EQ(calls, 3);
    ASSERT_EQ(all.points.size(), 3u);
    EXPECT_DOUBLE_EQ(all.points[2].cca, pruner.points()[2].cca);
    EXPECT_TRUE(sameWeights(*all.repaired, pruner.model()));
}

TEST(FinePruning, LiuStopsWhenValidationAccuracyDrops) {
    const auto& t = syntheticTask();
    LiuConfig cfg;
    cfg.maxAccuracyDrop = 4.0;
    cfg.tune = quick(1);
    const auto r = liuFinePrune(t.model, t.cleanTrain.slice(0, 128), t.cleanTrain.slice(200, 400),
                                t.cleanTest, {t.poisonedTest}, cfg);
    ASSERT_EQ(static_cast<int64_t>(r.validationCurve.size()), r.stopK + 1);
    EXPECT_DOUBLE_EQ(r.validationCurve[0], r.baseValidation);
    for (int64_t k = 0; k < r.stopK; ++k)
        EXPECT_LE(r.baseValidation - r.validationCurve[static_cast<size_t>(k)], 4.0);
    if (r.stopK < 60) {
        EXPECT_GT(r.baseValidation - r.validationCurve.back(), 4.0);
    }
    // The pruned model's scores match a model masked at stopK.
    Model masked = t.model;
    applyPruning(masked, r.layer, r.order, r.stopK);
    EXPECT_DOUBLE_EQ(r.pruned.cca, evaluate(masked, t.cleanTest, {t.poisonedTest}).cca);
    EXPECT_EQ(r.repaired->channelMask(r.layer).sum().item<float>(), 60.0f - r.stopK);
    EXPECT_EQ(r.epochLoss.size(), 1u);

    cfg.keepLastWithinBudget = true;
    const auto within =
        liuFinePrune(t.model, t.cleanTrain.slice(0, 128), t.cleanTrain.slice(200, 400), t.cleanTest,
                     {t.poisonedTest}, cfg);
    EXPECT_EQ(within.stopK, r.stopK < 60 ? r.stopK - 1 : r.stopK);
}

TEST(FinePruning, LearningRateSweepReusesThePaperProtocol) {
    const auto& t = syntheticTask();
    const Dataset train = t.cleanTrain.slice(0, 64);
    LrSweepConfig cfg;
    cfg.lrs = {1e-3, 1e-4};
    cfg.ks = {1, 2};
    cfg.epochs = 1;
    cfg.seed = 7;
    std::vector<std::pair<size_t, size_t>> cells;
    const auto r =
        learningRateSweep(t.model, train, t.cleanTest, {t.poisonedTest}, cfg, nullptr,
                          [&](const LrSweepCell& c) { cells.emplace_back(c.lrIndex, c.kIndex); });
    ASSERT_EQ(cells.size(), 4u);
    ASSERT_EQ(r.cca.size(), 2u);
    ASSERT_EQ(r.asr.size(), 1u);
    ASSERT_EQ(r.asr[0][1].size(), 2u);
    // Cell (lr = 1e-4, k = 2) is the paper protocol after two steps at that lr.
    FinePruneConfig fp;
    fp.steps = 2;
    fp.tune = quick(1, 1e-4);
    FinePruner pruner(t.model, train, t.cleanTest, {t.poisonedTest}, fp);
    pruner.step();
    pruner.step();
    EXPECT_DOUBLE_EQ(r.cca[1][1], pruner.points()[2].cca);
    EXPECT_DOUBLE_EQ(r.asr[0][1][1], pruner.points()[2].asr[0]);
    cfg.ks = {2, 1};
    EXPECT_THROW(learningRateSweep(t.model, train, t.cleanTest, {}, cfg), Error);
}

} // namespace
} // namespace bdl::core
