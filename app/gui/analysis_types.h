#pragma once
/// @file analysis_types.h
/// Value types of the second half of the workbench, crossing between the GUI thread and the
/// worker thread like those of job_types.h: STRIP runs and their inputs, the input inspector,
/// the goodnets of the defense comparison, and what a session file holds. Plain Qt/STL data
/// only (no torch, no core). Registered as metatypes by registerJobTypes().
///
/// Conventions as in job_types.h: percentages 0..100; `asr` and per-set vectors follow the
/// workspace's poisoned sets (WorkspaceInfo::poisonedNames).
#include "app/gui/job_types.h"

#include <QtCore/QByteArray>
#include <QtCore/QJsonObject>
#include <QtCore/QMetaType>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVector>

#include <limits>
#include <optional>

namespace bdl::app {

namespace job {
inline constexpr QLatin1String kStrip{"strip"};              ///< Controller::runStrip
inline constexpr QLatin1String kStripDetail{"strip-detail"}; ///< Controller::stripDetail
inline constexpr QLatin1String kInspect{"inspect"};          ///< Controller::inspect
inline constexpr QLatin1String kGoodnets{"goodnets"};        ///< Controller::computeGoodnets
inline constexpr QLatin1String kRestore{"restore-session"};  ///< Controller::restoreSession
inline constexpr QLatin1String kSelectCandidate{"select-candidate"}; ///< selectCandidate
inline constexpr QLatin1String kExportCandidate{"export-candidate"}; ///< exportCandidate
} // namespace job

// ---- STRIP ------------------------------------------------------------------------------------

/// How an input x and an overlay o are superimposed (core::BlendMode).
enum class StripBlend {
    Alpha,    ///< alpha * x + (1 - alpha) * o (0.5 by default)
    Additive, ///< clip(x + o, 0, 255): the STRIP paper's superimposition
};

/// How the decision threshold is chosen (core::ThresholdRule).
enum class StripRule {
    NormalFit,  ///< mean - z * std of the clean calibration entropies, z = Phi^-1(1 - FRR)
    Percentile, ///< the FRR-th percentile of the clean calibration entropies
    EqualError, ///< FRR = FAR between clean test and pooled poisoned entropies: an oracle
                ///< that looks at poisoned data, shown as such
};

/// Which clean set supplies the N overlay images.
enum class OverlaySource {
    Train,     ///< the clean train/validation set (default; the paper: "from training dataset")
    CleanTest, ///< the clean test set
};

/// A STRIP run (Controller::runStrip).
struct StripRequest {
    int n = 100; ///< superimpositions per input
    StripBlend blend = StripBlend::Alpha;
    double alpha = 0.5; ///< Alpha blend: weight of the input
    OverlaySource overlaySource = OverlaySource::Train;
    quint64 seed = 0;  ///< overlay draw and input sampling
    int sample = 1000; ///< inputs scored per test set, seeded random; 0 = all
    /// Clean calibration inputs for the threshold, drawn from the clean train set (never the
    /// clean test set, never an overlay image); fewer when the set is smaller. When no train
    /// set was given (it is the clean test set) the calibration inputs are disjoint from the
    /// sampled clean test inputs and StripData::calibrationNote says so.
    int calibration = 1000;
    StripRule rule = StripRule::NormalFit;
    double frr = 1.0; ///< target FRR % of the clean-only rules, in (0, 100)
    /// core::StripConfig::autoSplit: true lets the run lower n to at most half of a small clean
    /// set that supplies both the overlays and the calibration inputs (StripData::splitNote
    /// says so); false uses n as given and fails, saying why, when no calibration input is left.
    bool autoSplit = true;
};

/// One scored set. Entries are parallel vectors, in the order scored.
struct StripSet {
    enum Role { Calibration, CleanTest, Poisoned };
    QString name;
    Role role = CleanTest;
    QVector<qint64> indices; ///< index of each input in its data set
    QVector<double> entropy; ///< mean entropy (bits) over the N superimpositions
    QVector<int> predicted;  ///< B's label of the unblended input
    QVector<int> reference;  ///< true label (clean) or attack target (poisoned); -1 unknown
    /// True class of each input, -1 unknown: the label of a clean set (= reference); for a
    /// poisoned set the class the input had before the trigger, where the data has it (the
    /// zoo's `true_label`, CSAW image names). Sessions saved before it was kept read back the
    /// reference of a clean set and -1 for a poisoned one.
    QVector<int> trueLabel;
    bool complete = false; ///< false while the job is still scoring this set

