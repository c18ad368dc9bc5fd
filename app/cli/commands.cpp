#include "app/cli/commands.h"
#include "app/cli/shard_io.h"

#include "app/cli/cli_context.h"
#include "core/base/errors.h"
#include "core/base/runtime.h"

#include <exception>
#include <iostream>

namespace bdl::app {

namespace {

constexpr const char* kVersion = "0.1.0";

void printTopHelp(std::ostream& out) {
    out << "backdoorlab-cli " << kVersion
        << " - inspect, repair and filter possibly backdoored CNNs (fine-pruning, STRIP)\n\n"
        << "Usage: backdoorlab-cli COMMAND [OPTIONS]\n\nCommands:\n";
    for (const auto& c : commands())
        out << "  " << c.name << std::string(c.name.size() < 12 ? 12 - c.name.size() : 1, ' ')
            << c.summary << "\n";
    out << "\nRun 'backdoorlab-cli COMMAND --help' for a command's options.\n";
}

void printCommandHelp(const CommandDef& c, std::ostream& out) {
    out << "Usage: backdoorlab-cli " << c.name << " [OPTIONS]"
        << (c.maxPositionals ? " [IMAGE]" : "") << "\n\n"
        << c.summary << "\n";
    if (!c.usage.empty())
        out << "\n" << c.usage << "\n";
    out << "\nOptions:\n" << formatOptions(c.options);
}

int fail(CliContext* ctx, bool json, std::ostream& out, std::ostream& err, int code,
         const std::string& kind, const std::string& message, const std::string& source = {}) {
    (void)ctx;
    err << "backdoorlab-cli: " << message << "\n";
    if (json) {
        Json j;
        j["error"] = message;
        j["kind"] = kind;
        if (!source.empty())
            j["source"] = source;
        out << j.dump() << "\n";
    }
    return code;
}

} // namespace

const std::vector<CommandDef>& commands() {
    static const std::vector<CommandDef> all = {
        infoCommand(),    evalCommand(),  pruneCommand(),  finePruneCommand(), sweepCommand(),
        goodnetCommand(), stripCommand(), exportCommand(), auditCommand(),     mergeCommand(),
        benchCommand(),   zooCommand(),   demoCommand(),
#ifdef BDL_WITH_REPORT
        reportCommand(),
#endif
    };
    return all;
}

const char* cliVersion() { return kVersion; }

int runCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        printTopHelp(out);
        return args.empty() ? kExitUsage : kExitOk;
    }
    if (args[0] == "--version") {
        out << "backdoorlab-cli " << kVersion << "\n";
        return kExitOk;
    }
    const CommandDef* cmd = nullptr;
    for (const auto& c : commands())
        if (c.name == args[0])
            cmd = &c;
    bool json = false;
    for (const auto& a : args)
        json = json || a == "--json";
    if (!cmd)
        return fail(nullptr, json, out, err, kExitUsage, "usage",
                    "unknown command '" + args[0] + "' (try --help)");
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    try {
        ParsedArgs parsed = parseArgs(rest, cmd->options, cmd->maxPositionals);
        if (parsed.has("help")) {
            printCommandHelp(*cmd, out);
            return kExitOk;
        }
        core::setThreads(static_cast<int>(parsed.integer("threads", 0, 0, 1024)));
        applyDeviceOption(parsed); // before any model is made: models are made on the device
        CliContext ctx(std::move(parsed), out, err);
        return cmd->run(ctx);
    } catch (const UsageError& e) {
        fail(nullptr, json, out, err, kExitUsage, "usage", e.what());
        if (!json)
            err << "Run 'backdoorlab-cli " << cmd->name << " --help' for usage.\n";
        return kExitUsage;
    } catch (const core::Cancelled&) {
        return fail(nullptr, json, out, err, kExitCancelled, "cancelled", "cancelled");
    } catch (const core::Error& e) {
        return fail(nullptr, json, out, err, kExitError, "error", e.what(), e.source());
    } catch (const std::exception& e) {
        return fail(nullptr, json, out, err, kExitError, "internal", e.what());
    }
}

} // namespace bdl::app
