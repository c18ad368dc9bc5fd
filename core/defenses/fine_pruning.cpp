#include "core/defenses/fine_pruning.h"

#include "core/nn/activations.h"
#include "core/nn/dataset.h"
#include "core/base/errors.h"
#include "core/base/feedback.h"
#include "core/base/stage_text.h"
#include "core/defenses/frontier_sweep.h"
#include "core/defenses/pruning.h"

#include <torch/types.h>

#include <cmath>
#include <limits>

namespace bdl::core {

namespace {

constexpr double kNoLoss = std::numeric_limits<double>::quiet_NaN();

std::string finePruneLayer(const Model& model, const std::string& layer) {
    const std::string name = model.pruneLayer(layer);
    model.outputShape(name); // Error for an unknown layer
    return name;
}

void requirePoisonedTargets(const std::vector<Dataset>& poisoned) {
    for (const auto& p : poisoned)
        if (!p.poisoned())
            throw Error(p.name, "a poisoned set needs attack targets");
}

void fillScores(const EvalReport& r, double* cca, std::vector<double>* asr) {
    *cca = r.cca;
    asr->clear();
    for (const auto& s : r.asr)
        asr->push_back(s.asr);
}

} // namespace

// ---- paper protocol ---------------------------------------------------------------------------

FinePruner::FinePruner(const Model& badnet, const Dataset& train, const Dataset& cleanTest,
                       const std::vector<Dataset>& poisoned, const FinePruneConfig& config,
                       Feedback* fb)
    : m_model(badnet), m_train(train), m_cleanTest(cleanTest), m_poisoned(poisoned),
      m_config(config), m_layer(finePruneLayer(badnet, config.layer)) {
    requirePoisonedTargets(poisoned);
    const ProgressScope root(fb);
    root.set(0.0, stage::kRanking);
    // Ranked with the job's scope: a long ranking pass is cancelled per batch.
    m_order = rankLayer(badnet, train, m_layer, root.sub(0.0, 0.5), config.batch).order;
    root.check();
    const int64_t c = static_cast<int64_t>(m_order.size());
    m_steps = config.steps < 0 ? (c + 9) / 10 : std::min(config.steps, c);
    FinePrunePoint p;
    p.trainLoss = kNoLoss;
    fillScores(evaluate(m_model, m_cleanTest, m_poisoned, root.sub(0.5, 1.0)), &p.cca, &p.asr);
    m_points.push_back(std::move(p));
}

void FinePruner::resume(const Model& state, int64_t k) {
    if (m_k != 0)
        throw Error("fine-pruning: resume() is for a pruner that has not stepped yet");
    if (k < 0 || k > m_steps)
        throw Error("fine-pruning: cannot resume after step " + std::to_string(k) + " of " +
                    std::to_string(m_steps));
    // What the state's mask must be: B's own mask (if any) with the first k channels pruned.
    Model expected(m_model);
    if (k > 0)
        applyPruning(expected, m_layer, m_order, k);
    const torch::Tensor want = expected.channelMask(m_layer);
    const torch::Tensor have = state.channelMask(m_layer);
    const bool matches = want.defined() == have.defined() &&
                         (!want.defined() || (have.sizes() == want.sizes() &&
                                              torch::equal(have.to(want.dtype()), want)));
    if (!matches)
        throw Error("fine-pruning: the state to resume from has not pruned exactly the first " +
                    std::to_string(k) + " channels of this ranking of " + m_layer +
                    " (a state of another job)");
    m_model = state;
    m_k = k;
    m_points.clear(); // the earlier points are the earlier shards'
}

const FinePrunePoint& FinePruner::step(Feedback* fb) { return step(ProgressScope(fb)); }

const FinePrunePoint& FinePruner::step(const ProgressScope& scope) {
    if (isDone())
        throw Error("fine-pruning: all " + std::to_string(m_steps) + " steps are done");
    // Work on a copy and commit only at the end, so a cancelled step leaves the pruner as it was.
    Model next(m_model);
    const int64_t channel = m_order[static_cast<size_t>(m_k)];
    applyPruning(next, m_layer, {channel}, 1);
    const auto r = fineTune(next, m_train, m_config.tune, scope.sub(0.0, 0.9));
    FinePrunePoint p;
    p.k = m_k + 1;
    p.channel = channel;
    p.trainLoss = r.epochLoss.empty() ? kNoLoss : r.epochLoss.back();
    fillScores(evaluate(next, m_cleanTest, m_poisoned, scope.sub(0.9, 1.0)), &p.cca, &p.asr);
    m_model = std::move(next);
    m_points.push_back(std::move(p));
    ++m_k;
    return m_points.back();
}

FinePruneResult finePrune(const Model& badnet, const Dataset& train, const Dataset& cleanTest,
                          const std::vector<Dataset>& poisoned, const FinePruneConfig& config,
                          Feedback* fb, const std::function<void(const FinePrunePoint&)>& onStep) {
    const ProgressScope root(fb);
    // The pruner's start (ranking, scoring B) reports into [0, 0.05) and sees the job's cancel.
    const ProgressScope startScope = root.sub(0.0, 0.0); // steps unknown before ranking
    Feedback startFb([&startFb, startScope](double f, const std::string& stage) {
        try {
            startScope.set(f, stage);
        } catch (const Cancelled&) {
            startFb.cancel(); // the pruner notices at its next check
        }
    });
    if (fb && fb->isCancelled())
        throw Cancelled();
    FinePruner pruner(badnet, train, cleanTest, poisoned, config, &startFb);
    if (onStep)
        onStep(pruner.points().front());
    root.check();
    const double total = static_cast<double>(std::max<int64_t>(pruner.steps(), 1)) + 0.05;
    while (!pruner.isDone()) {
        const double k = static_cast<double>(pruner.points().size() - 1) + 0.05;
        root.set(k / total,
                 stage::format(stage::kFinePruningStep, {std::to_string(pruner.points().size()),
                                                         std::to_string(pruner.steps())}));
        const auto& p = pruner.step(root.sub(k / total, (k + 1.0) / total));
        if (onStep)
            onStep(p);
    }
    FinePruneResult result;
    result.layer = pruner.layer();
    result.order = pruner.order();
    result.points = pruner.points();
    result.repaired = std::make_shared<Model>(pruner.model());
    root.set(1.0);
    return result;
}

} // namespace bdl::core

