#include "app/desktop/image_convert.h"

#include <cstring>

namespace bdl::app {

QImage toQImage(const ImageData& image) {
    if (image.isNull())
        return QImage();
    const qint64 rowBytes = static_cast<qint64>(image.width) * 3;
    if (static_cast<qint64>(image.rgb.size()) != rowBytes * image.height)
        return QImage();
    QImage out(image.width, image.height, QImage::Format_RGB888);
    if (out.isNull()) // allocation refused (absurd size)
        return out;
    const char* src = image.rgb.constData();
    for (int y = 0; y < image.height; ++y)
        std::memcpy(out.scanLine(y), src + rowBytes * y, static_cast<size_t>(rowBytes));
    return out;
}

} // namespace bdl::app
