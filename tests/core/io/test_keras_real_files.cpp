// The real CSAW-HackML Keras files (../shared/data/youtube_face): every model loads, the whole
// model equals the built-in architecture, saving round-trips bit for bit with the original
// layout, inputs are never modified, and the BadNet behaves as published on real images.
#include "core/nn/architectures.h"
#include "core/base/errors.h"
#include "core/io/hdf5_file.h"
#include "core/io/keras_io.h"
#include "core/nn/model.h"
#include "tests/core/hdf5_test_util.h"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <torch/types.h>
#include <torch/utils.h>

#include <filesystem>
#include <functional>

using namespace bdl::core;
using bdl::test::TempDir;
namespace fs = std::filesystem;

namespace {

const std::string kRoot = std::string(BDL_SHARED_DIR) + "/data/youtube_face";
const std::string kRealModels = kRoot + "/models/";

#define SKIP_WITHOUT_DATA()                                                                        \
    if (!fs::exists(kRealModels))                                                                  \
    GTEST_SKIP() << "CSAW data not found at " << kRoot

void expectSameRealWeights(const Model& a, const Model& b) {
    ASSERT_EQ(a.weightedLayers(), b.weightedLayers());
    for (const auto& layer : a.weightedLayers()) {
        auto wa = a.kerasWeights(layer);
        auto wb = b.kerasWeights(layer);
        ASSERT_EQ(wa.size(), wb.size());
        for (size_t i = 0; i < wa.size(); ++i)
            EXPECT_TRUE(torch::equal(wa[i], wb[i])) << layer << " weight " << i;
    }
}

/// Everything about a weights group's layout: layer_names, each weight_names, each dataset's
/// shape. Two files with equal layouts are interchangeable for Keras.
struct Layout {
    std::vector<std::string> layerNames;
    std::map<std::string, std::vector<std::string>> weightNames;
    std::map<std::string, std::vector<int64_t>> shapes;
    bool operator==(const Layout& o) const {
        return layerNames == o.layerNames && weightNames == o.weightNames && shapes == o.shapes;
    }
};

Layout layoutOf(const std::string& path, const std::string& root) {
    Hdf5Reader r(path);
    Layout l;
    const std::string prefix = root == "/" ? "" : root;
    l.layerNames = r.readStringArrayAttribute(root, "layer_names");
    for (const auto& layer : l.layerNames) {
        auto names = r.readStringArrayAttribute(prefix + "/" + layer, "weight_names");
        l.weightNames[layer] = names;
        for (const auto& n : names)
            l.shapes[layer + "/" + n] = r.datasetShape(prefix + "/" + layer + "/" + n);
    }
    return l;
}

/// Loads test PNGs (47x55 RGB) as a (N, 3, 55, 47) float batch of raw pixels, with the label
/// taken from the file name field `field` ("test_<a>_<b>_<i>.png").
void loadImages(const std::string& folder, int field, int limit, torch::Tensor* images,
                std::vector<int64_t>* labels) {
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(folder))
        if (e.path().extension() == ".png")
            files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    files.resize(std::min<size_t>(files.size(), size_t(limit)));
    std::vector<torch::Tensor> batch;
    for (const auto& f : files) {
        cv::Mat bgr = cv::imread(f, cv::IMREAD_COLOR);
        ASSERT_FALSE(bgr.empty()) << f;
        cv::Mat rgb;
        cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
        auto t = torch::from_blob(rgb.data, {rgb.rows, rgb.cols, 3}, torch::kUInt8).clone();
        batch.push_back(t.permute({2, 0, 1}).to(torch::kFloat32));
        std::string stem = fs::path(f).stem().string(); // test_<a>_<b>_<i>
        std::vector<std::string> parts;
        size_t pos = 0, next;
        while ((next = stem.find('_', pos)) != std::string::npos) {
            parts.push_back(stem.substr(pos, next - pos));
            pos = next + 1;
        }
        parts.push_back(stem.substr(pos));
        labels->push_back(std::stoll(parts.at(size_t(field))));
    }
    *images = torch::stack(batch);
}

double accuracy(const Model& m, const torch::Tensor& x, const std::vector<int64_t>& labels) {
    auto pred = m.probabilities(x).argmax(1);
    auto want = torch::tensor(labels, torch::kInt64);
    return pred.eq(want).to(torch::kFloat64).mean().item<double>();
}

} // namespace

