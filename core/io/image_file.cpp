// One image file for the inspector: size it from its header, decode with OpenCV, convert channels,
// resize.
#include "core/io/image_file.h"

#include "core/base/errors.h"
#include "core/io/image_decode_internal.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <torch/types.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string_view>

namespace bdl::core {

namespace {

using namespace std::string_view_literals;

constexpr int kMaxRequestedSide = 16384; ///< of the requested size: bounds the allocation

/// The size a picture's header declares, as its decoder will read it.
struct DeclaredSize {
    const char* format = "";
    int64_t width = 0;
    int64_t height = 0;
};

/// Reads the bytes of the header; every accessor returns 0 past the end.
class HeaderBytes {
public:
    explicit HeaderBytes(const std::string& bytes) : m_bytes(bytes) {}
    size_t size() const { return m_bytes.size(); }
    uint32_t u8(size_t at) const { return at < m_bytes.size() ? uint8_t(m_bytes[at]) : 0u; }
    uint32_t be16(size_t at) const { return u8(at) << 8 | u8(at + 1); }
    uint32_t be32(size_t at) const { return be16(at) << 16 | be16(at + 2); }
    uint32_t le16(size_t at) const { return u8(at + 1) << 8 | u8(at); }
    uint32_t le32(size_t at) const { return le16(at + 2) << 16 | le16(at); }
    uint32_t le24(size_t at) const { return u8(at + 2) << 16 | le16(at); }
    bool has(size_t at, std::string_view text) const {
        return at <= m_bytes.size() && m_bytes.size() - at >= text.size() &&
               m_bytes.compare(at, text.size(), text) == 0;
    }

private:
    const std::string& m_bytes;
};

/// PNG: the IHDR chunk, which libpng requires first.
std::optional<DeclaredSize> pngSize(const HeaderBytes& h) {
    if (h.size() < 24 || !h.has(0, "\x89PNG\r\n\x1a\n"sv) || !h.has(12, "IHDR"))
        return std::nullopt;
    return DeclaredSize{"PNG", h.be32(16), h.be32(20)};
}

/// JPEG: the first SOFn frame header, found the way libjpeg walks the markers (segment lengths,
/// then any bytes up to the next 0xFF); none before the first scan means no size.
std::optional<DeclaredSize> jpegSize(const HeaderBytes& h) {
    if (h.size() < 4 || !h.has(0, "\xFF\xD8"))
        return std::nullopt;
    size_t at = 2;
    while (at + 1 < h.size()) {
        while (at < h.size() && h.u8(at) != 0xFF)
            ++at; // libjpeg skips extraneous bytes before a marker
        while (at < h.size() && h.u8(at) == 0xFF)
            ++at; // fill bytes
        if (at >= h.size())
            break;
        const uint32_t marker = h.u8(at++);
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8))
            continue; // TEM, RSTn and SOI carry no length
        if (marker == 0xD9 || marker == 0xDA)
            break; // EOI or a scan before any frame header
        const bool sof =
            marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (sof && at + 7 > h.size())
            return std::nullopt;
        if (sof) // length, precision, then height and width
            return DeclaredSize{"JPEG", h.be16(at + 5), h.be16(at + 3)};
        at += h.be16(at); // the length counts its own two bytes
    }
    return std::nullopt;
}

/// BMP as OpenCV's own decoder reads it: 16-bit sizes in OS/2 headers, else signed 32-bit ones
/// (a negative height is a top-down picture).
std::optional<DeclaredSize> bmpSize(const HeaderBytes& h) {
    if (h.size() < 26 || !h.has(0, "BM"))
        return std::nullopt;
    const uint32_t headerSize = h.le32(14);
    if (headerSize == 12)
        return DeclaredSize{"BMP", h.le16(18), h.le16(20)};
    if (headerSize < 36)
        return std::nullopt;
    const int64_t height = int32_t(h.le32(22));
    return DeclaredSize{"BMP", int32_t(h.le32(18)), height < 0 ? -height : height};
}

