// Exact-value tests of the layer kinds added for the Keras CNNs people publish and for PyTorch
// graphs (depthwise and separable convolutions, zero padding, global and adaptive pooling,
// dilation, groups, explicit and ceil-mode padding, rank-2 batch norm, rescaling, clipping,
// products, PyTorch flatten order, the new activations), against numbers computed by hand; the
// Keras config parser's reading of them; input normalisation; block outputs of convolutions.
#include "core/base/errors.h"
#include "core/io/keras_config.h"
#include "core/nn/model.h"
#include "tests/core/nn/layer_test_util.h"

#include <gtest/gtest.h>
#include <torch/types.h>

#include <cmath>

using namespace bdl::core;
using namespace bdl::core::layer_test;

namespace {

/// 3 x 3 x 2 pixels (v, 10 v) for v = 1..9 in row-major order.
torch::Tensor twoChannels() {
    std::vector<float> v;
    for (int i = 1; i <= 9; ++i) {
        v.push_back(float(i));
        v.push_back(10.0f * float(i));
    }
    return imageHwc(3, 3, 2, v);
}

LayerSpec layer(const std::string& name, LayerKind kind, const std::string& in = "in") {
    return makeLayer(name, kind, {in});
}

} // namespace

TEST(LayersMore, DepthwiseConvKeepsChannelsApart) {
    LayerSpec d = layer("d", LayerKind::DepthwiseConv2D);
    d.kernel = {2, 2};
    Model m = build(3, 3, 2, {d}, "d");
    EXPECT_EQ(m.weightNames("d"), (std::vector<std::string>{"depthwise_kernel:0", "bias:0"}));
    // Keras (kh, kw, C, multiplier): channel 0 reads its top-left pixel, channel 1 its
    // bottom-right one.
    m.setKerasWeights("d", {t({1, 0, 0, 0, 0, 0, 0, 1}, {2, 2, 2, 1}), t({0, 0.5f}, {2})});
    expectNear(outHwc(m, twoChannels(), "d"), {1, 50.5f, 2, 60.5f, 4, 80.5f, 5, 90.5f});
    const auto back = m.kerasWeights("d");
    EXPECT_TRUE(back[0].equal(t({1, 0, 0, 0, 0, 0, 0, 1}, {2, 2, 2, 1})));
}

TEST(LayersMore, DepthwiseMultiplierMakesChannelsPerInput) {
    LayerSpec d = layer("d", LayerKind::DepthwiseConv2D);
    d.depthMultiplier = 2;
    d.useBias = false;
    Model m = build(1, 2, 1, {d}, "d");
    EXPECT_EQ(m.outputShape("d").dims, (std::vector<int64_t>{1, 2, 2}));
    m.setKerasWeights("d", {t({2, -1}, {1, 1, 1, 2})});
    expectNear(outHwc(m, imageHwc(1, 2, 1, {3, 4}), "d"), {6, -3, 8, -4});
}

TEST(LayersMore, SeparableConvIsDepthwiseThenPointwise) {
    LayerSpec s = layer("s", LayerKind::SeparableConv2D);
    s.filters = 1;
    Model m = build(3, 3, 2, {s}, "s");
    EXPECT_EQ(m.weightNames("s"),
              (std::vector<std::string>{"depthwise_kernel:0", "pointwise_kernel:0", "bias:0"}));
    // depthwise scales channel 1 by 2; pointwise sums; bias 1: out = v + 2 * 10 v + 1.
    m.setKerasWeights("s", {t({1, 2}, {1, 1, 2, 1}), t({1, 1}, {1, 1, 2, 1}), t({1}, {1})});
    std::vector<float> want;
    for (int v = 1; v <= 9; ++v)
        want.push_back(21.0f * float(v) + 1.0f);
    expectNear(outHwc(m, twoChannels(), "s"), want);
}

TEST(LayersMore, ZeroPaddingPadsEachSide) {
    LayerSpec z = layer("z", LayerKind::ZeroPadding2D);
    z.padding = {1, 0, 0, 2}; // top, bottom, left, right
    Model m = build(2, 2, 1, {z}, "z");
    EXPECT_EQ(m.outputShape("z").dims, (std::vector<int64_t>{3, 4, 1}));
    expectNear(outHwc(m, imageHwc(2, 2, 1, {1, 2, 3, 4}), "z"),
               {0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0});
}

