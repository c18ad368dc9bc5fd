#pragma once
/// @file versions.h
/// The versions of the libraries the engine was built against, for reports and --version texts
/// (a report must say what produced its numbers). Thread: any. Errors: none.
#include <string>

namespace bdl::core {

/// "LibTorch 1.13.1, HDF5 1.10.8, OpenCV 4.6.0".
std::string libraryVersions();

} // namespace bdl::core
