// Built-in architectures and how weights-only files of other sizes describe themselves.
#include "core/nn/architectures.h"
#include "core/base/errors.h"
#include "core/io/keras_io.h"
#include "core/nn/model.h"

#include <gtest/gtest.h>
#include <torch/types.h>

#include <filesystem>
#include <random>

using namespace bdl::core;

TEST(Architectures, DefaultCsawBadnetMatchesTheSharedReadme) {
    Model m(architectureSpec("csaw-badnet"));
    EXPECT_EQ(m.numClasses(), 1283);
    EXPECT_EQ(m.outputShape("pool_3").dims, (std::vector<int64_t>{5, 4, 60}));
    EXPECT_EQ(m.outputShape("conv_4").dims, (std::vector<int64_t>{4, 3, 80}));
    EXPECT_EQ(m.defaultPruneLayer(), "pool_3");
    EXPECT_EQ(m.spec().name, "csaw-badnet");
}

TEST(Architectures, ParameterisedNamesRoundTrip) {
    const auto spec = architectureSpec("csaw-badnet:32x40x1:7");
    Model m(spec);
    EXPECT_EQ(m.numClasses(), 7);
    EXPECT_EQ(m.inputShape(), (std::array<int, 3>{32, 40, 1}));
    EXPECT_EQ(spec.name, "csaw-badnet:32x40x1:7");
    EXPECT_EQ(csawBadnetName(55, 47, 3, 1283), "csaw-badnet");
}

TEST(Architectures, SamePaddedVariantTakesFashionMnistSizes) {
    const auto spec = architectureSpec("csaw-badnet-same:28x28x1:10");
    EXPECT_EQ(spec.name, "csaw-badnet-same:28x28x1:10");
    Model m(spec);
    // 28 -> conv_1 same 28 -> pool 14 -> conv_2 14 -> pool 7 -> conv_3 7 -> pool 3 -> conv_4 2.
    EXPECT_EQ(m.outputShape("conv_1").dims, (std::vector<int64_t>{28, 28, 20}));
    EXPECT_EQ(m.outputShape("pool_3").dims, (std::vector<int64_t>{3, 3, 60}));
    EXPECT_EQ(m.outputShape("conv_4").dims, (std::vector<int64_t>{2, 2, 80}));
    EXPECT_EQ(m.defaultPruneLayer(), "pool_3");
    m.initialize(/*seed=*/1);
    const auto p = m.probabilities(torch::rand({3, 1, 28, 28}) * 255);
    EXPECT_EQ(p.sizes(), (std::vector<int64_t>{3, 10}));
    EXPECT_THROW(architectureSpec("csaw-badnet-same:15x28x1:10"), Error); // pool_3 would be 1 high
    EXPECT_NO_THROW(architectureSpec("csaw-badnet-same:16x16x3:2"));
}

TEST(Architectures, BadNamesAndSizesAreRefused) {
    EXPECT_THROW(architectureSpec("resnet50"), Error);
    EXPECT_THROW(architectureSpec("csaw-badnet:28x28x1:10"), Error); // too small for conv_4
    EXPECT_THROW(architectureSpec("csaw-badnet:64x64x1:1"), Error);
    EXPECT_THROW(architectureSpec("csaw-badnet:64x64x1:10x"), Error);
    try {
        architectureSpec("vgg");
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("csaw-badnet"), std::string::npos); // lists known ones
    }
}

TEST(Architectures, WeightsOnlyFileOfAnotherSizeLoadsWithoutArch) {
    Model m(csawBadnetSpec(33, 35, 1, 6));
    m.initialize(/*seed=*/5);
    const auto dir = std::filesystem::temp_directory_path() /
                     ("bdl-arch-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "small.h5").string();
    saveKerasWeights(m, path);
    const auto loaded = loadKerasModel(path);
    EXPECT_EQ(loaded.model.spec().name, "csaw-badnet:33x35x1:6");
    EXPECT_TRUE(torch::equal(loaded.model.kerasWeights("conv_1")[0], m.kerasWeights("conv_1")[0]));
    // An explicit --arch still wins, and a mismatching one is an error naming the file.
    try {
        loadKerasModel(path, "csaw-badnet");
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("small.h5"), std::string::npos);
    }
    // The same-padded variant records itself too (its weights have the valid variant's shapes
    // for other input sizes, so the name is what tells them apart).
    Model same(csawBadnetSpec(28, 28, 1, 10, /*samePadding=*/true));
    same.initialize(/*seed=*/6);
    const std::string samePath = (dir / "same.h5").string();
    saveKerasWeights(same, samePath);
    const auto sameLoaded = loadKerasModel(samePath);
    EXPECT_EQ(sameLoaded.model.spec().name, "csaw-badnet-same:28x28x1:10");
    const auto x = torch::rand({2, 1, 28, 28}) * 255;
    EXPECT_TRUE(torch::allclose(sameLoaded.model.logits(x), same.logits(x)));
    std::filesystem::remove_all(dir);
}

// A spec is checked against the size limits before any weight is allocated: a few hundred bytes
// of model_config must not make the reader allocate gigabytes (or overflow a size).
TEST(Architectures, SpecsOverTheSizeLimitsAreRefusedUnallocated) {
    auto spec = [](int h, int w, int64_t units) {
        ModelSpec s;
        s.name = "huge.h5";
        LayerSpec in = makeLayer("in", LayerKind::Input, {});
        in.inputShape = {h, w, 3};
        LayerSpec flat = makeLayer("flat", LayerKind::Flatten, {"in"});
        LayerSpec dense = makeLayer("dense", LayerKind::Dense, {"flat"});
        dense.units = static_cast<int>(units);
        s.layers = {in, flat, dense};
        return s;
    };
    EXPECT_NO_THROW(Model(spec(8, 8, 10)));
    try {
        Model m(spec(64, 64, int64_t(1) << 24)); // 12288 x 16 Mi weights: 800 GB
        FAIL() << "accepted";
    } catch (const Error& e) {
        const std::string what = e.what();
        EXPECT_EQ(what.rfind("huge.h5: layer 'dense'", 0), 0U) << what;
        EXPECT_NE(what.find("over the limit of 536870912 parameters"), std::string::npos) << what;
    }
    try {
        Model m(spec(60000, 60000, 1)); // 10.8 G values in the input of one sample
        FAIL() << "accepted";
    } catch (const Error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("layer 'in'"), std::string::npos) << what;
        EXPECT_NE(what.find("values per sample"), std::string::npos) << what;
    }
}
