// TorchScript export: the generated module, loaded back with torch::jit::load, must compute what
// Model computes (every layer kind, masks, input scale), and GoodNet must label disagreements N.
#include "core/nn/architectures.h"
#include "core/base/errors.h"
#include "core/io/keras_io.h"
#include "core/nn/model.h"
#include "core/io/torchscript_export.h"
#include "tests/core/hdf5_test_util.h"

#include <gtest/gtest.h>
#include <torch/script.h>
#include <torch/types.h>
#include <torch/utils.h>

#include <filesystem>
#include <sstream>

using namespace bdl::core;
using bdl::test::TempDir;

namespace {

/// A small graph that uses every supported layer kind, "same" padding with odd and even
/// windows, strides, branches, both concatenation ranks and every activation.
ModelSpec everyLayerSpec() {
    ModelSpec s;
    s.name = "every-layer";
    LayerSpec in = makeLayer("in", LayerKind::Input, {});
    in.inputShape = {9, 7, 3};
    s.layers.push_back(in);
    LayerSpec c1 = makeLayer("c1", LayerKind::Conv2D, {"in"});
    c1.filters = 4;
    c1.kernel = {3, 2};
    c1.samePadding = true;
    c1.activation = ActivationKind::Relu;
    s.layers.push_back(c1);
    LayerSpec mp = makeLayer("mp", LayerKind::MaxPooling2D, {"c1"});
    mp.poolSize = {2, 2};
    mp.strides = {2, 2};
    mp.samePadding = true; // 9x7 -> 5x4
    s.layers.push_back(mp);
    LayerSpec ap = makeLayer("ap", LayerKind::AveragePooling2D, {"c1"});
    ap.poolSize = {3, 3};
    ap.strides = {2, 2};
    ap.samePadding = true; // 9x7 -> 5x4
    s.layers.push_back(ap);
    s.layers.push_back(makeLayer("add", LayerKind::Add, {"mp", "ap"}));
    LayerSpec r = makeLayer("r", LayerKind::ReLU, {"add"});
    r.reluMaxValue = 6.0;
    r.reluNegativeSlope = 0.1;
    r.reluThreshold = 0.2;
    s.layers.push_back(r);
    LayerSpec c3 = makeLayer("c3", LayerKind::Conv2D, {"r"});
    c3.filters = 2;
    c3.activation = ActivationKind::Sigmoid;
    s.layers.push_back(c3);
    s.layers.push_back(makeLayer("cat", LayerKind::Concatenate, {"r", "c3"}));
    LayerSpec bn = makeLayer("bn", LayerKind::BatchNormalization, {"cat"});
    bn.epsilon = 0.01;
    bn.bnScale = false; // no gamma: exported as None
    s.layers.push_back(bn);
    LayerSpec drop = makeLayer("drop", LayerKind::Dropout, {"bn"});
    drop.rate = 0.5;
    s.layers.push_back(drop);
    s.layers.push_back(makeLayer("f1", LayerKind::Flatten, {"drop"}));
    LayerSpec d1 = makeLayer("d1", LayerKind::Dense, {"f1"});
    d1.units = 8;
    d1.activation = ActivationKind::Tanh;
    s.layers.push_back(d1);
    s.layers.push_back(makeLayer("f2", LayerKind::Flatten, {"mp"}));
    LayerSpec d2 = makeLayer("d2", LayerKind::Dense, {"f2"});
    d2.units = 8;
    d2.useBias = false;
    s.layers.push_back(d2);
    s.layers.push_back(makeLayer("catf", LayerKind::Concatenate, {"d1", "d2"}));
    LayerSpec act = makeLayer("act", LayerKind::Activation, {"catf"});
    act.activation = ActivationKind::Relu;
    s.layers.push_back(act);
    LayerSpec out = makeLayer("out", LayerKind::Dense, {"act"});
    out.units = 5;
    out.activation = ActivationKind::Softmax;
    s.layers.push_back(out);
    s.output = "out";
    return s;
}

/// Random weights everywhere, including biases and batch-norm statistics.
Model randomModel(uint64_t seed) {
    Model m(everyLayerSpec());
    m.initialize(seed);
    torch::manual_seed(seed);
    for (const auto& name : m.weightedLayers()) {
        auto w = m.kerasWeights(name);
        for (auto& t : w)
            t = t + torch::randn(t.sizes()) * 0.2;
        if (name == "bn")
            w.back() = w.back().abs() + 0.5; // variances stay positive
        m.setKerasWeights(name, w);
    }
    return m;
}

torch::Tensor images(int64_t n, uint64_t seed) {
    torch::manual_seed(seed);
    return torch::randint(0, 256, {n, 3, 9, 7}).to(torch::kFloat32);
}

torch::Tensor runScript(const std::string& bytes, const torch::Tensor& x) {
    std::istringstream in(bytes);
    torch::jit::Module m = torch::jit::load(in);
    torch::NoGradGuard guard;
    return m.forward({x}).toTensor();
}

} // namespace