/// WebP in its RIFF container: the canvas of an extended file, else the frame of a lossless or
/// lossy bitstream.
std::optional<DeclaredSize> webpSize(const HeaderBytes& h) {
    if (h.size() < 30 || !h.has(0, "RIFF") || !h.has(8, "WEBP"))
        return std::nullopt;
    if (h.has(12, "VP8X"))
        return DeclaredSize{"WebP", int64_t(h.le24(24)) + 1, int64_t(h.le24(27)) + 1};
    if (h.has(12, "VP8L") && h.u8(20) == 0x2F) {
        const uint32_t bits = h.le32(21);
        return DeclaredSize{"WebP", int64_t(bits & 0x3FFF) + 1, int64_t(bits >> 14 & 0x3FFF) + 1};
    }
    if (h.has(12, "VP8 ") && h.has(23, "\x9D\x01\x2A"))
        return DeclaredSize{"WebP", h.le16(26) & 0x3FFF, h.le16(28) & 0x3FFF};
    return std::nullopt;
}

/// TIFF: ImageWidth and ImageLength of the first directory, which OpenCV decodes. libtiff takes
/// a one-value BYTE, SHORT or LONG entry and lets a repeated tag override; the largest value of
/// each tag is taken, and any other encoding of them leaves the size unknown.
std::optional<DeclaredSize> tiffSize(const HeaderBytes& h) {
    const bool little = h.has(0, "II*\0"sv), big = h.has(0, "MM\0*"sv);
    if (h.size() < 8 || !(little || big))
        return std::nullopt;
    const auto u16 = [&](size_t at) { return little ? h.le16(at) : h.be16(at); };
    const auto u32 = [&](size_t at) { return little ? h.le32(at) : h.be32(at); };
    const size_t ifd = u32(4);
    if (ifd + 2 > h.size())
        return std::nullopt;
    const size_t count = u16(ifd);
    DeclaredSize out{"TIFF", -1, -1};
    for (size_t i = 0; i < count && ifd + 2 + 12 * (i + 1) <= h.size(); ++i) {
        const size_t e = ifd + 2 + 12 * i;
        const uint32_t tag = u16(e), type = u16(e + 2);
        if (tag != 256 && tag != 257)
            continue;
        if (u32(e + 4) != 1 || (type != 1 && type != 3 && type != 4))
            return std::nullopt;
        const int64_t v = type == 4 ? u32(e + 8) : type == 3 ? u16(e + 8) : h.u8(e + 8);
        int64_t& side = tag == 256 ? out.width : out.height;
        side = std::max(side, v);
    }
    if (out.width < 0 || out.height < 0)
        return std::nullopt;
    return out;
}

/// The size declared by a PNG, JPEG, BMP, WebP or TIFF header; none for anything else.
std::optional<DeclaredSize> declaredSize(const std::string& bytes) {
    const HeaderBytes h(bytes);
    for (const auto& probe : {pngSize, jpegSize, bmpSize, webpSize, tiffSize})
        if (std::optional<DeclaredSize> s = probe(h))
            return s;
    return std::nullopt;
}

[[noreturn]] void notAnImage(const std::string& name) {
    throw Error(name, "not an image this program can read (PNG, JPEG, BMP, TIFF or WebP), or a "
                      "corrupt or unreadable one");
}

/// True when the bytes hold the end of the picture: a JPEG's EOI marker after its last scan
/// (entropy-coded data never contains FF D9; an embedded thumbnail's EOI comes before the main
/// scan), a PNG's IEND chunk. Other formats: true (their decoders fail on a short file).
bool isComplete(const std::string& bytes, const char* format) {
    const std::string_view b(bytes);
    if (std::string_view(format) == "JPEG") {
        const size_t eoi = b.rfind("\xFF\xD9"sv);
        const size_t sos = b.rfind("\xFF\xDA"sv);
        return eoi != std::string_view::npos && (sos == std::string_view::npos || sos < eoi);
    }
    if (std::string_view(format) == "PNG")
        return b.rfind("IEND"sv) != std::string_view::npos;
    return true;
}

} // namespace

