#pragma once
/// @file job_types.h
/// The value types that cross between the GUI thread and the worker thread: job requests going
/// in, results and progress coming out. Plain Qt/STL data only (no torch, no core types), so the
/// main window and the widgets can include this header; all are registered as metatypes
/// (registerJobTypes()) for queued signals and QSignalSpy.
///
/// Conventions: percentages are 0..100; `asr` vectors hold one value per poisoned set, in the
/// order of the workspace's poisoned sets (WorkspaceInfo::poisonedNames); channel indices are
/// those of the pruned layer; k is a number of channels pruned, lowest-ranked first.
#include <QtCore/QLatin1String>
#include <QtCore/QMetaType>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVector>

#include <optional>

namespace bdl::app {

/// Job names, as carried by progress, finished, cancelled, failed and refused signals.
namespace job {
inline constexpr QLatin1String kOpen{"open"};               ///< openWorkspace
inline constexpr QLatin1String kCurve{"curve"};             ///< computePruningCurve
inline constexpr QLatin1String kFineTune{"fine-tune"};      ///< fineTuneAt
inline constexpr QLatin1String kPaper{"paper-protocol"};    ///< runPaperProtocol
inline constexpr QLatin1String kLiu{"liu-protocol"};        ///< runLiuProtocol
inline constexpr QLatin1String kSweep{"sweep"};             ///< runSweep
inline constexpr QLatin1String kActivations{"activations"}; ///< computeActivations
inline constexpr QLatin1String kSelect{"select-repaired"};  ///< selectRepaired
inline constexpr QLatin1String kExport{"export-repaired"};  ///< exportRepaired
inline constexpr QLatin1String kGoodnet{"export-goodnet"};  ///< exportGoodnet
inline constexpr QLatin1String kSlider{"slider"}; ///< a slider readout computed on the worker
} // namespace job

// ---- requests ---------------------------------------------------------------------------------

/// A poisoned set to load.
struct PoisonedSource {
    QString path;    ///< .h5 file, image folder or IDX file
    int target = -1; ///< attack target of every image; -1 = from the data (h5 labels, file names)
};

/// What openWorkspace() loads. Either a model of the demo zoo (zooModel non-empty; the zoo's
/// files then fill in every path left empty, as `backdoorlab-cli --model zoo:ID` does), or files.
struct WorkspaceRequest {
    QString zooModel;     ///< "patch", "blend", ...: open this model of the demo zoo
    QString zooDir;       ///< the zoo folder; empty = core::defaultZooDir()
    bool buildZoo = true; ///< build the zoo (minutes) when it is absent or damaged; else fail
    QString modelPath;    ///< Keras .h5 (weights-only or whole model) or TorchScript .pt
    QString architecture; ///< weights-only files; empty = recorded in the file, or csaw-badnet
    /// TorchScript files: the input "H,W,C"; empty = inferred from the file (the open fails
    /// asking for it when it cannot be inferred).
    QString inputShape;
    /// Per-channel input normalisation after the scale (core::parseInputNormalization): "none"
    /// or empty, "cifar10", "imagenet" or "mean=..;std=..".
    QString normalization;
    /// The layer to prune: a convolution (masked where it leaves its block) or any layer with
    /// channels (core::Model::pruneLayer); empty = the default (the last convolution).
    QString pruneLayer;
    /// "auto" (the better of both scales on the clean test data), "1/255" or "raw"; empty = the
    /// zoo's scale for a zoo model, else "auto". Detection runs in every case (to show it).
    QString scale;
    /// Inference number format: "fp32" or empty (float32), or "bf16" (the convolutional trunk in
    /// bfloat16, kept only when it gives float32's top-1 on the clean test data:
    /// core::applyInferencePrecision, as `backdoorlab-cli --precision`).
    QString precision;
    QString cleanTestPath; ///< clean test data (CCA)
    QString trainPath;     ///< clean data for ranking and fine-tuning; empty = cleanTestPath
    QVector<PoisonedSource> poisoned; ///< empty with a zoo model = the model's trigger sets
    quint64 seed = 0;                 ///< Liu et al.'s validation split
    /// When no train set is given (trainPath empty and no zoo train set): hold out this share
    /// (%) of the clean test data as the train set, core::holdOutSplit(clean, holdOutPercent,
    /// holdOutSeed); ranking and fine-tuning then use that part and CCA is measured on the rest.
    /// 0 = no hold-out: the clean test set is also the train set and results are in-sample.
    int holdOutPercent = 0;
    quint64 holdOutSeed = 0; ///< the hold-out's seeded draw
    /// The open dialog's default share: core::kLiuHoldOutPercent (static_assert in the worker).
    static constexpr int kDefaultHoldOutPercent = 20;

