// backdoorlab-cli sweep: the paper's learning-rate grid x channels pruned, as two matrices
// (CCA and ASR per poisoned set) behind the heatmaps.
#include "app/cli/cli_context.h"
#include "app/cli/commands.h"
#include "app/cli/shard_io.h"
#include "app/cli/table.h"
#include "app/cli/tune_options.h"
#include "core/base/errors.h"
#include "core/defenses/fine_pruning.h"

#include <cmath>
#include <sstream>

namespace bdl::app {

namespace {

std::string lrText(double lr) {
    std::ostringstream s;
    s << lr;
    return s.str();
}

void printMatrix(CliContext& ctx, const core::LrSweepResult& r, const std::string& title,
                 const std::function<double(size_t, size_t)>& value) {
    ctx.out() << title << "\n";
    std::vector<std::string> header{"lr \\ k"};
    for (auto k : r.ks)
        header.push_back(std::to_string(k));
    Table t(header);
    for (size_t i = 0; i < r.lrs.size(); ++i) {
        std::vector<std::string> cells{lrText(r.lrs[i])};
        for (size_t k = 0; k < r.ks.size(); ++k)
            cells.push_back(fixed(value(i, k), 1));
        t.row(cells);
    }
    t.print(ctx.out());
}

/// A matrix with NaN (a cell another shard computes) written as null.
Json matrixJson(const std::vector<std::vector<double>>& m) {
    Json rows = Json::array();
    for (const auto& row : m) {
        Json r = Json::array();
        for (double v : row)
            r.push_back(std::isnan(v) ? Json(nullptr) : Json(v));
        rows.push_back(r);
    }
    return rows;
}

int runSweep(CliContext& ctx) {
    const auto shard = shardOption(ctx.args());
    core::LrSweepConfig cfg;
    try {
        cfg.protocol = core::parseSweepProtocol(ctx.args().value("protocol", "paper"));
    } catch (const core::Error& e) {
        throw UsageError(std::string("--protocol: ") + e.what());
    }
    cfg.lrs = numberList(ctx.args(), "lrs", cfg.lrs);
    for (double lr : cfg.lrs)
        if (lr <= 0.0 || lr > 10.0)
            throw UsageError("--lrs values must be in (0, 10]");
    for (double k : numberList(ctx.args(), "ks", {})) {
        if (k < 0 || k != static_cast<int64_t>(k))
            throw UsageError("--ks values must be non-negative integers");
        cfg.ks.push_back(static_cast<int64_t>(k));
    }
    const auto tune = tuneConfig(ctx.args(), ctx.seed());
    cfg.epochs = tune.epochs;
    cfg.batchSize = tune.batchSize;
    cfg.seed = tune.seed;
    cfg.layer = ctx.args().value("layer");
    if (shard)
        cfg.shard = *shard;
    const auto r = core::learningRateSweep(ctx.model().model, ctx.train(), ctx.clean(),
                                           ctx.poisoned(), cfg, ctx.feedback());
    Json j{{"command", "sweep"}};
    j.update(ctx.describeInputs());
    j["trained_on"] = ctx.train().name;
    j["in_sample"] = ctx.trainIsClean(); // tuned on the clean test set its CCA is measured on
    j["protocol"] = core::sweepProtocolName(r.protocol);
    j["layer"] = r.layer;
    j["lrs"] = r.lrs;
    j["ks"] = r.ks;
    j["epochs"] = cfg.epochs;
    j["order"] = r.order;
    j["cca"] = matrixJson(r.cca);
    Json asr = Json::object(); // one [lr][k] matrix per poisoned set
    for (size_t s = 0; s < r.poisonedNames.size(); ++s)
        asr[r.poisonedNames[s]] = matrixJson(r.asr[s]);
    j["asr"] = asr;
    if (shard) {
        std::vector<const core::Dataset*> sets{&ctx.train(), &ctx.clean()};
        for (const auto& p : ctx.poisoned())
            sets.push_back(&p);
        PartialOutput p;
        p.command = "sweep";
        p.shard = *shard;
        p.unit = r.itemsAreRows ? "rows" : "cells";
        p.total = r.itemsTotal;
        p.items = r.items;
        p.header = jobHeader("sweep", ctx.args(), {ctx.model().source}, sets);
        p.result = j;
        return writePartial(ctx, p);
    }
    if (writeResult(ctx, j))
        return kExitOk;
    const std::string protocol = r.protocol == core::SweepProtocol::Liu
                                     ? " (Liu et al.: each cell pruned and fine-tuned "
                                       "once from B)"
                                     : "";
    printMatrix(ctx, r,
                "CCA % (rows: learning rate, columns: channels pruned of " + r.layer + ")" +
                    protocol,
                [&](size_t i, size_t k) { return r.cca[i][k]; });
    for (size_t s = 0; s < r.poisonedNames.size(); ++s)
        printMatrix(ctx, r, "ASR % on " + r.poisonedNames[s],
                    [&](size_t i, size_t k) { return r.asr[s][i][k]; });
    return kExitOk;
}

} // namespace

CommandDef sweepCommand() {
    auto opts = commonOptions();
    opts.push_back({"lrs", "LR,LR,...", "learning rates", false, "1e-2,1e-3,1e-4,1e-5,1e-6"});
    opts.push_back({"ks", "K,K,...", "channel counts", false, "1..C"});
    opts.push_back({"layer", "NAME",
                    "convolution (or layer) to prune; a convolution is masked where it leaves its "
                    "block (after BN and activation); see info",
                    false, "the last convolution (pool_3 for csaw-badnet)"});
    opts.push_back({"protocol", "P",
                    "paper (each row walks k from B, fine-tuning after each) or liu (each cell: B "
                    "pruned to k, fine-tuned once)",
                    false, "paper"});
    for (auto& o : tuneOptions())
        if (o.name != "lr")
            opts.push_back(o);
    for (auto& o : shardOptions())
        opts.push_back(o);
    return {"sweep",
            "learning-rate sweep: CCA/ASR matrices over lr x channels pruned",
            "Each row follows the paper's protocol at one learning rate; cell (lr, k) is B' after "
            "k pruned channels, each followed by --epochs of fine-tuning on --train (--protocol "
            "liu: B pruned to k and fine-tuned once). --shard I/N computes rows (liu: cells) "
            "I of N for a job array; `merge` puts the parts together.",
            opts,
            0,
            runSweep};
}

} // namespace bdl::app
