// One image file for the inspector: decode with OpenCV, convert channels, resize.
#include "core/io/image_file.h"

#include "core/base/errors.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <torch/torch.h>

#include <filesystem>

namespace bdl::core {

namespace {

constexpr int kMaxSide = 16384; ///< of the requested size: bounds the allocation

/// 8-bit samples (16-bit ones divided by 257, so 65535 -> 255); Error for other depths.
cv::Mat toEightBit(const cv::Mat& img, const std::string& path, bool* reduced) {
    if (img.depth() == CV_8U)
        return img;
    if (img.depth() == CV_16U) {
        cv::Mat out;
        img.convertTo(out, CV_8U, 1.0 / 257.0);
        *reduced = true;
        return out;
    }
    throw Error(path, "unsupported pixel depth (only 8- and 16-bit images can be inspected)");
}

} // namespace

ModelImage loadImageForModel(const std::string& path, int height, int width, int channels) {
    if (channels != 1 && channels != 3)
        throw Error(path, "cannot make an image with " + std::to_string(channels) +
                              " channels: only 1 (grey) or 3 (RGB)");
    if (height < 1 || width < 1 || height > kMaxSide || width > kMaxSide)
        throw Error(path, "cannot resize an image to " + std::to_string(width) + "x" +
                              std::to_string(height));
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw Error(path, "no such file");
    cv::Mat img;
    try {
        img = cv::imread(path, cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception& e) {
        throw Error(path, std::string("cannot decode the image: ") + e.what());
    }
    if (img.empty() || img.dims != 2)
        throw Error(path, "not an image this program can read (PNG, JPEG, BMP, TIFF...), or a "
                          "corrupt or unreadable one");

    ModelImage out;
    out.originalWidth = img.cols;
    out.originalHeight = img.rows;
    out.originalChannels = img.channels();
    img = toEightBit(img, path, &out.reducedDepth);

    // OpenCV decodes colour as BGR(A); the models take RGB.
    cv::Mat conv;
    switch (img.channels()) {
    case 1:
        conv = img;
        break;
    case 2: // grey + alpha
        cv::extractChannel(img, conv, 0);
        out.droppedAlpha = true;
        break;
    case 3:
        conv = img;
        break;
    case 4:
        cv::cvtColor(img, conv, cv::COLOR_BGRA2BGR);
        out.droppedAlpha = true;
        break;
    default:
        throw Error(path, "unsupported image with " + std::to_string(img.channels()) + " channels");
    }
    if (channels == 1 && conv.channels() == 3) {
        cv::cvtColor(conv, conv, cv::COLOR_BGR2GRAY);
        out.toGrey = true;
    } else if (channels == 3 && conv.channels() == 1) {
        cv::cvtColor(conv, conv, cv::COLOR_GRAY2RGB);
        out.toColour = true;
    } else if (channels == 3) {
        cv::cvtColor(conv, conv, cv::COLOR_BGR2RGB);
    }
    if (conv.cols != width || conv.rows != height) {
        cv::Mat r;
        cv::resize(conv, r, cv::Size(width, height), 0.0, 0.0, cv::INTER_AREA);
        conv = r;
        out.resized = true;
    }
    if (!conv.isContinuous())
        conv = conv.clone();
    const torch::Tensor hwc =
        torch::from_blob(conv.data, {conv.rows, conv.cols, conv.channels()}, torch::kUInt8);
    out.image = hwc.permute({2, 0, 1}).unsqueeze(0).to(torch::kFloat32).contiguous();
    return out;
}

} // namespace bdl::core
