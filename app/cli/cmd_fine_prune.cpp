// backdoorlab-cli fine-prune: the paper's protocol (prune one channel, fine-tune, repeat) or
// Liu et al.'s (prune until clean validation accuracy drops by X points, fine-tune once).
#include "app/cli/cli_context.h"
#include "app/cli/commands.h"
#include "app/cli/model_output.h"
#include "app/cli/table.h"
#include "app/cli/tune_options.h"
#include "core/io/data_io.h"
#include "core/io/import_client.h"
#include "core/defenses/fine_pruning.h"

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

int runPaper(CliContext& ctx, Json& j) {
    core::FinePruneConfig cfg;
    cfg.layer = ctx.args().value("layer");
    cfg.steps = ctx.args().integer("steps", -1, -1, 1 << 20);
    cfg.tune = tuneConfig(ctx.args(), ctx.seed());
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
    Json points = Json::array();
    for (const auto& p : result.points)
        points.push_back({{"k", p.k},
                          {"channel", p.channel},
                          {"train_loss", p.k == 0 ? Json(nullptr) : Json(p.trainLoss)},
                          {"cca", p.cca},
                          {"asr", asrJson(setNames, p.asr)}});
    j["protocol"] = "paper";
    j["layer"] = result.layer;
    j["order"] = result.order;
    j["curve"] = points;
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
    Json j = ctx.describeInputs();
    j["trained_on"] = ctx.train().name;
    j["in_sample"] = ctx.trainIsClean(); // tuned on the clean test set its CCA is measured on
    const int code = protocol == "paper" ? runPaper(ctx, j) : runLiu(ctx, j);
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
    return {"fine-prune",
            "fine-pruning: the paper's protocol or Liu et al.'s; writes B'",
            "Channels are ranked on --train (clean data) and B is fine-tuned on it.",
            opts,
            0,
            runFinePrune};
}

} // namespace bdl::app
