#pragma once
/// @file report_verdicts.h
/// The analysis report's answers to the three questions (trust, repair, filter), computed by the
/// core's rules (core/defenses/verdict.h) from what a session holds and STRIP's numbers at the
/// threshold in effect. Torch-free header for the desktop app. Thread: any. Errors: none.
#include "app/gui/analysis_types.h"
#include "app/gui/strip_math.h"

#include <QtCore/QString>
#include <QtCore/QVector>

namespace bdl::app {

struct ReportVerdict {
    QString question;  ///< "Trust B as it is?"
    QString level;     ///< "yes", "partly", "no", "unknown"
    QString answer;    ///< one line
    QString paragraph; ///< the evidence with the thresholds used
};

/// STRIP at the threshold in effect (the STRIP view's), when a run is shown.
struct ReportStripInput {
    bool available = false;
    StripScores scores;
    QString thresholdText; ///< StripView::thresholdText()
    bool oracle = false;   ///< the equal-error rule (looks at poisoned data)
};

struct ReportVerdicts {
    ReportVerdict trust, repair, filter;
    QString thresholds; ///< "B backdoored at ASR >= 20 %; ..." (the rules' numbers)
};

/// B's CCA and ASR: from the curve's k = 0 point, else B' 's "before", else the goodnets' B.
/// False when none of these is in `state`.
bool baseScores(const SessionState& state, double* cca, QVector<double>* asr);

ReportVerdicts reportVerdicts(const SessionState& state, const ReportStripInput& strip);

/// The libraries the engine runs on: "LibTorch 1.13.1, HDF5 1.10.8, OpenCV 4.6.0".
QString engineLibraryVersions();

} // namespace bdl::app
