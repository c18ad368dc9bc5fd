// Exact-value tests of every supported layer kind against numbers computed by hand, on tiny
// graphs with weights set through the Keras layout (setKerasWeights).
#include "core/base/errors.h"
#include "core/nn/model.h"
#include "tests/core/nn/layer_test_util.h"

#include <gtest/gtest.h>
#include <torch/types.h>

#include <cmath>

using namespace bdl::core;
using namespace bdl::core::layer_test;

namespace {

const std::vector<float> k3x3 = {1, 2, 3, 4, 5, 6, 7, 8, 9};

LayerSpec conv(int filters, int k, int stride, bool same, ActivationKind a = ActivationKind::Linear,
               const std::string& name = "c", const std::string& in = "in") {
    LayerSpec l = makeLayer(name, LayerKind::Conv2D, {in});
    l.filters = filters;
    l.kernel = {k, k};
    l.strides = {stride, stride};
    l.samePadding = same;
    l.activation = a;
    return l;
}

} // namespace

TEST(LayersExact, Conv2DValidWithBias) {
    Model m = build(3, 3, 1, {conv(1, 2, 1, false)}, "c");
    m.setKerasWeights("c", {t({1, 2, 3, 4}, {2, 2, 1, 1}), t({0.5f}, {1})});
    // out[i][j] = x[i][j] + 2 x[i][j+1] + 3 x[i+1][j] + 4 x[i+1][j+1] + 0.5
    expectNear(outHwc(m, imageHwc(3, 3, 1, k3x3), "c"), {37.5f, 47.5f, 67.5f, 77.5f});
}

TEST(LayersExact, Conv2DReluActivation) {
    Model m = build(3, 3, 1, {conv(1, 2, 1, false, ActivationKind::Relu)}, "c");
    m.setKerasWeights("c", {t({1, 2, 3, 4}, {2, 2, 1, 1}), t({-50.0f}, {1})});
    expectNear(outHwc(m, imageHwc(3, 3, 1, k3x3), "c"), {0.0f, 0.0f, 17.0f, 27.0f});
}

TEST(LayersExact, Conv2DKernelLayoutInOut) {
    // 1x1 kernel (1, 1, in=2, out=2) in Keras order [k(i0,o0), k(i0,o1), k(i1,o0), k(i1,o1)]:
    // out0 = c0 + 0.5 c1, out1 = -c0.
    Model m = build(2, 2, 2, {conv(2, 1, 1, false)}, "c");
    m.setKerasWeights("c", {t({1, -1, 0.5f, 0}, {1, 1, 2, 2}), t({0, 0}, {2})});
    auto x = imageHwc(2, 2, 2, {1, 10, 2, 20, 3, 30, 4, 40});
    expectNear(outHwc(m, x, "c"), {6, -1, 12, -2, 18, -3, 24, -4});
}

TEST(LayersExact, Conv2DSamePaddingPadsBottomRight) {
    // TF "same" with an even kernel pads one zero row/column after, none before.
    Model m = build(3, 3, 1, {conv(1, 2, 1, true)}, "c");
    m.setKerasWeights("c", {t({1, 2, 3, 4}, {2, 2, 1, 1}), t({0}, {1})});
    expectNear(outHwc(m, imageHwc(3, 3, 1, k3x3), "c"), {37, 47, 21, 67, 77, 33, 23, 26, 9});
}

TEST(LayersExact, Conv2DStrides) {
    Model same = build(3, 3, 1, {conv(1, 2, 2, true)}, "c");
    same.setKerasWeights("c", {t({1, 2, 3, 4}, {2, 2, 1, 1}), t({0}, {1})});
    expectNear(outHwc(same, imageHwc(3, 3, 1, k3x3), "c"), {37, 21, 23, 9});
    Model valid = build(3, 3, 1, {conv(1, 2, 2, false)}, "c");
    valid.setKerasWeights("c", {t({1, 2, 3, 4}, {2, 2, 1, 1}), t({0}, {1})});
    expectNear(outHwc(valid, imageHwc(3, 3, 1, k3x3), "c"), {37});
    EXPECT_EQ(valid.outputShape("c").dims, (std::vector<int64_t>{1, 1, 1}));
}

