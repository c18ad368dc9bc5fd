// The pruning-only curve, point by point, and the activation maps of B and B'.
#include "app/gui/worker.h"
#include "app/gui/worker_state.h"

#include "core/nn/activations.h"
#include "core/base/errors.h"
#include "core/defenses/pruning.h"

#include <torch/torch.h>

namespace bdl::app {

namespace {

CurvePoint toPoint(const core::PrunePoint& p) {
    CurvePoint c;
    c.k = static_cast<int>(p.k);
    c.channel = static_cast<int>(p.channel);
    c.cca = p.cca;
    c.asr = QVector<double>(p.asr.begin(), p.asr.end());
    return c;
}

/// The point of a PruneSweep after k removals, scored exactly as core::pruningCurve() does.
CurvePoint scorePoint(int64_t k, int64_t channel, const core::PruneSweep& sweep,
                      const WorkerState& s) {
    CurvePoint p;
    p.k = static_cast<int>(k);
    p.channel = static_cast<int>(channel);
    p.cca = core::accuracy(sweep.predictions(0), s.cleanTest.labels);
    for (size_t i = 0; i < s.poisoned.size(); ++i)
        p.asr.push_back(core::attackSuccessRate(sweep.predictions(i + 1), s.poisoned[i].targets));
    return p;
}

CurveData curveHeader(const WorkerState& s) {
    CurveData c;
    c.layer = qs(s.layer);
    c.order = toQVector(s.order);
    c.channelMeans = toQVector(s.means);
    c.dormant = toQVector(s.dormant);
    c.cleanName = qs(s.cleanTest.name);
    for (const auto& p : s.poisoned)
        c.poisonedNames.push_back(qs(p.name));
    return c;
}

ActivationSet summarize(const torch::Tensor& acts, const std::string& layer,
                        const core::Dataset& set) {
    const core::ActivationSummary sum = core::summarizeActivations(acts, layer, set.name);
    ActivationSet a;
    a.name = qs(set.name);
    a.poisoned = set.poisoned();
    a.channelMeans = toQVector(sum.channelMeans);
    a.meanMaps = QVector<float>(sum.meanMap.begin(), sum.meanMap.end());
    a.dormant = toQVector(sum.dormant);
    return a;
}

} // namespace

void Worker::doCurve(core::Feedback* feedback) {
    WorkerState& s = workspace();
    torch::NoGradGuard noGrad; // thread-local: made here, on the worker thread
    const core::ProgressScope root(feedback);
    const core::Model& model = s.b.model;
    ensureRanking(s, root.sub(0.0, 0.1));
    CurveData curve = curveHeader(s);
    const int64_t channels = static_cast<int64_t>(s.order.size());

    if (!model.isCutPoint(s.layer)) {
        // Only masked full passes work here; the core computes them, points arrive at the end.
        Q_EMIT curveStarted(curve);
        core::PruneConfig cfg;
        cfg.layer = s.layer;
        ScopedFeedback fb(root.sub(0.1, 1.0));
        const core::PruningCurve c =
            core::pruningCurve(model, s.train, s.cleanTest, s.poisoned, cfg, fb.get());
        root.check();
        for (const auto& p : c.points) {
            curve.points.push_back(toPoint(p));
            Q_EMIT curvePoint(curve.points.back());
        }
    } else {
        ensureEvalActivations(s, root.sub(0.1, 0.3));
        std::vector<torch::Tensor> acts{s.cleanActs};
        acts.insert(acts.end(), s.poisonedActs.begin(), s.poisonedActs.end());
        core::PruneSweep sweep(model, s.layer, std::move(acts), /*allowFastPath=*/true);
        curve.fastPath = sweep.fastPath();
        Q_EMIT curveStarted(curve);
        curve.points.push_back(scorePoint(0, -1, sweep, s));
        Q_EMIT curvePoint(curve.points.back());
        const core::ProgressScope steps = root.sub(0.3, 1.0);
        for (int64_t k = 1; k <= channels; ++k) {
            steps.check();
            const int64_t c = s.order[static_cast<size_t>(k - 1)];
            sweep.prune(c);
            curve.points.push_back(scorePoint(k, c, sweep, s));
            Q_EMIT curvePoint(curve.points.back());
            steps.set(static_cast<double>(k) / static_cast<double>(channels),
                      "pruning " + std::to_string(k) + "/" + std::to_string(channels));
        }
    }
    root.set(1.0);
    s.curve = curve;
    if (!s.baseScores)
        s.baseScores = Scores{curve.points[0].cca, curve.points[0].asr};
    Q_EMIT curveReady(curve);
}

void Worker::doActivations(core::Feedback* feedback) {
    WorkerState& s = workspace();
    torch::NoGradGuard noGrad;
    const core::ProgressScope root(feedback);
    ensureRanking(s, root.sub(0.0, 0.1));
    const double beforeEnd = s.repaired ? 0.5 : 1.0;
    ensureEvalActivations(s, root.sub(0.1, beforeEnd));

    ActivationData d;
    d.layer = qs(s.layer);
    d.order = toQVector(s.order);
    d.before.push_back(summarize(s.cleanActs, s.layer, s.cleanTest));
    for (size_t i = 0; i < s.poisoned.size(); ++i)
        d.before.push_back(summarize(s.poisonedActs[i], s.layer, s.poisoned[i]));
    d.channels = static_cast<int>(s.cleanActs.size(1));
    if (s.cleanActs.dim() == 4) {
        d.height = static_cast<int>(s.cleanActs.size(2));
        d.width = static_cast<int>(s.cleanActs.size(3));
    }
    if (s.repaired) {
        std::vector<const core::Dataset*> sets{&s.cleanTest};
        for (const auto& p : s.poisoned)
            sets.push_back(&p);
        const double n = static_cast<double>(sets.size());
        for (size_t i = 0; i < sets.size(); ++i) {
            const auto scope = root.sub(0.5 + 0.5 * i / n, 0.5 + 0.5 * (i + 1) / n);
            scope.set(0.0, "activations of B' on " + sets[i]->name);
            const torch::Tensor acts =
                core::layerActivations(*s.repaired, sets[i]->images, s.layer, scope);
            d.after.push_back(summarize(acts, s.layer, *sets[i]));
        }
        d.prunedChannels = maskedChannels(*s.repaired, s.layer);
    }
    root.set(1.0);
    Q_EMIT activationsReady(d);
}

} // namespace bdl::app
