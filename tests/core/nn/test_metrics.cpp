// metrics.h and activations.h: CCA/ASR arithmetic, batched inference, evaluate(), input-scale
// detection, and the real CSAW models' reference numbers.
#include "tests/core/shared_data.h"
#include "core/nn/activations.h"
#include "core/io/data_io.h"
#include "core/nn/architectures.h"
#include "core/nn/dataset.h"
#include "core/base/errors.h"
#include "core/base/feedback.h"
#include "core/io/keras_io.h"
#include "core/nn/metrics.h"
#include "core/base/runtime.h"

#include "tests/core/synthetic.h"

#include <gtest/gtest.h>
#include <torch/types.h>

#include <cmath>
#include <filesystem>
#include <functional>

namespace bdl::core {
namespace {

using test::syntheticTask;

using bdl::test::kYoutube;

bool haveRealData() { return std::filesystem::is_directory(kYoutube + "/models"); }

Dataset loadFolder(const std::string& name, bool poisoned) {
    DataSpec s;
    s.path = kYoutube + "/images/" + name;
    s.role = poisoned ? DataSpec::Poisoned : DataSpec::Clean;
    return loadDataset(s);
}

TEST(Metrics, AccuracyCountsOnlyKnownLabels) {
    const auto pred = torch::tensor({0, 1, 2, 3}, torch::kInt64);
    EXPECT_DOUBLE_EQ(accuracy(pred, torch::tensor({0, 1, 0, 0}, torch::kInt64)), 50.0);
    EXPECT_DOUBLE_EQ(accuracy(pred, torch::tensor({0, -1, 0, -1}, torch::kInt64)), 50.0);
    EXPECT_TRUE(std::isnan(accuracy(pred, torch::full({4}, -1, torch::kInt64))));
    EXPECT_DOUBLE_EQ(attackSuccessRate(pred, torch::tensor({0, 1, 2, 0}, torch::kInt64)), 75.0);
    EXPECT_THROW(accuracy(pred, torch::tensor({0, 1}, torch::kInt64)), Error);
}

TEST(Metrics, PredictLabelsIsArgmaxAndBatchIndependent) {
    const auto& t = syntheticTask();
    const auto images = t.cleanTest.images.slice(0, 0, 50);
    const auto all = predictLabels(t.model, images);
    EXPECT_TRUE(torch::equal(all, t.model.logits(images).argmax(1)));
    EXPECT_TRUE(torch::equal(all, predictLabels(t.model, images, nullptr, /*batch=*/7)));
    const auto p = predictProbabilities(t.model, images, nullptr, 16);
    EXPECT_EQ(p.size(1), test::kSynthClasses);
    EXPECT_TRUE(torch::allclose(p.sum(1), torch::ones({50}), 1e-5, 1e-5));
    EXPECT_TRUE(torch::equal(p.argmax(1), all));
}

TEST(Metrics, EvaluateReportsCleanAccuracyAndAttackSuccess) {
    const auto& t = syntheticTask();
    const auto r = evaluate(t.model, t.cleanTest, {t.poisonedTest});
    EXPECT_EQ(r.nClean, t.cleanTest.size());
    ASSERT_EQ(r.asr.size(), 1u);
    EXPECT_EQ(r.asr[0].n, t.poisonedTest.size());
    // The synthetic backdoor is real: the trained tiny badnet is accurate and obeys the trigger.
    EXPECT_GT(r.cca, 90.0);
    EXPECT_GT(r.asr[0].asr, 90.0);
    EXPECT_DOUBLE_EQ(r.cca,
                     accuracy(predictLabels(t.model, t.cleanTest.images), t.cleanTest.labels));
    EXPECT_THROW(evaluate(t.model, t.cleanTest, {t.cleanTest}), Error); // clean set as poisoned
}

TEST(Metrics, CancelledFeedbackThrows) {
    const auto& t = syntheticTask();
    Feedback fb;
    fb.cancel();
    EXPECT_THROW(predictLabels(t.model, t.cleanTest.images, &fb), Cancelled);
    EXPECT_THROW(evaluate(t.model, t.cleanTest, {}, &fb), Cancelled);
}

TEST(Metrics, DetectInputScaleKeepsTheTrainedScale) {
    Model m = syntheticTask().model;
    m.setInputScale(InputScale::Raw);
    const auto d = detectInputScale(m, syntheticTask().cleanTest);
    EXPECT_EQ(d.chosen, InputScale::Unit);
    EXPECT_EQ(m.inputScale(), InputScale::Unit);
    EXPECT_GE(d.accUnit, d.accRaw); // ties go to Unit
    EXPECT_EQ(d.imagesUsed, syntheticTask().cleanTest.size());
    Feedback fb;
    fb.cancel();
    m.setInputScale(InputScale::Raw);
    EXPECT_THROW(detectInputScale(m, syntheticTask().cleanTest, &fb), Cancelled);
    EXPECT_EQ(m.inputScale(), InputScale::Raw); // left as it was
}

// Issue 11, point 14: where data meets a model, a shape mismatch names the data file and both
// shapes (height x width x channels), on loading for a model and in evaluate / scale detection.
TEST(Metrics, ShapeMismatchNamesTheDataFileAndBothShapes) {
    const std::string dir = ::testing::TempDir() + "bdl_shape_mismatch";
    std::filesystem::create_directories(dir);
    const std::string file = dir + "/mnist_like.h5";
    Dataset d;
    d.name = "mnist_like";
    d.images = torch::zeros({4, 1, 28, 28});
    d.labels = torch::tensor({0, 1, 2, 3}, torch::kLong);
    d.itemNames = {"a", "b", "c", "d"};
    saveCsawH5(d, file);
    const Model face(csawBadnetSpec(55, 47, 3, 5)); // the YouTube-Face shape
    const auto expectMessage = [&](const std::function<void()>& f, const std::string& shape) {
        try {
            f();
            ADD_FAILURE() << "no error";
        } catch (const Error& e) {
            const std::string m = e.what();
            EXPECT_EQ(e.source(), file) << m;
            EXPECT_NE(m.find("the images are " + shape), std::string::npos) << m;
            EXPECT_NE(m.find("the model takes 55x47x3"), std::string::npos) << m;
        }
    };
    // Loading for the model, as both faces' workspace open does: the shape as stored, before the
    // grey images are converted to the model's three channels.
    DataSpec spec;
    spec.path = file;
    spec.channels = face.inputShape()[2];
    spec.modelInput = face.inputShape();
    expectMessage([&] { loadDataset(spec); }, "28x28x1");
    // The same set loaded without a model (converted to RGB), then used for the scale or
    // evaluated: the same words, with the shape the model would see.
    spec.modelInput = {0, 0, 0};
    const Dataset loaded = loadDataset(spec);
    EXPECT_EQ(loaded.images.sizes(), torch::IntArrayRef({4, 3, 28, 28}));
    Model m = face;
    expectMessage([&] { detectInputScale(m, loaded); }, "28x28x3");
    expectMessage([&] { evaluate(face, loaded, {}); }, "28x28x3");
    // A fitting shape passes; without a conversion the channels must match too.
    spec.modelInput = {28, 28, 1};
    spec.channels = 1;
    EXPECT_NO_THROW(loadDataset(spec));
    EXPECT_NO_THROW(checkImageShape(loaded.images, {28, 28, 3}, file));
    EXPECT_THROW(checkImageShape(loaded.images, {28, 28, 1}, file), Error); // channels count
    std::filesystem::remove_all(dir);
}

TEST(Activations, MeansMapsAndDormantChannels) {
    // (N=2, C=3, H=1, W=2): channel 1 never fires, channel 2 barely.
    const auto a = torch::tensor({1.f, 3.f, 0.f, 0.f, 0.f, 1e-9f, 3.f, 1.f, 0.f, 0.f, 0.f, 0.f})
                       .view({2, 3, 1, 2});
    const auto m = channelMeans(a);
    EXPECT_NEAR(m[0].item<double>(), 2.0, 1e-12);
    EXPECT_EQ(m[1].item<double>(), 0.0);
    EXPECT_EQ(dormantChannels(m), (std::vector<int64_t>{1, 2}));
    EXPECT_EQ(dormantChannels(torch::zeros({3})), (std::vector<int64_t>{0, 1, 2}));
    const auto map = meanFeatureMap(a);
    EXPECT_EQ(map.sizes(), (std::vector<int64_t>{3, 1, 2}));
    EXPECT_FLOAT_EQ(map[0][0][0].item<float>(), 2.0f);
    const auto s = summarizeActivations(a, "L", "D");
    EXPECT_EQ(s.channels, 3);
    EXPECT_EQ(s.meanMap.size(), 6u);
    EXPECT_EQ(s.dormant, (std::vector<int64_t>{1, 2}));
}

TEST(Activations, CacheHoldsEachSetOnce) {
    const auto& t = syntheticTask();
    ActivationCache cache(t.model, "", t.cleanTest, {t.poisonedTest});
    EXPECT_EQ(cache.layer(), "pool_3");
    ASSERT_EQ(cache.poisonedCount(), 1u);
    EXPECT_EQ(cache.clean().size(0), t.cleanTest.size());
    EXPECT_TRUE(torch::equal(cache.poisoned(0).slice(0, 0, 8),
                             t.model.forwardTo(t.poisonedTest.images.slice(0, 0, 8), "pool_3")));
    const auto means = meanChannelActivation(t.model, t.cleanTest.images);
    EXPECT_TRUE(torch::allclose(means, channelMeans(cache.clean())));
}

// ---- the real CSAW models (skipped without ../shared) ----------------------------------------

TEST(MetricsReal, SunglassesBadnetReferenceNumbers) {
    if (!haveRealData())
        GTEST_SKIP() << "no shared data at " << kYoutube;
    setThreads(0);
    Model m = loadKerasModel(kYoutube + "/models/sunglasses_bd_weights.h5").model;
    m.setInputScale(InputScale::Unit);
    const auto clean = loadFolder("clean_test", false);
    const auto poisoned = loadFolder("sunglasses_poisoned_data", true);
    const auto r = evaluate(m, clean, {poisoned});
    EXPECT_DOUBLE_EQ(r.cca, 95.0);
    EXPECT_DOUBLE_EQ(r.asr[0].asr, 100.0);
    m.setInputScale(InputScale::Raw);
    const auto d = detectInputScale(m, clean);
    EXPECT_EQ(d.chosen, InputScale::Unit);
    EXPECT_DOUBLE_EQ(d.accUnit, 95.0);
}

TEST(MetricsReal, LabBadnetUsesRawPixels) {
    if (!haveRealData())
        GTEST_SKIP() << "no shared data at " << kYoutube;
    setThreads(0);
    Model m = loadKerasModel(kYoutube + "/models/bd_weights.h5").model;
    const auto cl = loadFolder("cl", false);
    const auto bd = loadFolder("bd", true);
    const auto d = detectInputScale(m, cl);
    EXPECT_EQ(d.chosen, InputScale::Raw);
    const auto r = evaluate(m, cl, {bd});
    EXPECT_DOUBLE_EQ(r.cca, 100.0);
    EXPECT_DOUBLE_EQ(r.asr[0].asr, 100.0);
}

} // namespace
} // namespace bdl::core
