// goodnet.h: G(B, B') labels, scores, and the B0 helper of the improved G'.
#include "core/base/errors.h"
#include "core/defenses/goodnet.h"
#include "core/nn/metrics.h"

#include "tests/core/synthetic.h"

#include <gtest/gtest.h>
#include <torch/types.h>

namespace bdl::core {
namespace {

using test::syntheticTask;

TEST(Goodnet, CombineRejectsDisagreements) {
    const auto a = torch::tensor({0, 1, 2, 3}, torch::kInt64);
    const auto b = torch::tensor({0, 2, 2, 1}, torch::kInt64);
    EXPECT_TRUE(torch::equal(combineGoodnet(a, b, 9), torch::tensor({0, 9, 2, 9}, torch::kInt64)));
    EXPECT_THROW(combineGoodnet(a, b.slice(0, 0, 2), 9), Error);
}

TEST(Goodnet, HandMadeDisagreeingModels) {
    const auto& t = syntheticTask();
    // Two untrained nets with different seeds disagree on many inputs.
    const Model b = test::tinyModel(101);
    const Model bp = test::tinyModel(202);
    const auto images = t.cleanTest.images.slice(0, 0, 64);
    const auto lb = predictLabels(b, images);
    const auto lp = predictLabels(bp, images);
    const auto g = goodnetLabels(b, bp, images);
    const int64_t n = test::kSynthClasses;
    int64_t rejected = 0;
    for (int64_t i = 0; i < 64; ++i) {
        const int64_t expect =
            lb[i].item<int64_t>() == lp[i].item<int64_t>() ? lb[i].item<int64_t>() : n;
        EXPECT_EQ(g[i].item<int64_t>(), expect);
        rejected += expect == n;
        if (i < 4) {
            EXPECT_EQ(goodnetLabel(b, bp, images[i]), expect);
        }
    }
    EXPECT_GT(rejected, 0);

    const auto r = goodnet(b, bp, t.cleanTest.slice(0, 64), {t.poisonedTest});
    EXPECT_EQ(r.rejectClass, n);
    EXPECT_DOUBLE_EQ(r.cleanRejectRate, 100.0 * rejected / 64.0);
    EXPECT_DOUBLE_EQ(r.cca, accuracy(g, t.cleanTest.labels.slice(0, 0, 64)));
}

TEST(Goodnet, IdenticalModelsNeverReject) {
    const auto& t = syntheticTask();
    const auto r = goodnet(t.model, t.model, t.cleanTest, {t.poisonedTest});
    const auto e = evaluate(t.model, t.cleanTest, {t.poisonedTest});
    EXPECT_EQ(r.cleanRejectRate, 0.0);
    EXPECT_DOUBLE_EQ(r.cca, e.cca);
    ASSERT_EQ(r.poisoned.size(), 1u);
    EXPECT_DOUBLE_EQ(r.poisoned[0].asr, e.asr[0].asr);
    EXPECT_EQ(r.poisoned[0].rejectRate, 0.0);
}

TEST(Goodnet, ModelsMustShareTheirClasses) {
    auto spec = test::tinyModel(1).spec();
    for (auto& l : spec.layers)
        if (l.name == "output")
            l.units = test::kSynthClasses + 1;
    const Model wide(spec);
    EXPECT_THROW(goodnetLabels(test::tinyModel(1), wide, syntheticTask().cleanTest.images), Error);
}

TEST(Goodnet, MakeB0PrunesAndFineTunes) {
    const auto& t = syntheticTask();
    FineTuneConfig tune;
    tune.epochs = 1;
    const Dataset train = t.cleanTrain.slice(0, 64);
    const Model same = makeB0(t.model, train, 0, tune);
    EXPECT_FALSE(same.channelMask("pool_3").defined());
    const Model b0 = makeB0(t.model, train, 2, tune);
    EXPECT_EQ(b0.channelMask("pool_3").sum().item<float>(), 58.0f);
    // G'(B0, B') runs with B0 in place of B.
    const auto r = goodnet(b0, t.model, t.cleanTest, {t.poisonedTest});
    EXPECT_GE(r.cleanRejectRate, 0.0);
    EXPECT_THROW(makeB0(t.model, train, 61, tune), Error);
}

} // namespace
} // namespace bdl::core
