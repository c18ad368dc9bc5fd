#pragma once
/// @file fuzz_entries.h
/// What each fuzz target does with one input, shared by the libFuzzer executables (fuzz_*.cpp)
/// and the regression suite that replays their findings in the normal build
/// (tests/core/io/test_fuzz_regressions.cpp), so both call the parsers the same way.
///
/// Contract of every parser under test: for any bytes it returns a result or throws
/// bdl::core::Error. The functions here swallow core::Error (a clean refusal) and let anything
/// else escape: the fuzz targets turn that into a crash, the regression suite into a failure.
/// Inputs are named "fuzz-<target>" in errors. No Qt here: the session target has its own header
/// (fuzz_session_entry.h).
#include "core/base/errors.h"
#include "core/io/data_io.h"
#include "core/io/idx_memory.h"
#include "core/io/image_file.h"
#include "core/io/import_format.h"
#include "core/io/keras_config.h"
#include "core/io/keras_io.h"
#include "core/io/torchscript_import.h"
#include "core/nn/model.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>

namespace bdl::fuzz {

/// Runs `parse`; true when it returned, false when it refused the input with core::Error.
inline bool refusedCleanly(const std::function<void()>& parse) {
    try {
        parse();
        return true;
    } catch (const core::Error&) {
        return false;
    }
}

/// The first part of a two-file input: a little-endian u16 length L, then L bytes; the rest is
/// the second part (a shorter input gives an empty first part, a longer L is cut to what is there).
inline std::pair<std::string, std::string> splitTwoFiles(const std::string& bytes) {
    if (bytes.size() < 2)
        return {std::string(), bytes};
    const size_t declared = size_t(uint8_t(bytes[0])) | size_t(uint8_t(bytes[1])) << 8;
    const size_t first = std::min(declared, bytes.size() - 2);
    return {bytes.substr(2, first), bytes.substr(2 + first)};
}

/// The inverse of splitTwoFiles (for the seeds): `first` must be under 64 KiB.
inline std::string joinTwoFiles(const std::string& first, const std::string& second) {
    std::string out(2, '\0');
    out[0] = char(first.size() & 0xFF);
    out[1] = char(first.size() >> 8 & 0xFF);
    return out + first + second;
}

/// keras_config: a Keras model_config JSON text, parsed and built into a Model (allocating its
/// zero weights) as loading a whole-model file does.
inline void runKerasConfig(const std::string& bytes) {
    refusedCleanly(
        [&] { core::Model model(core::parseKerasModelConfig(bytes, "fuzz-keras_config")); });
}

/// keras_h5: a Keras .h5 file image of either layout, weights-only files with the architecture
/// they record (else the default one).
inline void runKerasH5(const std::string& bytes) {
    refusedCleanly(
        [&] { core::loadKerasModelFromImage(bytes, "fuzz-keras_h5.h5", std::string()); });
}

/// csaw_h5: a CSAW .h5 file image, read as a clean set and as a poisoned one (which also reads
/// true_label and insists on targets).
inline void runCsawH5(const std::string& bytes) {
    core::DataSpec spec;
    spec.path = "fuzz-csaw_h5.h5";
    refusedCleanly([&] { core::loadCsawH5FromImage(bytes, spec); });
    spec.role = core::DataSpec::Poisoned;
    refusedCleanly([&] { core::loadCsawH5FromImage(bytes, spec); });
}

/// idx: splitTwoFiles(labels file, images file), each gzip or plain.
inline void runIdx(const std::string& bytes) {
    const std::pair<std::string, std::string> files = splitTwoFiles(bytes);
    core::DataSpec spec;
    spec.path = "fuzz-images-idx3-ubyte";
    refusedCleanly([&] { core::loadIdxFromMemory(files.second, files.first, spec); });
}

/// image: a picture for the inspector, made 24x24 with 3 channels (1 for odd-sized inputs, so
/// both conversions run).
inline void runImage(const std::string& bytes) {
    const int channels = bytes.size() % 2 ? 1 : 3;
    refusedCleanly([&] { core::decodeImageForModel(bytes, "fuzz-image", 24, 24, channels); });
}

/// import: a payload of the sandboxed import helper, decoded with a small budget (the checks are
/// the same at any size; the default budget of gigabytes would only make the fuzzer run out of
/// memory on headers that declare it).
inline void runImport(const std::string& bytes) {
    core::ImportBudget budget;
    budget.maxHeaderBytes = int64_t(1) << 20;
    budget.maxTensorBytes = int64_t(64) << 20;
    budget.maxTotalBytes = int64_t(128) << 20;
    refusedCleanly([&] { core::decodeImportPayload(bytes, "fuzz-import", budget); });
}

/// torchscript: a TorchScript archive, compiled, frozen and translated as the import helper does,
/// the input shape inferred (the export seeds have a Dense layer that fixes it), then at 28x28x1.
inline void runTorchScript(const std::string& bytes) {
    refusedCleanly([&] { core::loadTorchScriptModelFromBytes(bytes, "fuzz-torchscript.pt"); });
    core::TorchScriptOptions shape;
    shape.inputShape = {28, 28, 1};
    refusedCleanly(
        [&] { core::loadTorchScriptModelFromBytes(bytes, "fuzz-torchscript.pt", shape); });
}

/// What a target does with one input.
using Entry = void (*)(const std::string& bytes);

/// The entry of the target `name` (the fuzz_<name> executable); null for an unknown name.
inline Entry coreTarget(const std::string& name) {
    if (name == "keras_config")
        return runKerasConfig;
    if (name == "keras_h5")
        return runKerasH5;
    if (name == "csaw_h5")
        return runCsawH5;
    if (name == "idx")
        return runIdx;
    if (name == "image")
        return runImage;
    if (name == "import")
        return runImport;
    if (name == "torchscript")
        return runTorchScript;
    return nullptr;
}

} // namespace bdl::fuzz
