// Keras .h5 export of models that came without a Keras model_config (core/io/keras_config_write.h):
// the PyTorch test models read through the sandboxed helper, and hand-built graphs for each
// translation rule (padding, ceil_mode, adaptive pooling, flatten order, relu6, log_softmax,
// input normalisation) and each refusal.
#include "core/base/errors.h"
#include "core/io/import_client.h"
#include "core/io/keras_config.h"
#include "core/io/keras_config_write.h"
#include "core/io/keras_io.h"
#include "tests/core/error_expect.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <torch/types.h>

#include <filesystem>
#include <fstream>
#include <iostream>

namespace fs = std::filesystem;
using namespace bdl::core;

namespace {

const std::string kModels = BDL_TORCH_MODELS_DIR;

struct ExportDir {
    fs::path path = fs::temp_directory_path() / ("bdl-keras-export-" + std::to_string(getpid()));
    ExportDir() { fs::create_directories(path); }
    ~ExportDir() { fs::remove_all(path); }
    std::string file(const std::string& name) const { return (path / name).string(); }
};

/// Seeded raw pixels (N, C, H, W) in 0..255 for a model.
torch::Tensor pixels(const Model& m, int64_t n = 6) {
    const auto s = m.inputShape();
    torch::manual_seed(7);
    return torch::rand({n, s[2], s[0], s[1]}) * 255.0;
}

double maxDiff(const Model& a, const Model& b, const torch::Tensor& images) {
    return (a.probabilities(images) - b.probabilities(images)).abs().max().item<double>();
}

/// Writes `m` as Keras (as a model read from TorchScript) and reads it back through the reader.
LoadedModel roundTrip(const Model& m, const std::string& path) {
    LoadedModel from{m, ModelFormat::TorchScript, "net.pt", "net", {}, {}, {}, false};
    saveKerasWeights(m, path, &from);
    LoadedModel back = loadKerasModel(path);
    back.model.setInputScale(m.inputScale());
    return back;
}

/// A model from a spec, with seeded weights and non-trivial batch-norm statistics.
Model built(ModelSpec spec) {
    Model m(std::move(spec));
    m.initialize(11);
    for (const auto& l : m.spec().layers) {
        if (l.kind != LayerKind::BatchNormalization)
            continue;
        auto w = m.kerasWeights(l.name);
        torch::manual_seed(3);
        for (auto& t : w) // (not uniform_: GCC 12 -O1 warns inside its Generator optional)
            t = torch::rand(t.sizes()) + 0.5;
        m.setKerasWeights(l.name, w);
    }
    return m;
}

LayerSpec inputLayer(int h, int w, int c) {
    LayerSpec l = makeLayer("x", LayerKind::Input, {});
    l.inputShape = {h, w, c};
    return l;
}

LayerSpec conv(const std::string& name, const std::string& in, int filters, int k, int stride,
               std::array<int, 4> pad, ActivationKind a = ActivationKind::Linear) {
    LayerSpec l = makeLayer(name, LayerKind::Conv2D, {in});
    l.filters = filters;
    l.kernel = {k, k};
    l.strides = {stride, stride};
    l.padding = pad;
    l.activation = a;
    return l;
}

LayerSpec pool(const std::string& name, const std::string& in, LayerKind kind, int k, int stride,
               int pad, bool ceil, bool countPad = true) {
    LayerSpec l = makeLayer(name, kind, {in});
    l.poolSize = {k, k};
    l.strides = {stride, stride};
    l.padding = {pad, pad, pad, pad};
    l.ceilMode = ceil;
    l.countIncludePad = countPad;
    return l;
}

LayerSpec dense(const std::string& name, const std::string& in, int units,
                ActivationKind a = ActivationKind::Linear) {
    LayerSpec l = makeLayer(name, LayerKind::Dense, {in});
    l.units = units;
    l.activation = a;
    return l;
}

LayerSpec flatten(const std::string& name, const std::string& in, bool channelsFirst) {
    LayerSpec l = makeLayer(name, LayerKind::Flatten, {in});
    l.channelsFirst = channelsFirst;
    return l;
}

/// The Keras classes of a translation's layers, in order.
std::vector<std::string> classes(const KerasTranslation& t) {
    std::vector<std::string> out;
    const auto config = nlohmann::json::parse(t.modelConfig);
    for (const auto& l : config["config"]["layers"])
        out.push_back(l["class_name"].get<std::string>());
    return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

} // namespace

// The ResNet (strided padded convs, shortcut, adaptive pooling) and the VGG (PyTorch flatten order
// into a Linear, BatchNorm1d, dropout) made by Python, read through the helper, pruned, written as
// Keras and read back: the same probabilities, the pruning and the normalisation carried over.
TEST(KerasExport, PyTorchResNetAndVggWriteAsKerasWholeModels) {
    std::ifstream manifest(kModels + "/manifest.json");
    if (!manifest || nlohmann::json::parse(manifest).contains("unavailable"))
        GTEST_SKIP() << "PyTorch test models unavailable (see " << kModels << "/manifest.json)";
    ExportDir dir;
    for (const char* name : {"resnet", "vgg"}) {
        SCOPED_TRACE(name);
        ModelOpenOptions open;
        open.inputShape = {32, 32, 3};
        LoadedModel m = importModel(kModels + "/" + std::string(name) + ".trace.pt", open);
        InputNormalization norm;
        ASSERT_TRUE(parseInputNormalization("cifar10", 3, &norm, nullptr));
        m.model.setInputNormalization(norm);
        const std::string layer = m.model.defaultPruneLayer();
        auto mask = torch::ones({m.model.outputShape(layer).channels()});
        mask[1] = 0.0f;
        m.model.setChannelMask(layer, mask);
        const std::string path = dir.file(std::string(name) + ".h5");
        saveKerasWeights(m.model, path, &m);
        // Read back as the app reads a user's file: through the sandboxed helper.
        LoadedModel back = importModel(path, ModelOpenOptions());
        EXPECT_EQ(back.format, ModelFormat::WholeModel);
        EXPECT_EQ(back.model.inputShape(), (std::array<int, 3>{32, 32, 3}));
        ASSERT_EQ(back.model.inputNormalization().mean.size(), 3u);
        for (size_t c = 0; c < 3; ++c) {
            EXPECT_NEAR(back.model.inputNormalization().mean[c], norm.mean[c], 1e-12);
            EXPECT_NEAR(back.model.inputNormalization().std[c], norm.std[c], 1e-12);
        }
        const auto images = pixels(m.model);
        const double diff = maxDiff(m.model, back.model, images);
        std::cout << "[ keras export ] " << name << ": probabilities differ by " << diff << "\n";
        EXPECT_LT(diff, 1e-5);
        // The pruning reads back as the same channel mask on the same layer (a ResNet's last
        // block output follows a residual add, which no weight can zero), and the channel is 0.
        const std::string& backLayer = layer; // module paths are valid Keras names
        ASSERT_NE(back.model.spec().find(backLayer), nullptr) << backLayer;
        ASSERT_TRUE(back.model.channelMask(backLayer).defined());
        EXPECT_TRUE(back.model.channelMask(backLayer).equal(mask));
        const auto act = back.model.forwardTo(images, backLayer);
        EXPECT_EQ(act.select(1, 1).abs().max().item<float>(), 0.0f);
        EXPECT_GT(act.select(1, 0).abs().max().item<float>(), 0.0f);
    }
}

// Layers that Keras computes differently are refused with the layer and the reason, and nothing
// is written.
TEST(KerasExport, PyTorchModelsWithoutAKerasEquivalentAreRefused) {
    std::ifstream manifest(kModels + "/manifest.json");
    if (!manifest || nlohmann::json::parse(manifest).contains("unavailable"))
        GTEST_SKIP() << "PyTorch test models unavailable (see " << kModels << "/manifest.json)";
    ExportDir dir;
    ModelOpenOptions open;
    open.inputShape = {32, 32, 3};
    const LoadedModel dwsep = importModel(kModels + "/dwsep.trace.pt", open);
    EXPECT_ERROR_WITH(saveKerasWeights(dwsep.model, dir.file("dwsep.h5"), &dwsep), "dwsep.h5",
                      "hardswish", "Keras computes differently", "TorchScript");
    const LoadedModel cat = importModel(kModels + "/cat.trace.pt", open);
    // its ceil-mode max pooling pads SiLU/tanh outputs, which can be negative, with -inf
    EXPECT_ERROR_WITH(saveKerasWeights(cat.model, dir.file("cat.h5"), &cat), "cat.h5", "-inf");
    EXPECT_FALSE(fs::exists(dir.file("dwsep.h5")));
    EXPECT_FALSE(fs::exists(dir.file("cat.h5")));
}

// Explicit padding: "same" where TensorFlow pads the same amounts, else ZeroPadding2D; ceil_mode
// max pooling after a ReLU through zero padding; average pooling counting its padding.
TEST(KerasExport, PaddingAndCeilModeBecomeSameOrZeroPadding) {
    ModelSpec spec;
    spec.layers = {inputLayer(16, 16, 3),
                   conv("same", "x", 4, 3, 1, {1, 1, 1, 1}),
                   conv("down", "same", 6, 3, 2, {1, 1, 1, 1}, ActivationKind::Relu),
                   pool("ceil", "down", LayerKind::MaxPooling2D, 3, 2, 1, true),
                   pool("avg", "ceil", LayerKind::AveragePooling2D, 3, 1, 1, false, true),
                   flatten("flat", "avg", false),
                   dense("out", "flat", 5, ActivationKind::Softmax)};
    const Model m = built(spec);
    ASSERT_EQ(m.outputShape("ceil").dims, (std::vector<int64_t>{5, 5, 6})); // floor: 4
    const KerasTranslation t = translateToKeras(m, "pad.h5");
    const auto cls = classes(t);
    // The 3x3 stride-1 conv with pad 1 is "same"; 16 -> 8 with pad (1, 1) is not TensorFlow's
    // (0, 1): a ZeroPadding2D; ceil_mode pads (1, 2) after the ReLU; the average counts its
    // padding: three ZeroPadding2D layers.
    EXPECT_EQ(std::count(cls.begin(), cls.end(), "ZeroPadding2D"), 3);
    const auto layers = nlohmann::json::parse(t.modelConfig)["config"]["layers"];
    for (const auto& l : layers) {
        if (l["name"] == "same") {
            EXPECT_EQ(l["config"]["padding"], "same");
        }
        if (l["name"] == "down") {
            EXPECT_EQ(l["config"]["padding"], "valid");
        }
    }
    ExportDir dir;
    const LoadedModel back = roundTrip(m, dir.file("pad.h5"));
    EXPECT_LT(maxDiff(m, back.model, pixels(m)), 1e-6);
}

// PyTorch's flatten order into a Dense: the kernel rows are reordered, so the outputs match.
TEST(KerasExport, ChannelsFirstFlattenReordersTheDenseRows) {
    ModelSpec spec;
    LayerSpec drop = makeLayer("drop", LayerKind::Dropout, {"flat"});
    drop.rate = 0.5;
    spec.layers = {inputLayer(6, 5, 2), conv("c", "x", 3, 3, 1, {0, 0, 0, 0}, ActivationKind::Relu),
                   flatten("flat", "c", true), drop, dense("fc", "drop", 4)};
    const Model m = built(spec);
    ExportDir dir;
    const LoadedModel back = roundTrip(m, dir.file("flat.h5"));
    EXPECT_FALSE(back.model.spec().find("flat")->channelsFirst);
    EXPECT_LT(maxDiff(m, back.model, pixels(m)), 1e-6);
    // Without the reordering the same weights give other outputs: the test can tell.
    Model plain(back.model);
    plain.setKerasWeights("fc", m.kerasWeights("fc"));
    EXPECT_GT(maxDiff(m, plain, pixels(m)), 1e-3);

    // Into anything but a Dense layer the order cannot be kept.
    ModelSpec bad;
    LayerSpec bn = makeLayer("bn", LayerKind::BatchNormalization, {"flat"});
    bad.layers = {inputLayer(6, 5, 2), conv("c", "x", 3, 3, 1, {0, 0, 0, 0}),
                  flatten("flat", "c", true), bn, dense("fc", "bn", 4)};
    EXPECT_ERROR_WITH(translateToKeras(built(bad), "bad.h5"), "bad.h5", "layer 'flat'", "(C, H, W)",
                      "'bn'");
}

// relu6, hardtanh(0, 6) and adaptive pooling with even windows have Keras forms; a final
// log_softmax becomes softmax with the same probabilities.
TEST(KerasExport, ActivationsClipsAndAdaptivePoolingTranslate) {
    ModelSpec spec;
    LayerSpec clip = makeLayer("clip", LayerKind::Clip, {"c1"});
    clip.clipMin = 0.0;
    clip.clipMax = 6.0;
    LayerSpec adaptive = makeLayer("adapt", LayerKind::AdaptiveAveragePooling2D, {"clip"});
    adaptive.outputSize = {2, 2};
    LayerSpec gap = makeLayer("gap", LayerKind::AdaptiveAveragePooling2D, {"adapt"});
    gap.outputSize = {1, 1};
    LayerSpec logsm = makeLayer("logp", LayerKind::Activation, {"fc"});
    logsm.activation = ActivationKind::LogSoftmax;
    spec.layers = {inputLayer(8, 8, 3),
                   conv("c1", "x", 4, 3, 1, {1, 1, 1, 1}, ActivationKind::Relu6),
                   clip,
                   adaptive,
                   gap,
                   flatten("flat", "gap", true),
                   dense("fc", "flat", 3, ActivationKind::Silu),
                   logsm};
    const Model m = built(spec);
    const KerasTranslation t = translateToKeras(m, "act.h5");
    const auto cls = classes(t);
    EXPECT_TRUE(has(cls, "ReLU"));
    EXPECT_TRUE(has(cls, "GlobalAveragePooling2D"));
    EXPECT_TRUE(has(cls, "AveragePooling2D"));
    EXPECT_NE(t.modelConfig.find("\"swish\""), std::string::npos);
    EXPECT_NE(t.modelConfig.find("\"softmax\""), std::string::npos);
    ExportDir dir;
    const LoadedModel back = roundTrip(m, dir.file("act.h5"));
    EXPECT_LT(maxDiff(m, back.model, pixels(m)), 1e-6);
    EXPECT_TRUE(back.model.logits(pixels(m)).argmax(1).equal(m.logits(pixels(m)).argmax(1)));
}

TEST(KerasExport, LayersKerasCannotExpressAreRefusedByName) {
    // input -> conv 'c' (6 x 6 x 4, linear) -> the layer under test -> flatten -> dense
    const auto refusal = [](LayerSpec extra) {
        ModelSpec spec;
        spec.layers = {inputLayer(8, 8, 3), conv("c", "x", 4, 3, 1, {0, 0, 0, 0}), extra,
                       flatten("f", extra.name, false), dense("out", "f", 3)};
        return built(spec);
    };
    LayerSpec hs = makeLayer("hs", LayerKind::Activation, {"c"});
    hs.activation = ActivationKind::Hardswish;
    EXPECT_ERROR_WITH(translateToKeras(refusal(hs), "m.h5"), "layer 'hs'", "hardswish");
    LayerSpec clip = makeLayer("tanhish", LayerKind::Clip, {"c"});
    clip.clipMin = -1.0;
    clip.clipMax = 1.0;
    EXPECT_ERROR_WITH(translateToKeras(refusal(clip), "m.h5"), "layer 'tanhish'", "clips");
    // -inf padding of a linear conv's output (it can be negative)
    EXPECT_ERROR_WITH(
        translateToKeras(refusal(pool("mp", "c", LayerKind::MaxPooling2D, 3, 2, 1, false)), "m.h5"),
        "layer 'mp'", "-inf");
    // average pooling that excludes padding TensorFlow would not pad
    EXPECT_ERROR_WITH(
        translateToKeras(
            refusal(pool("ap", "c", LayerKind::AveragePooling2D, 3, 2, 1, false, false)), "m.h5"),
        "layer 'ap'", "without counting it");
    LayerSpec uneven = makeLayer("ad", LayerKind::AdaptiveAveragePooling2D, {"c"});
    uneven.outputSize = {4, 4}; // 6 x 6 -> 4 x 4
    EXPECT_ERROR_WITH(translateToKeras(refusal(uneven), "m.h5"), "layer 'ad'", "unequal windows");
    LayerSpec logsm = makeLayer("ls", LayerKind::Activation, {"c"});
    logsm.activation = ActivationKind::LogSoftmax;
    EXPECT_ERROR_WITH(translateToKeras(refusal(logsm), "m.h5"), "layer 'ls'",
                      "log_softmax before the output");
}

// The reader side: a per-channel Rescaling right after the input is the input normalisation;
// anywhere else, or with the wrong count, it is refused.
TEST(KerasExport, PerChannelRescalingReadsAsTheInputNormalisation) {
    const auto config = [](const std::string& rescalingInput, const std::string& scale) {
        return std::string(R"({"class_name": "Functional", "config": {"name": "m", "layers": [
          {"class_name": "InputLayer", "name": "in", "config": {"name": "in",
           "batch_input_shape": [null, 4, 4, 3]}, "inbound_nodes": []},
          {"class_name": "Conv2D", "name": "c", "config": {"name": "c", "filters": 2,
           "kernel_size": [1, 1]}, "inbound_nodes": [[["in", 0, 0, {}]]]},
          {"class_name": "Rescaling", "name": "norm", "config": {"name": "norm", "scale": )") +
               scale + R"(, "offset": [0.5, 0.25, 0.0]}, "inbound_nodes": [[[")" + rescalingInput +
               R"(", 0, 0, {}]]]},
          {"class_name": "Flatten", "name": "f", "config": {"name": "f"},
           "inbound_nodes": [[["norm", 0, 0, {}]]]}],
          "input_layers": [["in", 0, 0]], "output_layers": [["f", 0, 0]]}})";
    };
    // (the graph is only parsed: the Rescaling feeding the Flatten is rewired to the input)
    KerasFoldedLayers affine;
    const ModelSpec spec = parseKerasModelConfig(config("in", "[2.0, 4.0, 1.0]"), "n.h5", &affine);
    EXPECT_EQ(spec.find("norm"), nullptr);
    EXPECT_EQ(spec.find("f")->inputs, (std::vector<std::string>{"in"}));
    EXPECT_EQ(affine.inputScale, (std::vector<double>{2.0, 4.0, 1.0}));
    EXPECT_EQ(affine.inputOffset, (std::vector<double>{0.5, 0.25, 0.0}));
    EXPECT_ERROR_WITH(parseKerasModelConfig(config("c", "[2.0, 4.0, 1.0]"), "n.h5", &affine),
                      "n.h5", "'norm'", "right after the input", "channel mask");
    // After another layer, 0/1 scales without offset are that layer's channel mask.
    const auto masked = std::string(R"({"class_name": "Functional", "config": {"name": "m",
      "layers": [{"class_name": "InputLayer", "name": "in", "config": {"name": "in",
       "batch_input_shape": [null, 4, 4, 3]}, "inbound_nodes": []},
      {"class_name": "Conv2D", "name": "c", "config": {"name": "c", "filters": 3,
       "kernel_size": [1, 1]}, "inbound_nodes": [[["in", 0, 0, {}]]]},
      {"class_name": "Rescaling", "name": "c_mask", "config": {"name": "c_mask",
       "scale": [1.0, 0.0, 1.0], "offset": 0.0}, "inbound_nodes": [[["c", 0, 0, {}]]]},
      {"class_name": "Flatten", "name": "f", "config": {"name": "f"},
       "inbound_nodes": [[["c_mask", 0, 0, {}]]]}],
      "input_layers": [["in", 0, 0]], "output_layers": [["f", 0, 0]]}})");
    KerasFoldedLayers folded;
    const ModelSpec maskSpec = parseKerasModelConfig(masked, "m.h5", &folded);
    EXPECT_EQ(maskSpec.find("c_mask"), nullptr);
    EXPECT_EQ(maskSpec.find("f")->inputs, (std::vector<std::string>{"c"}));
    EXPECT_EQ(folded.channelMasks.at("c"), (std::vector<double>{1.0, 0.0, 1.0}));
    EXPECT_TRUE(folded.inputScale.empty());
    EXPECT_ERROR_WITH(parseKerasModelConfig(config("in", "[2.0, 4.0]"), "n.h5", &affine), "n.h5",
                      "same, non-zero length");
    EXPECT_ERROR_WITH(parseKerasModelConfig(config("in", "[2.0, -4.0, 1.0]"), "n.h5", &affine),
                      "n.h5", "positive");
}
