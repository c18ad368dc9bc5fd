#pragma once
/// @file import_client.h
/// Opening a user's file through the sandboxed import helper. Every file a user opens (Keras
/// models, CSAW data, image files and folders, IDX files) is parsed by a separate, confined
/// process, `backdoorlab-import`, one run per file; this process only decodes the helper's
/// import format (import_format.h). A crash, hang, resource blow-up or refusal in the helper
/// becomes one Error naming the file and what happened; nothing of the file is loaded then.
///
/// The helper's contract (its command line, stdout, stderr and exit status):
///   backdoorlab-import --protocol 1 --parent-pid PID [LIMITS] model PATH [--arch NAME]
///   backdoorlab-import --protocol 1 --parent-pid PID [LIMITS] data PATH [--role clean|poisoned]
///       [--target N] [--labels-csv FILE] [--channels N] [--model-input H,W,C]
///   LIMITS: --memory-mb N (RLIMIT_AS; 0 = none), --cpu-seconds N (RLIMIT_CPU)
///   stdin is /dev/null; stdout carries exactly one import-format payload (a model, a data set, or
///   a clean refusal of kind "error"); stderr carries lines "progress <fraction> <stage>" and, on
///   failure, a short diagnostic. Exit status 0 after a payload (also a refusal); 2 for a bad
///   command line; 3 when the sandbox could not be set up (stderr says which part). The helper
///   dies with its parent (PR_SET_PDEATHSIG) and exits at once when PID is not its parent.
///   PATH and FILE never start with '-' (the client writes ./-name). A helper out of memory
///   says "out of memory" or "std::bad_alloc" on stderr and ends non-zero (or aborts); that
///   becomes "ran out of its memory budget".
///
/// Process handling: the helper is started with posix_spawn (no fork of the caller, so a
/// multithreaded Qt process may call this), gets only stdin/stdout/stderr, and is always killed
/// (SIGKILL) and reaped before a call returns or throws: no helper or zombie is left behind.
/// Cancel is checked at least every 50 ms while the helper runs.
///
/// Thread-safety: every call starts its own helper; calls may run on several threads.
#include "core/io/data_io.h"
#include "core/io/import_format.h"
#include "core/io/keras_io.h"

#include <array>
#include <string>

namespace bdl::core {

class Feedback;

/// How a helper run is bounded.
struct ImportOptions {
    /// The helper executable; empty: importHelperPath().
    std::string helperPath;
    /// Wall-clock limit of one run; the helper is killed (SIGKILL) past it.
    double timeoutSeconds = 120.0;
    /// RLIMIT_CPU of the helper.
    int cpuSeconds = 120;
    /// RLIMIT_AS of the helper in MiB (0: none; ignored in sanitizer builds).
    int64_t memoryMiB = 16384;
    /// What the decoder accepts.
    ImportBudget budget;
    /// Reuse this process's earlier reply for an unchanged file (import_cache.h): the helper runs
    /// once per file version. Off: the helper runs every time (benchmarks of the helper's cost).
    /// $BDL_IMPORT_CACHE=0 turns it off for the whole process.
    bool useCache = true;
};

/// Counters of the reply cache of this process (see ImportOptions::useCache).
struct ImportCacheStats {
    int64_t hits = 0;    ///< imports answered from the cache
    int64_t misses = 0;  ///< cacheable imports that ran the helper
    int64_t entries = 0; ///< replies kept now
    int64_t bytes = 0;   ///< their size
};
ImportCacheStats importCacheStats();
/// Drops every kept reply and zeroes the counters.
void clearImportCache();

/// Where the helper is: $BDL_IMPORT_HELPER when set (an Error when it names no executable file);
/// else `backdoorlab-import` beside the running executable, in ../libexec/backdoorlab/ from it
/// (installed layout), or in the build tree this library was built in
/// (BDL_IMPORT_HELPER_BUILD_PATH). Throws Error listing the places looked in when none exists.
std::string importHelperPath();

/// What opening a model file needs besides its path.
struct ModelOpenOptions {
    /// The built-in architecture of a Keras weights-only file (empty: the loader's default).
    std::string arch;
    /// The input (H, W, C) of a TorchScript file; zeros: inferred from the file
    /// (torchscript_import.h), else the error asks for it.
    std::array<int, 3> inputShape{0, 0, 0};
};

/// Opens a model file of either family through the helper: a TorchScript archive
/// (loadTorchScriptModel, torchscript_import.h) or a Keras HDF5 file (loadKerasModel). Errors as
/// for importKerasModel below.
LoadedModel importModel(const std::string& path, const ModelOpenOptions& open,
                        Feedback* fb = nullptr, const ImportOptions& options = ImportOptions());

/// True when `path` names a TorchScript file by content (a zip archive) or, when it cannot be
/// read, by its extension (.pt, .pth, .ts). Reads 4 bytes of a regular file; never parses it.
bool isTorchScriptPath(const std::string& path);

/// loadKerasModel() through the helper: same result, same errors for a malformed file, and
/// errors for a helper that crashed, hung, ran out of memory or CPU, or was stopped by the
/// sandbox ("<file>: the HDF5 reader crashed (SIGSEGV) - the file is malformed or hostile;
/// nothing was loaded"). Cancelled (the helper is killed first) when fb is cancelled.
LoadedModel importKerasModel(const std::string& path, const std::string& arch = std::string(),
                             Feedback* fb = nullptr,
                             const ImportOptions& options = ImportOptions());

/// loadImageForModel() (image_file.h) through the helper: the input inspector's picture file,
/// decoded and converted to channels at height x width in the helper.
ModelImage importImageForModel(const std::string& path, int height, int width, int channels,
                               Feedback* fb = nullptr,
                               const ImportOptions& options = ImportOptions());

/// decodeWeightsSnapshot() (weights_snapshot.h) for weights that come from a file the user opened
/// (a session): the helper first decodes `bytes` against the model it reads itself from
/// `modelPath` (with `arch` for weights-only files) and only a snapshot it accepted is decoded
/// here, into a copy of `base`. `open` is how `modelPath` was opened (architecture, TorchScript
/// input shape). `origin` names the file in errors (the session). The bytes reach
/// the helper through a private temporary file, removed afterwards. Never cached.
Model importWeightsSnapshot(const Model& base, const std::string& modelPath,
                            const ModelOpenOptions& open, const std::string& maskLayer,
                            const std::string& bytes, const std::string& origin,
                            Feedback* fb = nullptr, const ImportOptions& options = ImportOptions());

/// loadDataset() through the helper (same spec, same result and checks, errors as above).
Dataset importDataset(const DataSpec& spec, Feedback* fb = nullptr,
                      const ImportOptions& options = ImportOptions());

} // namespace bdl::core
