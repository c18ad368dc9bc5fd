// STRIP's numbers for the GUI thread, computed by the core's own functions on the StripData the
// worker sent (no torch tensors: only the scalar helpers of core/strip.h and core/histogram.h).
#include "app/gui/strip_math.h"

#include "core/base/errors.h"
#include "core/defenses/histogram.h"
#include "core/defenses/strip.h"

#include <QtCore/QCoreApplication>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace bdl::app {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<double> entropies(const StripSet* set) {
    return set ? std::vector<double>(set->entropy.begin(), set->entropy.end())
               : std::vector<double>();
}

core::StripSetData setData(const StripSet& s) {
    core::StripSetData d;
    d.name = s.name.toStdString();
    d.entropy.assign(s.entropy.begin(), s.entropy.end());
    d.predicted.assign(s.predicted.begin(), s.predicted.end());
    d.reference.assign(s.reference.begin(), s.reference.end());
    // A set still being scored may have fewer predictions than entropies: keep the common prefix,
    // which is what the core's length check asks for.
    const size_t n = std::min({d.entropy.size(), d.predicted.size(), d.reference.size()});
    d.entropy.resize(n);
    d.predicted.resize(n);
    d.reference.resize(n);
    return d;
}

core::ThresholdRule coreRule(StripRule rule) {
    switch (rule) {
    case StripRule::NormalFit:
        return core::ThresholdRule::NormalFit;
    case StripRule::Percentile:
        return core::ThresholdRule::Percentile;
    case StripRule::EqualError:
        break;
    }
    return core::ThresholdRule::EqualError;
}

} // namespace

double stripRuleThreshold(const StripData& data, StripRule rule, double frr) {
    try {
        if (rule == StripRule::EqualError) {
            std::vector<double> pooled;
            for (int i = 0; i < data.poisonedCount(); ++i) {
                const auto& e = data.poisoned(i)->entropy;
                pooled.insert(pooled.end(), e.begin(), e.end());
            }
            return core::equalErrorThreshold(entropies(data.cleanTest()), pooled).value;
        }
        return core::cleanThreshold(entropies(data.calibration()), coreRule(rule),
                                    frr >= 0.0 ? frr : data.request.frr)
            .value;
    } catch (const core::Error&) {
        return kNaN; // empty sets or an FRR outside (0, 100): no threshold
    }
}

StripScores stripScoresAt(const StripData& data, double threshold) {
    StripScores out;
    out.threshold = threshold;
    if (!data.cleanTest()) {
        out.calibrationFrr = out.frr = out.cca = kNaN;
        return out;
    }
    std::vector<core::StripSetData> poisoned;
    for (int i = 0; i < data.poisonedCount(); ++i)
        poisoned.push_back(setData(*data.poisoned(i)));
    core::StripThreshold t;
    t.value = threshold;
    const core::StripReport r =
        core::stripReportAt(entropies(data.calibration()), setData(*data.cleanTest()), poisoned, t);
    out.calibrationFrr = r.calibrationFrr;
    out.frr = r.cleanFrr;
    out.cca = r.cca;
    for (const auto& s : r.sets) {
        out.far.push_back(s.far);
        out.asr.push_back(s.asr);
        out.auroc.push_back(s.auroc);
    }
    return out;
}

StripHistogram stripHistogram(const StripData& data, int bins, const QVector<int>& setIndices) {
    StripHistogram out;
    if (bins < 1)
        return out;
    QVector<int> wanted = setIndices;
    if (wanted.isEmpty())
        for (int i = 0; i < data.sets.size(); ++i)
            wanted.push_back(i);
    std::vector<std::vector<double>> values;
    for (int i : wanted)
        if (i >= 0 && i < data.sets.size()) {
            out.setIndices.push_back(i);
            values.push_back(entropies(&data.sets[i]));
        }
    std::vector<const std::vector<double>*> sets;
    for (const auto& v : values)
        sets.push_back(&v);
    const core::Histogram h = core::sharedHistogram(sets, bins);
    out.edges = QVector<double>(h.edges.begin(), h.edges.end());
    for (const auto& c : h.counts)
        out.counts.push_back(QVector<qint64>(c.begin(), c.end()));
    return out;
}

QVector<int> stripBinMembers(const StripData& data, const StripHistogram& histogram, int setIndex,
                             int bin) {
    QVector<int> out;
    if (setIndex < 0 || setIndex >= data.sets.size())
        return out;
    const std::vector<double> edges(histogram.edges.begin(), histogram.edges.end());
    const auto& e = data.sets[setIndex].entropy;
    for (int i = 0; i < e.size(); ++i)
        if (core::histogramBin(edges, e[i]) == bin)
            out.push_back(i);
    return out;
}

QVector<QPointF> stripRoc(const StripData& data, int poisonedIndex) {
    QVector<QPointF> out;
    const StripSet* p = data.poisoned(poisonedIndex);
    if (!p)
        return out;
    for (const auto& pt : core::stripRoc(entropies(data.cleanTest()), entropies(p)))
        out.push_back(QPointF(pt.frr, pt.detection));
    return out;
}

QString stripRuleText(StripRule rule, double frr) {
    const QString f = QString::number(frr, 'g', 4);
    switch (rule) {
    case StripRule::NormalFit:
        return QCoreApplication::translate("bdl::app::StripMath", "normal fit (FRR %1 %)").arg(f);
    case StripRule::Percentile:
        return QCoreApplication::translate("bdl::app::StripMath", "percentile (FRR %1 %)").arg(f);
    case StripRule::EqualError:
        break;
    }
    return QCoreApplication::translate("bdl::app::StripMath", "equal error (oracle)");
}

} // namespace bdl::app
