// TorchScript import (core/io/torchscript_import.h) through the sandboxed helper, on models the
// build made with Debian's python3-torch (tests/tools/make_torch_models.py,
// tests/tools/train_torch_badnet.py): parity with Python's outputs for trace and script exports,
// input-shape inference, refusals, TorchScript export back to Python, and fine-pruning a PyTorch
// BadNet.
#include "core/base/errors.h"
#include "core/defenses/fine_pruning.h"
#include "core/io/data_io.h"
#include "core/io/import_client.h"
#include "core/io/torchscript_export.h"
#include "core/io/torchscript_import.h"
#include "core/nn/architectures.h"
#include "core/nn/metrics.h"
#include "tests/core/error_expect.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <torch/types.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace fs = std::filesystem;
using namespace bdl::core;

namespace {

const std::string kTorchModels = BDL_TORCH_MODELS_DIR;

/// The manifest of the generated models, or why there are none.
nlohmann::json manifest(std::string* why) {
    std::ifstream in(kTorchModels + "/manifest.json");
    if (!in) {
        *why =
            "no " + kTorchModels + "/manifest.json (the build did not generate the PyTorch models)";
        return {};
    }
    nlohmann::json j = nlohmann::json::parse(in);
    if (j.contains("unavailable")) {
        *why = j["unavailable"].get<std::string>();
        return {};
    }
    return j;
}

#define REQUIRE_TORCH_MODELS()                                                                     \
    std::string whyMissing_;                                                                       \
    const nlohmann::json models_ = manifest(&whyMissing_);                                         \
    if (models_.is_null())                                                                         \
    GTEST_SKIP() << "PyTorch test models unavailable: " << whyMissing_

torch::Tensor readFloats(const std::string& path, std::vector<int64_t> shape) {
    std::ifstream in(path, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto t = torch::empty(shape, torch::kFloat32);
    EXPECT_EQ(bytes.size(), size_t(t.numel()) * sizeof(float)) << path;
    std::memcpy(t.data_ptr<float>(), bytes.data(), std::min(bytes.size(), size_t(t.nbytes())));
    return t;
}

std::vector<int64_t> shapeOf(const nlohmann::json& v) { return v.get<std::vector<int64_t>>(); }

class TorchScriptParity : public ::testing::TestWithParam<std::string> {};

TEST_P(TorchScriptParity, PredictionsEqualPythonsForTraceAndScript) {
    REQUIRE_TORCH_MODELS();
    const std::string name = GetParam();
    const auto& info = models_["models"][name];
    const auto images =
        readFloats(kTorchModels + "/" + name + ".input.f32", shapeOf(info["input"]));
    const auto expected =
        readFloats(kTorchModels + "/" + name + ".output.f32", shapeOf(info["output"]));
    for (const char* kind : {"trace", "script"}) {
        SCOPED_TRACE(kind);
        ModelOpenOptions open;
        open.inputShape = {32, 32, 3};
        const LoadedModel m = importModel(kTorchModels + "/" + name + "." + kind + ".pt",
                                          open); // the sandboxed helper
        EXPECT_EQ(m.format, ModelFormat::TorchScript);
        EXPECT_EQ(m.model.inputScale(), InputScale::Unit); // the generator fed pixels / 255
        const auto got = m.model.logits(images);
        ASSERT_EQ(got.sizes(), expected.sizes());
        const double diff = (got - expected).abs().max().item<double>();
        std::cout << "[ parity ] " << name << "." << kind << ": max |difference| " << diff
                  << " over " << expected.numel() << " outputs\n";
        EXPECT_LT(diff, 1e-4);
        EXPECT_TRUE(got.argmax(1).equal(expected.argmax(1)));
    }
}

INSTANTIATE_TEST_SUITE_P(Models, TorchScriptParity,
                         ::testing::Values("resnet", "vgg", "dwsep", "cat"));

TEST(TorchScriptImport, ReadsTheModuleStructureIntoLayerNames) {
    REQUIRE_TORCH_MODELS();
    ModelOpenOptions open;
    open.inputShape = {32, 32, 3};
    const LoadedModel m = importModel(kTorchModels + "/resnet.script.pt", open);
    const auto& spec = m.model.spec();
    // Named after the PyTorch modules, so users find their layers.
    EXPECT_NE(spec.find("layer2.0.shortcut.0"), nullptr);
    EXPECT_NE(spec.find("layer2.0.bn2"), nullptr);
    EXPECT_NE(spec.find("fc"), nullptr);
    const LayerSpec* down = spec.find("layer2.0.conv1");
    ASSERT_NE(down, nullptr);
    EXPECT_EQ(down->strides, (std::array<int, 2>{2, 2}));
    EXPECT_EQ(down->padding, (std::array<int, 4>{1, 1, 1, 1}));
    EXPECT_FALSE(down->useBias);
    // The default prune layer is the last block output (after the residual add and ReLU).
    EXPECT_EQ(m.model.defaultPruneLayer(), "layer2.1.relu_2");
    int convs = 0;
    for (const auto& p : m.model.prunableLayers()) {
        ++convs;
        EXPECT_GT(p.channels, 0);
    }
    EXPECT_EQ(convs, 1 + 4 + 4 + 1); // stem, two blocks of two in each stage, one shortcut
}

TEST(TorchScriptImport, InfersTheInputShapeWhenALinearLayerFixesIt) {
    REQUIRE_TORCH_MODELS();
    // VGG flattens 32 x 8 x 8 features into its first Linear: only 32 x 32 fits.
    const LoadedModel vgg = importModel(kTorchModels + "/vgg.trace.pt", ModelOpenOptions());
    EXPECT_EQ(vgg.model.inputShape(), (std::array<int, 3>{32, 32, 3}));
    // The ResNet pools adaptively: any size fits, so the user must say.
    EXPECT_ERROR_WITH(importModel(kTorchModels + "/resnet.trace.pt", ModelOpenOptions()),
                      "resnet.trace.pt", "any size", "--input-shape H,W,3");
    // A wrong shape names the layer that does not fit.
    ModelOpenOptions wrong;
    wrong.inputShape = {28, 28, 3};
    EXPECT_ERROR_WITH(importModel(kTorchModels + "/vgg.script.pt", wrong), "vgg.script.pt",
                      "expects 2048 input features, gets 1568");
}

TEST(TorchScriptImport, RefusesAnUnsupportedOpNamingItAndItsSourceLine) {
    REQUIRE_TORCH_MODELS();
    ModelOpenOptions open;
    open.inputShape = {16, 16, 3};
    const std::string msg =
        bdl::test::errorOf([&] { importModel(kTorchModels + "/upsample.script.pt", open); });
    EXPECT_NE(msg.find("upsample.script.pt"), std::string::npos) << msg;
    EXPECT_NE(msg.find("unsupported operation aten::upsample_nearest2d"), std::string::npos) << msg;
    EXPECT_NE(msg.find(".py:"), std::string::npos) << "no source line in: " << msg;
}

TEST(TorchScriptImport, ExplainsThatACheckpointIsNotTorchScript) {
    REQUIRE_TORCH_MODELS();
    EXPECT_ERROR_WITH(importModel(kTorchModels + "/state_dict.pt", ModelOpenOptions()),
                      "state_dict.pt", "not a TorchScript file", "torch.jit.trace");
}

TEST(TorchScriptImport, ABatchNormAfterAConvPrunesToExactlyZero) {
    REQUIRE_TORCH_MODELS();
    ModelOpenOptions open;
    open.inputShape = {32, 32, 3};
    LoadedModel m = importModel(kTorchModels + "/vgg.script.pt", open);
    const auto images = readFloats(kTorchModels + "/vgg.input.f32", {6, 3, 32, 32});
    // features.0 (conv) -> features.1 (BN) -> features.2 (ReLU): masked after the ReLU.
    const std::string layer = m.model.pruneLayer("features.0");
    EXPECT_EQ(layer, "features.2");
    auto mask = torch::ones({16});
    mask[3] = 0.0f;
    mask[7] = 0.0f;
    m.model.setChannelMask(layer, mask);
    const auto act = m.model.forwardTo(images, layer);
    EXPECT_EQ(act.select(1, 3).abs().max().item<float>(), 0.0f);
    EXPECT_EQ(act.select(1, 7).abs().max().item<float>(), 0.0f);
    // Baked into the weights (conv rows and BN gamma/beta/mean zero), the saved model is pruned
    // too: without the mask the channel still comes out as exactly zero.
    Model baked = m.model;
    baked.bakeChannelMasks();
    baked.clearChannelMasks();
    const auto bakedAct = baked.forwardTo(images, "features.1");
    EXPECT_EQ(bakedAct.select(1, 3).abs().max().item<float>(), 0.0f);
    EXPECT_LT((baked.logits(images) - m.model.logits(images)).abs().max().item<double>(), 1e-5);
}

/// Runs tests/tools/run_torchscript.py: Python's torch.jit.load + forward on `input`.
torch::Tensor runInPython(const std::string& model, const torch::Tensor& input,
                          const fs::path& dir) {
    const fs::path in = dir / "input.f32";
    const fs::path out = dir / "output.f32";
    {
        std::ofstream f(in, std::ios::binary);
        const auto c = input.contiguous();
        f.write(reinterpret_cast<const char*>(c.data_ptr<float>()), c.nbytes());
    }
    std::ostringstream cmd;
    cmd << "/usr/bin/python3 " << BDL_TEST_TOOLS_DIR << "/run_torchscript.py '" << model << "' '"
        << in.string() << "' " << input.size(0) << " " << input.size(1) << " " << input.size(2)
        << " " << input.size(3) << " '" << out.string() << "'";
    EXPECT_EQ(std::system(cmd.str().c_str()), 0) << cmd.str();
    std::ifstream f(out, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    auto t = torch::empty({input.size(0), int64_t(bytes.size() / sizeof(float)) / input.size(0)});
    std::memcpy(t.data_ptr<float>(), bytes.data(), std::min(bytes.size(), size_t(t.nbytes())));
    return t;
}

TEST(TorchScriptImport, APrunedPyTorchModelExportsToTorchScriptThatPythonRuns) {
    REQUIRE_TORCH_MODELS();
    const fs::path dir = fs::temp_directory_path() / ("bdl-ts-export-" + std::to_string(getpid()));
    fs::create_directories(dir);
    for (const char* name : {"resnet", "dwsep", "cat"}) {
        SCOPED_TRACE(name);
        ModelOpenOptions open;
        open.inputShape = {32, 32, 3};
        LoadedModel m = importModel(kTorchModels + "/" + std::string(name) + ".trace.pt", open);
        InputNormalization norm;
        ASSERT_TRUE(parseInputNormalization("cifar10", 3, &norm, nullptr));
        m.model.setInputNormalization(norm); // exported with the model
        const std::string layer = m.model.defaultPruneLayer();
        auto mask = torch::ones({m.model.outputShape(layer).channels()});
        mask[0] = 0.0f;
        m.model.setChannelMask(layer, mask);
        const std::string path = (dir / (std::string(name) + ".pt")).string();
        saveTorchScript(m.model, path);
        const auto images =
            readFloats(kTorchModels + "/" + std::string(name) + ".input.f32", {6, 3, 32, 32});
        const auto python = runInPython(path, images, dir);
        const double diff = (python - m.model.probabilities(images)).abs().max().item<double>();
        std::cout << "[ export ] " << name << ": Python's torch.jit.load differs by " << diff
                  << "\n";
        EXPECT_LT(diff, 1e-5);
        // And the export reads back through the helper with the same outputs: it takes raw
        // pixels, its normalisation folded into the model's, its mask on the same layer.
        LoadedModel back = importModel(path, open);
        back.model.setInputScale(InputScale::Raw);
        EXPECT_FALSE(back.model.inputNormalization().empty());
        EXPECT_LT((back.model.probabilities(images) - m.model.probabilities(images))
                      .abs()
                      .max()
                      .item<double>(),
                  1e-5);
    }
    fs::remove_all(dir);
}

TEST(TorchScriptImport, ReadsBackItsOwnExportOfAKerasStyleNet) {
    // No Python needed: a csaw-badnet (Keras flatten order, softmax output) exported by
    // BackdoorLab and read back as a TorchScript file, for both architecture variants.
    const fs::path dir = fs::temp_directory_path() / ("bdl-ts-own-" + std::to_string(getpid()));
    fs::create_directories(dir);
    for (const char* arch : {"csaw-badnet:32x32x1:10", "csaw-badnet-same:32x32x1:10"}) {
        SCOPED_TRACE(arch);
        Model m(architectureSpec(arch));
        m.initialize(5);
        m.setInputScale(InputScale::Raw); // the export then takes what the first layer takes
        auto mask = torch::ones({m.outputShape(m.defaultPruneLayer()).channels()});
        mask[2] = 0.0f;
        m.setChannelMask(m.defaultPruneLayer(), mask);
        const std::string path = (dir / "own.pt").string();
        saveTorchScript(m, path);
        LoadedModel back = importModel(path, ModelOpenOptions()); // 32 x 32 x 1 from the file
        EXPECT_EQ(back.model.inputShape(), (std::array<int, 3>{32, 32, 1}));
        EXPECT_TRUE(back.model.inputNormalization().empty()); // "x * 1.0" is no normalisation
        back.model.setInputScale(InputScale::Raw);
        const auto images = torch::rand({4, 1, 32, 32}) * 255.0;
        EXPECT_LT(
            (back.model.probabilities(images) - m.probabilities(images)).abs().max().item<double>(),
            1e-5);
    }
    fs::remove_all(dir);
}

TEST(TorchScriptBadNet, FinePruningAtTheLastBlockRemovesMostOfThePyTorchBackdoor) {
    const std::string dir = kTorchModels + "/badnet";
    std::ifstream in(dir + "/badnet.json");
    if (!in)
        GTEST_SKIP() << "no " << dir << "/badnet.json (the build did not train the BadNet)";
    const nlohmann::json info = nlohmann::json::parse(in);
    if (info.contains("unavailable"))
        GTEST_SKIP() << "PyTorch BadNet unavailable: " << info["unavailable"].get<std::string>();
    LoadedModel b = importModel(dir + "/badnet.pt", ModelOpenOptions()); // 28 x 28 x 1 inferred
    ASSERT_EQ(b.model.inputShape(), (std::array<int, 3>{28, 28, 1}));
    auto load = [&](const std::string& name, DataSpec::Role role) {
        DataSpec spec;
        spec.path = dir + "/" + name + "-images-idx3-ubyte";
        spec.role = role;
        spec.channels = 1;
        spec.modelInput = b.model.inputShape();
        if (role == DataSpec::Poisoned)
            spec.target = info["target"].get<int64_t>();
        return importDataset(spec);
    };
    const Dataset train = load("train", DataSpec::Clean);
    const Dataset test = load("test", DataSpec::Clean);
    Dataset poisoned = load("poisoned", DataSpec::Poisoned);
    const EvalReport before = evaluate(b.model, test, {poisoned});
    // The C++ forward agrees with what Python measured on the same sets.
    EXPECT_NEAR(before.cca, info["cca"].get<double>(), 0.2);
    EXPECT_NEAR(before.asr[0].asr, info["asr"].get<double>(), 0.2);
    ASSERT_GT(before.asr[0].asr, 90.0);
    // Default layer: block3's conv -> BN -> ReLU, masked after the ReLU.
    EXPECT_EQ(b.model.defaultPruneLayer(), "block3.2");
    LiuConfig cfg;
    cfg.maxAccuracyDrop = 4.0;
    cfg.tune.epochs = 2;
    cfg.tune.lr = 5e-3; // at 1e-3 two epochs leave 85 % ASR: pruning alone barely dents it
    cfg.tune.seed = 3;
    const LiuResult r = liuFinePrune(b.model, train, train, test, {poisoned}, cfg);
    std::cout << "[ badnet ] CCA " << before.cca << " -> " << r.fineTuned.cca << " %, ASR "
              << before.asr[0].asr << " -> " << r.fineTuned.asr[0].asr << " % (" << r.stopK
              << " of 32 channels of " << r.layer << " pruned)\n";
    EXPECT_EQ(r.layer, "block3.2");
    EXPECT_GT(r.stopK, 0);
    EXPECT_LT(r.fineTuned.asr[0].asr, 20.0); // most of the ASR is gone
    EXPECT_GT(r.fineTuned.cca, before.cca - 6.0);
}

} // namespace