TEST(LayersExact, Conv2DWithoutBias) {
    LayerSpec c = conv(1, 2, 1, false);
    c.useBias = false;
    Model m = build(3, 3, 1, {c}, "c");
    EXPECT_EQ(m.weightNames("c"), (std::vector<std::string>{"kernel:0"}));
    m.setKerasWeights("c", {t({1, 2, 3, 4}, {2, 2, 1, 1})});
    expectNear(outHwc(m, imageHwc(3, 3, 1, k3x3), "c"), {37, 47, 67, 77});
}

namespace {
LayerSpec pool(LayerKind kind, int k, int stride, bool same) {
    LayerSpec l = makeLayer("p", kind, {"in"});
    l.poolSize = {k, k};
    l.strides = {stride, stride};
    l.samePadding = same;
    return l;
}
std::vector<float> range(int n, float sign = 1.0f) {
    std::vector<float> v;
    for (int i = 1; i <= n; ++i)
        v.push_back(sign * float(i));
    return v;
}
} // namespace

TEST(LayersExact, MaxPoolingValid) {
    Model m = build(4, 4, 1, {pool(LayerKind::MaxPooling2D, 2, 2, false)}, "p");
    expectNear(outHwc(m, imageHwc(4, 4, 1, range(16)), "p"), {6, 8, 14, 16});
    Model s1 = build(3, 3, 1, {pool(LayerKind::MaxPooling2D, 2, 1, false)}, "p");
    expectNear(outHwc(s1, imageHwc(3, 3, 1, k3x3), "p"), {5, 6, 8, 9});
}

TEST(LayersExact, MaxPoolingSameIgnoresPadding) {
    // All values negative: padding must not contribute (a zero pad would give 0).
    Model m = build(3, 3, 1, {pool(LayerKind::MaxPooling2D, 2, 2, true)}, "p");
    expectNear(outHwc(m, imageHwc(3, 3, 1, range(9, -1.0f)), "p"), {-1, -3, -7, -9});
}

TEST(LayersExact, AveragePoolingValid) {
    Model m = build(4, 4, 1, {pool(LayerKind::AveragePooling2D, 2, 2, false)}, "p");
    expectNear(outHwc(m, imageHwc(4, 4, 1, range(16)), "p"), {3.5f, 5.5f, 11.5f, 13.5f});
}

TEST(LayersExact, AveragePoolingSameCountsOnlyRealPixels) {
    Model m = build(3, 3, 1, {pool(LayerKind::AveragePooling2D, 2, 2, true)}, "p");
    // (1+2+4+5)/4, (3+6)/2, (7+8)/2, 9/1
    expectNear(outHwc(m, imageHwc(3, 3, 1, k3x3), "p"), {3.0f, 4.5f, 7.5f, 9.0f});
}

TEST(LayersExact, PoolingPerChannel) {
    Model m = build(2, 2, 2, {pool(LayerKind::MaxPooling2D, 2, 2, false)}, "p");
    expectNear(outHwc(m, imageHwc(2, 2, 2, {1, 40, 2, 30, 3, 20, 4, 10}), "p"), {4, 40});
}

TEST(LayersExact, FlattenIsChannelsLast) {
    // Channel 0 = [[1, 2], [3, 4]], channel 1 = [[10, 20], [30, 40]]. Keras flattens (H, W, C):
    // a channels-first flatten would give 1, 2, 3, 4, 10, 20, 30, 40.
    Model m = build(2, 2, 2, {}, "in");
    auto x = imageHwc(2, 2, 2, {1, 10, 2, 20, 3, 30, 4, 40});
    auto y = m.logits(x).reshape({-1});
    std::vector<float> got(y.data_ptr<float>(), y.data_ptr<float>() + y.numel());
    expectNear(got, {1, 10, 2, 20, 3, 30, 4, 40});
}

