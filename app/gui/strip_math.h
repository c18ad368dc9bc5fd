#pragma once
/// @file strip_math.h
/// STRIP's numbers at a threshold, for the GUI thread: thresholds by rule, FRR/FAR and STRIP's
/// CCA/ASR as a filter, shared-bin histograms and ROC curves of a StripData. Torch-free header;
/// the implementation calls the core's own functions (core::cleanThreshold, flaggedPercent,
/// stripReport, stripAuroc, core::sharedHistogram, core::stripRoc), so what the GUI shows while
/// the threshold line is dragged is by construction what the core computes. Cheap (linear or
/// n log n in the number of scored inputs): call it on every drag step.
///
/// Thread: any. Errors: none thrown; missing sets give NaN / empty results.
#include "app/gui/analysis_types.h"

#include <QtCore/QPointF>
#include <QtCore/QString>
#include <QtCore/QVector>

namespace bdl::app {

/// The threshold the rule gives: NormalFit/Percentile from the calibration set only, at
/// data.request.frr (or `frr` when >= 0); EqualError between the clean test set and all poisoned
/// sets pooled (an oracle: it looks at poisoned data). NaN when the needed sets are empty.
double stripRuleThreshold(const StripData& data, StripRule rule, double frr = -1.0);

/// STRIP as a filter at one threshold (entropy < threshold = flagged as trojaned).
struct StripScores {
    double threshold = 0.0;
    double calibrationFrr = 0.0; ///< % of calibration inputs flagged
    double frr = 0.0;            ///< % of clean test inputs flagged
    double cca = 0.0;            ///< % of clean test inputs correct and not flagged
    QVector<double> far;         ///< per poisoned set: % not flagged
    QVector<double> asr;         ///< per poisoned set: % predicted as the target and not flagged
    QVector<double> auroc;       ///< per poisoned set (threshold-free)
};
StripScores stripScoresAt(const StripData& data, double threshold);

/// Histograms over shared bins: `bins` equal-width bins spanning the minimum to the maximum
/// entropy of every set in `setIndices` (empty = all sets); counts[i] belongs to setIndices[i].
/// Percent of a bin = 100 * count / set size.
struct StripHistogram {
    QVector<double> edges; ///< bins + 1 ascending edges
    QVector<int> setIndices;
    QVector<QVector<qint64>> counts; ///< per set, per bin
};
StripHistogram stripHistogram(const StripData& data, int bins, const QVector<int>& setIndices = {});

/// Positions (into StripData::sets[setIndex]) of the inputs falling in bin `bin` of `histogram`
/// (the same half-open bins as the counts; the last bin is closed).
QVector<int> stripBinMembers(const StripData& data, const StripHistogram& histogram, int setIndex,
                             int bin);

/// ROC of "entropy below threshold" as a detector of poisoned set `poisonedIndex` against the
/// clean test set: points (FRR %, detection % = 100 - FAR) for every distinct threshold, from
/// (0, 0) to (100, 100).
QVector<QPointF> stripRoc(const StripData& data, int poisonedIndex);

/// "normal fit (FRR 1 %)", "percentile (FRR 1 %)", "equal error (oracle)".
QString stripRuleText(StripRule rule, double frr);

} // namespace bdl::app
