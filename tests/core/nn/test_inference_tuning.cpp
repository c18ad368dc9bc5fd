// Inference speed-ups that must not change answers: max pooling before a monotone activation
// (bit-identical), the oneDNN bfloat16 trunk (same top-1 within the checked share, weights
// re-packed when they change), and the precision and batch choice of inference_tuning.h.
#include "core/nn/architectures.h"
#include "core/base/errors.h"
#include "core/base/feedback.h"
#include "core/nn/inference_tuning.h"
#include "core/nn/metrics.h"
#include "core/nn/model.h"

#include "tests/core/nn/layer_test_util.h"
#include "tests/core/synthetic.h"

#include <gtest/gtest.h>
#include <torch/types.h>

namespace bdl::core {
namespace {

Model randomBadnet(uint64_t seed = 1) {
    Model m(csawBadnetSpec(55, 47, 3, 40));
    m.initialize(seed);
    m.setInputScale(InputScale::Unit);
    return m;
}

torch::Tensor trunkTestImages(int64_t n, uint64_t seed, int h = 55, int w = 47, int c = 3) {
    torch::manual_seed(seed);
    return torch::randint(0, 256, {n, c, h, w}).to(torch::kFloat32);
}

/// The unfused forward pass: the training path (no dropout in these graphs) pools after the
/// activation, as the graph is written.
torch::Tensor unfusedLogits(const Model& m, const torch::Tensor& x) {
    return m.logits(x, /*training=*/true).detach();
}

TEST(InferenceTuning, PoolingBeforeAMonotoneActivationIsBitIdentical) {
    const Model m = randomBadnet();
    const auto x = trunkTestImages(24, 3);
    EXPECT_TRUE(torch::equal(m.logits(x), unfusedLogits(m, x)));
    // The activations a defense ranks come out the same too.
    EXPECT_TRUE(torch::equal(m.forwardTo(x, "pool_3"), [&] {
        torch::AutoGradMode on(true);
        auto p = x.clone().set_requires_grad(true);
        return m.forwardTo(p, "pool_3").detach();
    }()));

    // Separate Activation and leaky ReLU layers before max pooling, with a monotone (ReLU,
    // sigmoid) and a non-monotone (GELU, never reordered) activation.
    for (const auto act : {ActivationKind::Relu, ActivationKind::Sigmoid, ActivationKind::Gelu}) {
        ModelSpec s;
        s.name = "act-pool";
        LayerSpec conv = makeLayer("conv", LayerKind::Conv2D, {"in"});
        conv.filters = 6;
        conv.kernel = {3, 3};
        LayerSpec a = makeLayer("act", LayerKind::Activation, {"conv"});
        a.activation = act;
        LayerSpec r = makeLayer("relu", LayerKind::ReLU, {"act"});
        r.reluNegativeSlope = 0.1;
        LayerSpec pool = makeLayer("pool", LayerKind::MaxPooling2D, {"relu"});
        LayerSpec flat = makeLayer("flat", LayerKind::Flatten, {"pool"});
        LayerSpec out = makeLayer("out", LayerKind::Dense, {"flat"});
        out.units = 5;
        s.layers = {layer_test::input(12, 10, 3), conv, a, r, pool, flat, out};
        s.output = "out";
        Model g(s);
        g.initialize(7);
        const auto y = trunkTestImages(5, 4, 12, 10, 3);
        EXPECT_TRUE(torch::equal(g.logits(y), unfusedLogits(g, y))) << activationName(act);
    }
}

TEST(InferenceTuning, Bf16RunsTheConvolutionalTrunkOnly) {
    const Model m = randomBadnet();
    EXPECT_EQ(m.bf16Layers(), (std::vector<std::string>{"conv_1", "pool_1", "conv_2", "pool_2",
                                                        "conv_3", "pool_3"}));
    // A model that does not start with a convolution has no trunk and refuses bfloat16.
    ModelSpec ds;
    ds.name = "dense-only";
    LayerSpec out = makeLayer("out", LayerKind::Dense, {"flat"});
    out.units = 4;
    ds.layers = {layer_test::input(8, 8, 1), makeLayer("flat", LayerKind::Flatten, {"in"}), out};
    ds.output = "out";
    Model dense(ds);
    EXPECT_TRUE(dense.bf16Layers().empty());
    EXPECT_THROW(dense.setInferencePrecision(InferencePrecision::BFloat16), Error);
    InferencePrecision p{};
    EXPECT_TRUE(parseInferencePrecision("bf16", &p));
    EXPECT_EQ(p, InferencePrecision::BFloat16);
    EXPECT_TRUE(parseInferencePrecision("fp32", &p));
    EXPECT_EQ(p, InferencePrecision::Float32);
    EXPECT_FALSE(parseInferencePrecision("fp16", &p));
}

TEST(InferenceTuning, Bf16KeepsTopOneAndFollowsWeightChanges) {
    std::string why;
    if (!Model::bfloat16Available(&why)) {
        Model m = randomBadnet();
        try {
            m.setInferencePrecision(InferencePrecision::BFloat16);
            FAIL() << "bfloat16 accepted on a machine without it";
        } catch (const Error& e) {
            EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
        }
        GTEST_SKIP() << "bfloat16 is not available here: " << why;
    }
    const auto& t = test::syntheticTask(); // a trained model: clear margins
    Model m = t.model;
    const auto x = t.cleanTest.images;
    const auto ref32 = m.logits(x);
    m.setInferencePrecision(InferencePrecision::BFloat16);
    const auto bf = m.logits(x);
    EXPECT_EQ(bf.scalar_type(), torch::kFloat32);
    EXPECT_FALSE(torch::equal(bf, ref32)) << "the bfloat16 path did not run";
    EXPECT_TRUE(torch::allclose(bf, ref32, 0.05, 0.05));
    const double agree =
        (bf.argmax(1) == ref32.argmax(1)).to(torch::kFloat64).mean().item<double>();
    EXPECT_GE(agree, 0.999);

    // Weights changed in place (as fine-tuning does) and replaced: the packed copy follows.
    const std::string conv = m.bf16Layers().front();
    {
        torch::NoGradGuard ng;
        m.layerTensors(conv); // a copy: must not matter
        auto w = m.layerTensors(conv);
        w.weight.mul_(-1.0);
        m.setLayerTensors(conv, w);
    }
    m.setInferencePrecision(InferencePrecision::Float32);
    const auto changed32 = m.logits(x);
    m.setInferencePrecision(InferencePrecision::BFloat16);
    EXPECT_TRUE(torch::allclose(m.logits(x), changed32, 0.05, 0.05));
    // A copy of the model runs on its own weights.
    Model copy = m;
    EXPECT_TRUE(torch::allclose(copy.logits(x), changed32, 0.05, 0.05));
    // A mask at the trunk's end applies; inside it the generic float32 path runs.
    m.setChannelMask("pool_3", torch::zeros({m.outputShape("pool_3").channels()}));
    const auto masked = m.logits(x);
    m.setInferencePrecision(InferencePrecision::Float32);
    EXPECT_TRUE(torch::allclose(masked, m.logits(x), 0.05, 0.05));
}

TEST(InferenceTuning, Bf16TrunkCoversSamePaddingAndStartsInsideIt) {
    // The demo zoo's graph: "same" padding, uneven for the 4x4 conv_1 (padded before oneDNN)
    // and for pool_3 (7 -> 4, run as ceil mode).
    Model m(architectureSpec("csaw-badnet-same:28x28x1:10"));
    m.initialize(5);
    m.setInputScale(InputScale::Unit);
    EXPECT_EQ(m.bf16Layers(), (std::vector<std::string>{"conv_1", "pool_1", "conv_2", "pool_2",
                                                        "conv_3", "pool_3"}));
    std::string why;
    if (!Model::bfloat16Available(&why))
        GTEST_SKIP() << "bfloat16 is not available here: " << why;
    const auto x = trunkTestImages(16, 9, 28, 28, 1);
    const auto ref = m.logits(x);
    const auto pool1 = m.forwardTo(x, "pool_1");
    const auto fromPool1 = m.logitsFrom("pool_1", pool1);
    EXPECT_TRUE(torch::allclose(fromPool1, ref, 1e-4, 1e-4));
    m.setInferencePrecision(InferencePrecision::BFloat16);
    const auto bf = m.logits(x);
    const auto bfFrom = m.logitsFrom("pool_1", pool1);
    EXPECT_FALSE(torch::equal(bf, ref));
    EXPECT_FALSE(torch::equal(bfFrom, ref));
    const double scale = ref.abs().max().item<double>();
    EXPECT_LT((bf - ref).abs().max().item<double>(), 0.02 * scale + 1e-3);
    // Wrong padding would shift every map by a pixel: far beyond bfloat16 rounding.
    EXPECT_LT((bfFrom - ref).abs().max().item<double>(), 0.02 * scale + 1e-3);
}

TEST(InferenceTuning, ApplyPrecisionChecksAgreementAndCalibratesTheBatch) {
    const auto& t = test::syntheticTask();
    Model m = t.model;
    const auto check = t.cleanTest.images;
    const auto pc =
        applyInferencePrecision(m, InferencePrecision::BFloat16, check, ProgressScope(nullptr));
    EXPECT_EQ(pc.requested, InferencePrecision::BFloat16);
    EXPECT_GT(pc.batch, 0);
    if (!Model::bfloat16Available()) {
        EXPECT_EQ(pc.used, InferencePrecision::Float32);
        EXPECT_NE(pc.note.find("not available"), std::string::npos) << pc.note;
    } else {
        EXPECT_EQ(pc.images, std::min<int64_t>(check.size(0), kPrecisionCheckImages));
        EXPECT_GE(pc.agreement, kMinBf16Agreement);
        EXPECT_EQ(pc.used, InferencePrecision::BFloat16);
        EXPECT_EQ(m.inferencePrecision(), InferencePrecision::BFloat16);
        EXPECT_NE(pc.note.find("same top-1 on"), std::string::npos) << pc.note;
    }
    // The calibrated batch is what the default-batch calls now use, and answers do not depend
    // on it.
    if (check.size(0) >= 64) {
        EXPECT_EQ(m.inferenceBatch(), pc.batch);
    }
    EXPECT_TRUE(torch::equal(predictLabels(m, check), predictLabels(m, check, nullptr, 7)) ||
                m.inferencePrecision() == InferencePrecision::BFloat16);
    // Back to float32: the precision resets, and an empty check set is refused for bfloat16.
    const auto f =
        applyInferencePrecision(m, InferencePrecision::Float32, check, ProgressScope(nullptr));
    EXPECT_EQ(f.used, InferencePrecision::Float32);
    EXPECT_EQ(m.inferencePrecision(), InferencePrecision::Float32);
    EXPECT_EQ(f.images, 0);
    EXPECT_THROW(applyInferencePrecision(m, InferencePrecision::BFloat16, torch::Tensor(),
                                         ProgressScope(nullptr)),
                 Error);
}

} // namespace
} // namespace bdl::core