TEST(LayersExact, DenseKernelIsInByOut) {
    LayerSpec d = makeLayer("d", LayerKind::Dense, {"f"});
    d.units = 2;
    Model m = build(1, 1, 3, {makeLayer("f", LayerKind::Flatten, {"in"}), d}, "d");
    // kernel (in=3, out=2) = [[1, 0], [0, 1], [1, -1]], bias [0.5, -0.5]
    m.setKerasWeights("d", {t({1, 0, 0, 1, 1, -1}, {3, 2}), t({0.5f, -0.5f}, {2})});
    expectNear(outHwc(m, imageHwc(1, 1, 3, {1, 2, 3}), "d"), {4.5f, -1.5f});
}

TEST(LayersExact, DenseSoftmaxOutputLogitsAndProbabilities) {
    ModelSpec s;
    s.name = "dense-softmax";
    s.layers.push_back(input(1, 1, 3));
    s.layers.push_back(makeLayer("f", LayerKind::Flatten, {"in"}));
    LayerSpec d = makeLayer("d", LayerKind::Dense, {"f"});
    d.units = 2;
    d.activation = ActivationKind::Softmax;
    s.layers.push_back(d);
    Model m(s);
    m.setInputScale(InputScale::Raw);
    m.setKerasWeights("d", {t({1, 0, 0, 1, 1, -1}, {3, 2}), t({0.5f, -0.5f}, {2})});
    auto x = imageHwc(1, 1, 3, {1, 2, 3});
    auto logits = m.logits(x);
    EXPECT_NEAR(logits[0][0].item<float>(), 4.5f, 1e-5);
    EXPECT_NEAR(logits[0][1].item<float>(), -1.5f, 1e-5);
    auto p = m.probabilities(x);
    const float p0 = 1.0f / (1.0f + std::exp(-6.0f)); // e^4.5 / (e^4.5 + e^-1.5)
    EXPECT_NEAR(p[0][0].item<float>(), p0, 1e-6);
    EXPECT_NEAR(p[0][1].item<float>(), 1.0f - p0, 1e-6);
}

TEST(LayersExact, InputScaleUnitDividesBy255) {
    Model m = build(1, 1, 2, {}, "in");
    m.setInputScale(InputScale::Unit);
    auto y = m.logits(imageHwc(1, 1, 2, {255, 51}));
    EXPECT_NEAR(y[0][0].item<float>(), 1.0f, 1e-6);
    EXPECT_NEAR(y[0][1].item<float>(), 0.2f, 1e-6);
}

TEST(LayersExact, DropoutIsIdentityAtInference) {
    LayerSpec d = makeLayer("d", LayerKind::Dropout, {"in"});
    d.rate = 0.5;
    Model m = build(1, 1, 4, {d}, "d");
    expectNear(outHwc(m, imageHwc(1, 1, 4, {1, -2, 3, 4}), "d"), {1, -2, 3, 4});
}

TEST(LayersExact, AddSumsBranches) {
    Model m = build(1, 2, 1,
                    {conv(1, 1, 1, false, ActivationKind::Linear, "a"),
                     conv(1, 1, 1, false, ActivationKind::Linear, "b"),
                     makeLayer("sum", LayerKind::Add, {"a", "b"})},
                    "sum");
    m.setKerasWeights("a", {t({2}, {1, 1, 1, 1}), t({1}, {1})});
    m.setKerasWeights("b", {t({3}, {1, 1, 1, 1}), t({0}, {1})});
    expectNear(outHwc(m, imageHwc(1, 2, 1, {1, -2}), "sum"), {6, -9}); // 5x + 1
}

