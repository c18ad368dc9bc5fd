#pragma once
/// @file image_convert.h
/// Pictures from the computation layer (ImageData: 8-bit RGB rows) as QImages for display, shared
/// by the STRIP view and the input inspector.
///
/// Thread: any (pure functions on values).
#include "app/gui/analysis_types.h"

#include <QtGui/QImage>

namespace bdl::app {

/// A deep copy of `image` as QImage::Format_RGB888 (QImage pads each row to 4 bytes, so rows are
/// copied one by one). A null QImage when `image` is null or its byte count is not
/// width * height * 3 (never reads past the buffer).
QImage toQImage(const ImageData& image);

} // namespace bdl::app