// ---- Liu et al. protocol ----------------------------------------------------------------------

namespace bdl::core {

namespace {

/// Validation accuracy of a sweep's predictions for k = 0, 1, ... until `stop(k, acc)` says so.
template <class Sweep>
std::vector<double> sweepValidation(Sweep& sweep, const std::vector<int64_t>& order,
                                    const Dataset& validation, const ProgressScope& scope,
                                    const std::function<bool(int64_t, double)>& stop) {
    std::vector<double> curve;
    const int64_t c = static_cast<int64_t>(order.size());
    for (int64_t k = 0; k <= c; ++k) {
        if (k > 0)
            sweep.prune(order[static_cast<size_t>(k - 1)]);
        curve.push_back(accuracy(sweep.predictions(0), validation.labels));
        scope.set(0.5 + 0.5 * static_cast<double>(k) / static_cast<double>(c));
        if (stop(k, curve.back()))
            break;
    }
    return curve;
}

/// Validation accuracy for k = 0, 1, ... pruned channels until `stop(k, acc)` says so.
/// Incremental (PruneSweep) when the layer is a cut point; else FrontierSweep (the layers after
/// the cut from cached activations, the same numbers as masked full forward passes) when its
/// cache fits kFrontierCacheBudget, else masked full forward passes.
std::vector<double> validationCurve(const Model& model, const std::string& layer,
                                    const std::vector<int64_t>& order, const Dataset& validation,
                                    int64_t batch, const ProgressScope& scope,
                                    const std::function<bool(int64_t, double)>& stop) {
    if (model.isCutPoint(layer)) {
        PruneSweep sweep(
            model, layer,
            {layerActivations(model, validation.images, layer, scope.sub(0.0, 0.5), batch)}, true,
            batch, scope);
        return sweepValidation(sweep, order, validation, scope, stop);
    }
    if (FrontierSweep::cacheBytes(LayerFrontier(model, layer), validation.size()) <=
        kFrontierCacheBudget) {
        checkDataFitsModel(model, validation);
        FrontierSweep sweep(model, layer, {validation.images}, batch, scope.sub(0.0, 0.5));
        return sweepValidation(sweep, order, validation, scope, stop);
    }
    std::vector<double> curve;
    const int64_t c = static_cast<int64_t>(order.size());
    Model work(model);
    for (int64_t k = 0; k <= c; ++k) {
        work = model;
        applyPruning(work, layer, order, k);
        curve.push_back(accuracy(predictLabels(work, validation.images,
                                               scope.sub(static_cast<double>(k) / (c + 1.0),
                                                         static_cast<double>(k + 1) / (c + 1.0)),
                                               batch),
                                 validation.labels));
        if (stop(k, curve.back()))
            break;
    }
    return curve;
}

} // namespace

LiuResult liuFinePrune(const Model& badnet, const Dataset& train, const Dataset& validation,
                       const Dataset& cleanTest, const std::vector<Dataset>& poisoned,
                       const LiuConfig& config, Feedback* fb) {
    requirePoisonedTargets(poisoned);
    if (validation.size() == 0)
        throw Error(validation.name, "the validation set is empty");
    if (!(config.maxAccuracyDrop >= 0.0))
        throw Error("fine-pruning: the allowed accuracy drop must be >= 0");
    const ProgressScope root(fb);
    LiuResult r;
    r.layer = finePruneLayer(badnet, config.layer);
    root.set(0.0, stage::kRanking);
    r.order = rankLayer(badnet, train, r.layer, root.sub(0.0, 0.1), config.batch).order;
    root.set(0.1, stage::kPruning);
    double base = 0.0;
    bool exceeded = false;
    r.validationCurve = validationCurve(badnet, r.layer, r.order, validation, config.batch,
                                        root.sub(0.1, 0.3), [&](int64_t k, double acc) {
                                            if (k == 0)
                                                base = acc;
                                            exceeded = base - acc > config.maxAccuracyDrop;
                                            return exceeded;
                                        });
    r.baseValidation = base;
    r.stopK = static_cast<int64_t>(r.validationCurve.size()) - 1;
    if (exceeded && config.keepLastWithinBudget)
        r.stopK -= 1;

    Model model(badnet);
    applyPruning(model, r.layer, r.order, r.stopK);
    r.pruned = evaluate(model, cleanTest, poisoned, root.sub(0.3, 0.35));
    root.set(0.35, stage::kFineTuning);
    r.epochLoss = fineTune(model, train, config.tune, root.sub(0.35, 0.95)).epochLoss;
    r.fineTuned = evaluate(model, cleanTest, poisoned, root.sub(0.95, 1.0));
    r.repaired = std::make_shared<Model>(std::move(model));
    return r;
}

} // namespace bdl::core