TEST(LayersMore, GlobalPoolingAveragesOrMaxesEachChannel) {
    LayerSpec avg = layer("avg", LayerKind::GlobalAveragePooling2D);
    Model a = build(3, 3, 2, {avg}, "avg");
    EXPECT_EQ(a.outputShape("avg").dims, (std::vector<int64_t>{2}));
    expectNear(outHwc(a, twoChannels(), "avg"), {5, 50});
    LayerSpec max = layer("max", LayerKind::GlobalMaxPooling2D);
    max.keepDims = true;
    Model b = build(3, 3, 2, {max}, "max");
    EXPECT_EQ(b.outputShape("max").dims, (std::vector<int64_t>{1, 1, 2}));
    expectNear(outHwc(b, twoChannels(), "max"), {9, 90});
}

TEST(LayersMore, AdaptiveAveragePoolingSplitsEvenly) {
    LayerSpec p = layer("p", LayerKind::AdaptiveAveragePooling2D);
    p.outputSize = {1, 2};
    Model m = build(2, 4, 1, {p}, "p");
    expectNear(outHwc(m, imageHwc(2, 4, 1, {1, 2, 3, 4, 5, 6, 7, 8}), "p"), {3.5f, 5.5f});
}

TEST(LayersMore, DilatedConvolutionSkipsPixels) {
    LayerSpec c = layer("c", LayerKind::Conv2D);
    c.filters = 1;
    c.kernel = {2, 2};
    c.dilation = {2, 2};
    c.useBias = false;
    Model m = build(3, 3, 1, {c}, "c");
    EXPECT_EQ(m.outputShape("c").dims, (std::vector<int64_t>{1, 1, 1}));
    m.setKerasWeights("c", {t({1, 2, 3, 4}, {2, 2, 1, 1})});
    // 1 * x00 + 2 * x02 + 3 * x20 + 4 * x22 = 1 + 6 + 21 + 36
    expectNear(outHwc(m, imageHwc(3, 3, 1, {1, 2, 3, 4, 5, 6, 7, 8, 9}), "c"), {64});
}

TEST(LayersMore, GroupedConvolutionMixesWithinGroupsOnly) {
    LayerSpec c = layer("c", LayerKind::Conv2D);
    c.filters = 2;
    c.groups = 2;
    c.useBias = false;
    Model m = build(1, 1, 2, {c}, "c");
    EXPECT_EQ(m.kerasWeightShapes("c").front(), (std::vector<int64_t>{1, 1, 1, 2}));
    m.setKerasWeights("c", {t({3, 5}, {1, 1, 1, 2})});
    expectNear(outHwc(m, imageHwc(1, 1, 2, {2, 7}), "c"), {6, 35});
    LayerSpec bad = c;
    bad.groups = 3;
    EXPECT_THROW(build(1, 1, 2, {bad}, "c"), Error);
}

TEST(LayersMore, ExplicitConvolutionPaddingIsZeros) {
    LayerSpec c = layer("c", LayerKind::Conv2D);
    c.filters = 1;
    c.kernel = {3, 3};
    c.padding = {1, 1, 1, 1};
    c.useBias = false;
    Model m = build(2, 2, 1, {c}, "c");
    m.setKerasWeights("c", {torch::ones({3, 3, 1, 1})});
    expectNear(outHwc(m, imageHwc(2, 2, 1, {1, 2, 3, 4}), "c"), {10, 10, 10, 10});
}

TEST(LayersMore, PoolingWithPaddingAndCeilModeFollowsPyTorch) {
    LayerSpec p = layer("p", LayerKind::MaxPooling2D);
    p.poolSize = {3, 3};
    p.strides = {2, 2};
    p.padding = {1, 1, 1, 1};
    p.ceilMode = true;
    Model m = build(4, 4, 1, {p}, "p");
    EXPECT_EQ(m.outputShape("p").dims, (std::vector<int64_t>{3, 3, 1}));
    std::vector<float> x;
    for (int i = 1; i <= 16; ++i)
        x.push_back(float(i));
    expectNear(outHwc(m, imageHwc(4, 4, 1, x), "p"), {6, 8, 8, 14, 16, 16, 14, 16, 16});

    LayerSpec a = layer("p", LayerKind::AveragePooling2D);
    a.poolSize = {2, 2};
    a.strides = {2, 2};
    a.padding = {1, 1, 1, 1};
    a.countIncludePad = true;
    Model with = build(2, 2, 1, {a}, "p");
    expectNear(outHwc(with, imageHwc(2, 2, 1, {1, 2, 3, 4}), "p"), {0.25f, 0.5f, 0.75f, 1});
    a.countIncludePad = false;
    Model without = build(2, 2, 1, {a}, "p");
    expectNear(outHwc(without, imageHwc(2, 2, 1, {1, 2, 3, 4}), "p"), {1, 2, 3, 4});
}