TEST(LayersExact, ConcatenateOnChannels) {
    for (int axis : {-1, 3}) {
        LayerSpec cat = makeLayer("cat", LayerKind::Concatenate, {"a", "b"});
        cat.axis = axis;
        Model m = build(1, 2, 1,
                        {conv(1, 1, 1, false, ActivationKind::Linear, "a"),
                         conv(1, 1, 1, false, ActivationKind::Linear, "b"), cat},
                        "cat");
        m.setKerasWeights("a", {t({2}, {1, 1, 1, 1}), t({0}, {1})});
        m.setKerasWeights("b", {t({3}, {1, 1, 1, 1}), t({0}, {1})});
        auto x = imageHwc(1, 2, 1, {1, 10});
        EXPECT_EQ(m.outputShape("cat").dims, (std::vector<int64_t>{1, 2, 2}));
        // (H, W, C) order: pixel 0 = (2, 3), pixel 1 = (20, 30); the flatten keeps that order.
        expectNear(outHwc(m, x, "cat"), {2, 3, 20, 30});
        auto y = m.logits(x).reshape({-1});
        expectNear(std::vector<float>(y.data_ptr<float>(), y.data_ptr<float>() + 4),
                   {2, 3, 20, 30});
    }
}

TEST(LayersExact, ConcatenateFlat) {
    LayerSpec a = makeLayer("a", LayerKind::Dense, {"f"});
    a.units = 1;
    LayerSpec b = a;
    b.name = "b";
    b.units = 2;
    Model m = build(1, 1, 2,
                    {makeLayer("f", LayerKind::Flatten, {"in"}), a, b,
                     makeLayer("cat", LayerKind::Concatenate, {"b", "a"})},
                    "cat");
    m.setKerasWeights("a", {t({1, 1}, {2, 1}), t({0}, {1})});          // x0 + x1
    m.setKerasWeights("b", {t({1, 0, 0, 1}, {2, 2}), t({0, 0}, {2})}); // identity
    expectNear(outHwc(m, imageHwc(1, 1, 2, {3, 4}), "cat"), {3, 4, 7});
}

namespace {
std::vector<float> activationOf(ActivationKind a, const std::vector<float>& x) {
    LayerSpec l = makeLayer("act", LayerKind::Activation, {"in"});
    l.activation = a;
    Model m = build(1, 1, int(x.size()), {l}, "act");
    return outHwc(m, imageHwc(1, 1, int(x.size()), x), "act");
}
} // namespace

TEST(LayersExact, Activations) {
    const std::vector<float> x = {-1, 0, 2};
    expectNear(activationOf(ActivationKind::Linear, x), {-1, 0, 2});
    expectNear(activationOf(ActivationKind::Relu, x), {0, 0, 2});
    expectNear(activationOf(ActivationKind::Sigmoid, x), {0.26894142f, 0.5f, 0.88079708f});
    expectNear(activationOf(ActivationKind::Tanh, x), {-0.76159416f, 0.0f, 0.96402758f});
    // Softmax over the channels: e^-1, e^0, e^2 over their sum 8.75693554.
    expectNear(activationOf(ActivationKind::Softmax, x), {0.04201007f, 0.1141952f, 0.84379473f});
}

namespace {
std::vector<float> reluOf(double maxValue, double slope, double threshold) {
    LayerSpec l = makeLayer("r", LayerKind::ReLU, {"in"});
    l.reluMaxValue = maxValue;
    l.reluNegativeSlope = slope;
    l.reluThreshold = threshold;
    Model m = build(1, 1, 5, {l}, "r");
    return outHwc(m, imageHwc(1, 1, 5, {-3, -1, 0.5f, 2, 7}), "r");
}
constexpr double kInf = std::numeric_limits<double>::infinity();
} // namespace

TEST(LayersExact, ReluLayerParameters) {
    expectNear(reluOf(kInf, 0.0, 0.0), {0, 0, 0.5f, 2, 7});
    expectNear(reluOf(6.0, 0.0, 0.0), {0, 0, 0.5f, 2, 6});
    expectNear(reluOf(kInf, 0.1, 0.0), {-0.3f, -0.1f, 0.5f, 2, 7});
    expectNear(reluOf(kInf, 0.0, 1.0), {0, 0, 0, 2, 7});
    // f(x) = 0.5 (x - 1) below the threshold 1
    expectNear(reluOf(kInf, 0.5, 1.0), {-2, -1, -0.25f, 2, 7});
    expectNear(reluOf(6.0, 0.1, 0.0), {-0.3f, -0.1f, 0.5f, 2, 6});
}

