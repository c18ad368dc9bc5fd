// backdoorlab-cli zoo: builds (or reuses) the demo zoo of backdoored Fashion-MNIST models.
// backdoorlab-cli demo: the default analysis on it (eval, pruning curve, STRIP).
#include "app/cli/cli_context.h"
#include "app/cli/commands.h"
#include "app/cli/table.h"
#include "app/cli/zoo_options.h"
#include "core/zoo/zoo.h"

#include <ostream>
#include <sstream>

namespace bdl::app {

namespace {

Json manifestJson(const core::ZooManifest& m) { return Json::parse(core::zooManifestJson(m)); }

void printZoo(std::ostream& o, const std::string& dir, const core::ZooStatus& st) {
    const auto& m = st.manifest;
    const auto& c = m.config;
    o << "Zoo      " << dir << "\n";
    if (st.built)
        o << "         built in " << fixed(m.buildSeconds, 1) << " s on " << m.threads
          << " threads (" << st.reason << ")\n";
    else
        o << "         reused (built " << m.created << " in " << fixed(m.buildSeconds, 1)
          << " s; --force rebuilds)\n";
    o << "Source   Fashion-MNIST, " << c.source << ": " << c.trainImages << " training images ("
      << fixed(c.poisonRate * 100.0, 0) << " % poisoned per backdoored model), "
      << c.validationImages << " clean validation, " << c.testImages << " test; seed " << c.seed
      << ", " << c.epochs << " epochs\n";
    o << "Models   " << m.architecture << ", input scale " << m.inputScale
      << "; figures on the test split\n\n";
    Table t({"model", "file", "train s", "CCA %", "ASR % per trigger"});
    t.leftColumns(2, true);
    for (const auto& x : m.models) {
        std::string asr;
        for (const auto& [name, v] : x.asr)
            asr += (asr.empty() ? "" : ", ") + name + " " + fixed(v, 1);
        if (x.triggers.empty())
            asr = "(baseline) " + asr;
        t.row({x.title, x.file, fixed(x.trainSeconds, 1), fixed(x.cca, 2), asr});
    }
    t.print(o);
    o << "\nTriggers\n";
    Table tr({"trigger", "target", "test file", "images", "what"});
    tr.leftColumns(3, true);
    for (const auto& x : m.triggers) {
        const auto* d = m.dataFile(x.dataId);
        tr.row({x.name, std::to_string(x.target) + " (" + m.classNames.at(x.target) + ")",
                d ? d->file : "?", d ? std::to_string(d->images) : "?", x.description});
    }
    tr.print(o);
}

int runZoo(CliContext& ctx) {
    const core::ZooConfig config = zooConfigFromArgs(ctx.args());
    const std::string dir = zooDirFromArgs(ctx.args(), "out");
    const bool force = ctx.args().has("force");
    const std::string problem = force ? "" : core::zooProblem(dir, &config);
    if ((force || !problem.empty()) && !ctx.json())
        ctx.err() << "Building the demo zoo in " << dir << " (" << (force ? "--force" : problem)
                  << "); Ctrl-C cancels and leaves "
                  << "nothing behind.\n";
    const auto st = core::ensureZoo(config, dir, force, ctx.feedback());
    if (ctx.json()) {
        Json j{{"dir", dir},
               {"built", st.built},
               {"reason", st.reason},
               {"manifest", manifestJson(st.manifest)}};
        ctx.out() << j.dump() << "\n";
        return kExitOk;
    }
    printZoo(ctx.out(), dir, st);
    return kExitOk;
}

/// Runs one analysis command on the zoo model and returns its exit code (output to `out`).
int runStep(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    return runCli(args, out, err);
}

int runDemo(CliContext& ctx) {
    const std::string dir = zooDirFromArgs(ctx.args(), "zoo");
    const std::string model = "zoo:" + ctx.args().value("model-id", "patch");
    // Build (or check) the zoo once, with this command's progress and cancel.
    // Without zoo options any valid zoo there will do; with them it must be that zoo.
    bool explicitConfig = false;
    const core::ZooConfig config = zooConfigFromArgs(ctx.args(), &explicitConfig);
    const std::string problem = core::zooProblem(dir, explicitConfig ? &config : nullptr);
    if (!problem.empty() && !ctx.json())
        ctx.err() << "Building the demo zoo in " << dir << " (" << problem
                  << "; about 4 minutes on 2 cores; Ctrl-C cancels and leaves nothing behind).\n";
    const auto st = core::ensureZoo(config, dir, false, ctx.feedback(), !explicitConfig);
    std::vector<std::string> common{"--model", model, "--zoo", dir};
    if (ctx.args().has("threads"))
        common.insert(common.end(), {"--threads", ctx.args().value("threads")});
    if (ctx.args().has("quiet"))
        common.push_back("--quiet");
    struct Step {
        std::string title;
        std::vector<std::string> args;
    };
    const std::vector<Step> steps = {
        {"eval: clean accuracy and attack success", {"eval"}},
        {"prune: pruning only, channels of pool_3 ranked on clean_validation",
         {"prune", "--every", "6"}},
        {"strip: N = 100 superimpositions on 1000 random test images per set, threshold from "
         "clean_validation only",
         {"strip", "--sample", "1000"}},
    };
    Json all{{"zoo", {{"dir", dir}, {"built", st.built}, {"model", model}}}};
    if (!ctx.json()) {
        const auto* zm = st.manifest.model(model.substr(4));
        ctx.out() << "Demo zoo " << dir << (st.built ? " (just built)" : "") << "\n";
        if (zm)
            ctx.out() << "Model    " << zm->title << ": " << zm->description << "\n";
    }
    for (const auto& s : steps) {
        std::vector<std::string> args = s.args;
        args.insert(args.end(), common.begin(), common.end());
        if (ctx.json()) {
            args.push_back("--json");
            std::ostringstream captured;
            const int rc = runStep(args, captured, ctx.err());
            Json part = Json::parse(captured.str(), nullptr, false);
            all[s.args.front()] = part.is_discarded() ? Json(captured.str()) : part;
            if (rc != kExitOk) {
                ctx.out() << all.dump() << "\n";
                return rc;
            }
        } else {
            ctx.out() << "\n== " << s.title << "\n";
            ctx.out().flush();
            const int rc = runStep(args, ctx.out(), ctx.err());
            if (rc != kExitOk)
                return rc;
        }
    }
    if (ctx.json())
        ctx.out() << all.dump() << "\n";
    return kExitOk;
}

} // namespace

CommandDef zooCommand() {
    auto opts = zooOptions();
    opts.insert(opts.begin(),
                {"out", "DIR", "zoo folder", false, "$XDG_DATA_HOME/backdoorlab/zoo"});
    opts.insert(opts.begin() + 1, {"force", "", "rebuild even when a valid zoo is there"});
    return {"zoo",
            "build the demo zoo: backdoored Fashion-MNIST models in the CSAW formats",
            "Trains a clean reference model and four backdoored ones (patch, blend, pixels, "
            "multi-trigger)\nand writes them with CSAW-layout data files and manifest.json. A "
            "valid zoo is reused;\nit is rebuilt with --force, when its version or configuration "
            "differs, or when a file is\ndamaged. The build is atomic: a cancel leaves no half "
            "zoo. Other commands use it with\n--model zoo:ID (clean, patch, blend, pixels, "
            "multi), which is also their default.",
            opts,
            0,
            runZoo};
}

CommandDef demoCommand() {
    auto opts = zooOptions();
    opts.insert(opts.begin(),
                {"zoo", "DIR", "zoo folder", false, "$XDG_DATA_HOME/backdoorlab/zoo"});
    opts.insert(
        opts.begin() + 1,
        {"model-id", "ID", "zoo model: clean, patch, blend, pixels or multi", false, "patch"});
    return {"demo",
            "the default analysis: eval, pruning curve and STRIP on a demo zoo model",
            "Builds the demo zoo on first use (see 'zoo'), then runs eval, prune and strip on it.",
            opts,
            0,
            runDemo};
}

} // namespace bdl::app
