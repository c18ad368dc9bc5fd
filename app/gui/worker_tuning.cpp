// Jobs that make a repaired model B': fine-tuning at k, the paper's and Liu et al.'s protocols,
// the learning-rate sweep and picking one of its cells.
#include "app/gui/worker.h"
#include "app/gui/worker_state.h"

#include <QtCore/QCoreApplication>

#include "core/base/errors.h"
#include "core/base/stage_text.h"
#include "core/defenses/fine_pruning.h"
#include "core/nn/finetune.h"
#include "core/defenses/pruning.h"

#include <torch/types.h>

#include <cmath>
#include <optional>

namespace bdl::app {

namespace {

/// How B' was made, in the user's language (translated here, on the worker thread, with the
/// translators the GUI installed): "pruned 3 channel(s) of pool_3, fine-tuned 1 epoch(s) at
/// lr 0.001".
QString describeRepair(int k, const std::string& layer, int epochs, double lr) {
    const QString pruned =
        QCoreApplication::translate("bdl::app::Worker", "pruned %n channel(s) of %1", nullptr, k)
            .arg(qs(layer));
    const QString tuned =
        QCoreApplication::translate("bdl::app::Worker", "fine-tuned %n epoch(s) at lr %1", nullptr,
                                    epochs)
            .arg(lr, 0, 'g', 3);
    //: B' description: "pruned 3 channel(s) of pool_3" and "fine-tuned 1 epoch(s) at lr 0.001"
    return QCoreApplication::translate("bdl::app::Worker", "%1, %2").arg(pruned, tuned);
}

/// A RepairResult with the settings, B's scores and B' filled in.
RepairResult repairResult(const QString& method, int k, const TuneSettings& tune,
                          const Scores& before, const Scores& after, const WorkerState& s,
                          const core::Model& repaired) {
    RepairResult r;
    r.method = method;
    r.k = k;
    r.lr = tune.lr;
    r.epochs = tune.epochs;
    r.batchSize = tune.batchSize;
    r.description = describeRepair(k, s.layer, tune.epochs, tune.lr);
    r.ccaBefore = before.cca;
    r.asrBefore = before.asr;
    r.ccaAfter = after.cca;
    r.asrAfter = after.asr;
    r.prunedChannels = maskedChannels(repaired, s.layer);
    r.inSample = s.trainIsClean; // tuned on the clean test set: its CCA is in-sample
    return r;
}

/// The core's sweep settings for a sweep of this workspace (the one conversion).
core::LrSweepConfig sweepConfigOf(const QVector<double>& lrs, const QVector<int>& ks, int epochs,
                                  int batchSize, quint64 seed, const WorkerState& s) {
    core::LrSweepConfig c;
    c.lrs.assign(lrs.begin(), lrs.end());
    c.ks.assign(ks.begin(), ks.end());
    c.epochs = epochs;
    c.batchSize = batchSize;
    c.seed = seed;
    c.layer = s.layer;
    c.order = s.ranking.order;
    return c;
}

TuneSettings sweepTune(const SweepData& d, int lrIndex) {
    TuneSettings t;
    t.lr = d.lrs[lrIndex];
    t.epochs = d.epochs;
    t.batchSize = d.batchSize;
    t.seed = d.seed;
    return t;
}

} // namespace

void Worker::doFineTune(int k, const TuneSettings& tune, core::Feedback* feedback) {
    WorkerState& s = workspace();
    const core::ProgressScope root(feedback);
    const int64_t channels = static_cast<int64_t>(ensureRanking(s, root.sub(0.0, 0.05)).size());
    if (k < 0 || k > channels)
        throw core::Error("cannot prune " + std::to_string(k) + " of the " +
                          std::to_string(channels) + " channels of " + s.layer);
    const Scores before = ensureBaseScores(s, root.sub(0.05, 0.1));
    Scores pruned;
    if (const CurvePoint* p = s.curve ? s.curve->point(k) : nullptr)
        pruned = Scores{p->cca, p->asr};
    else
        pruned = scoresOf(
            core::evaluate(prunedCopy(s, k), s.cleanTest, s.poisoned, root.sub(0.1, 0.15)));
    const core::FineTuneAtResult ft =
        core::fineTuneAt(s.b.model, s.train, s.ranking.order, s.layer, k, fineTuneConfigOf(tune),
                         root.sub(0.15, 0.95));
    core::Model model = *ft.model;
    const Scores after =
        scoresOf(core::evaluate(model, s.cleanTest, s.poisoned, root.sub(0.95, 1.0)));
    RepairResult r = repairResult(QString(job::kFineTune), k, tune, before, after, s, model);
    r.hasPruned = true;
    r.ccaPruned = pruned.cca;
    r.asrPruned = pruned.asr;
    r.epochLoss = toQVector(ft.epochLoss);
    root.set(1.0);
    s.repaired = std::move(model);
    s.repairedInfo = r;
    Q_EMIT repairedWeights(serializeRepaired(s));
    Q_EMIT repairedReady(r);
}

void Worker::doPaper(int steps, const TuneSettings& tune, core::Feedback* feedback) {
    WorkerState& s = workspace();
    const core::ProgressScope root(feedback);
    core::FinePruneConfig cfg;
    cfg.layer = s.layer;
    cfg.steps = steps;
    cfg.tune = fineTuneConfigOf(tune);
    constexpr double kStart = 0.05; // ranking and scoring B
    root.set(0.0, core::stage::kRanking);
    ScopedFeedback startFb(root.sub(0.0, kStart));
    core::FinePruner pruner(s.b.model, s.train, s.cleanTest, s.poisoned, cfg, startFb.get());
    root.check();
    const int total = static_cast<int>(pruner.steps());
    auto toStep = [total](const core::FinePrunePoint& p) {
        FinePruneStep st;
        st.k = static_cast<int>(p.k);
        st.channel = static_cast<int>(p.channel);
        st.steps = total;
        st.trainLoss = p.trainLoss;
        st.cca = p.cca;
        st.asr = QVector<double>(p.asr.begin(), p.asr.end());
        return st;
    };
    Q_EMIT finePruneStep(toStep(pruner.points().front()));
    for (int i = 0; !pruner.isDone(); ++i) {
        const double a = kStart + (1.0 - kStart) * i / std::max(total, 1);
        const double b = kStart + (1.0 - kStart) * (i + 1) / std::max(total, 1);
        root.set(a, core::stage::format(core::stage::kFinePruningStep,
                                        {std::to_string(i + 1), std::to_string(total)}));
        Q_EMIT finePruneStep(toStep(pruner.step(root.sub(a, b))));
    }
    const auto& first = pruner.points().front();
    const auto& last = pruner.points().back();
    const Scores before{first.cca, QVector<double>(first.asr.begin(), first.asr.end())};
    const Scores after{last.cca, QVector<double>(last.asr.begin(), last.asr.end())};
    const RepairResult r =
        repairResult(QString(job::kPaper), total, tune, before, after, s, pruner.model());
    root.set(1.0);
    s.repaired = pruner.model();
    s.repairedInfo = r;
    if (!s.baseScores)
        s.baseScores = before;
    Q_EMIT repairedWeights(serializeRepaired(s));
    Q_EMIT repairedReady(r);
}

void Worker::doLiu(double maxDrop, const TuneSettings& tune, core::Feedback* feedback) {
    WorkerState& s = workspace();
    const core::ProgressScope root(feedback);
    const Scores before = ensureBaseScores(s, root.sub(0.0, 0.05));
    // Liu et al. stop on held-out clean data: the core's split of the train set (as the CLI's).
    const core::DataSplit split = core::liuHoldOut(s.train, s.seed);

    core::LiuConfig cfg;
    cfg.layer = s.layer;
    cfg.maxAccuracyDrop = maxDrop;
    cfg.tune = fineTuneConfigOf(tune);
    ScopedFeedback fb(root.sub(0.05, 1.0));
    core::LiuResult liu = core::liuFinePrune(s.b.model, split.rest, split.held, s.cleanTest,
                                             s.poisoned, cfg, fb.get());
    root.check();
    const Scores after = scoresOf(liu.fineTuned);
    RepairResult r = repairResult(QString(job::kLiu), static_cast<int>(liu.stopK), tune, before,
                                  after, s, *liu.repaired);
    const Scores pruned = scoresOf(liu.pruned);
    r.hasPruned = true;
    r.ccaPruned = pruned.cca;
    r.asrPruned = pruned.asr;
    r.epochLoss = toQVector(liu.epochLoss);
    r.baseValidation = liu.baseValidation;
    r.validationCurve = toQVector(liu.validationCurve);
    root.set(1.0);
    s.repaired = std::move(*liu.repaired);
    s.repairedInfo = r;
    Q_EMIT repairedWeights(serializeRepaired(s));
    Q_EMIT repairedReady(r);
}

void Worker::doSweep(const SweepRequest& request, core::Feedback* feedback) {
    WorkerState& s = workspace();
    const core::ProgressScope root(feedback);
    ensureRanking(s, root.sub(0.0, 0.02));
    const core::LrSweepConfig cfg =
        sweepConfigOf(request.lrs, request.ks, request.epochs, request.batchSize, request.seed, s);
    SweepRun run;
    SweepData& d = run.data;
    const bool keepModels = [&] {
        const int64_t nk = request.ks.isEmpty() ? static_cast<int64_t>(s.ranking.order.size())
                                                : static_cast<int64_t>(request.ks.size());
        const int64_t cells = static_cast<int64_t>(request.lrs.size()) * nk;
        return modelBytes(s.b.model) * cells <= m_sweepModelBudget;
    }();
    core::LrSweepHooks hooks;
    hooks.onStart = [&](const core::LrSweepResult& header) {
        d.lrs = request.lrs;
        d.ks = toQVector(header.ks);
        d.epochs = request.epochs;
        d.batchSize = request.batchSize;
        d.seed = request.seed;
        for (const auto& n : header.poisonedNames)
            d.poisonedNames.push_back(qs(n));
        Q_EMIT sweepStarted(d);
    };
    hooks.onCell = [&](const core::LrSweepCell& cell, const core::Model& model) {
        SweepCell c;
        c.lrIndex = static_cast<int>(cell.lrIndex);
        c.kIndex = static_cast<int>(cell.kIndex);
        c.lr = cell.lr;
        c.k = static_cast<int>(cell.k);
        c.cca = cell.cca;
        c.asr = toQVector(cell.asr);
        d.cells.push_back(c);
        if (keepModels)
            run.models.emplace(std::make_pair(c.lrIndex, c.kIndex), model);
        Q_EMIT sweepCell(c);
    };
    core::learningRateSweep(s.b.model, s.train, s.cleanTest, s.poisoned, cfg, root.sub(0.02, 1.0),
                            hooks);
    root.set(1.0);
    const SweepData result = d;
    s.sweep = std::move(run);
    Q_EMIT sweepReady(result);
}

void Worker::doSelect(int lrIndex, int kIndex, core::Feedback* feedback) {
    WorkerState& s = workspace();
    if (!s.sweep)
        throw core::Error("no learning-rate sweep yet: run one first");
    const SweepData& d = s.sweep->data;
    const SweepCell* cell = d.cell(lrIndex, kIndex);
    if (!cell)
        throw core::Error("the sweep has no cell (" + std::to_string(lrIndex) + ", " +
                          std::to_string(kIndex) + ")");
    const core::ProgressScope root(feedback);
    const TuneSettings tune = sweepTune(d, lrIndex);
    const Scores before = ensureBaseScores(s, root.sub(0.0, 0.04));
    const auto kept = s.sweep->models.find({lrIndex, kIndex});
    std::optional<core::Model> model;
    if (kept != s.sweep->models.end()) {
        model = kept->second;
    } else {
        // Replay the cell's row: deterministic for a fixed seed and thread count.
        ensureRanking(s, root.sub(0.04, 0.05));
        const core::LrSweepConfig cfg =
            sweepConfigOf(d.lrs, d.ks, d.epochs, d.batchSize, d.seed, s);
        model = core::replaySweepCell(s.b.model, s.train, cfg, static_cast<size_t>(lrIndex),
                                      static_cast<size_t>(kIndex), root.sub(0.05, 1.0));
    }
    const RepairResult r = repairResult(QString(job::kSelect), cell->k, tune, before,
                                        Scores{cell->cca, cell->asr}, s, *model);
    root.set(1.0);
    s.repaired = std::move(*model);
    s.repairedInfo = r;
    Q_EMIT repairedWeights(serializeRepaired(s));
    Q_EMIT repairedReady(r);
}

} // namespace bdl::app
