// pruning.h: channel order, dormant channels, and the pruning curve (fast incremental path and
// generic path) against evaluate() of explicitly masked models.
#include "core/nn/activations.h"
#include "core/io/data_io.h"
#include "core/base/errors.h"
#include "core/base/feedback.h"
#include "core/io/keras_io.h"
#include "core/nn/metrics.h"
#include "core/defenses/pruning.h"
#include "core/base/runtime.h"

#include "tests/core/synthetic.h"

#include <gtest/gtest.h>
#include <torch/types.h>

#include <chrono>
#include <filesystem>

namespace bdl::core {
namespace {

using test::syntheticTask;

const std::string kYoutube = std::string(BDL_SHARED_DIR) + "/data/youtube_face";

/// Every point of the curve equals evaluate() of the model with the first k channels masked.
void expectCurveMatchesMaskedModels(const Model& model, const PruningCurve& curve,
                                    const Dataset& clean, const std::vector<Dataset>& poisoned) {
    for (const auto& p : curve.points) {
        Model masked(model);
        applyPruning(masked, curve.layer, curve.order, p.k);
        const auto r = evaluate(masked, clean, poisoned);
        EXPECT_DOUBLE_EQ(p.cca, r.cca) << "k = " << p.k;
        ASSERT_EQ(p.asr.size(), r.asr.size());
        for (size_t i = 0; i < p.asr.size(); ++i)
            EXPECT_DOUBLE_EQ(p.asr[i], r.asr[i].asr) << "k = " << p.k;
    }
}

TEST(Pruning, OrderIsIncreasingMeanWithTiesByIndex) {
    const auto means = torch::tensor({0.5, 0.0, 0.2, 0.0, 0.2}, torch::kFloat64);
    EXPECT_EQ(pruneOrder(means), (std::vector<int64_t>{1, 3, 2, 4, 0}));
    const auto mask = pruneMask(5, {1, 3, 2, 4, 0}, 2);
    EXPECT_TRUE(torch::equal(mask, torch::tensor({1.f, 0.f, 1.f, 0.f, 1.f})));
    EXPECT_THROW(pruneMask(5, {1, 3}, 3), Error);
}

TEST(Pruning, ApplyPruningCombinesWithExistingMask) {
    Model m = syntheticTask().model;
    applyPruning(m, "pool_3", {5, 7}, 1);
    applyPruning(m, "pool_3", {9}, 1);
    const auto mask = m.channelMask("pool_3");
    EXPECT_EQ(mask.sum().item<float>(), 58.0f);
    EXPECT_EQ(mask[5].item<float>(), 0.0f);
    EXPECT_EQ(mask[9].item<float>(), 0.0f);
    EXPECT_EQ(mask[7].item<float>(), 1.0f);
}

TEST(Pruning, CurveMatchesMaskedModelsOnBothPaths) {
    const auto& t = syntheticTask();
    for (bool fast : {true, false}) {
        PruneConfig cfg;
        cfg.allowFastPath = fast;
        const auto curve = pruningCurve(t.model, t.cleanTrain, t.cleanTest, {t.poisonedTest}, cfg);
        EXPECT_EQ(curve.fastPath, fast) << curve.fastPathNote;
        EXPECT_EQ(curve.layer, "pool_3");
        ASSERT_EQ(curve.points.size(), 61u);
        EXPECT_EQ(curve.points[0].channel, -1);
        for (size_t k = 1; k < curve.points.size(); ++k)
            EXPECT_EQ(curve.points[k].channel, curve.order[k - 1]);
        // k = 0 is exactly evaluate() of the unpruned model.
        const auto r = evaluate(t.model, t.cleanTest, {t.poisonedTest});
        EXPECT_DOUBLE_EQ(curve.points[0].cca, r.cca);
        EXPECT_DOUBLE_EQ(curve.points[0].asr[0], r.asr[0].asr);
        expectCurveMatchesMaskedModels(t.model, curve, t.cleanTest, {t.poisonedTest});
        // Pruning every channel leaves a constant prediction.
        EXPECT_LT(curve.points.back().cca, 50.0);
    }
}

TEST(Pruning, OrderFollowsActivationsAndDormantChannelsAreReported) {
    Model m = syntheticTask().model;
    // Kill conv_3 channels 4 and 11: zero kernel, negative bias -> relu output 0 everywhere.
    auto w = m.kerasWeights("conv_3");
    w[0].select(3, 4).zero_();
    w[0].select(3, 11).zero_();
    w[1][4] = -1.0f;
    w[1][11] = -1.0f;
    m.setKerasWeights("conv_3", w);
    const auto& t = syntheticTask();
    const auto curve = pruningCurve(m, t.cleanTrain, t.cleanTest, {t.poisonedTest});
    // The trained net has dormant channels of its own; the killed ones must be among them, and
    // every dormant channel comes before every active one.
    const auto& d = curve.dormant;
    EXPECT_NE(std::find(d.begin(), d.end(), 4), d.end());
    EXPECT_NE(std::find(d.begin(), d.end(), 11), d.end());
    for (size_t i = 0; i < d.size(); ++i) {
        EXPECT_NE(std::find(d.begin(), d.end(), curve.order[i]), d.end());
        EXPECT_LE(curve.channelMeans[curve.order[i]],
                  1e-6 * curve.channelMeans[curve.order.back()]);
    }
    EXPECT_GT(curve.channelMeans[curve.order[d.size()]],
              1e-6 * curve.channelMeans[curve.order.back()]);
    for (size_t i = 1; i < curve.order.size(); ++i)
        EXPECT_LE(curve.channelMeans[curve.order[i - 1]], curve.channelMeans[curve.order[i]]);
    const auto means = meanChannelActivation(m, t.cleanTrain.images, "pool_3");
    EXPECT_NEAR(curve.channelMeans[7], means[7].item<double>(), 1e-12);
    // Pruning channels that never fire on the ranking set changes (almost) nothing on test data.
    EXPECT_NEAR(curve.points[d.size()].cca, curve.points[0].cca, 2.0);
}

TEST(Pruning, LayerThatIsNotACutPointUsesMaskedForwardPasses) {
    const auto& t = syntheticTask();
    PruneConfig cfg;
    cfg.layer = "conv_4"; // a branch: fc_1 bypasses it
    cfg.maxChannels = 6;
    const auto curve = pruningCurve(t.model, t.cleanTrain, t.cleanTest, {t.poisonedTest}, cfg);
    EXPECT_FALSE(curve.fastPath);
    ASSERT_EQ(curve.points.size(), 7u);
    expectCurveMatchesMaskedModels(t.model, curve, t.cleanTest, {t.poisonedTest});
    EXPECT_THROW(PruneSweep(t.model, "conv_4", {}), Error);
}

TEST(Pruning, SweepPredictionsAreStepDriven) {
    const auto& t = syntheticTask();
    const auto acts =
        layerActivations(t.model, t.cleanTest.images, "pool_3", ProgressScope(nullptr));
    PruneSweep sweep(t.model, "pool_3", {acts});
    EXPECT_TRUE(sweep.fastPath()) << sweep.fastPathNote();
    sweep.prune(3);
    sweep.prune(3); // already removed: no-op
    EXPECT_EQ(sweep.prunedCount(), 1);
    Model masked(t.model);
    applyPruning(masked, "pool_3", {3}, 1);
    EXPECT_TRUE(torch::equal(sweep.predictions(0), predictLabels(masked, t.cleanTest.images)));
    EXPECT_THROW(sweep.prune(60), Error);
}

TEST(Pruning, CancelDuringTheCurveThrows) {
    const auto& t = syntheticTask();
    Feedback fb([&](double f, const std::string&) {
        if (f > 0.5)
            fb.cancel();
    });
    EXPECT_THROW(pruningCurve(t.model, t.cleanTrain, t.cleanTest, {t.poisonedTest}, {}, &fb),
                 Cancelled);
}

// ---- real data: fast vs generic path, timings --------------------------------------------------

Dataset repeated(const Dataset& d, int times) {
    Dataset o = d;
    o.images = d.images.repeat({times, 1, 1, 1});
    o.labels = d.labels.repeat({times});
    if (d.targets.defined())
        o.targets = d.targets.repeat({times});
    return o;
}

double millis(std::chrono::steady_clock::time_point a) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count();
}

TEST(PruningReal, FastPathEqualsGenericPathOnCsaw) {
    if (!std::filesystem::is_directory(kYoutube + "/models"))
        GTEST_SKIP() << "no shared data at " << kYoutube;
    setThreads(0);
    ASSERT_EQ(at::get_num_threads(), hardwareThreads());
    Model m = loadKerasModel(kYoutube + "/models/sunglasses_bd_weights.h5").model;
    DataSpec cs;
    cs.path = kYoutube + "/images/clean_test";
    DataSpec ps;
    ps.path = kYoutube + "/images/sunglasses_poisoned_data";
    ps.role = DataSpec::Poisoned;
    const auto clean = repeated(loadDataset(cs), 10);
    const auto poisoned = repeated(loadDataset(ps), 10);
    const std::string layer = m.defaultPruneLayer();
    auto start = std::chrono::steady_clock::now();
    const auto ac = layerActivations(m, clean.images, layer, ProgressScope(nullptr));
    const auto ap = layerActivations(m, poisoned.images, layer, ProgressScope(nullptr));
    const double tActs = millis(start);
    const auto order = pruneOrder(channelMeans(ac));

    std::vector<std::vector<torch::Tensor>> preds(2);
    double tSweep[2] = {0, 0};
    for (int fast = 1; fast >= 0; --fast) {
        start = std::chrono::steady_clock::now();
        PruneSweep sweep(m, layer, {ac, ap}, fast == 1);
        EXPECT_EQ(sweep.fastPath(), fast == 1) << sweep.fastPathNote();
        for (int64_t c : order) {
            sweep.prune(c);
            preds[fast].push_back(torch::cat({sweep.predictions(0), sweep.predictions(1)}));
        }
        tSweep[fast] = millis(start);
    }
    for (size_t k = 0; k < order.size(); ++k)
        EXPECT_TRUE(torch::equal(preds[0][k], preds[1][k])) << "argmax differs at k = " << k + 1;
    start = std::chrono::steady_clock::now();
    const auto curve = pruningCurve(m, clean, clean, {poisoned});
    const double tCurve = millis(start);
    EXPECT_TRUE(curve.fastPath);
    EXPECT_DOUBLE_EQ(curve.points[0].cca, 95.0);
    EXPECT_DOUBLE_EQ(curve.points[0].asr[0], 100.0);
    std::printf("[timing] %d threads, 1000 clean + 1000 poisoned, 61 points: activations %.0f ms, "
                "sweep fast %.0f ms, generic %.0f ms; whole pruningCurve %.0f ms\n",
                at::get_num_threads(), tActs, tSweep[1], tSweep[0], tCurve);
}

} // namespace
} // namespace bdl::core