    /// The GUI's default workload: model `id` of the zoo in `dir` (empty = the default folder).
    static WorkspaceRequest zoo(const QString& id = QStringLiteral("patch"),
                                const QString& dir = QString());
};

/// Fine-tuning hyper-parameters (the paper's defaults: Adam, lr 1e-3, 10 epochs, batch 32).
struct TuneSettings {
    double lr = 1e-3;
    int epochs = 10;
    int batchSize = 32;
    quint64 seed = 0; ///< shuffling and dropout
    /// Batch norm uses and updates batch statistics while fine-tuning (default: frozen, only
    /// gamma and beta learn; core::FineTuneConfig::updateBatchNorm).
    bool updateBatchNorm = false;
};

/// The learning-rate sweep: for each lr, start from B and walk the ks in increasing order,
/// pruning up to k and fine-tuning `epochs` epochs from the previous cell (core::LrSweepConfig).
/// The paper's learning-rate grid: 1e-2, 1e-3, 1e-4, 1e-5, 1e-6.
QVector<double> paperLearningRates();

struct SweepRequest {
    /// The paper's grid 1e-2 .. 1e-6 (from a function: GCC 12 warns, wrongly, that an
    /// initializer-list default of a QVector member may be used uninitialized).
    QVector<double> lrs = paperLearningRates();
    QVector<int> ks; ///< strictly increasing channel counts; empty = 1 .. C
    int epochs = 10;
    int batchSize = 32;
    quint64 seed = 0;
};

// ---- results ----------------------------------------------------------------------------------

/// A data set of the workspace.
struct DataSetInfo {
    enum Role { CleanTest, CleanTrain, Poisoned };
    QString name;
    QString path;
    Role role = CleanTest;
    qint64 size = 0;              ///< images
    QVector<qint64> targets;      ///< poisoned: the distinct attack targets, ascending
    bool sameAsCleanTest = false; ///< CleanTrain: no train set was given, the clean test set serves
};

/// What openWorkspace() opened: the model under test B, its input scale and the data sets.
struct WorkspaceInfo {
    QString modelPath;
    QString format;       ///< "weights-only" or "whole-model"
    QString architecture; ///< e.g. "csaw-badnet-same:28x28x1:10"
    int classes = 0;
    qint64 parameters = 0; ///< B's parameters (weights, biases, BN); 0 in older sessions
    int height = 0, width = 0, channels = 0; ///< input shape
    QString zooDir;                          ///< set when the model comes from the demo zoo
    QString zooModel;                        ///< its id
    QString zooTitle;                        ///< "1: patch trigger -> 0"
    bool zooBuilt = false;                   ///< the zoo was built by this request (not reused)
    QString scale;                           ///< the scale in use: "1/255" or "raw"
    QString detectedScale;                   ///< the better scale on the clean test data
    double accUnit = 0.0;                    ///< clean accuracy (%) at 1/255 (on up to 1000 images)
    double accRaw = 0.0;                     ///< clean accuracy (%) at raw
    QString pruneLayer;    ///< the layer the defenses prune (pool_3 for csaw-badnet)
    int pruneChannels = 0; ///< its channel count C
    /// Every convolution the user may prune instead (core::Model::prunableLayers).
    struct Prunable {
        QString conv;  ///< the convolution
        QString layer; ///< where its channels are masked (after BN and activation)
        int channels = 0;
    };
    QVector<Prunable> prunable;
    QString normalization; ///< the input normalization in use ("none", "cifar10", ...)
    QString precision = QStringLiteral("fp32"); ///< the inference precision in use: fp32 or bf16
    QString precisionRequested = QStringLiteral("fp32"); ///< WorkspaceRequest::precision
    /// What the bfloat16 check found (core::PrecisionCheck::note); empty when fp32 was asked for.
    QString precisionNote;
    QVector<DataSetInfo> sets; ///< clean test, clean train, then the poisoned sets
    QStringList poisonedNames; ///< order of every `asr` vector
    /// No separate train set: ranking and fine-tuning use the clean test set, so the CCA of
    /// every result after them (curve, B', sweep, goodnets) is measured in-sample.
    bool inSample = false;
    int holdOutPercent = 0;  ///< > 0: the train set is this share of the clean data, held out
    quint64 holdOutSeed = 0; ///< its seed (WorkspaceRequest::holdOutSeed)
};

/// One point of a pruning curve: B with its k lowest-ranked channels pruned.
struct CurvePoint {
    int k = 0;
    int channel = -1; ///< the channel removed at this step (-1 for k = 0)
    double cca = 0.0;
    QVector<double> asr;
};

/// The pruning-only curve (core::PruningCurve): channels ranked by mean activation of B on the
/// clean train set, CCA/ASR for k = 0 .. C. points[k].k == k.
struct CurveData {
    QString layer;
    QVector<int> order;           ///< channels by increasing mean activation
    QVector<double> channelMeans; ///< per channel (index = channel)
    QVector<int> dormant;         ///< channels that never fire on the ranking set
    QString cleanName;
    QStringList poisonedNames;
    QVector<CurvePoint> points;
    bool fastPath = false; ///< the incremental evaluator was used