namespace image_detail {

cv::Mat decodeWithinBudget(const std::string& bytes, const std::string& name, int flags) {
    if (int64_t(bytes.size()) > kMaxImageFileBytes)
        throw Error(name, "the file is too large for an image (over " +
                              std::to_string(kMaxImageFileBytes >> 20) + " MiB)");
    const std::optional<DeclaredSize> size = declaredSize(bytes);
    if (!size)
        notAnImage(name);
    if (size->width > 0 && size->height > 0 && size->width > kMaxImagePixels / size->height)
        throw Error(name, std::string("the ") + size->format + " header declares " +
                              std::to_string(size->width) + "x" + std::to_string(size->height) +
                              " pixels, more than the " + std::to_string(kMaxImagePixels >> 20) +
                              " Mi pixels this program decodes");
    if (!isComplete(bytes, size->format))
        throw Error(name, std::string("the ") + size->format +
                              " file is truncated (it ends before the end of the picture)");
    cv::Mat img;
    try {
        const cv::Mat raw(1, int(bytes.size()), CV_8U, const_cast<char*>(bytes.data()));
        img = cv::imdecode(raw, flags);
    } catch (const cv::Exception& e) {
        throw Error(name, std::string("cannot decode the image: ") + e.what());
    }
    if (img.empty() || img.dims != 2)
        notAnImage(name);
    return img;
}

std::string readImageFileBytes(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw Error(path,
                    ec ? "cannot open the file: " + ec.message() : std::string("no such file"));
    const uintmax_t size = std::filesystem::file_size(path, ec);
    if (!ec && size > uintmax_t(kMaxImageFileBytes))
        throw Error(path, "the file is too large for an image (over " +
                              std::to_string(kMaxImageFileBytes >> 20) + " MiB)");
    std::ifstream in(path, std::ios::binary);
    std::string bytes;
    if (!ec && in)
        bytes.resize(size_t(size));
    if (ec || !in || !in.read(bytes.data(), std::streamsize(bytes.size())))
        throw Error(path, "cannot read the file");
    return bytes;
}

} // namespace image_detail

namespace {

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

/// Grey, or BGR without alpha, as decoded; records a dropped alpha channel.
cv::Mat withoutAlpha(const cv::Mat& img, const std::string& name, ModelImage& out) {
    cv::Mat conv;
    switch (img.channels()) {
    case 1:
    case 3:
        return img;
    case 2: // grey + alpha
        cv::extractChannel(img, conv, 0);
        out.droppedAlpha = true;
        return conv;
    case 4:
        cv::cvtColor(img, conv, cv::COLOR_BGRA2BGR);
        out.droppedAlpha = true;
        return conv;
    default:
        throw Error(name, "unsupported image with " + std::to_string(img.channels()) + " channels");
    }
}

void checkRequest(const std::string& name, int height, int width, int channels) {
    if (channels != 1 && channels != 3)
        throw Error(name, "cannot make an image with " + std::to_string(channels) +
                              " channels: only 1 (grey) or 3 (RGB)");
    if (height < 1 || width < 1 || height > kMaxRequestedSide || width > kMaxRequestedSide)
        throw Error(name, "cannot resize an image to " + std::to_string(width) + "x" +
                              std::to_string(height));
}

} // namespace

ModelImage loadImageForModel(const std::string& path, int height, int width, int channels) {
    checkRequest(path, height, width, channels);
    return decodeImageForModel(image_detail::readImageFileBytes(path), path, height, width,
                               channels);
}

ModelImage decodeImageForModel(const std::string& bytes, const std::string& name, int height,
                               int width, int channels) {
    checkRequest(name, height, width, channels);
    cv::Mat img = image_detail::decodeWithinBudget(bytes, name, cv::IMREAD_UNCHANGED);
    ModelImage out;
    out.originalWidth = img.cols;
    out.originalHeight = img.rows;
    out.originalChannels = img.channels();
    img = toEightBit(img, name, &out.reducedDepth);

    // OpenCV decodes colour as BGR(A); the models take RGB.
    cv::Mat conv = withoutAlpha(img, name, out);
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