TEST(KerasRealFiles, AllModelsLoad) {
    SKIP_WITHOUT_DATA();
    int count = 0;
    for (const auto& e : fs::directory_iterator(kRealModels)) {
        if (e.path().extension() != ".h5")
            continue;
        ++count;
        SCOPED_TRACE(e.path().filename().string());
        LoadedModel m = loadKerasModel(e.path().string());
        EXPECT_EQ(m.model.numClasses(), 1283);
        EXPECT_EQ(m.model.inputShape(), (std::array<int, 3>{55, 47, 3}));
        EXPECT_EQ(m.layerNames.size(), 15u);
        const bool whole = e.path().filename() == "Anti_RepairedNet_Sunglasses_Model.h5";
        EXPECT_EQ(m.format, whole ? ModelFormat::WholeModel : ModelFormat::WeightsOnly);
        EXPECT_EQ(m.rootAttributes.at("backend"), "tensorflow");
    }
    EXPECT_EQ(count, 9);
}

TEST(KerasRealFiles, WholeModelEqualsBuiltInArchitecture) {
    SKIP_WITHOUT_DATA();
    LoadedModel whole = loadKerasModel(kRealModels + "Anti_RepairedNet_Sunglasses_Model.h5");
    EXPECT_EQ(whole.topLevelWeightsGroup, true);
    EXPECT_NE(whole.rootAttributes.at("model_config").find("Functional"), std::string::npos);
    Model builtIn(csawBadnetSpec());
    for (const auto& layer : builtIn.weightedLayers())
        builtIn.setKerasWeights(layer, whole.model.kerasWeights(layer));
    whole.model.setInputScale(InputScale::Raw);
    builtIn.setInputScale(InputScale::Raw);
    torch::manual_seed(1);
    auto x = torch::randint(0, 256, {16, 3, 55, 47}).to(torch::kFloat32);
    EXPECT_TRUE(torch::equal(whole.model.probabilities(x), builtIn.probabilities(x)));
}

TEST(KerasRealFiles, WeightsOnlyRoundTripIsBitIdenticalAndKeepsLayout) {
    SKIP_WITHOUT_DATA();
    const std::string src = kRealModels + "sunglasses_bd_weights.h5";
    const std::string before = bdl::test::readBytes(src);
    LoadedModel m = loadKerasModel(src);
    TempDir dir;
    const std::string out = dir.file("copy.h5");
    saveKerasWeights(m.model, out, &m);
    LoadedModel back = loadKerasModel(out);
    expectSameRealWeights(back.model, m.model);
    EXPECT_EQ(back.rootAttributes, m.rootAttributes);
    EXPECT_TRUE(layoutOf(out, "/") == layoutOf(src, "/"));
    // Same storage of the names as the Keras 2.2 original: fixed-length strings.
    Hdf5Reader r(out);
    EXPECT_EQ(r.readStringArrayAttribute("/conv_1", "weight_names"),
              (std::vector<std::string>{"conv_1/kernel:0", "conv_1/bias:0"}));
    EXPECT_EQ(bdl::test::readBytes(src), before) << "the input file changed";
}

TEST(KerasRealFiles, WholeModelRoundTripKeepsLayout) {
    SKIP_WITHOUT_DATA();
    const std::string src = kRealModels + "Anti_RepairedNet_Sunglasses_Model.h5";
    const std::string before = bdl::test::readBytes(src);
    LoadedModel m = loadKerasModel(src);
    TempDir dir;
    const std::string out = dir.file("whole.h5");
    saveKerasWeights(m.model, out, &m);
    LoadedModel back = loadKerasModel(out);
    EXPECT_EQ(back.format, ModelFormat::WholeModel);
    EXPECT_EQ(back.rootAttributes, m.rootAttributes);
    EXPECT_TRUE(back.topLevelWeightsGroup);
    expectSameRealWeights(back.model, m.model);
    EXPECT_TRUE(layoutOf(out, "/model_weights") == layoutOf(src, "/model_weights"));
    EXPECT_EQ(bdl::test::readBytes(src), before) << "the input file changed";
}

TEST(KerasRealFiles, BadNetBehavesAsPublishedOnRealImages) {
    SKIP_WITHOUT_DATA();
    LoadedModel bd = loadKerasModel(kRealModels + "sunglasses_bd_weights.h5");
    bd.model.setInputScale(InputScale::Unit);
    torch::Tensor clean, poisoned;
    std::vector<int64_t> cleanLabels, targets;
    loadImages(kRoot + "/images/clean_test", 1, 40, &clean, &cleanLabels);
    loadImages(kRoot + "/images/sunglasses_poisoned_data", 1, 40, &poisoned, &targets);
    // The BadNet classifies clean faces well and sends sunglasses faces to the target.
    EXPECT_GE(accuracy(bd.model, clean, cleanLabels), 0.85);
    EXPECT_GE(accuracy(bd.model, poisoned, targets), 0.9);
}
