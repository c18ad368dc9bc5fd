// Built-in architectures and how weights-only files of other sizes describe themselves.
#include "core/architectures.h"
#include "core/errors.h"
#include "core/keras_io.h"
#include "core/model.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

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
    std::filesystem::remove_all(dir);
}
