#pragma once
/// @file image_decode_internal.h
/// The one guarded way core/io decodes picture bytes (image_file.cpp): the file read with a size
/// cap, the header's declared size checked against kMaxImagePixels before OpenCV allocates, and
/// truncated JPEG and PNG files refused (OpenCV fills a cut-off JPEG with grey and returns it).
/// For image_file.cpp and image_folder.cpp only; not part of the io API.
#include <opencv2/core/mat.hpp>

#include <string>

namespace bdl::core::image_detail {

/// The bytes of a picture file. @throws Error naming the path (missing, not a regular file,
/// over kMaxImageFileBytes, unreadable).
std::string readImageFileBytes(const std::string& path);

/// Decodes with cv::imdecode `flags` (IMREAD_UNCHANGED, IMREAD_COLOR, IMREAD_GRAYSCALE) after the
/// checks above; the result is 2-D and not empty. @throws Error naming `name`.
cv::Mat decodeWithinBudget(const std::string& bytes, const std::string& name, int flags);

} // namespace bdl::core::image_detail
