// backdoorlab-cli fine-prune: the paper's protocol (prune one channel, fine-tune, repeat) or
// Liu et al.'s (prune until clean validation accuracy drops by X points, fine-tune once).
#include "app/cli/cli_context.h"
#include "app/cli/commands.h"
#include "app/cli/model_output.h"
#include "app/cli/shard_io.h"
#include "app/cli/table.h"
#include "app/cli/tune_options.h"
#include "core/io/data_io.h"
#include "core/io/import_client.h"
#include "core/io/import_format.h"
#include "core/base/atomic_file.h"
#include "core/base/errors.h"
#include "core/base/feedback.h"
#include "core/defenses/fine_pruning.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace bdl::app {

namespace {

Json asrJson(const std::vector<std::string>& names, const std::vector<double>& asr) {
    Json j = Json::object();
    for (size_t i = 0; i < asr.size(); ++i)
        j[names[i]] = asr[i];
    return j;
}

std::vector<std::string> names(const std::vector<core::Dataset>& sets) {
    std::vector<std::string> n;
    for (const auto& s : sets)
        n.push_back(s.name);
    return n;
}

Json pointsJson(const std::vector<core::FinePrunePoint>& pts,
                const std::vector<std::string>& setNames) {
    Json points = Json::array();
    for (const auto& p : pts)
        points.push_back({{"k", p.k},
                          {"channel", p.channel},
                          {"train_loss", p.k == 0 ? Json(nullptr) : Json(p.trainLoss)},
                          {"cca", p.cca},
                          {"asr", asrJson(setNames, p.asr)}});
    return points;
}

/// The state file of a fine-prune part: beside it, "<part>.state" (the app's own model format,
/// weights and masks exactly, read back by the checked decoder).
std::string statePath(const std::string& part) { return part + ".state"; }

/// The model state after the previous shard's steps: --resume PREV.json, checked to be the part
/// of this job just before `shard`, its state file to be the one it wrote.
core::LoadedModel resumeState(CliContext& ctx, const core::Shard& shard, const Json& header,
                              int64_t begin) {
    if (!ctx.args().has("resume"))
        throw UsageError("--shard " + shard.text() + " starts after step " + std::to_string(begin) +
                         ": give --resume with the part of shard " + std::to_string(shard.index) +
                         "/" + std::to_string(shard.count));
    const std::string prev = ctx.args().value("resume");
    const Json j = readPartialFile(prev);
    if (j["command"] != "fine-prune" ||
        j["fingerprint"].get<std::string>() != core::sha256Hex(header.dump()))
        throw core::Error(prev, "is not a part of this fine-pruning job (other inputs or "
                                "settings)");
    if (j["shard"]["index"] != shard.index || j["shard"]["count"] != shard.count ||
        j["items"]["end"] != begin)
        throw core::Error(
            prev, "is shard " + j["shard"]["index"].dump() + "/" + j["shard"]["count"].dump() +
                      ", ending after step " + j["items"]["end"].dump() + "; shard " +
                      shard.text() + " resumes from shard " + std::to_string(shard.index) + "/" +
                      std::to_string(shard.count) + " after step " + std::to_string(begin));
    const Json& part = j["part"];
    if (!part.contains("state_sha256") || !part["state_sha256"].is_string())
        throw core::Error(prev, "malformed fine-prune part: no state checksum");
    const std::string file = statePath(prev);
    std::string bytes;
    {
        std::ifstream in(file, std::ios::binary);
        if (!in)
            throw core::Error(file, "cannot be read (the state written with " + prev + ")");
        std::ostringstream text;
        text << in.rdbuf();
        bytes = text.str();
    }
    if (core::sha256Hex(bytes) != part["state_sha256"].get<std::string>())
        throw core::Error(file, "is not the state " + prev + " wrote (its SHA-256 differs)");
    auto payload = core::decodeImportPayload(bytes, file);
    if (payload.kind != core::ImportedPayload::Kind::Model || !payload.model)
        throw core::Error(file, "holds no model state");
    return std::move(*payload.model);
}

/// fine-prune --shard I/N: steps [begin, end) of the paper protocol, resumed from the previous
/// shard's state; the last shard writes B' as the unsharded run does.
int runPaperShard(CliContext& ctx, Json& j, const core::FinePruneConfig& cfg,
                  const core::Shard& shard) {
    const auto& poisoned = ctx.poisoned();
    core::FinePruner pruner(ctx.model().model, ctx.train(), ctx.clean(), poisoned, cfg,
                            ctx.feedback());
    const core::ItemRange range = core::shardRange(pruner.steps(), shard);
    std::vector<const core::Dataset*> sets{&ctx.train(), &ctx.clean()};
    for (const auto& p : poisoned)
        sets.push_back(&p);
    const Json header = jobHeader("fine-prune", ctx.args(), {ctx.model().source}, sets);
    // Every shard after the first continues from the one before it, even one whose block
    // starts at step 0 (more shards than steps: the first ones own none). The point of B
    // (k = 0) is the first shard's.
    if (shard.index > 0) {
        const auto state = resumeState(ctx, shard, header, range.begin);
        auto model = state.model;
        model.setInputNormalization(ctx.model().model.inputNormalization());
        model.setInputScale(ctx.model().model.inputScale());
        pruner.resume(model, range.begin);
    } else if (ctx.args().has("resume")) {
        throw UsageError("--shard " + shard.text() + " starts from B: it takes no --resume");
    }
    const core::ProgressScope root(ctx.feedback());
    const auto steps = static_cast<double>(std::max<int64_t>(range.size(), 1));
    for (int64_t s = range.begin; s < range.end; ++s) {
        const double done = static_cast<double>(s - range.begin);
        pruner.step(root.sub(done / steps, (done + 1.0) / steps));
    }
    j["protocol"] = "paper";
    j["layer"] = pruner.layer();
    j["order"] = pruner.order();
    j["curve"] = pointsJson(pruner.points(), names(poisoned));
    // B' and its files are the last shard's to write, as the unsharded run writes them.
    j["outputs"] = range.end == pruner.steps() && shard.index + 1 == shard.count
                       ? writeModelOutputs(ctx, ctx.model().model, pruner.model())
                       : Json(nullptr);
    const std::string part = ctx.args().value("part");
    core::LoadedModel state = ctx.model();
    state.model = pruner.model();
    std::string bytes;
    core::writeImportedModel(
        state, [&](const void* d, size_t n) { bytes.append(static_cast<const char*>(d), n); });
    core::writeFileAtomically(statePath(part), bytes);
    PartialOutput p;
    p.command = "fine-prune";
    p.shard = shard;
    p.unit = "steps";
    p.total = pruner.steps();
    p.items = range;
    p.header = header;
    p.result = j;
    p.part = {{"state_sha256", core::sha256Hex(bytes)}};
    p.path = part;
    return writePartial(ctx, p);
}

int runPaper(CliContext& ctx, Json& j) {
    core::FinePruneConfig cfg;
    cfg.layer = ctx.args().value("layer");
    cfg.steps = ctx.args().integer("steps", -1, -1, 1 << 20);
    cfg.tune = tuneConfig(ctx.args(), ctx.seed());
    if (const auto shard = shardOption(ctx.args(), "part"))
        return runPaperShard(ctx, j, cfg, *shard);
    const auto& poisoned = ctx.poisoned();
    const auto setNames = names(poisoned);
    const bool live = !ctx.json();
    if (live) {
        ctx.out() << "Paper protocol: prune one channel of "
                  << (cfg.layer.empty() ? "pool_3" : cfg.layer) << ", fine-tune " << cfg.tune.epochs
                  << " epoch(s) at lr " << cfg.tune.lr << " on " << ctx.train().name << ", repeat"
                  << (ctx.trainIsClean() ? " (no --train: the clean test set, CCA is in-sample)"
                                         : "")
                  << "\n";
        ctx.out() << "      k  channel   train loss      CCA %   ASR % per set\n";
    }
    auto onStep = [&](const core::FinePrunePoint& p) {
        if (!live)
            return;
        ctx.out() << padLeft(std::to_string(p.k), 7)
                  << padLeft(p.channel < 0 ? "-" : std::to_string(p.channel), 9)
                  << padLeft(p.k == 0 ? "-" : fixed(p.trainLoss, 4), 13)
                  << padLeft(fixed(p.cca), 11);
        for (size_t i = 0; i < p.asr.size(); ++i)
            ctx.out() << "   " << setNames[i] << " " << fixed(p.asr[i]);
        ctx.out() << std::endl;
    };
    auto result = core::finePrune(ctx.model().model, ctx.train(), ctx.clean(), poisoned, cfg,
                                  ctx.feedback(), onStep);
    j["protocol"] = "paper";
    j["layer"] = result.layer;
    j["order"] = result.order;
    j["curve"] = pointsJson(result.points, setNames);
    j["outputs"] = writeModelOutputs(ctx, ctx.model().model, *result.repaired);
    return kExitOk;
}

int runLiu(CliContext& ctx, Json& j) {
    core::LiuConfig cfg;
    cfg.layer = ctx.args().value("layer");
    cfg.maxAccuracyDrop = ctx.args().number("max-drop", 4.0, 0.0, 100.0);
    cfg.tune = tuneConfig(ctx.args(), ctx.seed());
    const core::Dataset& train = ctx.train();
    // Liu et al. stop on held-out clean validation data: --validation, else 20 % of --train.
    core::Dataset tuneSet = train;
    core::Dataset validation;
    if (ctx.args().has("validation")) {
        validation = core::importDataset(
            core::parseDataArg(ctx.args().value("validation"), core::DataSpec::Clean),
            ctx.feedback());
        core::validateLabels(validation, ctx.model().model.numClasses());
    } else {
        core::DataSplit split = core::liuHoldOut(train, ctx.seed()); // the desktop app's too
        validation = std::move(split.held);
        tuneSet = std::move(split.rest);
    }
    auto r = core::liuFinePrune(ctx.model().model, tuneSet, validation, ctx.clean(), ctx.poisoned(),
                                cfg, ctx.feedback());
    const auto setNames = names(ctx.poisoned());
    j["protocol"] = "liu";
    j["layer"] = r.layer;
    j["validation"] = validation.name;
    j["max_drop"] = cfg.maxAccuracyDrop;
    j["base_validation"] = r.baseValidation;
    j["validation_curve"] = r.validationCurve;
    j["stop_k"] = r.stopK;
    j["order"] = r.order;
    j["pruned"] = scoresJson(r.pruned);
    j["fine_tuned"] = scoresJson(r.fineTuned);
    j["epoch_loss"] = r.epochLoss;
    j["outputs"] = writeModelOutputs(ctx, ctx.model().model, *r.repaired);
    if (!ctx.json()) {
        auto& o = ctx.out();
        o << "Liu et al.: pruned " << r.stopK << " channels of " << r.layer
          << " (validation accuracy " << fixed(r.baseValidation) << " % -> "
          << fixed(r.validationCurve.empty() ? 0.0 : r.validationCurve.back()) << " %, budget "
          << fixed(cfg.maxAccuracyDrop, 1) << " points on " << validation.name
          << "), then fine-tuned " << cfg.tune.epochs << " epoch(s) at lr " << cfg.tune.lr << "\n";
        std::vector<std::string> header{"model", "CCA %"};
        for (const auto& n : setNames)
            header.push_back("ASR % " + n);
        Table t(header);
        const auto add = [&](const char* name, const core::EvalReport& e) {
            std::vector<std::string> cells{name, fixed(e.cca)};
            for (const auto& s : e.asr)
                cells.push_back(fixed(s.asr));
            t.row(cells);
        };
        add("pruned", r.pruned);
        add("pruned + fine-tuned (B')", r.fineTuned);
        t.print(o);
    }
    return kExitOk;
}

int runFinePrune(CliContext& ctx) {
    const std::string protocol = ctx.args().value("protocol", "paper");
    if (protocol != "paper" && protocol != "liu")
        throw UsageError("--protocol must be paper or liu, got '" + protocol + "'");
    if (protocol == "liu" && ctx.args().has("shard"))
        throw UsageError("--shard splits the paper protocol's steps; Liu et al.'s fine-tunes once "
                         "(use sweep --protocol liu --shard for a grid of Liu cells)");
    if (ctx.args().has("resume") && !ctx.args().has("shard"))
        throw UsageError("--resume continues a sharded run: give --shard I/N too");
    Json j{{"command", "fine-prune"}};
    j.update(ctx.describeInputs());
    j["trained_on"] = ctx.train().name;
    j["in_sample"] = ctx.trainIsClean(); // tuned on the clean test set its CCA is measured on
    const int code = protocol == "paper" ? runPaper(ctx, j) : runLiu(ctx, j);
    if (ctx.args().has("shard"))
        return code; // the partial file is written and reported
    if (ctx.json())
        ctx.out() << j.dump() << "\n";
    else
        printModelOutputs(ctx, j["outputs"]);
    return code;
}

} // namespace

