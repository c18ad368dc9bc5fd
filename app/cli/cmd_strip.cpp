// backdoorlab-cli strip: STRIP entropies of clean and poisoned inputs, a threshold from clean data
// only (or the paper's equal-error oracle, labelled as such), FRR/FAR/AUROC and STRIP-as-filter.
#include "app/cli/cli_context.h"
#include "app/cli/commands.h"
#include "app/cli/shard_io.h"
#include "app/cli/strip_result.h"
#include "app/cli/table.h"
#include "core/base/errors.h"
#include "core/defenses/strip.h"
#include "core/defenses/strip_plan.h"

#include <torch/types.h>

#include <cmath>

namespace bdl::app {

namespace {

core::Dataset pickInputs(const core::Dataset& d, const std::vector<int64_t>& idx) {
    if (static_cast<int64_t>(idx.size()) == d.size())
        return d; // the plan's lists are ascending: all of them is the set itself
    core::Dataset s = d.select(torch::tensor(idx, torch::kInt64));
    s.name = d.name;
    return s;
}

} // namespace

StripJob prepareStrip(CliContext& ctx) {
    StripJob job;
    core::StripConfig& cfg = job.config;
    cfg.n = static_cast<int>(ctx.args().integer("n", 100, 1, 100000));
    const std::string blend = ctx.args().value("blend", "alpha");
    if (blend != "alpha" && blend != "additive")
        throw UsageError("--blend must be alpha or additive, got '" + blend + "'");
    cfg.mode = blend == "alpha" ? core::BlendMode::Alpha : core::BlendMode::Additive;
    cfg.alpha = ctx.args().number("alpha", 0.5, 0.0, 1.0);
    cfg.seed = ctx.seed();
    // Giving --n chooses N: it is used as given. Without it the core's automatic split may lower
    // the default 100 so that a small clean set still leaves calibration inputs (strip_plan.h).
    cfg.autoSplit = !ctx.args().has("n");
    job.rule = parseThresholdRule(ctx.args().value("rule", "normal"));
    job.frr = ctx.args().number("frr", 1.0, 0.0, 100.0);
    core::validateStripConfig(cfg);
    const auto& clean = ctx.clean();
    // Overlays come from clean data: --train when given, else the clean test set. Which images
    // calibrate the threshold and which are scored is the core's plan (the desktop app's too):
    // calibration never holds an overlay or a scored input.
    job.overlaySet = &ctx.train();
    job.shared = ctx.trainIsClean();
    core::StripPlanRequest planRequest;
    planRequest.trainSize = job.overlaySet->size();
    planRequest.trainIsCleanTest = job.shared;
    planRequest.overlaysFromTrain = true;
    planRequest.cleanTestSize = clean.size();
    for (const auto& p : ctx.poisoned())
        planRequest.poisonedSizes.push_back(p.size());
    // --calibration-size N: at most N clean images set the threshold. --sample N: a seeded random
    // N images of each test set (STRIP costs N forward passes per input); the sizes are reported.
    // The desktop app's default too (StripRequest::calibration), so both faces agree out of the box.
    planRequest.calibration = ctx.args().integer("calibration-size", 1000, 10, 1 << 24);
    planRequest.sample = ctx.args().integer("sample", 0, 0, 1LL << 40);
    planRequest.trainName = job.overlaySet->source; // errors name the file
    planRequest.cleanTestName = clean.source;
    try {
        job.plan = core::planStrip(planRequest, cfg);
    } catch (const core::Error& e) {
        // The plan's "no calibration input left" names the remedies; say how the CLI does the
        // last one (a chosen N is one given with --n).
        if (cfg.autoSplit || e.problem().find("automatically") == std::string::npos)
            throw;
        throw core::Error(e.source(), e.problem() + ". For the automatic split, omit --n");
    }
    cfg.n = job.plan.n; // the automatic split may have lowered it; the plan's overlays use this N
    job.calibrationSet = job.shared ? &clean : job.overlaySet;

    Json& j = job.head;
    j = Json{{"command", "strip"}};
    j.update(ctx.describeInputs());
    j["n"] = cfg.n;
    j["n_requested"] = job.plan.requestedN;
    j["auto_split"] = {
        {"enabled", cfg.autoSplit}, {"n_lowered", job.plan.nLowered}, {"note", job.plan.note}};
    j["blend"] = blend;
    j["alpha"] = cfg.alpha;
    j["seed"] = cfg.seed;
    j["overlays"] = job.overlaySet->name;
    // in_sample: the calibration images come from the clean test set (disjoint from the scored
    // clean inputs and from the overlays all the same).
    j["calibration"] = {{"set", job.calibrationSet->name},
                        {"images", static_cast<int64_t>(job.plan.calibration.size())},
                        {"in_sample", job.shared},
                        {"excludes_overlays", true},
                        {"excludes_test_inputs", true},
                        {"frr", nullptr}};
    j["threshold"] = {{"rule", thresholdRuleName(job.rule)},
                      {"target_frr", job.frr},
                      {"value", nullptr},
                      {"uses_poisoned_data", job.rule == core::ThresholdRule::EqualError}};
    return job;
}

StripEntropyParts scoreStrip(CliContext& ctx, const StripJob& job, const core::StripPlan& inputs) {
    const auto& m = ctx.model().model;
    // A shard may own no input of a set (its data is then empty, named).
    const auto score = [&](const core::Dataset& set, const std::vector<int64_t>& idx) {
        if (idx.empty()) {
            core::StripSetData none;
            none.name = set.name;
            return none;
        }
        return core::stripSetData(m, pickInputs(set, idx), job.overlaySet->images, job.config,
                                  ctx.feedback());
    };
    StripEntropyParts d;
    d.calibration = score(*job.calibrationSet, inputs.calibration);
    d.clean = score(ctx.clean(), inputs.cleanTest);
    for (size_t i = 0; i < ctx.poisoned().size(); ++i)
        d.poisoned.push_back(score(ctx.poisoned()[i], inputs.poisoned[i]));
    return d;
}

namespace {

int runStrip(CliContext& ctx) {
    const auto shard = shardOption(ctx.args());
    StripJob job = prepareStrip(ctx);
    const auto& plan = job.plan;
    const int64_t chunk = core::stripShardChunk(job.config);
    if (shard) {
        // A shard scores its own chunks of the plan's inputs (core::shardStripPlan: whole
        // batches, so every entropy is the whole run's); the overlays are every shard's.
        const core::StripPlan mine = core::shardStripPlan(plan, *shard, chunk);
        const StripEntropyParts d = scoreStrip(ctx, job, mine);
        std::vector<const core::Dataset*> sets{job.overlaySet, &ctx.clean()};
        for (const auto& p : ctx.poisoned())
            sets.push_back(&p);
        PartialOutput p;
        p.command = "strip";
        p.shard = *shard;
        p.unit = "inputs";
        p.total = core::stripPlanInputs(plan);
        int64_t before = 0; // the inputs of the shards before this one
        for (int64_t i = 0; i < shard->index; ++i)
            before += core::stripPlanInputs(
                core::shardStripPlan(plan, core::Shard{i, shard->count}, chunk));
        p.items = {before, before + core::stripPlanInputs(mine)};
        p.header = jobHeader("strip", ctx.args(), {ctx.model().source}, sets);
        p.result = job.head;
        Json poisoned = Json::array();
        for (const auto& s : d.poisoned)
            poisoned.push_back(stripSetDataJson(s));
        p.part = {{"calibration", stripSetDataJson(d.calibration)},
                  {"clean", stripSetDataJson(d.clean)},
                  {"poisoned", poisoned}};
        return writePartial(ctx, p);
    }
    const StripEntropyParts d = scoreStrip(ctx, job, plan);
    Json j = job.head;
    const auto report = finishStripResult(j, d);
    if (writeResult(ctx, j))
        return kExitOk;
    const auto& cfg = job.config;
    auto& o = ctx.out();
    o << "STRIP: N = " << cfg.n << " " << j["blend"].get<std::string>() << " superimpositions with "
      << job.overlaySet->name << " images; threshold rule " << thresholdRuleName(job.rule);
    if (job.rule == core::ThresholdRule::EqualError)
        o << " (ORACLE: chosen with the poisoned set, as the paper did; optimistic)\n";
    else
        o << " at FRR " << fixed(job.frr, 1) << " % on " << plan.calibration.size()
          << " clean images of " << job.calibrationSet->name
          << (job.shared ? " (the clean test images not scored; give --train for held-out data)"
                         : "")
          << " -> threshold " << fixed(report.threshold.value, 4) << "\n";
    if (plan.nLowered)
        o << plan.note << "; give --n to use N as given\n";
    Table t({"set", "n", "threshold", "FRR %", "FAR %", "AUROC", "CCA %", "ASR %"});
    for (const auto& s : report.sets)
        t.row({s.name, std::to_string(s.n), fixed(s.threshold, 4), fixed(s.frr), fixed(s.far),
               fixed(s.auroc, 4), fixed(s.cca), fixed(s.asr)});
    t.print(o);
    const auto meanOf = [](const std::vector<double>& v) {
        double s = 0;
        for (double x : v)
            s += x;
        return v.empty() ? 0.0 : s / static_cast<double>(v.size());
    };
    o << "Mean entropy (bits): " << ctx.clean().name << " " << fixed(meanOf(d.clean.entropy), 4);
    for (const auto& p : d.poisoned)
        o << ", " << p.name << " " << fixed(meanOf(p.entropy), 4);
    o << "\n";
    return kExitOk;
}

} // namespace

CommandDef stripCommand() {
    auto opts = commonOptions();
    opts.push_back({"n", "N",
                    "superimpositions per input (without --n: 100, lowered to half of a small "
                    "clean set that supplies overlays and calibration alike)",
                    false, "100"});
    opts.push_back({"blend", "MODE", "alpha (alpha*x + (1-alpha)*overlay) or additive (paper)",
                    false, "alpha"});
    opts.push_back({"alpha", "A", "weight of the input in alpha blending", false, "0.5"});
    opts.push_back({"rule", "R", "threshold: normal (fit at --frr), percentile, or eer (oracle)",
                    false, "normal"});
    opts.push_back({"frr", "PCT", "target false rejection rate on clean data", false, "1"});
    opts.push_back(
        {"calibration-size", "N", "clean images used to set the threshold", false, "1000"});
    opts.push_back(
        {"sample", "N", "score a seeded random N images of each test set", false, "all"});
    for (auto& o : shardOptions())
        opts.push_back(o);
    return {"strip",
            "STRIP: entropy of superimposed inputs, threshold from clean data only",
            "Overlays and threshold calibration use --train (clean) data, calibration never an "
            "overlay; "
            "without it the clean test set is split into overlays, calibration (at most half of "
            "the rest) and the inputs scored.",
            opts,
            0,
            runStrip};
}

} // namespace bdl::app