    int size() const { return static_cast<int>(entropy.size()); }
};

/// A STRIP run: sets[0] is the calibration set, sets[1] the clean test set, then one per
/// poisoned set of the workspace (in its order).
struct StripData {
    StripRequest request;
    QVector<StripSet> sets;
    QVector<qint64> overlayIndices; ///< into the overlay source, the N overlays every input used
    QString overlaySetName;
    QString calibrationNote; ///< non-empty when calibration had to share the clean test set
    /// Non-empty when the automatic split lowered N (StripRequest::n) to overlayIndices.size().
    QString splitNote;
    bool fastPath = false; ///< the first-convolution cache was used (alpha blend)
    double seconds = 0.0;  ///< the run's wall time
    int classes = 0;       ///< B's class count

    const StripSet* calibration() const { return sets.size() > 0 ? &sets[0] : nullptr; }
    const StripSet* cleanTest() const { return sets.size() > 1 ? &sets[1] : nullptr; }
    int poisonedCount() const { return sets.size() > 2 ? static_cast<int>(sets.size()) - 2 : 0; }
    const StripSet* poisoned(int i) const {
        return i >= 0 && i < poisonedCount() ? &sets[2 + i] : nullptr;
    }
};

/// Update of one set while the STRIP job runs: its entries so far.
struct StripProgress {
    int setIndex = 0; ///< into StripData::sets
    StripSet set;     ///< complete = false until the set is done
};

/// An RGB picture for display: 8-bit, row-major, height x width x 3 (grey repeated).
struct ImageData {
    int width = 0;
    int height = 0;
    QByteArray rgb; ///< width * height * 3 bytes