TEST(LayersExact, BatchNormalizationInference) {
    LayerSpec bn = makeLayer("bn", LayerKind::BatchNormalization, {"in"});
    bn.epsilon = 1.0;
    Model m = build(1, 2, 2, {bn}, "bn");
    const std::vector<std::string> names = {"gamma:0", "beta:0", "moving_mean:0",
                                            "moving_variance:0"};
    EXPECT_EQ(m.weightNames("bn"), names);
    // y = (x - mean) / sqrt(var + eps) * gamma + beta, per channel
    m.setKerasWeights("bn", {t({2, 0.5f}, {2}), t({1, 0}, {2}), t({1, 1}, {2}), t({3, 0}, {2})});
    // channel 0: (x - 1) / 2 * 2 + 1 = x; channel 1: (x - 1) * 0.5
    auto x = imageHwc(1, 2, 2, {3, -1, 5, 3});
    expectNear(outHwc(m, x, "bn"), {3, -1, 5, 1});
}

TEST(LayersExact, BatchNormalizationWithoutScaleAndCenter) {
    LayerSpec bn = makeLayer("bn", LayerKind::BatchNormalization, {"in"});
    bn.epsilon = 0.0;
    bn.bnScale = false;
    bn.bnCenter = false;
    Model m = build(1, 1, 2, {bn}, "bn");
    EXPECT_EQ(m.weightNames("bn"),
              (std::vector<std::string>{"moving_mean:0", "moving_variance:0"}));
    m.setKerasWeights("bn", {t({1, -2}, {2}), t({4, 0.25f}, {2})});
    expectNear(outHwc(m, imageHwc(1, 1, 2, {5, 0}), "bn"), {2, 4}); // (5-1)/2, (0+2)/0.5
}

TEST(LayersExact, KerasWeightsRoundTripAndRejectNonFinite) {
    Model m = build(3, 3, 1, {conv(1, 2, 1, false)}, "c");
    auto kernel = t({1, 2, 3, 4}, {2, 2, 1, 1});
    m.setKerasWeights("c", {kernel, t({0.5f}, {1})});
    auto back = m.kerasWeights("c");
    ASSERT_EQ(back.size(), 2u);
    EXPECT_TRUE(torch::equal(back[0], kernel));
    EXPECT_EQ(m.kerasWeightShapes("c"), (std::vector<std::vector<int64_t>>{{2, 2, 1, 1}, {1}}));
    auto nan = kernel.clone();
    nan[0][0][0][0] = std::nanf("");
    EXPECT_THROW(m.setKerasWeights("c", {nan, t({0}, {1})}), Error);
    EXPECT_THROW(m.setKerasWeights("c", {kernel, t({INFINITY}, {1})}), Error);
    EXPECT_THROW(m.setKerasWeights("c", {t({1, 2, 3, 4}, {1, 1, 2, 2}), t({0}, {1})}), Error);
    EXPECT_THROW(m.setKerasWeights("c", {kernel}), Error);
    // The failed calls left the weights alone.
    EXPECT_TRUE(torch::equal(m.kerasWeights("c")[0], kernel));
}

TEST(LayersExact, ChannelMaskZeroesChannels) {
    Model m = build(1, 1, 2, {conv(2, 1, 1, false)}, "c");
    m.setKerasWeights("c", {t({1, 0, 0, 1}, {1, 1, 2, 2}), t({0, 0}, {2})});
    m.setChannelMask("c", torch::tensor({0.0f, 1.0f}));
    expectNear(outHwc(m, imageHwc(1, 1, 2, {3, 4}), "c"), {0, 4});
}
