#pragma once
/// @file image_file.h
/// One picture file made ready for a model: decoded (anything OpenCV reads: PNG, JPEG, BMP,
/// TIFF, ...), converted to the model's channel count and resized to its input size. For the
/// input inspector, which takes any image, unlike the data set loaders, which insist on one size.
///
/// Thread-safety: no shared state. Errors: Error naming the file (missing, unreadable, not an
/// image, an unsupported pixel depth) or the bad request (size or channels out of range).
#include <torch/types.h>

#include <string>

namespace bdl::core {

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
/// @throws Error naming the path (no such file, unreadable, not a decodable image, unsupported
/// depth) or the request.
ModelImage loadImageForModel(const std::string& path, int height, int width, int channels);

} // namespace bdl::core
