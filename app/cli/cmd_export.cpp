// backdoorlab-cli export: write a model (B, or B pruned at k and optionally fine-tuned) as Keras
// weights in the input's layout, as TorchScript, and G(B, B') as TorchScript.
#include "app/cli/cli_context.h"
#include "app/cli/commands.h"
#include "app/cli/model_output.h"
#include "app/cli/table.h"
#include "app/cli/tune_options.h"
#include "core/nn/finetune.h"
#include "core/nn/metrics.h"
#include "core/base/feedback.h"
#include "core/defenses/fine_pruning.h"
#include "core/defenses/pruning.h"

namespace bdl::app {

namespace {

int runExport(CliContext& ctx) {
    if (!ctx.args().has("out") && !ctx.args().has("torchscript") &&
        !ctx.args().has("goodnet-torchscript"))
        throw UsageError("nothing to write: give --out, --torchscript or --goodnet-torchscript");
    const core::Model& b = ctx.model().model;
    core::Model repaired = b;
    Json j = ctx.describeInputs();
    const int64_t k = ctx.args().integer("prune", 0, 0, 1 << 20);
    const std::string layer = b.pruneLayer(ctx.args().value("layer"));
    std::vector<int64_t> order;
    if (k > 0) {
        const int64_t channels = b.outputShape(layer).channels();
        if (k > channels)
            throw UsageError("--prune " + std::to_string(k) + " exceeds the " +
                             std::to_string(channels) + " channels of " + layer);
        order = core::rankChannels(b, ctx.train(), layer, ctx.feedback());
        j["pruned"] = {{"layer", layer},
                       {"k", k},
                       {"ranked_on", ctx.train().name},
                       {"channels", std::vector<int64_t>(order.begin(), order.begin() + k)}};
    }
    const auto tune = tuneConfig(ctx.args(), ctx.seed(), /*defaultEpochs=*/0);
    if (tune.epochs == 0 && k > 0)
        core::applyPruning(repaired, layer, order, k);
    if (tune.epochs > 0) {
        // Pruned at k and fine-tuned once: the desktop app's "fine-tune at k".
        const auto r = core::fineTuneAt(b, ctx.train(), order, layer, k, tune,
                                        core::ProgressScope(ctx.feedback()));
        repaired = *r.model;
        j["fine_tuned"] = {{"lr", tune.lr},
                           {"epochs", tune.epochs},
                           {"batch_size", tune.batchSize},
                           {"epoch_loss", r.epochLoss},
                           {"trained_on", ctx.train().name}};
    }
    if (ctx.hasClean()) {
        j["scores"] =
            scoresJson(core::evaluate(repaired, ctx.clean(), ctx.poisoned(), ctx.feedback()));
        // Ranked or tuned on the clean test set these scores are measured on.
        j["in_sample"] = (k > 0 || tune.epochs > 0) && ctx.trainIsClean();
    }
    j["outputs"] = writeModelOutputs(ctx, b, repaired);
    if (ctx.json()) {
        ctx.out() << j.dump() << "\n";
        return kExitOk;
    }
    if (j.contains("pruned"))
        ctx.out() << "Pruned " << k << " channels of " << j["pruned"]["layer"].get<std::string>()
                  << " (ranked on " << ctx.train().name << ")\n";
    if (j.contains("fine_tuned"))
        ctx.out() << "Fine-tuned " << tune.epochs << " epoch(s) at lr " << tune.lr << "\n";
    if (j.contains("scores")) {
        Table t({"set", "metric", "%"});
        t.row({ctx.clean().name, "CCA", fixed(j["scores"]["cca"].get<double>())});
        for (const auto& [name, v] : j["scores"]["asr"].items())
            t.row({name, "ASR", fixed(v.get<double>())});
        t.print(ctx.out());
    }
    printModelOutputs(ctx, j["outputs"]);
    return kExitOk;
}

} // namespace

CommandDef exportCommand() {
    auto opts = commonOptions();
    opts.push_back(
        {"prune", "K", "prune the K least active channels (ranked on --train)", false, "0"});
    opts.push_back({"layer", "NAME",
                    "convolution (or layer) to prune; a convolution is masked where it leaves its "
                    "block (after BN and activation); see info",
                    false, "the last convolution (pool_3 for csaw-badnet)"});
    for (auto& o : tuneOptions(/*defaultEpochs=*/0))
        opts.push_back(o);
    for (auto& o : modelOutputOptions())
        opts.push_back(o);
    return {"export",
            "write B (or B pruned at K, fine-tuned) as Keras .h5 / TorchScript",
            "--goodnet-torchscript writes G(B, B') with B = --model and B' = the exported model.",
            opts,
            0,
            runExport};
}

} // namespace bdl::app
