#include "core/defenses/verdict.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace bdl::core {

namespace {

std::string pct(double v) {
    if (std::isnan(v))
        return "not measured";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f %%", v);
    return buf;
}

std::string num(double v, const char* fmt = "%.3f") {
    if (std::isnan(v))
        return "n/a";
    char buf[32];
    std::snprintf(buf, sizeof buf, fmt, v);
    return buf;
}

std::string setName(const std::vector<std::string>& sets, size_t i) {
    return i < sets.size() ? "'" + sets[i] + "'" : "set " + std::to_string(i + 1);
}

/// Largest finite value, NaN when none.
double worst(const std::vector<double>& v) {
    double w = std::numeric_limits<double>::quiet_NaN();
    for (double x : v)
        if (!std::isnan(x))
            w = std::isnan(w) ? x : std::max(w, x);
    return w;
}

/// "'a' 99.80 %, 'b' 3.10 %".
std::string perSet(const std::vector<std::string>& sets, const std::vector<double>& v) {
    std::string s;
    for (size_t i = 0; i < v.size(); ++i)
        s += (i ? ", " : "") + setName(sets, i) + " " + pct(v[i]);
    return s;
}

} // namespace

const char* verdictLevelName(VerdictLevel level) {
    switch (level) {
    case VerdictLevel::Yes:
        return "yes";
    case VerdictLevel::Partly:
        return "partly";
    case VerdictLevel::No:
        return "no";
    case VerdictLevel::Unknown:
        break;
    }
    return "unknown";
}

Verdict trustVerdict(const TrustEvidence& e, const VerdictThresholds& t) {
    Verdict v;
    v.question = "Trust B as it is?";
    if (e.asr.empty() || std::isnan(worst(e.asr))) {
        v.level = VerdictLevel::Unknown;
        v.answer = "Unknown: no poisoned data was measured.";
        v.paragraph = "Without inputs that carry a suspected trigger the attack success rate "
                      "cannot be measured; B's clean accuracy is " +
                      pct(e.cca) +
                      ". Open poisoned data (or run STRIP, which needs none to rank inputs) "
                      "to answer this question.";
        return v;
    }
    std::vector<size_t> hit;
    for (size_t i = 0; i < e.asr.size(); ++i)
        if (!std::isnan(e.asr[i]) && e.asr[i] >= t.backdoorAsr)
            hit.push_back(i);
    std::string p = "B classifies " + pct(e.cca) +
                    " of the clean test set correctly; its attack "
                    "success rate (inputs with the trigger classified as the attack target) is " +
                    perSet(e.sets, e.asr) +
                    ". Rule: B is backdoored when a poisoned set's ASR "
                    "reaches " +
                    pct(t.backdoorAsr) + ".";
    if (!hit.empty()) {
        v.level = VerdictLevel::No;
        v.answer = "No: B is backdoored (" + std::to_string(hit.size()) + " of " +
                   std::to_string(e.asr.size()) + " poisoned sets reach the threshold).";
    } else {
        v.level = VerdictLevel::Yes;
        v.answer = "No backdoor found with the given triggers.";
        p += " No set reaches it. A backdoor with another trigger is not excluded by this test.";
    }
    if (!e.auroc.empty())
        p += " STRIP separates clean from poisoned inputs with AUROC " + [&] {
            std::string s;
            for (size_t i = 0; i < e.auroc.size(); ++i)
                s += (i ? ", " : "") + setName(e.sets, i) + " " + num(e.auroc[i]);
            return s;
        }() + ".";
    std::string aware;
    for (size_t i = 0; i < e.pruningAware.size(); ++i)
        if (e.pruningAware[i])
            aware += (aware.empty() ? "" : ", ") + setName(e.sets, i);
    if (!aware.empty())
        p += " The backdoor of " + aware +
             " survives pruning alone (pruning-aware): "
             "fine-tuning is needed to remove it.";
    v.paragraph = p;
    return v;
}

