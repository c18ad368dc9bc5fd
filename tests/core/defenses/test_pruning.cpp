// pruning.h: channel order, dormant channels, and the pruning curve (fast incremental path and
// generic path) against evaluate() of explicitly masked models.
#include "tests/core/shared_data.h"
#include "core/nn/activations.h"
#include "core/io/data_io.h"
#include "core/io/import_client.h"
#include "core/base/errors.h"
#include "core/base/feedback.h"
#include "core/io/keras_io.h"
#include "core/nn/metrics.h"
#include "core/defenses/fine_pruning.h"
#include "core/defenses/frontier_sweep.h"
#include "core/defenses/pruning.h"
#include "core/base/runtime.h"

#include "tests/core/synthetic.h"

#include <gtest/gtest.h>
#include <torch/types.h>

#include <chrono>
#include <filesystem>
#include <set>

namespace bdl::core {
namespace {

using test::syntheticTask;

using bdl::test::kYoutube;

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

TEST(Pruning, LayerThatIsNotACutPointReRunsTheLayersAfterIt) {
    const auto& t = syntheticTask();
    PruneConfig cfg;
    cfg.layer = "conv_4"; // a branch: fc_1 bypasses it
    cfg.maxChannels = 6;
    const auto curve = pruningCurve(t.model, t.cleanTrain, t.cleanTest, {t.poisonedTest}, cfg);
    EXPECT_FALSE(curve.fastPath);
    // conv_4 -> flatten_2 -> fc_2 -> add_1 <- fc_1, then activation_1 and output: fc_1 is the
    // frontier.
    EXPECT_EQ(curve.fastPathNote,
              "layer 'conv_4' is not a cut point: re-running the 5 layers after it from cached "
              "activations of it and of 1 other layer");
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

// ---- layers that are not cut points: the frontier path against masked forward passes ----------

LayerSpec conv3x3(const std::string& name, const std::string& in, int filters, ActivationKind a) {
    LayerSpec l = makeLayer(name, LayerKind::Conv2D, {in});
    l.filters = filters;
    l.kernel = {3, 3};
    l.samePadding = true;
    l.activation = a;
    return l;
}

LayerSpec inputLayer() {
    LayerSpec in = makeLayer("in", LayerKind::Input, {});
    in.inputShape = {12, 12, 3};
    return in;
}

LayerSpec denseOut(const std::string& in) {
    LayerSpec d = makeLayer("dense", LayerKind::Dense, {in});
    d.units = 10;
    d.activation = ActivationKind::Softmax;
    return d;
}

/// A residual block: c1 -> bn1 -> c2 meets the skip from c0 in an Add. Pruning c1 masks bn1,
/// which is no cut point; its frontier is c0. Channel 3 of c1 never fires (all zero at bn1).
Model residualNet() {
    ModelSpec s;
    s.name = "residual";
    LayerSpec relu = makeLayer("relu", LayerKind::Activation, {"add"});
    relu.activation = ActivationKind::Relu;
    s.layers = {inputLayer(),
                conv3x3("c0", "in", 8, ActivationKind::Relu),
                conv3x3("c1", "c0", 8, ActivationKind::Relu),
                makeLayer("bn1", LayerKind::BatchNormalization, {"c1"}),
                conv3x3("c2", "bn1", 8, ActivationKind::Linear),
                makeLayer("add", LayerKind::Add, {"c2", "c0"}),
                relu,
                makeLayer("gap", LayerKind::GlobalAveragePooling2D, {"relu"}),
                denseOut("gap")};
    Model m(s);
    m.initialize(/*seed=*/7);
    auto w = m.kerasWeights("c1");
    w[0].select(3, 3).zero_();
    w[1][3] = -1.0f;
    m.setKerasWeights("c1", w);
    torch::manual_seed(8);
    auto gamma = torch::rand({8}) + 0.5, beta = (torch::rand({8}) - 0.5) * 0.6;
    auto mean = (torch::rand({8}) - 0.5), var = torch::rand({8}) * 1.5 + 0.5;
    beta[3] = 0.0f;
    mean[3] = 0.0f;
    m.setKerasWeights("bn1", {gamma, beta, mean, var});
    return m;
}

/// b is concatenated with a and with the input itself: pruning b, the frontier is {in, a}.
Model concatNet() {
    ModelSpec s;
    s.name = "concat";
    LayerSpec cat = makeLayer("cat", LayerKind::Concatenate, {"a", "b", "in"});
    LayerSpec mix = conv3x3("mix", "cat", 8, ActivationKind::Relu);
    mix.samePadding = false;
    s.layers = {inputLayer(),
                conv3x3("a", "in", 6, ActivationKind::Relu),
                conv3x3("b", "a", 5, ActivationKind::Tanh),
                cat,
                mix,
                makeLayer("pool", LayerKind::MaxPooling2D, {"mix"}),
                makeLayer("flat", LayerKind::Flatten, {"pool"}),
                denseOut("flat")};
    Model m(s);
    m.initialize(/*seed=*/9);
    return m;
}

/// n random 12 x 12 x 3 images with random labels (and targets when poisoned).
Dataset randomImages(int64_t n, bool poisoned, uint64_t seed) {
    torch::manual_seed(seed);
    Dataset d;
    d.name = poisoned ? "poisoned" : "clean";
    d.images = torch::randint(0, 256, {n, 3, 12, 12}).to(torch::kFloat32);
    d.labels = torch::randint(0, 10, {n}, torch::kLong);
    if (poisoned)
        d.targets = torch::randint(0, 10, {n}, torch::kLong);
    return d;
}

/// The frontier path's curve and the masked forward passes' (budget 0) have the same points.
void expectFrontierCurveEqualsSlowCurve(const Model& m, const std::string& layer,
                                        const std::string& note) {
    Dataset clean = randomImages(100, false, 1); // not a multiple of the batch
    Dataset poisoned = randomImages(70, true, 2);
    // Labelled by the unpruned model: every prediction that pruning changes moves the CCA.
    clean.labels = predictLabels(m, clean.images);
    poisoned.targets = (predictLabels(m, poisoned.images) + 1) % 10;
    ASSERT_FALSE(m.isCutPoint(m.pruneLayer(layer)));
    PruneConfig cfg;
    cfg.layer = layer;
    const auto fast = pruningCurve(m, clean, clean, {poisoned}, cfg);
    EXPECT_EQ(fast.fastPathNote, note);
    EXPECT_FALSE(fast.fastPath);
    cfg.frontierCacheBytes = 0;
    const auto slow = pruningCurve(m, clean, clean, {poisoned}, cfg);
    EXPECT_NE(slow.fastPathNote.find("more than the budget of 0 bytes, so the whole masked "
                                     "model runs for every point"),
              std::string::npos)
        << slow.fastPathNote;
    ASSERT_EQ(fast.points.size(), slow.points.size());
    std::set<double> ccas;
    for (size_t k = 0; k < fast.points.size(); ++k) {
        EXPECT_EQ(fast.points[k].k, slow.points[k].k);
        EXPECT_EQ(fast.points[k].channel, slow.points[k].channel);
        EXPECT_EQ(fast.points[k].cca, slow.points[k].cca) << "k = " << k;
        EXPECT_EQ(fast.points[k].asr, slow.points[k].asr) << "k = " << k;
        ccas.insert(fast.points[k].cca);
    }
    EXPECT_GT(ccas.size(), 1u) << "pruning never changed a prediction: the test proves nothing";
    expectCurveMatchesMaskedModels(m, fast, clean, {poisoned});
}

TEST(PruningFrontier, FindsTheSkipBranchAndEarlierLayersConcatenatedLater) {
    const Model r = residualNet();
    EXPECT_EQ(r.pruneLayer("c1"), "bn1");
    const LayerFrontier fr(r, "bn1");
    EXPECT_EQ(fr.frontier(), std::vector<std::string>{"c0"});
    EXPECT_EQ(fr.downstreamLayers(), 5); // c2, add, relu, gap, dense
    EXPECT_EQ(fr.bytesPerImage(), 2 * 12 * 12 * 8 * 4);
    const Model c = concatNet();
    const LayerFrontier fc(c, "b");
    EXPECT_EQ(fc.frontier(), (std::vector<std::string>{"in", "a"}));
    EXPECT_EQ(fc.downstreamLayers(), 5);                     // cat, mix, pool, flat, dense
    EXPECT_TRUE(LayerFrontier(c, "mix").frontier().empty()); // a cut point
    EXPECT_THROW(LayerFrontier(c, "nope"), Error);
}

TEST(PruningFrontier, ResidualBlockCurveEqualsMaskedForwardPasses) {
    expectFrontierCurveEqualsSlowCurve(residualNet(), "c1",
                                       "layer 'bn1' is not a cut point: re-running the 5 layers "
                                       "after it from cached activations of it and of 1 other "
                                       "layer");
}

TEST(PruningFrontier, ConcatenateCurveEqualsMaskedForwardPassesWithMasksSet) {
    Model m = concatNet();
    applyPruning(m, "b", {2}, 1);   // a mask already on the pruned layer
    applyPruning(m, "mix", {0}, 1); // and one after it
    expectFrontierCurveEqualsSlowCurve(m, "b",
                                       "layer 'b' is not a cut point: re-running the 5 layers "
                                       "after it from cached activations of it and of 2 other "
                                       "layers");
}

TEST(PruningFrontier, SweepPredictionsEqualMaskedModelsAtEveryStep) {
    const Model m = residualNet();
    const Dataset clean = randomImages(90, false, 3);
    const std::vector<int64_t> order{3, 0, 5, 1, 7, 2, 6, 4}; // the dead channel first
    FrontierSweep sweep(m, "bn1", {clean.images}, /*batch=*/16);
    for (size_t k = 0; k <= order.size(); ++k) {
        if (k > 0)
            sweep.prune(order[k - 1]);
        Model masked(m);
        applyPruning(masked, "bn1", order, static_cast<int64_t>(k));
        EXPECT_TRUE(torch::equal(sweep.predictions(0),
                                 predictLabels(masked, clean.images, nullptr, /*batch=*/16)))
            << "k = " << k;
    }
    EXPECT_EQ(sweep.prunedCount(), 8);
    sweep.prune(3); // already removed: no-op
    EXPECT_EQ(sweep.prunedCount(), 8);
    EXPECT_THROW(sweep.prune(8), Error);
}

TEST(PruningFrontier, CancelWhileRecordingThrows) {
    const Model m = residualNet();
    const Dataset clean = randomImages(200, false, 4);
    Feedback fb([&](double f, const std::string&) {
        if (f > 0.1)
            fb.cancel();
    });
    PruneConfig cfg;
    cfg.layer = "c1";
    EXPECT_THROW(pruningCurve(m, clean, clean, {}, cfg, &fb), Cancelled);
}

TEST(PruningFrontier, LiuValidationCurveOfANonCutPointLayerEqualsMaskedModels) {
    const Model m = residualNet();
    const Dataset train = randomImages(64, false, 5);
    const Dataset validation = randomImages(80, false, 6);
    LiuConfig cfg;
    cfg.layer = "c1";
    cfg.maxAccuracyDrop = 1000.0; // never stops: every k
    cfg.tune.epochs = 1;
    const LiuResult r = liuFinePrune(m, train, validation, validation, {}, cfg);
    ASSERT_EQ(r.validationCurve.size(), 9u);
    for (size_t k = 0; k < r.validationCurve.size(); ++k) {
        Model masked(m);
        applyPruning(masked, "bn1", r.order, static_cast<int64_t>(k));
        EXPECT_EQ(r.validationCurve[k],
                  accuracy(predictLabels(masked, validation.images), validation.labels));
    }
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

TEST(PruningFrontierReal, ResNetBlockConvCurveEqualsMaskedForwardPasses) {
    const std::string path = std::string(BDL_TORCH_MODELS_DIR) + "/resnet.trace.pt";
    if (!std::filesystem::exists(path))
        GTEST_SKIP() << "no " << path << " (the build did not generate the PyTorch models)";
    ModelOpenOptions open;
    open.inputShape = {32, 32, 3};
    const Model m = importModel(path, open).model;
    torch::manual_seed(11);
    Dataset clean;
    clean.name = "clean";
    clean.images = torch::randint(0, 256, {500, 3, 32, 32}).to(torch::kFloat32);
    clean.labels = torch::randint(0, 10, {500}, torch::kLong);
    Dataset poisoned = clean;
    poisoned.name = "poisoned";
    poisoned.images = torch::randint(0, 256, {500, 3, 32, 32}).to(torch::kFloat32);
    poisoned.targets = torch::zeros({500}, torch::kLong);
    // The first convolution of the first and of the last residual block: inside the block, its
    // output meets the skip connection in the Add.
    for (const char* conv : {"layer1.0.conv1", "layer2.1.conv1"}) {
        SCOPED_TRACE(conv);
        PruneConfig cfg;
        cfg.layer = conv;
        ASSERT_FALSE(m.isCutPoint(m.pruneLayer(conv)));
        auto start = std::chrono::steady_clock::now();
        const auto fast = pruningCurve(m, clean, clean, {poisoned}, cfg);
        const double tFast = millis(start);
        EXPECT_NE(fast.fastPathNote.find("is not a cut point: re-running the"), std::string::npos)
            << fast.fastPathNote;
        cfg.frontierCacheBytes = 0;
        start = std::chrono::steady_clock::now();
        const auto slow = pruningCurve(m, clean, clean, {poisoned}, cfg);
        const double tSlow = millis(start);
        ASSERT_EQ(fast.points.size(), slow.points.size());
        for (size_t k = 0; k < fast.points.size(); ++k) {
            EXPECT_EQ(fast.points[k].cca, slow.points[k].cca) << "k = " << k;
            EXPECT_EQ(fast.points[k].asr, slow.points[k].asr) << "k = " << k;
        }
        std::printf("[timing] %d threads, resnet.trace.pt, %s (%s, %zu points), 500 clean + 500 "
                    "poisoned 32x32 images: frontier %.0f ms, masked forward passes %.0f ms\n%s\n",
                    at::get_num_threads(), conv, fast.layer.c_str(), fast.points.size(), tFast,
                    tSlow, fast.fastPathNote.c_str());
    }
}

} // namespace
} // namespace bdl::core
