#include "core/base/versions.h"

#include <H5public.h>
#include <opencv2/core/version.hpp>
#include <torch/version.h>

#include <string>

namespace bdl::core {

std::string libraryVersions() {
    return std::string("LibTorch ") + TORCH_VERSION + ", HDF5 " + std::to_string(H5_VERS_MAJOR) +
           "." + std::to_string(H5_VERS_MINOR) + "." + std::to_string(H5_VERS_RELEASE) +
           ", OpenCV " + CV_VERSION;
}

} // namespace bdl::core