TEST(TorchScript, MatchesModelOnEveryLayerKind) {
    Model m = randomModel(11);
    for (InputScale scale : {InputScale::Unit, InputScale::Raw}) {
        m.setInputScale(scale);
        auto x = images(6, 5);
        auto got = runScript(torchScriptBytes(m), x);
        auto want = m.probabilities(x);
        ASSERT_EQ(got.sizes(), want.sizes());
        EXPECT_TRUE(torch::allclose(got, want, 1e-5, 1e-6)) << "scale " << inputScaleName(scale);
        EXPECT_TRUE(torch::allclose(got.sum(1), torch::ones({6}), 1e-5, 1e-5));
    }
}

TEST(TorchScript, AppliesChannelMasks) {
    Model m = randomModel(12);
    m.setChannelMask("mp", torch::tensor({1.0f, 0.0f, 1.0f, 0.0f}));
    m.setChannelMask("d1", torch::tensor({0.0f, 1.0f, 1.0f, 1.0f, 0.0f, 1.0f, 1.0f, 0.0f}));
    auto x = images(4, 6);
    auto masked = runScript(torchScriptBytes(m), x);
    EXPECT_TRUE(torch::allclose(masked, m.probabilities(x), 1e-5, 1e-6));
    Model plain = m;
    plain.clearChannelMasks();
    EXPECT_FALSE(torch::allclose(masked, plain.probabilities(x), 1e-5, 1e-6))
        << "masks made no difference: the test would not notice them missing";
}

TEST(TorchScript, RejectsWrongInputShape) {
    Model m = randomModel(13);
    std::istringstream in(torchScriptBytes(m));
    torch::jit::Module s = torch::jit::load(in);
    EXPECT_THROW(s.forward({torch::zeros({1, 3, 7, 9})}), std::exception);
    EXPECT_THROW(s.forward({torch::zeros({3, 9, 7})}), std::exception);
}

TEST(TorchScript, SaveWritesLoadableFileAtomically) {
    TempDir dir;
    Model m = randomModel(14);
    const std::string path = dir.file("model.pt");
    saveTorchScript(m, path);
    torch::jit::Module loaded = torch::jit::load(path);
    auto x = images(3, 7);
    torch::NoGradGuard guard;
    EXPECT_TRUE(torch::allclose(loaded.forward({x}).toTensor(), m.probabilities(x), 1e-5, 1e-6));
    EXPECT_THROW(saveTorchScript(m, dir.file("missing/model.pt")), Error);
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()),
                            std::filesystem::directory_iterator()),
              1);
}

TEST(TorchScript, GoodNetLabelsDisagreementsAsClassN) {
    Model b = randomModel(15);
    Model bPrime = b;
    auto w = bPrime.kerasWeights("out");
    w[1][2] += 3.0f; // B' favours class 2: it agrees with B only where B also says 2
    bPrime.setKerasWeights("out", w);
    bPrime.setInputScale(InputScale::Raw);
    bPrime.setChannelMask("mp", torch::tensor({1.0f, 1.0f, 0.0f, 1.0f}));
    auto x = images(64, 8);
    auto labels = runScript(goodnetTorchScriptBytes(b, bPrime), x);
    auto yb = b.probabilities(x).argmax(1);
    auto yp = bPrime.probabilities(x).argmax(1);
    auto want = torch::where(yb == yp, yb, torch::full_like(yb, 5));
    EXPECT_EQ(labels.scalar_type(), torch::kInt64);
    EXPECT_TRUE(torch::equal(labels, want));
    const int64_t flagged = labels.eq(5).sum().item<int64_t>();
    EXPECT_GT(flagged, 0) << "no disagreement in the probe batch";
    EXPECT_LT(flagged, 64) << "no agreement in the probe batch";

    TempDir dir;
    saveGoodnetTorchScript(b, bPrime, dir.file("goodnet.pt"));
    torch::jit::Module g = torch::jit::load(dir.file("goodnet.pt"));
    torch::NoGradGuard guard;
    EXPECT_TRUE(torch::equal(g.forward({x}).toTensor(), want));
}

TEST(TorchScript, GoodNetNeedsMatchingModels) {
    Model b = randomModel(16);
    Model other(csawBadnetSpec());
    EXPECT_THROW(goodnetTorchScriptBytes(b, other), Error);
}

TEST(TorchScript, RealBadNetWithPruningMatchesModel) {
    const std::string path =
        std::string(BDL_SHARED_DIR) + "/data/youtube_face/models/sunglasses_bd_weights.h5";
    if (!std::filesystem::exists(path))
        GTEST_SKIP() << "CSAW models not found under " << BDL_SHARED_DIR << "/data/youtube_face";
    LoadedModel loaded = loadKerasModel(path);
    Model& m = loaded.model;
    auto mask = torch::ones({60});
    mask.slice(0, 10, 40).zero_();
    m.setChannelMask("pool_3", mask);
    torch::manual_seed(21);
    auto x = torch::randint(0, 256, {8, 3, 55, 47}).to(torch::kFloat32);
    auto got = runScript(torchScriptBytes(m), x);
    EXPECT_TRUE(torch::allclose(got, m.probabilities(x), 1e-5, 1e-6));
    EXPECT_TRUE(torch::equal(got.argmax(1), m.probabilities(x).argmax(1)));
}
