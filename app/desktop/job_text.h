#pragma once
/// @file job_text.h
/// Readable, translated texts for job names (job::k...), durations and percentages, shared by the
/// status bar, the banner and the views so that every place says the same thing.
///
/// Thread: GUI thread (uses the installed translators).
#include <QtCore/QCoreApplication>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVector>

namespace bdl::app {

class JobText {
    Q_DECLARE_TR_FUNCTIONS(bdl::app::JobText)

public:
    /// "Opening the workspace", "Pruning curve", ... for a job name; the name itself if unknown.
    static QString title(const QString& job);
    /// How a repaired model was made, from RepairResult::method: "Fine-tuning at k", ...
    static QString repairMethod(const QString& method);
    /// Seconds as "12 s", "3 min 05 s" or "1 h 02 min"; "?" when negative (unknown).
    static QString duration(double seconds);
    /// A percentage with two decimals: "91.25 %".
    static QString percent(double value);
    /// "CCA 91.25 % · ASR patch 3.10 %, blend 0.40 %" for one model's scores.
    static QString scores(double cca, const QVector<double>& asr, const QStringList& names);
};

} // namespace bdl::app