    int channels() const { return static_cast<int>(order.size()); }
    /// The point at k, or nullptr when it is not (yet) there.
    const CurvePoint* point(int k) const;
};

/// What the prune slider shows at k.
struct SliderReadout {
    int k = 0;
    int channels = 0;     ///< C
    double percent = 0.0; ///< 100 k / C
    double cca = 0.0;
    QVector<double> asr;
    QVector<int> prunedChannels; ///< the first k channels of the order
    bool fromCurve = true;       ///< answered from the cached curve (else evaluated on the worker)
};

/// One step of the paper's protocol (prune one channel, fine-tune, score).
struct FinePruneStep {
    int k = 0;
    int channel = -1;       ///< pruned at this step (-1 for the starting point)
    int steps = 0;          ///< K, the steps the run will take
    double trainLoss = 0.0; ///< last epoch's mean loss (NaN for k = 0)
    double cca = 0.0;
    QVector<double> asr;
};

/// One cell of the learning-rate sweep.
struct SweepCell {
    int lrIndex = 0;
    int kIndex = 0;
    double lr = 0.0;
    int k = 0;
    double cca = 0.0;
    QVector<double> asr;
};

/// The sweep's grid and cells (complete when emitted by sweepReady()).
struct SweepData {
    QVector<double> lrs;
    QVector<int> ks;
    QStringList poisonedNames;
    int epochs = 0;
    int batchSize = 0;
    quint64 seed = 0;         ///< of every fine-tuning (selectRepaired() replays with it)
    QVector<SweepCell> cells; ///< in computation order (lr-major)

    /// The cell at (lrIndex, kIndex), or nullptr when not computed.
    const SweepCell* cell(int lrIndex, int kIndex) const;
    /// Highest CCA among cells whose worst ASR (over the poisoned sets) is <= asrLimit.
    std::optional<SweepCell> bestTradeOff(double asrLimit) const;
};

/// A repaired model B' and how it was made; emitted whenever B' changes.
struct RepairResult {
    QString method;      ///< job name: fine-tune, paper-protocol, liu-protocol, select-repaired
    QString description; ///< "pruned 6 channels, fine-tuned 10 epochs at lr 0.001"
    int k = 0;           ///< channels pruned
    double lr = 0.0;
    int epochs = 0;
    int batchSize = 0;
    double ccaBefore = 0.0; ///< B
    QVector<double> asrBefore;
    bool hasPruned = false; ///< the pruned model was scored before fine-tuning
    double ccaPruned = 0.0;
    QVector<double> asrPruned;
    double ccaAfter = 0.0; ///< B'
    QVector<double> asrAfter;
    QVector<double> epochLoss;       ///< fine-tuning losses (fine-tune, liu-protocol)
    double baseValidation = 0.0;     ///< liu-protocol: validation accuracy of B
    QVector<double> validationCurve; ///< liu-protocol: validation accuracy for k = 0 .. stop
    QVector<int> prunedChannels;     ///< channels masked in B'
    bool inSample = false; ///< ranked and fine-tuned on the clean test set its CCA is measured on
};

/// Activations of one data set at the pruned layer.
struct ActivationSet {
    QString name;
    bool poisoned = false;
    QVector<double> channelMeans; ///< C
    QVector<float> meanMaps;      ///< C * H * W, channel-major (mean feature map of each channel)
    QVector<int> dormant;
};

/// Activations of B (before) and of B' (after, when a repaired model exists) at the pruned
/// layer, on the clean test set and every poisoned set (in that order).
struct ActivationData {
    QString layer;
    int channels = 0, height = 1, width = 1;
    QVector<int> order;            ///< ranking of the channels (lowest first)
    QVector<ActivationSet> before; ///< B
    QVector<ActivationSet> after;  ///< B'; empty when there is no repaired model
    QVector<int> prunedChannels;   ///< channels masked in B'
};

/// Progress of the running job.
struct ProgressInfo {
    QString job;
    double fraction = 0.0; ///< 0..1
    QString stage;         ///< "pruning 12/60"
    double elapsedS = 0.0; ///< since the request
    double etaS = -1.0;    ///< estimated seconds left; -1 while unknown
};

/// Registers every type above as a metatype (idempotent, thread-safe). The Controller and the
/// Worker call it; call it yourself before connecting to a Worker without a Controller.
void registerJobTypes();

} // namespace bdl::app

Q_DECLARE_METATYPE(bdl::app::WorkspaceRequest)
Q_DECLARE_METATYPE(bdl::app::TuneSettings)
Q_DECLARE_METATYPE(bdl::app::SweepRequest)
Q_DECLARE_METATYPE(bdl::app::WorkspaceInfo)
Q_DECLARE_METATYPE(bdl::app::CurvePoint)
Q_DECLARE_METATYPE(bdl::app::CurveData)
Q_DECLARE_METATYPE(bdl::app::SliderReadout)
Q_DECLARE_METATYPE(bdl::app::FinePruneStep)
Q_DECLARE_METATYPE(bdl::app::SweepCell)
Q_DECLARE_METATYPE(bdl::app::SweepData)
Q_DECLARE_METATYPE(bdl::app::RepairResult)
Q_DECLARE_METATYPE(bdl::app::ActivationData)
Q_DECLARE_METATYPE(bdl::app::ProgressInfo)
