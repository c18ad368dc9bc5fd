#pragma once
/// @file shard_io.h
/// The CLI side of sharded jobs (core/base/shard.h): `--shard I/N` with `--out PART.json`, the
/// fingerprint of a job's inputs and settings, and the partial files `merge` puts together.
///
/// A partial file (written atomically, one per shard):
///   {"backdoorlab_partial": 1, "command": C, "shard": {"index": I, "count": N},
///    "fingerprint": SHA-256 of `header`, "items": {"unit", "total", "begin", "end"},
///    "header": what decides the numbers (command, options, inputs' contents, threads, version),
///    "result": the command's result with this shard's items filled in, "part": per-command data}
/// Merging (cmd_merge.cpp) needs every shard 1..N of one fingerprint exactly once.
#include "app/cli/cli_context.h"
#include "core/base/shard.h"

#include <optional>
#include <string>
#include <vector>

namespace bdl::app {

/// The options every shardable command adds: --shard and --out.
std::vector<OptionDef> shardOptions();

/// --shard as given (nullopt without it). --shard without the option naming the partial file
/// (`partOption`: --out, or fine-prune's --part), or a malformed --shard, is a UsageError.
std::optional<core::Shard> shardOption(const ParsedArgs& args,
                                       const std::string& partOption = "out");

/// Reads and checks a partial result file written by writePartial() (size cap, JSON, the
/// fields every part has). core::Error naming the file otherwise.
Json readPartialFile(const std::string& path);

/// The header whose SHA-256 is a job's fingerprint: the command, every option that decides the
/// numbers (all but --shard, --out, --json, --quiet), the positionals, the SHA-256 of the model
/// file (`modelFiles`) and of each data set's tensors (`sets`), the effective thread count and
/// the version. `extra` is merged in (a command's own inputs).
Json jobHeader(const std::string& command, const ParsedArgs& args,
               const std::vector<std::string>& modelFiles,
               const std::vector<const core::Dataset*>& sets, const Json& extra = Json::object());

/// SHA-256 of a data set's images, labels and targets.
std::string datasetSha256(const core::Dataset& d);

/// SHA-256 of a file, or of a folder's regular files (their relative paths and contents, in
/// sorted order, recursively): the data arguments of a command (Error naming an unreadable path).
std::string pathSha256(const std::string& path);

/// Without --shard: writes `result` (the command's JSON) to --out atomically when given, and
/// prints it on stdout with --json. Returns true when the command is done (--json), false when
/// it should print its text output.
bool writeResult(CliContext& ctx, const Json& result);

/// What a shard writes.
struct PartialOutput {
    std::string command;
    core::Shard shard;
    std::string unit; ///< "rows", "cells", "inputs", "models", "steps"
    int64_t total = 0;
    core::ItemRange items;
    Json header;
    Json result;
    Json part = Json::object();
    std::string path; ///< the file to write; empty = --out
};

/// Writes the partial file (p.path or --out) atomically and prints one line ("shard 2/4 of sweep: rows
/// 1..2 of 5 -> PATH") on ctx.out(), or the partial itself with --json. Returns kExitOk.
int writePartial(CliContext& ctx, const PartialOutput& p);

/// The version written into headers (backdoorlab-cli --version).
const char* cliVersion();

} // namespace bdl::app
