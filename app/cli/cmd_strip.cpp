// backdoorlab-cli strip: STRIP entropies of clean and poisoned inputs, a threshold from clean data
// only (or the paper's equal-error oracle, labelled as such), FRR/FAR/AUROC and STRIP-as-filter.
#include "app/cli/cli_context.h"
#include "app/cli/commands.h"
#include "app/cli/table.h"
#include "core/base/errors.h"
#include "core/defenses/strip.h"
#include "core/defenses/strip_plan.h"

#include <torch/types.h>

#include <cmath>

namespace bdl::app {

namespace {

core::ThresholdRule parseRule(const std::string& r) {
    if (r == "normal")
        return core::ThresholdRule::NormalFit;
    if (r == "percentile")
        return core::ThresholdRule::Percentile;
    if (r == "eer")
        return core::ThresholdRule::EqualError;
    throw UsageError("--rule must be normal, percentile or eer, got '" + r + "'");
}

const char* ruleName(core::ThresholdRule r) {
    switch (r) {
    case core::ThresholdRule::NormalFit:
        return "normal";
    case core::ThresholdRule::Percentile:
        return "percentile";
    case core::ThresholdRule::EqualError:
        return "eer";
    }
    return "?";
}

Json numberOrNull(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

int runStrip(CliContext& ctx) {
    core::StripConfig cfg;
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
    const auto rule = parseRule(ctx.args().value("rule", "normal"));
    const double frr = ctx.args().number("frr", 1.0, 0.0, 100.0);
    core::validateStripConfig(cfg);
    const auto& m = ctx.model().model;
    const auto& clean = ctx.clean();
    // Overlays come from clean data: --train when given, else the clean test set. Which images
    // calibrate the threshold and which are scored is the core's plan (the desktop app's too):
    // calibration never holds an overlay or a scored input.
    const core::Dataset& overlaySet = ctx.train();
    const bool shared = ctx.trainIsClean();
    core::StripPlanRequest planRequest;
    planRequest.trainSize = overlaySet.size();
    planRequest.trainIsCleanTest = shared;
    planRequest.overlaysFromTrain = true;
    planRequest.cleanTestSize = clean.size();
    for (const auto& p : ctx.poisoned())
        planRequest.poisonedSizes.push_back(p.size());
    // --calibration-size N: at most N clean images set the threshold. --sample N: a seeded random
    // N images of each test set (STRIP costs N forward passes per input); the sizes are reported.
    // The desktop app's default too (StripRequest::calibration), so both faces agree out of the box.
    planRequest.calibration = ctx.args().integer("calibration-size", 1000, 10, 1 << 24);
    planRequest.sample = ctx.args().integer("sample", 0, 0, 1LL << 40);
    planRequest.trainName = overlaySet.source; // errors name the file
    planRequest.cleanTestName = clean.source;
    core::StripPlan plan;
    try {
        plan = core::planStrip(planRequest, cfg);
    } catch (const core::Error& e) {
        // The plan's "no calibration input left" names the remedies; say how the CLI does the
        // last one (a chosen N is one given with --n).
        if (cfg.autoSplit || e.problem().find("automatically") == std::string::npos)
            throw;
        throw core::Error(e.source(), e.problem() + ". For the automatic split, omit --n");
    }
    cfg.n = plan.n; // the automatic split may have lowered it; the plan's overlays use this N
    const auto pick = [](const core::Dataset& d, const std::vector<int64_t>& idx) {
        if (static_cast<int64_t>(idx.size()) == d.size())
            return d; // the plan's lists are ascending: all of them is the set itself
        core::Dataset s = d.select(torch::tensor(idx, torch::kInt64));
        s.name = d.name;
        return s;
    };
    const core::Dataset calibration = pick(shared ? clean : overlaySet, plan.calibration);
    const auto calData = core::stripSetData(m, calibration, overlaySet.images, cfg, ctx.feedback());
    const auto cleanData =
        core::stripSetData(m, pick(clean, plan.cleanTest), overlaySet.images, cfg, ctx.feedback());
    std::vector<core::StripSetData> poisonedData;
    for (size_t i = 0; i < ctx.poisoned().size(); ++i)
        poisonedData.push_back(core::stripSetData(m, pick(ctx.poisoned()[i], plan.poisoned[i]),
                                                  overlaySet.images, cfg, ctx.feedback()));
    const auto report = core::stripReport(calData.entropy, cleanData, poisonedData, rule, frr);

    Json j = ctx.describeInputs();
    j["n"] = cfg.n;
    j["n_requested"] = plan.requestedN;
    j["auto_split"] = {
        {"enabled", cfg.autoSplit}, {"n_lowered", plan.nLowered}, {"note", plan.note}};
    j["blend"] = blend;
    j["alpha"] = cfg.alpha;
    j["seed"] = cfg.seed;
    j["overlays"] = overlaySet.name;
    // in_sample: the calibration images come from the clean test set (disjoint from the scored
    // clean inputs and from the overlays all the same).
    j["calibration"] = {{"set", calibration.name},      {"images", calibration.size()},
                        {"in_sample", shared},          {"excludes_overlays", true},
                        {"excludes_test_inputs", true}, {"frr", report.calibrationFrr}};
    j["threshold"] = {{"rule", ruleName(rule)},
                      {"target_frr", report.threshold.targetFrr},
                      {"value", numberOrNull(report.threshold.value)},
                      {"uses_poisoned_data", report.threshold.usesPoisonedData}};
    j["clean"] = {{"name", clean.name},
                  {"n", report.nClean},
                  {"frr", numberOrNull(report.cleanFrr)},
                  {"cca", numberOrNull(report.cca)},
                  {"entropy", cleanData.entropy}};
    Json sets = Json::array();
    for (size_t i = 0; i < report.sets.size(); ++i) {
        const auto& s = report.sets[i];
        sets.push_back({{"name", s.name},
                        {"n", s.n},
                        {"threshold", s.threshold},
                        {"frr", s.frr},
                        {"far", s.far},
                        {"auroc", s.auroc},
                        {"asr", s.asr},
                        {"cca", s.cca},
                        {"entropy", poisonedData[i].entropy}});
    }
    j["poisoned"] = sets;
    if (ctx.json()) {
        ctx.out() << j.dump() << "\n";
        return kExitOk;
    }
    auto& o = ctx.out();
    o << "STRIP: N = " << cfg.n << " " << blend << " superimpositions with " << overlaySet.name
      << " images; threshold rule " << ruleName(rule);
    if (rule == core::ThresholdRule::EqualError)
        o << " (ORACLE: chosen with the poisoned set, as the paper did; optimistic)\n";
    else
        o << " at FRR " << fixed(frr, 1) << " % on " << calibration.size() << " clean images of "
          << calibration.name
          << (shared ? " (the clean test images not scored; give --train for held-out data)" : "")
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
    o << "Mean entropy (bits): " << clean.name << " " << fixed(meanOf(cleanData.entropy), 4);
    for (const auto& p : poisonedData)
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
