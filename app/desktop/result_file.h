#pragma once
/// @file result_file.h
/// The result files of `backdoorlab-cli sweep|strip|audit --json` and `backdoorlab-cli merge`:
/// one JSON object whose "command" member says which ("sweep", "strip" or "audit"), read into
/// plain values the desktop app shows (File > Open Result, `backdoorlab --result FILE.json`).
///
/// The file is the user's, so it is read as untrusted input: at most kMaxResultBytes, a regular
/// file only, JSON errors caught, every member used checked for its type, range and shape (the
/// sweep's matrices have one row per learning rate and one column per k; a STRIP set's "n" is its
/// number of entropies; a pruning curve has one value per k), and the first problem found
/// refuses the whole file: nothing is shown from a file that is not whole. Members the app does
/// not use are ignored; optional members (the model, the layer, the protocol...) are checked when
/// present. A shard of a sharded run ("backdoorlab_partial") is refused with the command that
/// merges the shards.
///
/// The order of named sets (the "asr" objects) is the file's, as the CLI wrote it.
///
/// Thread: any (no GUI objects). Errors: reported through `error` ("FILE: problem"), never thrown.
#include "app/gui/analysis_types.h"
#include "app/gui/job_types.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVector>

#include <limits>
#include <optional>

namespace bdl::app {

/// The largest result file read (bytes): a sweep, STRIP run or audit of any realistic size is far
/// below it; a larger file is refused before it is read.
inline constexpr qint64 kMaxResultBytes = qint64{256} << 20;
/// The most cells (learning rates x channel counts) of a sweep: more would not fit a heatmap.
inline constexpr qint64 kMaxSweepCells = qint64{1} << 20;

/// Which command wrote the file.
enum class ResultKind { Sweep, Strip, Audit };

/// `backdoorlab-cli sweep`: the grid of CCA and ASR per (learning rate, channels pruned).
struct SweepResult {
    /// lrs, ks, poisonedNames (the file's "asr" sets, in its order), epochs, and a cell for
    /// every (lr, k), lr-major.
    SweepData sweep;
    QString layer;         ///< the pruned layer; empty when the file does not say
    QString protocol;      ///< "paper" or "liu"; empty when the file does not say
    bool inSample = false; ///< "in_sample": tuned on the clean test set its CCA is measured on
};

/// One scored set of a STRIP result. NaN = not in the file (or null there).
struct StripResultSet {
    static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
    QString name;
    qint64 n = 0;             ///< inputs scored (= entropy.size())
    double threshold = kNone; ///< poisoned sets: the threshold their numbers are at
    double frr = kNone;       ///< % of clean inputs flagged
    double far = kNone;       ///< poisoned sets: % not flagged
    double auroc = kNone;     ///< poisoned sets: 0..1
    double asr = kNone;       ///< poisoned sets: % reaching the target and not flagged
    double cca = kNone;       ///< % of clean inputs correct and not flagged
    QVector<double> entropy;  ///< bits, one per input
};

/// `backdoorlab-cli strip`: the entropies of the clean test set and every poisoned set, the
/// threshold and STRIP's numbers at it.
struct StripResult {
    int n = 0;     ///< superimpositions per input
    QString blend; ///< "alpha" or "additive"
    QString rule;  ///< the threshold rule as the CLI names it ("normal", ...)
    double threshold = StripResultSet::kNone; ///< its value; NaN when none could be set
    double targetFrr = StripResultSet::kNone; ///< the rule's target FRR (%), when given
    StripResultSet clean;
    QVector<StripResultSet> poisoned;