CommandDef finePruneCommand() {
    auto opts = commonOptions();
    opts.push_back({"protocol", "P", "paper (prune 1, fine-tune, repeat) or liu", false, "paper"});
    opts.push_back({"layer", "NAME",
                    "convolution (or layer) to prune; a convolution is masked where it leaves its "
                    "block (after BN and activation); see info",
                    false, "the last convolution (pool_3 for csaw-badnet)"});
    opts.push_back({"steps", "K", "paper: channels to prune", false, "10 % of the layer"});
    opts.push_back({"max-drop", "PCT", "liu: allowed clean validation accuracy drop", false, "4"});
    opts.push_back({"validation", "PATH", "liu: clean validation data", false, "20 % of --train"});
    for (auto& o : tuneOptions())
        opts.push_back(o);
    for (auto& o : modelOutputOptions())
        opts.push_back(o);
    opts.push_back({"shard", "I/N",
                    "paper protocol: run only the I-th of N consecutive blocks of its steps "
                    "(jobs under a time limit, one after another) and write --part"});
    opts.push_back({"part", "PATH",
                    "with --shard: the partial result to write (JSON; its model "
                    "state goes to PATH.state)"});
    opts.push_back(
        {"resume", "PATH", "with --shard I/N, I > 1: the part of shard I-1 to continue"});
    return {"fine-prune",
            "fine-pruning: the paper's protocol or Liu et al.'s; writes B'",
            "Channels are ranked on --train (clean data) and B is fine-tuned on it. The paper's "
            "steps build on each other: --shard I/N --part P runs block I of them after shard "
            "I-1 (--resume its part), and the last shard writes B'; `merge` joins the parts.",
            opts,
            0,
            runFinePrune};
}

} // namespace bdl::app
