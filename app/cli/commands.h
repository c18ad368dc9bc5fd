#pragma once
/// @file commands.h
/// The backdoorlab-cli subcommands and the in-process entry point used by main() and the tests.
#include "app/cli/arg_parser.h"

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace bdl::app {

class CliContext;

struct CommandDef {
    std::string name;
    std::string summary;
    std::string usage; ///< extra usage text after the synopsis (may be empty)
    std::vector<OptionDef> options;
    size_t maxPositionals = 0;
    std::function<int(CliContext&)> run;
};

/// Exit codes.
constexpr int kExitOk = 0;
constexpr int kExitError = 1; ///< bad input file, unsupported model, I/O failure
constexpr int kExitUsage = 2; ///< bad command line
constexpr int kExitCancelled = 130;

/// All subcommands, in help order.
const std::vector<CommandDef>& commands();

/// Runs `backdoorlab-cli args...` (args without the program name). Never throws.
int runCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// Subcommand definitions, one file each.
CommandDef infoCommand();
CommandDef evalCommand();
CommandDef pruneCommand();
CommandDef finePruneCommand();
CommandDef sweepCommand();
CommandDef goodnetCommand();
CommandDef stripCommand();
CommandDef exportCommand();
CommandDef benchCommand();
CommandDef zooCommand();
#ifdef BDL_WITH_REPORT
CommandDef reportCommand(); ///< only in builds with the desktop app (BDL_BUILD_GUI)
#endif
CommandDef demoCommand();
CommandDef auditCommand();
CommandDef mergeCommand();

} // namespace bdl::app