Verdict repairVerdict(const RepairEvidence& e, const VerdictThresholds& t) {
    Verdict v;
    v.question = "Repair it (use B' instead)?";
    if (!e.available) {
        v.level = VerdictLevel::Unknown;
        v.answer = "Unknown: no repaired model B' was made.";
        v.paragraph = "Fine-prune B (the Fine-pruning view, or the sweep) to answer this question.";
        return v;
    }
    const double drop = e.ccaB - e.ccaBPrime;
    const double worstAfter = worst(e.asrBPrime);
    const double worstBefore = worst(e.asrB);
    const bool asrOk = !std::isnan(worstAfter) && worstAfter <= t.repairedAsr;
    const bool ccaOk = !std::isnan(drop) && drop <= t.maxCcaDrop;
    const bool halved =
        !std::isnan(worstAfter) && !std::isnan(worstBefore) && worstAfter <= worstBefore / 2.0;
    std::string p = "B' (" + e.how + ") has clean accuracy " + pct(e.ccaBPrime) +
                    " (B: " + pct(e.ccaB) + ", a change of " + num(-drop, "%+.2f") + " points)";
    if (!e.asrBPrime.empty())
        p += " and attack success " + perSet(e.sets, e.asrBPrime) +
             " (B: " + perSet(e.sets, e.asrB) + ")";
    p += ". Rule: repaired when every ASR of B' is at most " + pct(t.repairedAsr) +
         " and the clean accuracy lost at most " + num(t.maxCcaDrop, "%.2f") + " points.";
    if (e.asrBPrime.empty()) {
        v.level = ccaOk ? VerdictLevel::Partly : VerdictLevel::No;
        v.answer = "Unknown effect on the backdoor: no poisoned data was measured.";
    } else if (asrOk && ccaOk) {
        v.level = VerdictLevel::Yes;
        v.answer = "Yes: B' removes the backdoor and keeps the clean accuracy.";
    } else if (asrOk) {
        v.level = VerdictLevel::Partly;
        v.answer = "Partly: B' removes the backdoor but loses too much clean accuracy.";
    } else if (ccaOk && halved) {
        v.level = VerdictLevel::Partly;
        v.answer = "Partly: B' weakens the backdoor but does not remove it.";
    } else {
        v.level = VerdictLevel::No;
        v.answer = "No: B' does not remove the backdoor.";
    }
    if (e.hasGoodnet)
        p += " The goodnet G(B, B'), which rejects inputs where B and B' disagree, reaches "
             "clean accuracy " +
             pct(e.ccaG) + (e.asrG.empty() ? "" : " and attack success " + perSet(e.sets, e.asrG)) +
             ".";
    if (e.trainImages >= 0 && e.trainImages < kFewTrainImages)
        p += " B' was ranked and fine-tuned on only " + std::to_string(e.trainImages) +
             " clean images; fine-pruning needs more clean data to keep the clean accuracy (the "
             "paper fine-tunes on 11 547), so a failed repair here may be the data's, not the "
             "method's.";
    if (e.inSample)
        p += " Caution: B' was ranked and fine-tuned on the clean test set, so its clean accuracy "
             "is measured in-sample and is optimistic.";
    v.paragraph = p;
    return v;
}

Verdict filterVerdict(const FilterEvidence& e, const VerdictThresholds& t) {
    Verdict v;
    v.question = "Filter its inputs with STRIP?";
    if (!e.available) {
        v.level = VerdictLevel::Unknown;
        v.answer = "Unknown: STRIP was not run.";
        v.paragraph = "Run STRIP (the STRIP view) to answer this question.";
        return v;
    }
    std::string p = "At the threshold " + e.thresholdText + ", STRIP rejects " + pct(e.frr) +
                    " of the clean test inputs (FRR)";
    size_t ok = 0, measured = 0;
    for (size_t i = 0; i < e.far.size(); ++i) {
        if (std::isnan(e.far[i]))
            continue;
        ++measured;
        ok += e.far[i] <= t.filterFar ? 1 : 0;
    }
    if (!e.far.empty())
        p += " and lets through " + perSet(e.sets, e.far) + " of the poisoned inputs (FAR)";
    if (!e.auroc.empty()) {
        p += "; AUROC ";
        for (size_t i = 0; i < e.auroc.size(); ++i)
            p += (i ? ", " : "") + setName(e.sets, i) + " " + num(e.auroc[i]);
    }
    p += ". Rule: a usable filter rejects at most " + pct(t.filterFrr) +
         " of clean inputs and lets through at most " + pct(t.filterFar) + " of each poisoned set.";
    const bool frrOk = !std::isnan(e.frr) && e.frr <= t.filterFrr;
    if (measured == 0) {
        v.level = frrOk ? VerdictLevel::Partly : VerdictLevel::No;
        v.answer = "Unknown effect on poisoned inputs: no poisoned data was measured.";
    } else if (frrOk && ok == measured) {
        v.level = VerdictLevel::Yes;
        v.answer = "Yes: STRIP catches the poisoned inputs at an acceptable cost.";
    } else if (ok > 0 && frrOk) {
        v.level = VerdictLevel::Partly;
        v.answer = "Partly: STRIP catches " + std::to_string(ok) + " of " +
                   std::to_string(measured) + " poisoned sets.";
    } else if (!frrOk && ok > 0) {
        v.level = VerdictLevel::Partly;
        v.answer = "Partly: STRIP catches poisoned inputs but rejects too many clean ones.";
    } else {
        v.level = VerdictLevel::No;
        v.answer = "No: STRIP lets too many poisoned inputs through.";
    }
    if (e.oracle) {
        p += " Caution: this threshold was chosen with the poisoned test data (equal error rate), "
             "which a deployed filter does not have; choose a clean-only rule for a real verdict.";
        if (v.level == VerdictLevel::Yes)
            v.level = VerdictLevel::Partly;
    }
    v.paragraph = p;
    return v;
}

} // namespace bdl::core
