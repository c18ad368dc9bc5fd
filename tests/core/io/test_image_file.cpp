// image_file.h: one picture converted to a model's channels and size, and clear errors.
#include "core/base/errors.h"
#include "core/io/data_io.h"
#include "core/io/image_file.h"

#include <gtest/gtest.h>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <torch/types.h>

#include <filesystem>
#include <fstream>
#include <vector>

namespace bdl::core {
namespace {

namespace fs = std::filesystem;

struct ImageDir {
    ImageDir() {
        path =
            fs::temp_directory_path() /
            ("bdl_image_file_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(path);
    }
    ~ImageDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    std::string file(const std::string& name) const { return (path / name).string(); }
    fs::path path;
};

TEST(ImageFile, KeepsAnImageOfTheRightShape) {
    ImageDir d;
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
    ImageDir d;
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
    ImageDir d;
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
    ImageDir d;
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

/// The message of the Error `f` throws; fails the test when it throws none.
template <typename F>
std::string messageOf(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    ADD_FAILURE() << "no error";
    return std::string();
}

// OpenCV decodes a JPEG cut off mid-scan as a picture with a grey lower part, and says nothing:
// the inspector and the folder loader refuse it (no end-of-image marker after the last scan), and
// a PNG without its IEND chunk, naming the file.
TEST(ImageFile, TruncatedPicturesAreRefusedInBothLoaders) {
    ImageDir d;
    cv::Mat noise(64, 48, CV_8UC3);
    cv::randu(noise, 0, 255);
    for (const char* ext : {".jpg", ".png"}) {
        std::vector<uchar> bytes;
        ASSERT_TRUE(cv::imencode(ext, noise, bytes));
        const std::string whole = d.file(std::string("whole") + ext);
        std::ofstream(whole, std::ios::binary)
            .write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
        EXPECT_NO_THROW(loadImageForModel(whole, 8, 8, 3));
        fs::create_directories(d.path / (std::string("folder") + ext));
        const std::string cut = (d.path / (std::string("folder") + ext) / "cut").string() + ext;
        std::ofstream(cut, std::ios::binary)
            .write(reinterpret_cast<const char*>(bytes.data()),
                   std::streamsize(bytes.size() * 2 / 3));
        for (const std::string& msg :
             {messageOf([&] { loadImageForModel(cut, 8, 8, 3); }), messageOf([&] {
                  DataSpec spec;
                  spec.path = (d.path / (std::string("folder") + ext)).string();
                  loadDataset(spec);
              })}) {
            EXPECT_EQ(msg.rfind(cut, 0), 0U) << msg;
            EXPECT_NE(msg.find("is truncated"), std::string::npos) << msg;
        }
    }
}

// In a folder, a picture whose header declares more pixels than the budget is refused from the
// header alone (OpenCV's own message used to leak), and a symlink loop is not an image: skipped.
TEST(ImageFile, FolderRefusesHugeHeadersAndSkipsLinkLoops) {
    ImageDir d;
    fs::create_directories(d.path / "set");
    cv::Mat small(4, 4, CV_8UC3, cv::Scalar(1, 2, 3));
    ASSERT_TRUE(cv::imwrite(d.file("set/a.png"), small));
    fs::create_symlink("loop.png", d.path / "set" / "loop.png"); // points at itself
    DataSpec spec;
    spec.path = (d.path / "set").string();
    EXPECT_EQ(loadDataset(spec).size(), 1);

    std::vector<uchar> png;
    ASSERT_TRUE(cv::imencode(".png", small, png));
    for (int i = 0; i < 4; ++i) { // IHDR width and height at bytes 16..23, big-endian 100000
        png[size_t(16 + i)] = uchar(100000u >> (24 - 8 * i));
        png[size_t(20 + i)] = uchar(100000u >> (24 - 8 * i));
    }
    const std::string huge = d.file("set/b.png");
    std::ofstream(huge, std::ios::binary)
        .write(reinterpret_cast<const char*>(png.data()), std::streamsize(png.size()));
    const std::string msg = messageOf([&] { loadDataset(spec); });
    EXPECT_EQ(msg.rfind(huge, 0), 0U) << msg;
    EXPECT_NE(msg.find("the PNG header declares 100000x100000 pixels"), std::string::npos) << msg;
}

} // namespace
} // namespace bdl::core