TEST(LayersMore, BatchNormalizationOnFlatFeatures) {
    LayerSpec bn = layer("bn", LayerKind::BatchNormalization, "flat");
    bn.axis = 1; // Keras's axis of a Dense output: the last one
    ModelSpec s;
    s.name = "bn1d";
    s.layers = {input(2, 2, 1), makeLayer("flat", LayerKind::Flatten, {"in"}), bn};
    s.output = "bn";
    Model m(s);
    m.setInputScale(InputScale::Raw);
    m.setKerasWeights("bn", {t({1, 2, 1, 1}, {4}), t({0, 0, 1, 0}, {4}), t({1, 1, 1, 1}, {4}),
                             t({1, 1, 1, 3}, {4})});
    const float e = 1e-3f;
    expectNear(outHwc(m, imageHwc(2, 2, 1, {1, 2, 3, 4}), "bn"),
               {0.0f, 2.0f / std::sqrt(1.0f + e), 2.0f / std::sqrt(1.0f + e) + 1.0f,
                3.0f / std::sqrt(3.0f + e)});
    // An axis that is not the last one is refused, naming the layer.
    s.layers[2].axis = 2;
    EXPECT_THROW(Model{s}, Error);
}

TEST(LayersMore, RescalingClipAndMultiply) {
    LayerSpec r = layer("r", LayerKind::Rescaling);
    r.scale = 2.0;
    r.offset = -1.0;
    LayerSpec c = layer("c", LayerKind::Clip, "r");
    c.clipMin = -1.0;
    c.clipMax = 4.0;
    LayerSpec m = makeLayer("m", LayerKind::Multiply, {"r", "c"});
    Model model = build(1, 3, 1, {r, c, m}, "m");
    const auto x = imageHwc(1, 3, 1, {-3, 0.5f, 5});
    expectNear(outHwc(model, x, "r"), {-7, 0, 9});
    expectNear(outHwc(model, x, "c"), {-1, 0, 4});
    expectNear(outHwc(model, x, "m"), {7, 0, 36});
}

TEST(LayersMore, FlattenInPyTorchOrderIsChannelsFirst) {
    LayerSpec keras = makeLayer("flat", LayerKind::Flatten, {"in"});
    Model k = build(1, 2, 2, {keras}, "flat");
    LayerSpec torchOrder = keras;
    torchOrder.channelsFirst = true;
    Model p = build(1, 2, 2, {torchOrder}, "flat");
    const auto x = imageHwc(1, 2, 2, {1, 10, 2, 20});
    expectNear(outHwc(k, x, "flat"), {1, 10, 2, 20});
    expectNear(outHwc(p, x, "flat"), {1, 2, 10, 20});
}

TEST(LayersMore, NewActivations) {
    const std::vector<std::pair<ActivationKind, std::vector<float>>> cases = {
        {ActivationKind::Relu6, {0, 1, 6}},
        {ActivationKind::Silu, {-0.2689414f, 0.7310586f, 6.9936228f}},
        {ActivationKind::Gelu, {-0.1586553f, 0.8413447f, 7.0f}},
        {ActivationKind::GeluTanh, {-0.1588080f, 0.8411920f, 7.0f}},
        {ActivationKind::Hardswish, {-1.0f / 3.0f, 2.0f / 3.0f, 7.0f}},
        {ActivationKind::Hardsigmoid, {1.0f / 3.0f, 2.0f / 3.0f, 1.0f}},
        {ActivationKind::Elu, {-0.6321206f, 1.0f, 7.0f}},
        {ActivationKind::Softplus, {0.3132617f, 1.3132617f, 7.0009117f}},
    };
    for (const auto& [kind, want] : cases) {
        SCOPED_TRACE(activationName(kind));
        LayerSpec a = layer("a", LayerKind::Activation);
        a.activation = kind;
        Model m = build(1, 3, 1, {a}, "a");
        expectNear(outHwc(m, imageHwc(1, 3, 1, {-1, 1, 7}), "a"), want, 2e-5f);
        ActivationKind parsed;
        ASSERT_TRUE(parseActivation(activationName(kind), &parsed));
        EXPECT_EQ(parsed, kind);
    }
}

