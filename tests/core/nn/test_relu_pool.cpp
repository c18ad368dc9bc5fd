// relu_pool.h: ReLU + 2x2 max pooling as one autograd op in training. Its values and gradients
// must equal torch::relu followed by torch::max_pool2d bit for bit (ties, all-negative windows,
// odd sizes, NaN), and a model trained through it must end with the same weights as the same
// model whose ReLU is a separate layer (which the executor does not fuse).
#include "core/nn/dataset.h"
#include "core/nn/finetune.h"
#include "core/nn/relu_pool.h"
#include "layer_test_util.h"

#include <gtest/gtest.h>
#include <torch/types.h>

#include <limits>

namespace bdl::core {
namespace {

/// Values with many exact ties (small integers, zeros, negatives) and a few fractions.
torch::Tensor tiedValues(std::vector<int64_t> shape, uint64_t seed) {
    torch::manual_seed(seed);
    auto x = torch::randint(-3, 4, shape).to(torch::kFloat32);
    auto frac = torch::rand(shape) < 0.2;
    return torch::where(frac, torch::randn(shape), x);
}

/// Forward values and input gradient for upstream gradient `go`: fused and reference.
struct PoolRuns {
    torch::Tensor out, grad, refOut, refGrad;
};

PoolRuns fusedAndReference(const torch::Tensor& values, const torch::Tensor& go) {
    PoolRuns b;
    auto x = values.clone().requires_grad_(true);
    b.out = detail::reluMaxPool2x2(x);
    b.out.backward(go);
    b.grad = x.grad();
    auto r = values.clone().requires_grad_(true);
    b.refOut = torch::max_pool2d(torch::relu(r), {2, 2}, {2, 2});
    b.refOut.backward(go);
    b.refGrad = r.grad();
    return b;
}

bool sameBits(const torch::Tensor& a, const torch::Tensor& b) {
    // NaN equal to NaN, everything else exactly equal.
    return a.sizes() == b.sizes() && torch::equal(torch::isnan(a), torch::isnan(b)) &&
           torch::equal(torch::nan_to_num(a, 0.0), torch::nan_to_num(b, 0.0));
}

TEST(ReluPool, ValuesAndGradientsEqualReluThenMaxPool) {
    for (const std::vector<int64_t>& shape :
         {std::vector<int64_t>{2, 3, 8, 6}, {3, 2, 9, 7}, {1, 4, 2, 2}, {2, 5, 26, 22}}) {
        const auto x = tiedValues(shape, 11 + shape[2]);
        std::vector<int64_t> outShape{shape[0], shape[1], shape[2] / 2, shape[3] / 2};
        const auto go = torch::randn(outShape);
        const PoolRuns b = fusedAndReference(x, go);
        EXPECT_TRUE(torch::equal(b.out, b.refOut)) << shape[2] << "x" << shape[3];
        EXPECT_TRUE(torch::equal(b.grad, b.refGrad)) << shape[2] << "x" << shape[3];
    }
}

TEST(ReluPool, AllNegativeWindowsPassNoGradientAndTiesGoToTheFirst) {
    // One 4x4 plane: window (0,0) all negative, (0,1) a tie of 2s, (1,0) all zero, (1,1) a
    // single maximum in the last position.
    const auto x = torch::tensor({-1.f, -2.f, 2.f, 2.f, //
                                  -3.f, -1.f, 1.f, 2.f, //
                                  0.f, 0.f, 0.f, 1.f,   //
                                  0.f, 0.f, 1.f, 5.f})
                       .reshape({1, 1, 4, 4});
    const auto go = torch::tensor({10.f, 20.f, 30.f, 40.f}).reshape({1, 1, 2, 2});
    const PoolRuns b = fusedAndReference(x, go);
    EXPECT_TRUE(torch::equal(b.out, torch::tensor({0.f, 2.f, 0.f, 5.f}).reshape({1, 1, 2, 2})));
    const auto want = torch::tensor({0.f, 0.f, 20.f, 0.f, //
                                     0.f, 0.f, 0.f, 0.f,  //
                                     0.f, 0.f, 0.f, 0.f,  //
                                     0.f, 0.f, 0.f, 40.f})
                          .reshape({1, 1, 4, 4});
    EXPECT_TRUE(torch::equal(b.grad, want)) << b.grad;
    EXPECT_TRUE(torch::equal(b.refGrad, want));
}

TEST(ReluPool, NanWinsItsWindowAsInMaxPool) {
    auto x = tiedValues({2, 2, 6, 6}, 5);
    const float nan = std::numeric_limits<float>::quiet_NaN();
    x[0][0][1][1] = nan; // the last of its window
    x[1][1][4][2] = nan; // the first of its window
    x[1][0][3][5] = nan;
    const auto go = torch::randn({2, 2, 3, 3});
    const PoolRuns b = fusedAndReference(x, go);
    EXPECT_TRUE(sameBits(b.out, b.refOut));
    EXPECT_TRUE(sameBits(b.grad, b.refGrad));
    EXPECT_TRUE(std::isnan(b.out[0][0][0][0].item<float>()));
}

TEST(ReluPool, AppliesOnlyToFloatImages) {
    EXPECT_TRUE(detail::reluMaxPool2x2Applies(torch::zeros({1, 1, 2, 2})));
    EXPECT_FALSE(detail::reluMaxPool2x2Applies(torch::zeros({1, 1, 1, 4})));
    EXPECT_FALSE(detail::reluMaxPool2x2Applies(torch::zeros({1, 4})));
    EXPECT_FALSE(detail::reluMaxPool2x2Applies(torch::zeros({1, 1, 2, 2}, torch::kFloat64)));
}

/// in (12, 10, 3) -> conv 3x3 (4 filters) -> [ReLU] -> 2x2 max pool -> flatten -> dense 5.
/// fused: the conv carries the ReLU (the executor fuses it with the pool in training);
/// separate: a ReLU layer between them (not fused).
Model twoWays(bool fused, bool oddSamePool = false) {
    using layer_test::input;
    ModelSpec s;
    s.name = fused ? "fused" : "separate";
    // oddSamePool: a 9 x 9 input, so the pool gets 7 x 7 with TensorFlow "same" padding (the
    // fused op does not apply; the executor must fall back without running the conv twice).
    s.layers.push_back(oddSamePool ? input(9, 9, 3) : input(12, 10, 3));
    LayerSpec conv = makeLayer("conv", LayerKind::Conv2D, {"in"});
    conv.filters = 4;
    conv.kernel = {3, 3};
    conv.activation = fused ? ActivationKind::Relu : ActivationKind::Linear;
    s.layers.push_back(conv);
    std::string last = "conv";
    if (!fused) {
        s.layers.push_back(makeLayer("relu", LayerKind::ReLU, {"conv"}));
        last = "relu";
    }
    LayerSpec pool = makeLayer("pool", LayerKind::MaxPooling2D, {last});
    pool.poolSize = {2, 2};
    pool.strides = {2, 2};
    pool.samePadding = oddSamePool;
    s.layers.push_back(pool);
    s.layers.push_back(makeLayer("flat", LayerKind::Flatten, {"pool"}));
    LayerSpec out = makeLayer("out", LayerKind::Dense, {"flat"});
    out.units = 5;
    out.activation = ActivationKind::Softmax;
    s.layers.push_back(out);
    s.output = "out";
    Model m(std::move(s));
    m.setInputScale(InputScale::Raw);
    torch::manual_seed(3);
    m.setKerasWeights("conv", {torch::randn({3, 3, 3, 4}) * 0.3, torch::randn({4}) * 0.1});
    const int64_t flat = oddSamePool ? 4 * 4 * 4 : 5 * 4 * 4;
    m.setKerasWeights("out", {torch::randn({flat, 5}) * 0.3, torch::randn({5}) * 0.1});
    return m;
}

TEST(ReluPool, TrainingThroughItGivesTheSameWeightsAsSeparateLayers) {
    Model fused = twoWays(true), separate = twoWays(false);
    torch::manual_seed(9);
    Dataset train;
    train.name = "tied";
    train.images = torch::randint(-2, 3, {96, 3, 12, 10}).to(torch::kFloat32);
    train.labels = torch::randint(0, 5, {96}, torch::kInt64);
    FineTuneConfig cfg;
    cfg.epochs = 2;
    cfg.batchSize = 16;
    cfg.seed = 4;
    // The same logits before training (with gradients on: the training op; under NoGradGuard:
    // inference, which fuses the NCHW batch the same way), then the same weights after it.
    EXPECT_TRUE(torch::equal(fused.logits(train.images), separate.logits(train.images)));
    {
        torch::NoGradGuard inference;
        EXPECT_TRUE(torch::equal(fused.logits(train.images), separate.logits(train.images)));
        EXPECT_TRUE(
            torch::equal(fused.forwardTo(train.images, "pool"),
                         torch::max_pool2d(torch::relu(separate.forwardTo(train.images, "conv")),
                                           {2, 2}, {2, 2})));
    }
    fineTune(fused, train, cfg, nullptr);
    fineTune(separate, train, cfg, nullptr);
    for (const char* layer : {"conv", "out"}) {
        const auto a = fused.kerasWeights(layer), b = separate.kerasWeights(layer);
        ASSERT_EQ(a.size(), b.size());
        for (size_t i = 0; i < a.size(); ++i)
            EXPECT_TRUE(torch::equal(a[i], b[i])) << layer << " tensor " << i;
    }
    EXPECT_FALSE(torch::equal(fused.kerasWeights("conv")[0], twoWays(true).kerasWeights("conv")[0]))
        << "training changed nothing: the test would pass without the fused op";
}

TEST(ReluPool, OddSamePoolingTrainsLikeSeparateLayers) {
    Model fused = twoWays(true, true), separate = twoWays(false, true);
    torch::manual_seed(10);
    Dataset train;
    train.name = "odd";
    train.images = torch::randn({48, 3, 9, 9});
    train.labels = torch::randint(0, 5, {48}, torch::kInt64);
    FineTuneConfig cfg;
    cfg.epochs = 1;
    cfg.batchSize = 16;
    EXPECT_TRUE(torch::equal(fused.logits(train.images), separate.logits(train.images)));
    fineTune(fused, train, cfg, nullptr);
    fineTune(separate, train, cfg, nullptr);
    EXPECT_TRUE(torch::equal(fused.kerasWeights("conv")[0], separate.kerasWeights("conv")[0]));
    EXPECT_TRUE(torch::equal(fused.kerasWeights("out")[0], separate.kerasWeights("out")[0]));
}

} // namespace
} // namespace bdl::core
