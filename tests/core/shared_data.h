#pragma once
// Where the tests find ../shared's YouTube-Face data (the paper's BadNets and images); tests that
// need it skip with a message when it is absent.
#include <string>

namespace bdl::test {

/// BDL_SHARED_DIR/data/youtube_face (tests/core/CMakeLists.txt sets BDL_SHARED_DIR).
inline const std::string kYoutube = std::string(BDL_SHARED_DIR) + "/data/youtube_face";

} // namespace bdl::test
