#pragma once
/// @file import_args.h
/// The command line of backdoorlab-import (the contract is in core/io/import_client.h):
///   backdoorlab-import --protocol 1 --parent-pid PID [LIMITS] model PATH [--arch NAME]
///       [--input-shape H,W,C]
///   backdoorlab-import --protocol 1 --parent-pid PID [LIMITS] data PATH [--role clean|poisoned]
///       [--target N] [--labels-csv FILE] [--channels N] [--model-input H,W,C]
///   backdoorlab-import --protocol 1 --parent-pid PID [LIMITS] image PATH --size H,W,C
///   backdoorlab-import --protocol 1 --parent-pid PID [LIMITS] snapshot PATH --model FILE
///       --layer NAME [--arch NAME] [--input-shape H,W,C]
///   LIMITS: --memory-mb N (RLIMIT_AS; 0 = none), --cpu-seconds N (RLIMIT_CPU; 0 = none)
/// Parsing is a pure function of argv (no system calls), so the helper can run it before it
/// confines itself and report a bad command line with exit status 2.
#include "core/io/data_io.h"

#include <cstdint>
#include <stdexcept>
#include <array>
#include <string>
#include <vector>

namespace bdl::app {

/// The only protocol this helper speaks (`--protocol 1`).
inline constexpr int kImportProtocol = 1;

/// A parsed helper command line.
struct ImportArgs {
    enum class Command { Model, Data, Image, Snapshot };

    Command command = Command::Model;
    long parentPid = 0;        ///< --parent-pid: the helper exits at once unless this is its parent
    int64_t memoryMiB = 16384; ///< --memory-mb: RLIMIT_AS in MiB, 0 = none (ImportOptions default)
    int cpuSeconds = 120;      ///< --cpu-seconds: RLIMIT_CPU soft limit, 0 = none
    std::string path;          ///< the file or folder to read (model PATH / data PATH)
    std::string arch;          ///< model, snapshot: --arch, empty = the loader's default
    std::string modelPath;     ///< snapshot: --model, the model the weights belong to
    std::string layer;         ///< snapshot: --layer, the layer of the saved channel mask
    core::DataSpec spec;       ///< data: path, role, target, labels CSV, channels, model input
    std::array<int, 3> size{0, 0, 0}; ///< image: --size H,W,C (the model's input)
    /// model, snapshot: --input-shape H,W,C of a TorchScript model; zeros = inferred.
    std::array<int, 3> inputShape{0, 0, 0};
};

/// A command line the helper cannot run; what() is the message for stderr.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Parses argv[1..] (without the program name).
/// @throws UsageError for an unknown or repeated option, a missing or malformed value, a missing
///         --protocol/--parent-pid, another protocol, or a missing command or PATH.
ImportArgs parseImportArgs(const std::vector<std::string>& args);

/// One line describing the usage, for the message that follows a UsageError.
const char* importUsage();

} // namespace bdl::app
