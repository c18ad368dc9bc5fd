// Jobs that make a repaired model B': fine-tuning at k, the paper's and Liu et al.'s protocols,
// the learning-rate sweep and picking one of its cells.
#include "app/gui/worker.h"
#include "app/gui/worker_state.h"

#include "core/base/errors.h"
#include "core/defenses/fine_pruning.h"
#include "core/nn/finetune.h"
#include "core/defenses/pruning.h"

#include <torch/torch.h>

#include <cmath>

namespace bdl::app {

namespace {

core::FineTuneConfig toConfig(const TuneSettings& t) {
    core::FineTuneConfig c;
    c.lr = t.lr;
    c.epochs = t.epochs;
    c.batchSize = t.batchSize;
    c.seed = t.seed;
    return c;
}

QString describeRepair(int k, const std::string& layer, int epochs, double lr) {
    return QStringLiteral("pruned %1 channels of %2, fine-tuned %3 epochs at lr %4")
        .arg(k)
        .arg(qs(layer))
        .arg(epochs)
        .arg(lr, 0, 'g', 3);
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
    return r;
}

/// The sweep's channel counts, checked as core::learningRateSweep() checks them.
std::vector<int64_t> sweepKs(const SweepRequest& r, int64_t channels) {
    std::vector<int64_t> ks(r.ks.begin(), r.ks.end());
    if (ks.empty())
        for (int64_t k = 1; k <= channels; ++k)
            ks.push_back(k);
    for (size_t i = 0; i < ks.size(); ++i) {
        if (ks[i] < 0 || ks[i] > channels)
            throw core::Error("learning-rate sweep: " + std::to_string(ks[i]) +
                              " channels is outside 0.." + std::to_string(channels));
        if (i > 0 && ks[i] <= ks[i - 1])
            throw core::Error("learning-rate sweep: channel counts must be strictly increasing");
    }
    if (r.lrs.isEmpty())
        throw core::Error("learning-rate sweep: no learning rates given");
    for (double lr : r.lrs)
        if (!(lr > 0.0) || !std::isfinite(lr))
            throw core::Error("learning-rate sweep: learning rates must be positive");
    return ks;
}

TuneSettings sweepTune(const SweepData& d, int lrIndex, quint64 seed) {
    TuneSettings t;
    t.lr = d.lrs[lrIndex];
    t.epochs = d.epochs;
    t.batchSize = d.batchSize;
    t.seed = seed;
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
    core::Model model = prunedCopy(s, k);
    Scores pruned;
    if (const CurvePoint* p = s.curve ? s.curve->point(k) : nullptr)
        pruned = Scores{p->cca, p->asr};
    else
        pruned = scoresOf(core::evaluate(model, s.cleanTest, s.poisoned, root.sub(0.1, 0.15)));
    root.set(0.15, "fine-tuning");
    const core::FineTuneResult ft =
        core::fineTune(model, s.train, toConfig(tune), root.sub(0.15, 0.95));
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
    cfg.tune = toConfig(tune);
    constexpr double kStart = 0.05; // ranking and scoring B
    root.set(0.0, "ranking channels");
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
        root.set(a, "fine-pruning " + std::to_string(i + 1) + "/" + std::to_string(total));
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
    // Liu et al. stop on held-out clean data: 20 % of the train set, split as the CLI does.
    torch::manual_seed(static_cast<uint64_t>(s.seed));
    const auto perm = torch::randperm(s.train.size(), torch::kLong);
    const int64_t nVal = std::max<int64_t>(1, s.train.size() / 5);
    core::Dataset validation = s.train.select(perm.slice(0, 0, nVal));
    validation.name = s.train.name + " (20 % held out)";
    core::Dataset tuneSet = s.train.select(perm.slice(0, nVal, s.train.size()));
    tuneSet.name = s.train.name + " (80 %)";

    core::LiuConfig cfg;
    cfg.layer = s.layer;
    cfg.maxAccuracyDrop = maxDrop;
    cfg.tune = toConfig(tune);
    ScopedFeedback fb(root.sub(0.05, 1.0));
    core::LiuResult liu =
        core::liuFinePrune(s.b.model, tuneSet, validation, s.cleanTest, s.poisoned, cfg, fb.get());
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
    const auto& order = ensureRanking(s, root.sub(0.0, 0.02));
    SweepRun run;
    run.ks = sweepKs(request, static_cast<int64_t>(order.size()));
    SweepData& d = run.data;
    d.lrs = request.lrs;
    d.ks = toQVector(run.ks);
    d.epochs = request.epochs;
    d.batchSize = request.batchSize;
    d.seed = request.seed;
    for (const auto& p : s.poisoned)
        d.poisonedNames.push_back(qs(p.name));
    Q_EMIT sweepStarted(d);

    const int nl = static_cast<int>(d.lrs.size());
    const int nk = static_cast<int>(d.ks.size());
    const double cells = static_cast<double>(nl) * nk;
    const bool keepModels = modelBytes(s.b.model) * nl * nk <= m_sweepModelBudget;
    for (int li = 0; li < nl; ++li) {
        core::Model model(s.b.model); // each learning rate walks the channel counts from B
        const core::FineTuneConfig tune = toConfig(sweepTune(d, li, request.seed));
        for (int ki = 0; ki < nk; ++ki) {
            const double done = static_cast<double>(li) * nk + ki;
            const core::ProgressScope cell =
                root.sub(0.02 + 0.98 * done / cells, 0.02 + 0.98 * (done + 1.0) / cells);
            cell.set(0.0, "lr " + QString::number(d.lrs[li], 'g', 3).toStdString() + ", " +
                              std::to_string(run.ks[ki]) + " channels");
            core::applyPruning(model, s.layer, order, run.ks[ki]); // adds order[previous k .. k)
            core::fineTune(model, s.train, tune, cell.sub(0.0, 0.9));
            const Scores sc =
                scoresOf(core::evaluate(model, s.cleanTest, s.poisoned, cell.sub(0.9, 1.0)));
            SweepCell c;
            c.lrIndex = li;
            c.kIndex = ki;
            c.lr = d.lrs[li];
            c.k = d.ks[ki];
            c.cca = sc.cca;
            c.asr = sc.asr;
            d.cells.push_back(c);
            if (keepModels)
                run.models.emplace(std::make_pair(li, ki), model);
            Q_EMIT sweepCell(c);
        }
    }
    root.set(1.0);
    run.seed = request.seed;
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
    const TuneSettings tune = sweepTune(d, lrIndex, s.sweep->seed);
    const Scores before = ensureBaseScores(s, root.sub(0.0, 0.05));
    const auto kept = s.sweep->models.find({lrIndex, kIndex});
    core::Model model(s.b.model);
    if (kept != s.sweep->models.end()) {
        model = kept->second;
    } else {
        // Replay the cell's row: deterministic for a fixed seed and thread count.
        const core::FineTuneConfig cfg = toConfig(tune);
        for (int ki = 0; ki <= kIndex; ++ki) {
            const auto scope = root.sub(0.05 + 0.95 * ki / (kIndex + 1.0),
                                        0.05 + 0.95 * (ki + 1.0) / (kIndex + 1.0));
            scope.set(0.0,
                      "re-creating the cell: " + std::to_string(s.sweep->ks[ki]) + " channels");
            core::applyPruning(model, s.layer, s.order, s.sweep->ks[ki]);
            core::fineTune(model, s.train, cfg, scope);
        }
    }
    const RepairResult r = repairResult(QString(job::kSelect), cell->k, tune, before,
                                        Scores{cell->cca, cell->asr}, s, model);
    root.set(1.0);
    s.repaired = std::move(model);
    s.repairedInfo = r;
    Q_EMIT repairedWeights(serializeRepaired(s));
    Q_EMIT repairedReady(r);
}

} // namespace bdl::app