    bool isNull() const { return width <= 0 || height <= 0; }
};

/// One class and its probability.
struct ClassScore {
    int label = -1;
    QString name;             ///< class name when known, else the number
    double probability = 0.0; ///< 0..1
};

/// One superimposition of a STRIP detail.
struct StripBlendView {
    qint64 overlayIndex = -1; ///< into the overlay source
    ImageData image;          ///< the blended input
    ClassScore top;           ///< B's prediction on it
    double entropy = 0.0;     ///< entropy (bits) of B's softmax on it
};

/// What Controller::stripDetail() asks: input `position` of StripData::sets[setIndex].
struct StripDetailRequest {
    int setIndex = 1;
    int position = 0;
    int blends = 8; ///< superimpositions to show (the first of the run's overlays)
};

/// One input under STRIP: the image, its entropy and a few of its superimpositions.
struct StripDetail {
    StripDetailRequest request;
    QString setName;
    qint64 datasetIndex = -1;
    ImageData image;
    double entropy = 0.0;  ///< as scored by the run (mean over all N)
    ClassScore predicted;  ///< B's prediction on the input itself
    int reference = -1;    ///< StripSet::reference: the true label, or a poisoned input's target
    int trueLabel = -1;    ///< StripSet::trueLabel: the input's true class; -1 unknown
    bool poisoned = false; ///< from a poisoned set: reference is the attack target
    QVector<StripBlendView> blends;
};

// ---- the inspector ----------------------------------------------------------------------------

/// What the inspector looks at: an image file, or image `imageIndex` of workspace set `setIndex`
/// (index into WorkspaceInfo::sets).
struct InspectRequest {
    QString imagePath; ///< PNG/JPEG/BMP...; resized to the model's input when needed
    int setIndex = -1;
    qint64 imageIndex = -1;
    /// STRIP threshold for the verdict (NaN: none chosen yet, no verdict). The entropy uses the
    /// last STRIP run's overlays and settings, or StripRequest's defaults when none ran.
    double threshold = std::numeric_limits<double>::quiet_NaN();
};

struct InspectResult {
    InspectRequest request;
    QString source;                ///< "digit.png" or "clean test #123"
    ImageData image;               ///< as fed to the model (after resizing), for display
    QString note;                  ///< e.g. "resized from 640x480 to 28x28; converted to grey"
    int reference = -1;            ///< the set's label when picked from a set, else -1
    QVector<ClassScore> topB;      ///< top 5 of B
    QVector<ClassScore> topBPrime; ///< top 5 of B' (empty without a repaired model)
    bool hasGoodnet = false;       ///< G(B, B') is available (a repaired model exists)
    ClassScore goodnet;            ///< G's label; label == classes means N, "poisoned"
    int classes = 0;
    double entropy = 0.0; ///< STRIP entropy (bits) of this input
    int stripN = 0;       ///< superimpositions used
    bool hasVerdict = false;
    bool flagged = false; ///< entropy < threshold: STRIP rejects it as trojaned
};

// ---- the goodnets of the comparison ------------------------------------------------------------

/// Controller::computeGoodnets(): B0 = B fine-pruned by k0 channels (the paper protocol).
struct GoodnetRequest {
    int k0 = 2;
    TuneSettings tune;
};

/// CCA/ASR of one model or goodnet on the workspace's test sets.
struct DefenseScores {
    double cca = 0.0;
    QVector<double> asr;
    double cleanRejectRate = 0.0; ///< goodnets: % of clean inputs sent to class N
    QVector<double> rejectRate;   ///< goodnets: % of each poisoned set sent to class N
};

/// B, B', G(B, B') and G'(B0, B') of the current workspace and repaired model.
struct GoodnetData {
    QString attack; ///< the zoo title or the model's file name
    QStringList poisonedNames;
    QString repairedDescription; ///< RepairResult::description of the B' used
    int k0 = 0;
    DefenseScores b, bPrime, b0, g, gPrime;
    /// The pruning-aware check (core::pruningAwareness(), Liu et al.'s definition) on B's
    /// pruning curve: pruneOnlyK = k*, the most channels pruned (lowest mean activation first)
    /// before B's clean accuracy first falls more than pruningAwareMargin points below its
    /// unpruned CCA; per poisoned set the ASR of B pruned alone (no fine-tuning) at k*, and
    /// whether it is still >= pruningAwareAsr there: the backdoor survives pruning of the dormant
    /// channels, a pruning-aware attack. Sessions saved before this definition hold the ASR at
    /// the k of B' and NaN margins (the old rule; no flag is drawn from them).
    QVector<double> pruneOnlyAsr;
    QVector<bool> pruningAware;
    int pruneOnlyK = 0;
    double pruneOnlyCca = std::numeric_limits<double>::quiet_NaN();       ///< B's CCA at k*
    double pruningAwareMargin = std::numeric_limits<double>::quiet_NaN(); ///< CCA points
    double pruningAwareAsr = std::numeric_limits<double>::quiet_NaN();    ///< ASR threshold, %
};

/// One row of the comparison (Figure 1 of the paper): one poisoned set of one attacked model.
struct ComparisonRow {
    QString attack; ///< GoodnetData::attack or the workspace's model
    QString set;    ///< poisoned set name
    static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
    double stripCca = kNone, stripAsr = kNone; ///< NaN until measured
    double bPrimeCca = kNone, bPrimeAsr = kNone;
    double gCca = kNone, gAsr = kNone;
    double gPrimeCca = kNone, gPrimeAsr = kNone;
    /// The pruning-aware check of GoodnetData: the flag, B's ASR pruned alone at k*
    /// (pruneOnlyK; -1 unknown), B's CCA there and unpruned, and the definition's margin and ASR
    /// threshold. A NaN margin marks a row saved before the definition (the old rule: ASR at the
    /// k of B'), which is shown but never flagged.
    bool pruningAware = false;
    double pruneOnlyAsr = kNone;
    int pruneOnlyK = -1;
    double pruneOnlyCca = kNone, pruneBaseCca = kNone;
    double pruningAwareMargin = kNone, pruningAwareAsr = kNone;
    QString stripThresholdText; ///< e.g. "normal fit, FRR 1 %: 0.214"
    bool inSample = false;      ///< B' (so G, G') tuned on the clean test set: in-sample CCA
};

// ---- B' candidates -----------------------------------------------------------------------------

/// A repaired model B' made in this session (fine-tuning at k, a protocol run, a sweep cell made
/// current), kept so that the user can compare, reselect and export it (Controller::candidates()).
struct RepairCandidate {
    int id = 0;          ///< 1, 2, ... in the order made (unique within the workspace)
    RepairResult result; ///< how it was made and its CCA/ASR (result.ccaAfter, result.asrAfter)
    QByteArray weights;  ///< its parameters and mask, in the Worker's format (as repairedWeights)
};

/// The most candidates kept (Controller; session files hold no more). Each holds its weights in
/// memory and, base64, in every session file, which the autosave writes and reads back on the GUI
/// thread after each job that changes results (about 0.2 s per 3 MB candidate on 2 busy cores);
/// a new candidate beyond either limit drops the oldest ones that are not current.
inline constexpr int kMaxRepairCandidates = 20;
/// The most weight bytes the candidates keep together: 20 of the demo zoo's nets (~0.6 MB each),
/// 10 of the CSAW net (~3 MB each). The current one is kept whatever its size.
inline constexpr qint64 kMaxRepairCandidateBytes = qint64{32} << 20;

// ---- sessions ---------------------------------------------------------------------------------

/// Everything the computation layer holds that a session saves: Controller::sessionResults().
struct SessionResults {
    std::optional<WorkspaceInfo> workspace;
    std::optional<CurveData> curve;
    std::optional<SweepData> sweep;
    std::optional<RepairResult> repaired;
    QByteArray repairedWeights; ///< B' parameters and masks (Worker's own format); empty = none
    /// Every B' of the session (at most kMaxRepairCandidates), oldest first; the one whose id is
    /// currentCandidate is B' (its result and weights equal repaired and repairedWeights; a
    /// session file stores them once). Empty in sessions saved before the list existed.
    QVector<RepairCandidate> candidates;
    int currentCandidate = -1; ///< id in candidates; -1 without any
    std::optional<StripData> strip;
    std::optional<GoodnetData> goodnets;
};

/// A whole analysis as saved in one session file (session.h reads and writes it).
struct SessionState {
    WorkspaceRequest request; ///< what to reopen
    QByteArray modelSha256;   ///< of the model file when saved; restore refuses a changed file
    SessionResults results;
    TuneSettings tune;
    SweepRequest sweepRequest;
    StripRequest stripRequest;
    double stripThreshold = std::numeric_limits<double>::quiet_NaN(); ///< the dragged line
    QVector<ComparisonRow> comparison; ///< every attack compared in the session
    QJsonObject view;                  ///< view state (tab, slider k, selections); opaque here
};

} // namespace bdl::app

Q_DECLARE_METATYPE(bdl::app::StripRequest)
Q_DECLARE_METATYPE(bdl::app::StripSet)
Q_DECLARE_METATYPE(bdl::app::StripData)
Q_DECLARE_METATYPE(bdl::app::StripProgress)
Q_DECLARE_METATYPE(bdl::app::StripDetailRequest)
Q_DECLARE_METATYPE(bdl::app::StripDetail)
Q_DECLARE_METATYPE(bdl::app::InspectRequest)
Q_DECLARE_METATYPE(bdl::app::InspectResult)
Q_DECLARE_METATYPE(bdl::app::GoodnetRequest)
Q_DECLARE_METATYPE(bdl::app::GoodnetData)
Q_DECLARE_METATYPE(bdl::app::RepairCandidate)
Q_DECLARE_METATYPE(bdl::app::SessionState)
