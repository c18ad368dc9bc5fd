// image_file.h: one picture converted to a model's channels and size, and clear errors.
#include "core/base/errors.h"
#include "core/io/image_file.h"

#include <gtest/gtest.h>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>

namespace bdl::core {
namespace {

namespace fs = std::filesystem;

struct TempDir {
    TempDir() {
        path =
            fs::temp_directory_path() /
            ("bdl_image_file_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    std::string file(const std::string& name) const { return (path / name).string(); }
    fs::path path;
};

TEST(ImageFile, KeepsAnImageOfTheRightShape) {
    TempDir d;
    cv::Mat grey(4, 6, CV_8UC1);
    for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 6; ++x)
            grey.at<uint8_t>(y, x) = static_cast<uint8_t>(10 * y + x);
    const std::string path = d.file("g.png");
    ASSERT_TRUE(cv::imwrite(path, grey));
    const ModelImage m = loadImageForModel(path, 4, 6, 1);
    EXPECT_EQ(m.image.sizes(), (std::vector<int64_t>{1, 1, 4, 6}));
    EXPECT_EQ(m.image.scalar_type(), torch::kFloat32);
    EXPECT_FALSE(m.resized || m.toGrey || m.toColour || m.droppedAlpha);
    EXPECT_EQ(m.image[0][0][3][5].item<float>(), 35.0f);
    EXPECT_EQ(m.originalChannels, 1);
}

TEST(ImageFile, ConvertsColourAndResizesByArea) {
    TempDir d;
    // 8x8 BGR file: pure red in RGB terms (OpenCV stores B, G, R).
    cv::Mat red(8, 8, CV_8UC3, cv::Scalar(0, 0, 255));
    const std::string path = d.file("red.bmp");
    ASSERT_TRUE(cv::imwrite(path, red));
    const ModelImage rgb = loadImageForModel(path, 4, 4, 3);
    EXPECT_TRUE(rgb.resized);
    EXPECT_EQ(rgb.originalWidth, 8);
    EXPECT_EQ(rgb.originalHeight, 8);
    EXPECT_EQ(rgb.image.sizes(), (std::vector<int64_t>{1, 3, 4, 4}));
    EXPECT_EQ(rgb.image[0][0].min().item<float>(), 255.0f); // R first
    EXPECT_EQ(rgb.image[0][2].max().item<float>(), 0.0f);
    const ModelImage grey = loadImageForModel(path, 2, 2, 1);
    EXPECT_TRUE(grey.toGrey);
    // BT.601 luma of pure red: 0.299 * 255 = 76.2 -> 76.
    EXPECT_EQ(grey.image.min().item<float>(), 76.0f);
    EXPECT_EQ(grey.image.max().item<float>(), 76.0f);
    cv::Mat g(2, 2, CV_8UC1, cv::Scalar(9));
    const std::string gp = d.file("g.png");
    ASSERT_TRUE(cv::imwrite(gp, g));
    const ModelImage col = loadImageForModel(gp, 2, 2, 3);
    EXPECT_TRUE(col.toColour);
    EXPECT_EQ(col.image.sum().item<float>(), 9.0f * 12.0f);
}

TEST(ImageFile, AlphaAndSixteenBit) {
    TempDir d;
    cv::Mat rgba(3, 3, CV_8UC4, cv::Scalar(10, 20, 30, 0));
    const std::string p = d.file("a.png");
    ASSERT_TRUE(cv::imwrite(p, rgba));
    const ModelImage m = loadImageForModel(p, 3, 3, 3);
    EXPECT_TRUE(m.droppedAlpha);
    EXPECT_EQ(m.image[0][0][0][0].item<float>(), 30.0f);
    cv::Mat deep(2, 2, CV_16UC1, cv::Scalar(65535));
    const std::string dp = d.file("d.png");
    ASSERT_TRUE(cv::imwrite(dp, deep));
    const ModelImage dm = loadImageForModel(dp, 2, 2, 1);
    EXPECT_TRUE(dm.reducedDepth);
    EXPECT_EQ(dm.image.max().item<float>(), 255.0f);
}

TEST(ImageFile, ErrorsNameTheFile) {
    TempDir d;
    const std::string text = d.file("notes.png");
    std::ofstream(text) << "not an image at all";
    try {
        loadImageForModel(text, 4, 4, 1);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.source(), text);
        EXPECT_NE(std::string(e.what()).find("not an image"), std::string::npos) << e.what();
    }
    const std::string missing = d.file("missing.png");
    try {
        loadImageForModel(missing, 4, 4, 1);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.source(), missing);
    }
    cv::Mat g(2, 2, CV_8UC1, cv::Scalar(9));
    const std::string gp = d.file("g.png");
    ASSERT_TRUE(cv::imwrite(gp, g));
    EXPECT_THROW(loadImageForModel(gp, 4, 4, 2), Error);
    EXPECT_THROW(loadImageForModel(gp, 0, 4, 1), Error);
}

} // namespace
} // namespace bdl::core