TEST(LayersMore, LogSoftmaxOutputGivesTheSameProbabilities) {
    ModelSpec s;
    s.name = "logsoftmax";
    LayerSpec dense = makeLayer("d", LayerKind::Dense, {"flat"});
    dense.units = 3;
    LayerSpec out = makeLayer("out", LayerKind::Activation, {"d"});
    out.activation = ActivationKind::LogSoftmax;
    s.layers = {input(1, 1, 2), makeLayer("flat", LayerKind::Flatten, {"in"}), dense, out};
    Model m(s);
    m.setInputScale(InputScale::Raw);
    m.setKerasWeights("d", {t({1, 0, -1, 0, 1, 2}, {2, 3}), t({0, 0, 0}, {3})});
    const auto x = imageHwc(1, 1, 2, {1, 2});
    const auto logits = torch::tensor(std::vector<float>{1, 2, 3}).view({1, 3});
    EXPECT_TRUE(torch::allclose(m.probabilities(x), torch::softmax(logits, 1)));
    EXPECT_TRUE(torch::allclose(m.logits(x), torch::log_softmax(logits, 1)));
}

TEST(InputNormalizationTest, PresetsCustomAndRefusals) {
    InputNormalization n;
    std::string why;
    ASSERT_TRUE(parseInputNormalization("imagenet", 3, &n, &why));
    EXPECT_EQ(n.mean, (std::vector<double>{0.485, 0.456, 0.406}));
    EXPECT_EQ(inputNormalizationText(n), "imagenet");
    ASSERT_TRUE(parseInputNormalization("mean=0.5;std=0.25", 2, &n, &why));
    EXPECT_EQ(n.std, (std::vector<double>{0.25, 0.25}));
    EXPECT_EQ(inputNormalizationText(n), "mean=0.5,0.5;std=0.25,0.25");
    ASSERT_TRUE(parseInputNormalization("none", 3, &n, &why));
    EXPECT_TRUE(n.empty());
    EXPECT_FALSE(parseInputNormalization("cifar10", 1, &n, &why));
    EXPECT_NE(why.find("3 channels"), std::string::npos) << why;
    EXPECT_FALSE(parseInputNormalization("mean=1,2;std=1,1", 3, &n, &why));
    EXPECT_NE(why.find("3 channels"), std::string::npos) << why;
    EXPECT_FALSE(parseInputNormalization("mean=0;std=0", 1, &n, &why));
    EXPECT_NE(why.find("positive"), std::string::npos) << why;
    EXPECT_FALSE(parseInputNormalization("mnist", 1, &n, &why));
}

TEST(InputNormalizationTest, AppliedAfterTheScaleBeforeTheFirstLayer) {
    Model m = build(1, 1, 2, {}, "in");
    InputNormalization n;
    ASSERT_TRUE(parseInputNormalization("mean=0.5,1;std=0.25,2", 2, &n, nullptr));
    m.setInputNormalization(n);
    m.setInputScale(InputScale::Unit);
    // (255 / 255 - 0.5) / 0.25 = 2 and (51 / 255 - 1) / 2 = -0.4
    expectNear(outHwc(m, imageHwc(1, 1, 2, {255, 51}), "flat"), {2.0f, -0.4f});
    InputNormalization wrong;
    wrong.mean = {0.5};
    wrong.std = {1};
    EXPECT_THROW(m.setInputNormalization(wrong), Error);
}

TEST(BlockOutput, ConvBatchNormReluIsMaskedAfterTheRelu) {
    LayerSpec c = layer("c", LayerKind::Conv2D);
    c.filters = 2;
    LayerSpec bn = layer("bn", LayerKind::BatchNormalization, "c");
    LayerSpec relu = layer("relu", LayerKind::Activation, "bn");
    relu.activation = ActivationKind::Relu;
    Model m = build(2, 2, 1, {c, bn, relu}, "relu");
    EXPECT_EQ(m.blockOutput("c"), "relu");
    EXPECT_EQ(m.pruneLayer("c"), "relu");
    EXPECT_EQ(m.pruneLayer("bn"), "bn"); // any other layer is taken as named
    EXPECT_EQ(m.defaultPruneLayer(), "relu");
    const auto layers = m.prunableLayers();
    ASSERT_EQ(layers.size(), 1u);
    EXPECT_EQ(layers[0].channels, 2);
    EXPECT_TRUE(layers[0].cutPoint);
    EXPECT_THROW(m.pruneLayer("nope"), Error);
    // Baking the mask zeroes the conv's row and the batch norm's gamma, beta and mean: the
    // pruned channel is exactly zero even without the mask.
    m.setKerasWeights("c", {t({1, -1}, {1, 1, 1, 2}), t({0.5f, 0.5f}, {2})});
    m.setKerasWeights("bn",
                      {t({2, 3}, {2}), t({0.1f, 0.2f}, {2}), t({0.3f, 0.3f}, {2}), t({1, 1}, {2})});
    m.setChannelMask("relu", t({1, 0}, {2}));
    m.bakeChannelMasks();
    m.clearChannelMasks();
    const auto y = m.forwardTo(imageHwc(2, 2, 1, {1, 2, 3, 4}), "bn");
    EXPECT_EQ(y.select(1, 1).abs().max().item<float>(), 0.0f);
    EXPECT_GT(y.select(1, 0).abs().max().item<float>(), 0.0f);
}