    /// The entropies as a StripData for strip_math (histograms, ROC curves): sets[0] an empty
    /// calibration set, sets[1] the clean test set, then the poisoned sets. Only the entropies
    /// are filled (no predictions or indices).
    StripData toStripData() const;
};

/// STRIP on one audited model, per poisoned set.
struct AuditStripSet {
    QString name;
    double frr = StripResultSet::kNone;
    double far = StripResultSet::kNone;
    double auroc = StripResultSet::kNone;
};

/// One model of an audit.
struct AuditModel {
    static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
    QString name;      ///< the model file's name or the zoo id
    QString modelPath; ///< "inputs.model.path" (or "file") when given
    double cca = 0.0;  ///< %
    qint64 nClean = 0;
    QStringList asrSets; ///< "eval.asr" sets, in the file's order
    QVector<double> asr; ///< % per asrSets
    /// The verdict's "trust": "yes", "partly", "no" or "unknown" (core::verdictLevelName).
    QString trust;
    QString answer;      ///< the verdict's "answer" in words; empty when not given
    double maxAsr = 0.0; ///< verdict "max_asr", %

    bool hasPruning = false; ///< a "pruning" member (the rest of this block is set only then)
    QString pruneLayer;
    int channels = 0;
    QVector<int> pruneKs;              ///< increasing, in 0..channels
    QVector<double> pruneCca;          ///< % per pruneKs
    QStringList pruneSets;             ///< "pruning.asr" sets, in the file's order
    QVector<QVector<double>> pruneAsr; ///< per pruneSets, % per pruneKs
    bool pruningAware = false;
    int kStar = -1;           ///< "pruning.k_star" (Liu et al.'s k*); -1 when not given
    QStringList awareSets;    ///< "pruning.pruning_aware_sets", in the file's order, when given
    QVector<bool> awareOfSet; ///< the flag of each of awareSets

    bool hasStrip = false; ///< a "strip" member (the rest of this block is set only then)
    int stripN = 0;
    double stripThreshold = kNone;
    double stripCleanFrr = kNone;
    QVector<AuditStripSet> stripSets;

    /// STRIP's worst numbers over the sets: the highest FRR (the clean FRR when given), the
    /// highest FAR and the lowest AUROC; NaN without STRIP.
    double worstFrr() const;
    double worstFar() const;
    double worstAuroc() const;
};

/// `backdoorlab-cli audit`: its settings (as the CLI describes them; shown, not used) and one
/// entry per model, in the file's order.
struct AuditResult {
    QString seed;   ///< "settings.seed" as text; empty when not given
    QString stripN; ///< "settings.strip_n" as text (a number or e.g. "100 (auto split)")
    QString blend;  ///< empty when not given
    QString rule;   ///< empty when not given
    double frr = AuditModel::kNone;
    qint64 sample = -1; ///< -1 when not given (or null)
    QVector<AuditModel> models;
};

/// A result file read whole.
struct ResultFile {
    QString path; ///< as given to readResultFile()
    ResultKind kind = ResultKind::Sweep;
    /// The model the run was on ("zoo:patch", or the model file's name), when the file says
    /// (sweep and STRIP results); empty otherwise.
    QString model;
    std::optional<SweepResult> sweep; ///< set when kind == Sweep
    std::optional<StripResult> strip; ///< set when kind == Strip
    std::optional<AuditResult> audit; ///< set when kind == Audit
};

/// Reads `path` (at most `maxBytes`; the parameter is for tests). False, with `error` set to
/// "PATH: problem", when the file cannot be read or is not a whole result.
bool readResultFile(const QString& path, ResultFile* result, QString* error,
                    qint64 maxBytes = kMaxResultBytes);
/// The same on bytes already read; `origin` names them in errors (and becomes result->path).
bool resultFromBytes(const QByteArray& bytes, ResultFile* result, QString* error,
                     const QString& origin);

/// The command name of a kind: "sweep", "strip", "audit".
QString resultCommand(ResultKind kind);

/// Whether `path` may be a result file by its name (suffix .json, any case).
bool isResultPath(const QString& path);

/// Translation context of the result files' messages.
class ResultFileText {
    Q_DECLARE_TR_FUNCTIONS(bdl::app::ResultFileText)
};

} // namespace bdl::app
