#pragma once
/// @file image_file.h
/// One picture file made ready for a model: decoded (PNG, JPEG, BMP, TIFF or WebP), converted to
/// the model's channel count and resized to its input size. For the input inspector, which takes
/// any image, unlike the data set loaders, which insist on one size.
///
/// Why only those formats: the size a picture declares is read from its header here, before
/// OpenCV allocates anything, and checked against kMaxImagePixels (OpenCV's own limit is 2^30
/// pixels, several GiB from a few dozen bytes of header). Formats whose header this file cannot
/// size (JPEG 2000, DICOM, OpenEXR, ...) are refused rather than handed to their decoders.
///
/// Thread-safety: no shared state. Errors: Error naming the file (missing, unreadable, not an
/// image, over the pixel budget, an unsupported pixel depth) or the bad request (size or channels
/// out of range).
#include <torch/types.h>

#include <cstdint>
#include <string>

namespace bdl::core {

/// Most pixels (width x height) a picture may declare: 64 Mi, e.g. 8192 x 8192. Decoded at up to
/// 8 bytes a pixel (16-bit RGBA), that is 512 MiB before conversion.
inline constexpr int64_t kMaxImagePixels = int64_t(1) << 26;
/// Largest picture file read (bytes).
inline constexpr int64_t kMaxImageFileBytes = int64_t(1) << 30;

/// A picture as a model takes it, and what was done to it on the way (for the UI to say).
struct ModelImage {
    /// (1, C, H, W) float32 pixel values 0..255 (as the data set loaders give them), RGB order.
    torch::Tensor image;
    int originalWidth = 0;
    int originalHeight = 0;
    int originalChannels = 0;  ///< as stored: 1 grey, 3 colour, 4 colour + alpha, ...
    bool resized = false;      ///< scaled to the requested size (OpenCV INTER_AREA)
    bool toGrey = false;       ///< colour converted to grey (BT.601 luma)
    bool toColour = false;     ///< grey repeated into RGB
    bool droppedAlpha = false; ///< an alpha channel was ignored
    bool reducedDepth = false; ///< 16-bit samples reduced to 8 bits
};

/// Reads `path` and converts it to `channels` (1 or 3) at height x width (each 1..16384).
/// @throws Error naming the path (no such file, unreadable, not a decodable image, over the pixel
/// budget, unsupported depth) or the request.
ModelImage loadImageForModel(const std::string& path, int height, int width, int channels);

/// The same for a picture held in memory (the file's bytes); `name` stands for the file in
/// errors. loadImageForModel() reads the file and calls this.
/// @throws Error naming `name` for the same problems.
ModelImage decodeImageForModel(const std::string& bytes, const std::string& name, int height,
                               int width, int channels);

} // namespace bdl::core
