#include "app/gui/report_verdicts.h"

#include "core/base/versions.h"
#include "core/defenses/verdict.h"

#include <cmath>

namespace bdl::app {

namespace {

std::vector<double> vec(const QVector<double>& v) { return {v.begin(), v.end()}; }

std::vector<std::string> names(const QStringList& l) {
    std::vector<std::string> out;
    for (const auto& s : l)
        out.push_back(s.toStdString());
    return out;
}

ReportVerdict toQt(const core::Verdict& v) {
    return {QString::fromStdString(v.question),
            QString::fromLatin1(core::verdictLevelName(v.level)), QString::fromStdString(v.answer),
            QString::fromStdString(v.paragraph)};
}

QStringList poisonedNames(const SessionState& s) {
    if (s.results.workspace)
        return s.results.workspace->poisonedNames;
    if (s.results.curve)
        return s.results.curve->poisonedNames;
    return {};
}

} // namespace

bool baseScores(const SessionState& s, double* cca, QVector<double>* asr) {
    const auto& r = s.results;
    if (r.curve && !r.curve->points.isEmpty() && r.curve->points.front().k == 0) {
        *cca = r.curve->points.front().cca;
        *asr = r.curve->points.front().asr;
        return true;
    }
    if (r.repaired) {
        *cca = r.repaired->ccaBefore;
        *asr = r.repaired->asrBefore;
        return true;
    }
    if (r.goodnets) {
        *cca = r.goodnets->b.cca;
        *asr = r.goodnets->b.asr;
        return true;
    }
    return false;
}

ReportVerdicts reportVerdicts(const SessionState& s, const ReportStripInput& strip) {
    const core::VerdictThresholds t;
    const auto sets = names(poisonedNames(s));
    ReportVerdicts out;

    core::TrustEvidence trust;
    trust.sets = sets;
    QVector<double> asrB;
    double ccaB = std::nan("");
    if (baseScores(s, &ccaB, &asrB)) {
        trust.cca = ccaB;
        trust.asr = vec(asrB);
    }
    if (strip.available)
        trust.auroc = vec(strip.scores.auroc);
    if (s.results.goodnets && !std::isnan(s.results.goodnets->pruningAwareMargin))
        for (bool aware : s.results.goodnets->pruningAware)
            trust.pruningAware.push_back(aware);
    out.trust = toQt(core::trustVerdict(trust, t));

    core::RepairEvidence repair;
    repair.sets = sets;
    if (const auto& b = s.results.repaired) {
        repair.available = true;
        repair.how = b->description.toStdString();
        repair.ccaB = b->ccaBefore;
        repair.asrB = vec(b->asrBefore);
        repair.ccaBPrime = b->ccaAfter;
        repair.asrBPrime = vec(b->asrAfter);
        repair.inSample = b->inSample;
        if (s.results.workspace)
            for (const auto& d : s.results.workspace->sets)
                if (d.role == DataSetInfo::CleanTrain)
                    repair.trainImages = d.size;
    }
    if (const auto& g = s.results.goodnets; g && repair.available) {
        repair.hasGoodnet = true;
        repair.ccaG = g->g.cca;
        repair.asrG = vec(g->g.asr);
    }
    out.repair = toQt(core::repairVerdict(repair, t));

    core::FilterEvidence filter;
    filter.sets = sets;
    if (strip.available && !std::isnan(strip.scores.threshold)) {
        filter.available = true;
        filter.thresholdText = strip.thresholdText.toStdString();
        filter.oracle = strip.oracle;
        filter.frr = strip.scores.frr;
        filter.far = vec(strip.scores.far);
        filter.auroc = vec(strip.scores.auroc);
    }
    out.filter = toQt(core::filterVerdict(filter, t));

    out.thresholds =
        QStringLiteral(
            "B is backdoored when a poisoned set's ASR reaches %1 %; B' is a repair when "
            "every ASR is at most %2 % and CCA fell at most %3 points; STRIP is a usable "
            "filter at FRR at most %4 % and FAR at most %5 % per poisoned set.")
            .arg(t.backdoorAsr)
            .arg(t.repairedAsr)
            .arg(t.maxCcaDrop)
            .arg(t.filterFrr)
            .arg(t.filterFar);
    return out;
}

QString engineLibraryVersions() { return QString::fromStdString(core::libraryVersions()); }

} // namespace bdl::app
