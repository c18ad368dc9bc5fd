// Replays every saved fuzz input (tests/core/io/fuzz_regressions/<target>/, see scripts/fuzz.sh)
// through the entry its libFuzzer target uses (fuzz/fuzz_entries.h): each must be accepted or
// refused with core::Error; any other exception fails, a crash ends the suite.
#include "fuzz/fuzz_entries.h"
#include "tests/core/io/fuzz_regressions.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <string>
#include <typeinfo>
#include <utility>
#include <vector>

namespace bdl::fuzz {
namespace {

namespace fs = std::filesystem;

fs::path regressionsDir() { return test::fuzzRegressionsDir(); }

/// Inputs that still crash or hang: left out and listed ("[ AWAITING ]", which ctest does not
/// take for a skipped test) until their line in awaiting_fix.txt is removed with the fix.
std::map<std::string, std::string> awaitingFix() { return test::awaitingFuzzFixes(); }

std::vector<fs::path> inputsOf(const std::string& target) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(regressionsDir() / target, ec))
        if (e.is_regular_file())
            files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

std::string readAll(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// Runs every input of `target`.
void replay(const std::string& target) {
    const Entry entry = coreTarget(target);
    EXPECT_NE(entry, nullptr) << target;
    const std::vector<fs::path> inputs = inputsOf(target);
    const std::map<std::string, std::string> awaiting = awaitingFix();
    for (const fs::path& input : inputs) {
        const auto pending = awaiting.find(target + "/" + input.filename().string());
        if (pending != awaiting.end()) {
            std::cout << "[ AWAITING ] " << pending->first
                      << ": awaiting a fix: " << pending->second << "\n";
            continue;
        }
        try {
            entry(readAll(input));
        } catch (const std::exception& e) {
            ADD_FAILURE() << input << ": escaped " << typeid(e).name() << ": " << e.what();
        }
    }
}

TEST(FuzzRegressions, KerasConfig) { replay("keras_config"); }
TEST(FuzzRegressions, KerasH5) { replay("keras_h5"); }
TEST(FuzzRegressions, CsawH5) { replay("csaw_h5"); }
TEST(FuzzRegressions, Idx) { replay("idx"); }
TEST(FuzzRegressions, Image) { replay("image"); }
TEST(FuzzRegressions, Import) { replay("import"); }
TEST(FuzzRegressions, TorchScript) { replay("torchscript"); }

std::string be32(uint32_t v) {
    return {char(v >> 24), char(v >> 16 & 0xFF), char(v >> 8 & 0xFF), char(v & 0xFF)};
}
std::string le32(uint32_t v) {
    return {char(v & 0xFF), char(v >> 8 & 0xFF), char(v >> 16 & 0xFF), char(v >> 24)};
}

// A few dozen header bytes used to make OpenCV allocate up to 2^30 pixels before the decoder
// found the data missing; each format's declared size is now checked against kMaxImagePixels
// first. The headers carry no pixel data.
TEST(FuzzRegressions, ImageHeadersOverThePixelBudgetAreRefusedBeforeDecoding) {
    using namespace std::string_literals;
    const std::vector<std::pair<const char*, std::string>> headers = {
        {"PNG", "\x89PNG\r\n\x1a\n"s + be32(13) + "IHDR" + be32(65536) + be32(65536) +
                    "\x08\x02\0\0\0"s + be32(0)},
        {"JPEG", "\xFF\xD8\xFF\xE0\0\x04xx\xFF\xC0\0\x11\x08\xEA\x60\xEA\x60\x03"s},
        {"BMP", "BM"s + le32(0) + le32(0) + le32(54) + le32(40) + le32(100000) +
                    le32(uint32_t(-100000)) + std::string(28, '\0')},
        {"WebP", "RIFF"s + le32(22) + "WEBPVP8X" + le32(10) + std::string(4, '\0') +
                     "\x1F\x4E\0\x1F\x4E\0"s}, // 20000 x 20000
        {"TIFF", "II*\0"s + le32(8) + "\x02\0"s + "\0\x01\x04\0"s + le32(1) + le32(100000) +
                     "\x01\x01\x03\0"s + le32(1) + "\x60\xEA\0\0"s + le32(0)}};
    for (const auto& [format, bytes] : headers) {
        try {
            core::decodeImageForModel(bytes, "big", 8, 8, 3);
            ADD_FAILURE() << format << ": accepted";
        } catch (const core::Error& e) {
            const std::string what = e.what();
            EXPECT_NE(what.find(std::string("the ") + format + " header declares"),
                      std::string::npos)
                << what;
        }
    }
}

// Every folder is a core target replayed above (inputs of the Qt-only session target would need
// the GUI tests), and the inputs were found: an empty or misnamed folder replays nothing.
TEST(FuzzRegressions, EveryFolderIsATarget) {
    std::error_code ec;
    size_t total = 0;
    for (const auto& e : fs::directory_iterator(regressionsDir(), ec)) {
        if (!e.is_directory())
            continue; // awaiting_fix.txt
        const std::string name = e.path().filename().string();
        EXPECT_NE(coreTarget(name), nullptr) << "no fuzz target named '" << name << "'";
        total += inputsOf(name).size();
    }
    EXPECT_FALSE(ec) << regressionsDir() << ": " << ec.message();
    EXPECT_GT(total, 0u) << "no saved inputs under " << regressionsDir();
    for (const auto& [input, fix] : awaitingFix())
        EXPECT_TRUE(fs::is_regular_file(regressionsDir() / input)) << input << " is gone";
}

} // namespace
} // namespace bdl::fuzz
