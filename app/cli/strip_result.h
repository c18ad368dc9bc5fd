#pragma once
/// @file strip_result.h
/// STRIP's result JSON, shared by `strip`, `audit` and `merge` so that a merged STRIP result is
/// built by the same code, in the same key order, as the unsharded command's.
#include "app/cli/cli_context.h"
#include "core/defenses/strip.h"
#include "core/defenses/strip_plan.h"

#include <vector>

namespace bdl::app {

/// Entropies and labels of one STRIP run (or of one shard's inputs).
struct StripEntropyParts {
    core::StripSetData calibration;
    core::StripSetData clean;
    std::vector<core::StripSetData> poisoned;
};

/// A STRIP run as the command line asks for it (strip's options): its config (n after the
/// automatic split), the core's plan, the threshold rule and the result's head (the command,
/// the inputs, the settings, "calibration" and "threshold" to be completed).
struct StripJob {
    core::StripConfig config;
    core::StripPlan plan;
    core::ThresholdRule rule = core::ThresholdRule::NormalFit;
    double frr = 1.0;
    const core::Dataset* overlaySet = nullptr;     ///< ctx.train()
    const core::Dataset* calibrationSet = nullptr; ///< the train set, or the clean test set
    bool shared = false;                           ///< the clean test set serves as train set
    Json head;
};

/// Reads strip's options and plans the run (cmd_strip.cpp).
StripJob prepareStrip(CliContext& ctx);
/// Entropies and labels of the inputs `inputs` lists (job.plan, or one shard's part of it).
StripEntropyParts scoreStrip(CliContext& ctx, const StripJob& job, const core::StripPlan& inputs);

/// "normal" / "percentile" / "eer" and back (UsageError naming --rule).
core::ThresholdRule parseThresholdRule(const std::string& r);
const char* thresholdRuleName(core::ThresholdRule r);

/// Completes a STRIP result whose head (model, settings, "calibration" and "threshold" with the
/// rule and target FRR) the command wrote: fits the threshold on d.calibration with the head's
/// rule, fills the calibration FRR and the threshold, appends "clean" and "poisoned". Returns the
/// report (for the text output).
core::StripReport finishStripResult(Json& result, const StripEntropyParts& d);

/// A set's entropies, predictions and references as JSON and back (partials). fromJson checks
/// the three arrays' lengths and types (core::Error naming `source`).
Json stripSetDataJson(const core::StripSetData& d);
core::StripSetData stripSetDataFromJson(const Json& j, const std::string& source);

/// The shards' data concatenated, in shard order.
void appendStripSetData(core::StripSetData& to, const core::StripSetData& from);

} // namespace bdl::app
