// The pruning-only curve, point by point, and the activation maps of B and B'.
#include "app/gui/worker.h"
#include "app/gui/stage_text.h"
#include "app/gui/worker_state.h"

#include "core/nn/activations.h"
#include "core/base/errors.h"
#include "core/base/stage_text.h"
#include "core/defenses/pruning.h"

#include <torch/types.h>
#include <torch/utils.h>

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

CurveData curveHeader(const core::PruningCurve& h) {
    CurveData c;
    c.layer = qs(h.layer);
    c.order = toQVector(h.order);
    c.channelMeans = toQVector(h.channelMeans);
    c.dormant = toQVector(h.dormant);
    c.cleanName = qs(h.cleanName);
    for (const auto& n : h.poisonedNames)
        c.poisonedNames.push_back(qs(n));
    c.fastPath = h.fastPath;
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
    ensureRanking(s, root.sub(0.0, 0.1));
    // The layers after a cut point re-run from cached activations; other layers need none.
    std::vector<torch::Tensor> acts;
    if (s.b.model.isCutPoint(s.layer)) {
        ensureEvalActivations(s, root.sub(0.1, 0.3));
        acts.push_back(s.cleanActs);
        acts.insert(acts.end(), s.poisonedActs.begin(), s.poisonedActs.end());
    }
    CurveData curve;
    core::PruneCurveHooks hooks;
    hooks.onStart = [&](const core::PruningCurve& header) {
        curve = curveHeader(header);
        Q_EMIT curveStarted(curve);
    };
    hooks.onPoint = [&](const core::PrunePoint& p) {
        curve.points.push_back(toPoint(p));
        Q_EMIT curvePoint(curve.points.back());
    };
    core::pruningCurveFrom(s.b.model, s.ranking, std::move(acts), s.cleanTest, s.poisoned,
                           core::PruneConfig(), root.sub(0.3, 1.0), hooks);
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
    d.order = toQVector(s.ranking.order);
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
            scope.set(0.0, core::stage::format(stage::kActivationsOfRepairedOn, {sets[i]->name}));
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
