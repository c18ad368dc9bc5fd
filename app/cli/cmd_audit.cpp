// backdoorlab-cli audit: several models (a competition round, the demo zoo), each through eval,
// the pruning curve and STRIP, in one table; --shard I/N splits the models for a job array.
#include "app/cli/cli_context.h"
#include "app/cli/commands.h"
#include "app/cli/shard_io.h"
#include "app/cli/strip_result.h"
#include "app/cli/table.h"
#include "core/base/errors.h"
#include "core/defenses/pruning.h"
#include "core/defenses/pruning_aware.h"
#include "core/defenses/verdict.h"
#include "core/zoo/zoo.h"
#include "core/zoo/zoo_workload.h"

#include <algorithm>
#include <filesystem>

namespace bdl::app {

namespace {

/// The --model values with zoo:all expanded to every model of the zoo (built when missing).
std::vector<std::string> auditModels(CliContext& ctx) {
    std::vector<std::string> models;
    for (const auto& m : ctx.args().values("model")) {
        if (m != "zoo:all") {
            models.push_back(m);
            continue;
        }
        const std::string dir =
            ctx.args().has("zoo") ? ctx.args().value("zoo") : core::defaultZooDir();
        core::resolveZooWorkload(
            dir, "patch", /*allowBuild=*/true, ctx.feedback(), [&](const std::string& problem) {
                if (!ctx.json())
                    ctx.err() << "Building the demo zoo in " << dir << " (" << problem << ").\n";
            });
        core::ZooManifest manifest;
        const std::string problem = core::zooProblem(dir, nullptr, &manifest);
        if (!problem.empty())
            throw core::Error(dir, problem);
        for (const auto& z : manifest.models)
            models.push_back("zoo:" + z.id);
    }
    if (models.empty())
        throw UsageError("give the models to audit: --model PATH (repeatable) or --model zoo:all");
    return models;
}

/// The arguments of one model's analysis: the audit's, with --model set to it.
ParsedArgs modelArgs(const ParsedArgs& args, const std::string& model) {
    ParsedArgs a = args;
    a.m_values["model"] = {model};
    for (const char* own : {"shard", "out"})
        a.m_values.erase(own);
    a.m_values["quiet"] = {""}; // one progress line per model is the audit's, not each step's
    return a;
}

/// A data argument's file: "PATH:TARGET" names PATH when PATH:TARGET itself does not exist.
std::string dataPath(const std::string& arg) {
    std::error_code ec;
    if (std::filesystem::exists(arg, ec))
        return arg;
    const auto colon = arg.rfind(':');
    return colon == std::string::npos ? arg : arg.substr(0, colon);
}

/// What decides one model's numbers, by content: its file and its data files (zoo models: the
/// zoo's files for it), without loading them.
Json modelFingerprint(CliContext& ctx, const ParsedArgs& args, const std::string& model) {
    std::vector<std::string> files;
    std::string modelFile = model;
    if (model.rfind("zoo:", 0) == 0) {
        const std::string dir = args.has("zoo") ? args.value("zoo") : core::defaultZooDir();
        // Built here when this shard audited none of the zoo's models (nothing built it yet).
        const auto w =
            core::resolveZooWorkload(dir, model.substr(4), /*allowBuild=*/true, ctx.feedback());
        modelFile = w.model;
        files = {args.has("clean") ? args.value("clean") : w.clean,
                 args.has("train") ? args.value("train") : w.train};
        for (const auto& p : args.has("poisoned") ? args.values("poisoned") : w.poisoned)
            files.push_back(p);
    } else {
        for (const char* key : {"clean", "train", "poisoned"})
            for (const auto& v : args.values(key))
                files.push_back(v);
    }
    Json data = Json::array();
    for (const auto& f : files)
        data.push_back(pathSha256(dataPath(f)));
    return {{"model", model}, {"model_sha256", core::fileSha256(modelFile)}, {"data", data}};
}

std::string displayName(const std::string& model) {
    if (model.rfind("zoo:", 0) == 0)
        return model;
    return std::filesystem::path(model).filename().string();
}

Json auditOne(CliContext& sub, const std::string& model) {
    const auto& m = sub.model().model;
    const auto& clean = sub.clean();
    const auto& poisoned = sub.poisoned();
    const auto& train = sub.train();
    Json e{{"name", displayName(model)}};
    e["inputs"] = sub.describeInputs();
    e["in_sample"] = sub.trainIsClean();

    const auto ev = core::evaluate(m, clean, poisoned, sub.feedback());
    Json asr = Json::object();
    for (const auto& s : ev.asr)
        asr[s.name] = s.asr;
    e["eval"] = {{"cca", ev.cca}, {"n_clean", ev.nClean}, {"asr", asr}};

    const auto curve =
        core::pruningCurve(m, train, clean, poisoned, core::PruneConfig{}, sub.feedback());
    std::vector<int64_t> ks;
    std::vector<double> cca;
    std::vector<std::vector<double>> curveAsr(curve.poisonedNames.size());
    for (const auto& p : curve.points) {
        ks.push_back(p.k);
        cca.push_back(p.cca);
        for (size_t s = 0; s < p.asr.size(); ++s)
            curveAsr[s].push_back(p.asr[s]);
    }
    Json curveAsrJson = Json::object();
    for (size_t s = 0; s < curve.poisonedNames.size(); ++s)
        curveAsrJson[curve.poisonedNames[s]] = curveAsr[s];
    const auto aware = core::pruningAwareness(curve.points);
    Json awareSets = Json::object();
    bool anyAware = false;
    for (size_t s = 0; s < aware.aware.size(); ++s) {
        awareSets[curve.poisonedNames[s]] = static_cast<bool>(aware.aware[s]);
        anyAware = anyAware || aware.aware[s];
    }
    e["pruning"] = {{"layer", curve.layer},
                    {"channels", curve.order.size()},
                    {"ranked_on", train.name},
                    {"ks", ks},
                    {"cca", cca},
                    {"asr", curveAsrJson},
                    {"k_star", aware.kStar},
                    {"pruning_aware", anyAware},
                    {"pruning_aware_sets", awareSets}};

    const StripJob job = prepareStrip(sub);
    Json strip = job.head;
    const auto report = finishStripResult(strip, scoreStrip(sub, job, job.plan));
    Json sets = Json::array();
    std::vector<double> auroc;
    for (const auto& s : report.sets) {
        sets.push_back({{"name", s.name}, {"frr", s.frr}, {"far", s.far}, {"auroc", s.auroc}});
        auroc.push_back(s.auroc);
    }
    e["strip"] = {{"n", job.config.n},
                  {"rule", thresholdRuleName(job.rule)},
                  {"calibration_images", strip["calibration"]["images"]},
                  {"threshold", strip["threshold"]["value"]},
                  {"clean_frr", strip["clean"]["frr"]},
                  {"sets", sets}};

    core::TrustEvidence trust;
    trust.cca = ev.cca;
    double maxAsr = 0.0;
    for (const auto& s : ev.asr) {
        trust.sets.push_back(s.name);
        trust.asr.push_back(s.asr);
        maxAsr = std::max(maxAsr, s.asr);
    }
    trust.auroc = auroc;
    trust.pruningAware = aware.aware;
    const auto v = core::trustVerdict(trust);
    e["verdict"] = {
        {"trust", core::verdictLevelName(v.level)}, {"answer", v.answer}, {"max_asr", maxAsr}};
    return e;
}

int runAudit(CliContext& ctx) {
    const auto shard = shardOption(ctx.args());
    const auto models = auditModels(ctx);
    const core::Shard mine = shard ? *shard : core::Shard{};
    const core::ItemRange range = core::shardRange(static_cast<int64_t>(models.size()), mine);

    Json result{{"command", "audit"}};
    result["settings"] = {
        {"seed", ctx.seed()},
        {"strip_n", ctx.args().value("n", "100 (auto split)")},
        {"blend", ctx.args().value("blend", "alpha")},
        {"rule", ctx.args().value("rule", "normal")},
        {"frr", ctx.args().number("frr", 1.0, 0.0, 100.0)},
        {"sample", ctx.args().integer("sample", 0, 0, 1LL << 40)},
        {"calibration_size", ctx.args().integer("calibration-size", 1000, 10, 1 << 24)}};
    Json entries = Json::array();
    for (int64_t i = range.begin; i < range.end; ++i) {
        const std::string& model = models[static_cast<size_t>(i)];
        if (!ctx.json() && !ctx.args().has("quiet"))
            ctx.err() << "[audit " << (i - range.begin + 1) << "/" << range.size() << "] " << model
                      << "\n";
        CliContext sub(modelArgs(ctx.args(), model), ctx.out(), ctx.err());
        entries.push_back(auditOne(sub, model));
    }
    result["models"] = entries;

    if (shard) {
        Json perModel = Json::array();
        for (const auto& m : models)
            perModel.push_back(modelFingerprint(ctx, ctx.args(), m));
        PartialOutput p;
        p.command = "audit";
        p.shard = *shard;
        p.unit = "models";
        p.total = static_cast<int64_t>(models.size());
        p.items = range;
        p.header = jobHeader("audit", ctx.args(), {}, {}, {{"models", perModel}});
        p.result = result;
        return writePartial(ctx, p);
    }
    if (writeResult(ctx, result))
        return kExitOk;
    Table t({"model", "CCA %", "max ASR %", "trust", "pruning-aware", "STRIP FRR %", "worst FAR %",
             "worst AUROC"});
    for (const auto& e : result["models"]) {
        double far = 0.0;
        double auroc = 1.0;
        for (const auto& s : e["strip"]["sets"]) {
            far = std::max(far, s["far"].get<double>());
            auroc = std::min(auroc, s["auroc"].get<double>());
        }
        const auto& frr = e["strip"]["clean_frr"];
        t.row({e["name"].get<std::string>(), fixed(e["eval"]["cca"].get<double>()),
               fixed(e["verdict"]["max_asr"].get<double>()),
               e["verdict"]["trust"].get<std::string>(),
               e["pruning"]["pruning_aware"].get<bool>() ? "yes" : "no",
               frr.is_number() ? fixed(frr.get<double>()) : "-", fixed(far), fixed(auroc, 4)});
    }
    t.print(ctx.out());
    return kExitOk;
}

} // namespace

CommandDef auditCommand() {
    std::vector<OptionDef> opts;
    for (auto o : commonOptions()) {
        if (o.name == "model") {
            o.repeatable = true;
            o.help = "a model to audit (repeatable); zoo:ID for a demo zoo model with its data, "
                     "zoo:all for every model of the demo zoo";
        }
        opts.push_back(o);
    }
    opts.push_back({"n", "N", "STRIP: superimpositions per input", false, "100 (auto split)"});
    opts.push_back({"blend", "MODE", "STRIP: alpha or additive", false, "alpha"});
    opts.push_back({"alpha", "A", "STRIP: weight of the input in alpha blending", false, "0.5"});
    opts.push_back(
        {"rule", "R", "STRIP threshold: normal, percentile or eer (oracle)", false, "normal"});
    opts.push_back({"frr", "PCT", "STRIP: target false rejection rate on clean data", false, "1"});
    opts.push_back(
        {"calibration-size", "N", "STRIP: clean images setting the threshold", false, "1000"});
    opts.push_back(
        {"sample", "N", "STRIP: score a seeded random N images of each test set", false, "all"});
    for (auto& o : shardOptions())
        opts.push_back(o);
    return {"audit",
            "several models, each through eval, the pruning curve and STRIP, in one table",
            "Each --model is analysed with the same data options (zoo models with their zoo's "
            "data unless given): clean accuracy and ASR, the pruning curve of its last "
            "convolution with the pruning-aware check, STRIP, and the trust verdict. --shard I/N "
            "audits models I of N for a job array; `merge` puts the parts together.",
            opts,
            0,
            runAudit};
}

} // namespace bdl::app
