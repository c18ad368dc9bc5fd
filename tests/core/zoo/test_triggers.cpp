// Triggers of the demo zoo: exact pixels, determinism, and poisoned copies.
#include "core/base/errors.h"
#include "core/zoo/triggers.h"

#include <gtest/gtest.h>
#include <torch/types.h>

using namespace bdl::core;

namespace {

torch::Tensor grey(int64_t n, float value) { return torch::full({n, 1, 28, 28}, value); }

} // namespace

TEST(Triggers, PatchWhitensExactlyItsSquare) {
    const auto t = patchTrigger(28, 28, 4, 1, 0);
    const auto out = stampTrigger(t, grey(2, 10.0f));
    // rows/cols 23..26 are white, row/col 27 (the margin) and the rest untouched
    EXPECT_TRUE(
        torch::equal(out.slice(2, 23, 27).slice(3, 23, 27), torch::full({2, 1, 4, 4}, 255.0f)));
    EXPECT_EQ(out.eq(255.0f).sum().item<int64_t>(), 2 * 16);
    EXPECT_EQ(out[0][0][27][27].item<float>(), 10.0f);
    EXPECT_EQ(out[0][0][22][23].item<float>(), 10.0f);
    EXPECT_NEAR(triggerCoverage(t), 16.0 / 784.0, 1e-12);
}

TEST(Triggers, BlendFollowsTheFormulaAndIsSeeded) {
    const auto a = blendTrigger(28, 28, 0.15, 7, 0);
    const auto b = blendTrigger(28, 28, 0.15, 7, 0);
    const auto c = blendTrigger(28, 28, 0.15, 8, 0);
    EXPECT_TRUE(torch::equal(a.pattern, b.pattern));
    EXPECT_FALSE(torch::equal(a.pattern, c.pattern));
    EXPECT_GE(a.pattern.min().item<float>(), 0.0f);
    EXPECT_LE(a.pattern.max().item<float>(), 255.0f);
    const auto x = torch::arange(784, torch::kFloat32).remainder(256).reshape({1, 1, 28, 28});
    const auto out = stampTrigger(a, x);
    const auto expect = torch::round(x * 0.85f + a.pattern.unsqueeze(0) * 0.15f);
    EXPECT_TRUE(torch::allclose(out, expect));
    EXPECT_TRUE(torch::equal(out, torch::round(out))); // integral: stores exactly as uint8
    EXPECT_THROW(blendTrigger(28, 28, 0.0, 1, 0), Error);
    EXPECT_THROW(blendTrigger(28, 28, 1.5, 1, 0), Error);
}

TEST(Triggers, PixelsAreDistinctAndAwayFromTheBorder) {
    const auto t = pixelsTrigger(28, 28, 12, 2, 3, 0);
    EXPECT_EQ(t.mask.sum().item<float>(), 12.0f);
    EXPECT_EQ(t.mask.slice(1, 0, 2).sum().item<float>(), 0.0f);
    EXPECT_EQ(t.mask.slice(1, 26, 28).sum().item<float>(), 0.0f);
    EXPECT_EQ(t.mask.slice(2, 0, 2).sum().item<float>(), 0.0f);
    EXPECT_TRUE(torch::equal(t.mask, pixelsTrigger(28, 28, 12, 2, 3, 0).mask));
    EXPECT_FALSE(torch::equal(t.mask, pixelsTrigger(28, 28, 12, 2, 4, 0).mask));
    EXPECT_THROW(pixelsTrigger(8, 8, 100, 2, 1, 0), Error);
}

TEST(Triggers, ShapesOfTheMultiTriggerModelDoNotOverlap) {
    const auto stripe = stripeTrigger(28, 28, 26, 3, 5);
    const auto checker = checkerTrigger(28, 28, 4, 1, 1);
    const auto cross = crossTrigger(28, 28, 5, 1, 8);
    EXPECT_EQ(stripe.mask.sum().item<float>(), 22.0f);
    EXPECT_EQ(checker.mask.sum().item<float>(), 16.0f);
    EXPECT_EQ(cross.mask.sum().item<float>(), 9.0f); // two diagonals share the centre
    EXPECT_EQ((stripe.mask * checker.mask).sum().item<float>(), 0.0f);
    EXPECT_EQ((stripe.mask * cross.mask).sum().item<float>(), 0.0f);
    EXPECT_EQ((checker.mask * cross.mask).sum().item<float>(), 0.0f);
    // the checkerboard has black squares too: it changes a white background
    const auto out = stampTrigger(checker, grey(1, 255.0f));
    EXPECT_EQ(out.eq(0.0f).sum().item<int64_t>(), 8);
    EXPECT_EQ(stampTrigger(cross, grey(1, 0.0f))[0][0][1][22].item<float>(), 255.0f);
    EXPECT_THROW(crossTrigger(28, 28, 30, 1, 8), Error);
    EXPECT_THROW(stripeTrigger(28, 28, 28, 3, 5), Error);
}

TEST(Triggers, WrongImageSizeIsAnErrorNamingTheTrigger) {
    const auto t = patchTrigger(28, 28, 4, 1, 0);
    try {
        stampTrigger(t, torch::zeros({1, 1, 32, 32}));
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("patch"), std::string::npos);
    }
}

TEST(Triggers, PoisonedCopyLeavesOutTheTargetClass) {
    Dataset d;
    d.name = "clean";
    d.images = grey(6, 50.0f);
    d.labels = torch::tensor({0, 1, 2, 0, 3, 4}, torch::kInt64);
    for (int i = 0; i < 6; ++i)
        d.itemNames.push_back("img" + std::to_string(i));
    const auto t = patchTrigger(28, 28, 4, 1, /*target=*/0);
    const auto p = poisonedCopy(d, t, "patch_poisoned");
    ASSERT_EQ(p.size(), 4);
    EXPECT_TRUE(torch::equal(p.labels, torch::tensor({1, 2, 3, 4}, torch::kInt64)));
    EXPECT_TRUE(torch::equal(p.targets, torch::zeros({4}, torch::kInt64)));
    EXPECT_EQ(p.itemNames[0], "img1+patch");
    EXPECT_EQ(p.images.eq(255.0f).sum().item<int64_t>(), 4 * 16);
    EXPECT_EQ(d.images.eq(255.0f).sum().item<int64_t>(), 0); // the source is not touched
    d.labels[2] = -1;
    EXPECT_THROW(poisonedCopy(d, t, "x"), Error);
}