TEST(KerasConfigMore, ReadsThePublishedCnnLayers) {
    auto layerJson = [](const std::string& cls, const std::string& name, const std::string& cfg,
                        const std::string& from) {
        return "{\"class_name\": \"" + cls + "\", \"config\": {\"name\": \"" + name + "\"" +
               (cfg.empty() ? "" : ", " + cfg) + "}, \"inbound_nodes\": " +
               (from.empty() ? std::string("[]") : "[[[\"" + from + "\", 0, 0, {}]]]") + "}";
    };
    const std::string json =
        "{\"class_name\": \"Functional\", \"config\": {\"name\": \"pub\", \"layers\": [" +
        layerJson("InputLayer", "in", "\"batch_input_shape\": [null, 8, 8, 3]", "") + ", " +
        layerJson("ZeroPadding2D", "pad", "\"padding\": [[1, 0], [0, 1]]", "in") + ", " +
        layerJson("DepthwiseConv2D", "dw",
                  "\"kernel_size\": [3, 3], \"depth_multiplier\": 2, \"padding\": \"valid\", "
                  "\"dilation_rate\": [1, 1], \"activation\": \"relu6\"",
                  "pad") +
        ", " +
        layerJson("SeparableConv2D", "sep",
                  "\"filters\": 4, \"kernel_size\": 3, \"padding\": \"same\", \"use_bias\": false, "
                  "\"activation\": \"swish\"",
                  "dw") +
        ", " + layerJson("LeakyReLU", "leaky", "\"alpha\": 0.2", "sep") + ", " +
        layerJson("GlobalAveragePooling2D", "gap", "\"data_format\": \"channels_last\"", "leaky") +
        ", " + layerJson("Dense", "fc", "\"units\": 5", "gap") + ", " +
        layerJson("BatchNormalization", "bn", "\"axis\": [1], \"epsilon\": 0.001", "fc") + ", " +
        layerJson("Softmax", "out", "\"axis\": -1", "bn") +
        "], \"input_layers\": [[\"in\", 0, 0]], \"output_layers\": [[\"out\", 0, 0]]}}";
    const ModelSpec spec = parseKerasModelConfig(json, "pub.h5");
    EXPECT_EQ(spec.find("pad")->padding, (std::array<int, 4>{1, 0, 0, 1}));
    EXPECT_EQ(spec.find("dw")->depthMultiplier, 2);
    EXPECT_EQ(spec.find("dw")->activation, ActivationKind::Relu6);
    EXPECT_EQ(spec.find("sep")->activation, ActivationKind::Silu);
    EXPECT_DOUBLE_EQ(spec.find("leaky")->reluNegativeSlope, 0.2);
    EXPECT_EQ(spec.find("out")->kind, LayerKind::Activation);
    Model m(spec);
    EXPECT_EQ(m.outputShape("pad").dims, (std::vector<int64_t>{9, 9, 3}));
    EXPECT_EQ(m.outputShape("dw").dims, (std::vector<int64_t>{7, 7, 6}));
    EXPECT_EQ(m.outputShape("sep").dims, (std::vector<int64_t>{7, 7, 4}));
    EXPECT_EQ(m.outputShape("gap").dims, (std::vector<int64_t>{4}));
    EXPECT_EQ(m.kerasWeightShapes("sep"),
              (std::vector<std::vector<int64_t>>{{3, 3, 6, 1}, {1, 1, 6, 4}}));
    EXPECT_EQ(m.numClasses(), 5);
}
