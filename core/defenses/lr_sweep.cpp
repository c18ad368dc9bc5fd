// The paper's learning-rate x channels-pruned grid, its replay of one cell, fine-tuning at k and
// Liu et al.'s hold-out split (declared in fine_pruning.h).
#include "core/base/errors.h"
#include "core/base/feedback.h"
#include "core/base/stage_text.h"
#include "core/defenses/fine_pruning.h"
#include "core/defenses/pruning.h"
#include "core/nn/dataset.h"

#include <cmath>
#include <limits>

namespace bdl::core {

namespace {

std::string sweepLayer(const Model& badnet, const LrSweepConfig& config) {
    const std::string layer = badnet.pruneLayer(config.layer);
    badnet.outputShape(layer); // Error for an unknown layer
    return layer;
}

FineTuneConfig cellTune(const LrSweepConfig& config, double lr) {
    FineTuneConfig tune;
    tune.lr = lr;
    tune.epochs = config.epochs;
    tune.batchSize = config.batchSize;
    tune.seed = config.seed;
    return tune;
}

/// config.order, checked against the layer, or a fresh ranking on train (cancel checked per
/// batch of the ranking pass).
std::vector<int64_t> sweepOrder(const Model& badnet, const Dataset& train,
                                const LrSweepConfig& config, const std::string& layer,
                                const ProgressScope& scope) {
    if (config.order.empty())
        return rankLayer(badnet, train, layer, scope, config.batch).order;
    const int64_t channels = badnet.outputShape(layer).channels();
    if (static_cast<int64_t>(config.order.size()) != channels)
        throw Error("learning-rate sweep: the ranking has " + std::to_string(config.order.size()) +
                    " channels; layer '" + layer + "' has " + std::to_string(channels));
    return config.order;
}

} // namespace

const char* sweepProtocolName(SweepProtocol p) { return p == SweepProtocol::Liu ? "liu" : "paper"; }

SweepProtocol parseSweepProtocol(const std::string& text) {
    if (text == "paper")
        return SweepProtocol::Paper;
    if (text == "liu")
        return SweepProtocol::Liu;
    throw Error("the sweep protocol must be paper or liu, got '" + text + "'");
}

bool sweepCellComputed(const LrSweepResult& r, size_t lrIndex, size_t kIndex) {
    const auto item =
        static_cast<int64_t>(r.itemsAreRows ? lrIndex : lrIndex * r.ks.size() + kIndex);
    return r.items.contains(item);
}

std::vector<int64_t> sweepChannelCounts(const LrSweepConfig& config, int64_t channels) {
    if (config.lrs.empty())
        throw Error("learning-rate sweep: no learning rates given");
    for (double lr : config.lrs)
        if (!(lr > 0.0) || !std::isfinite(lr))
            throw Error("learning-rate sweep: learning rates must be positive");
    std::vector<int64_t> ks = config.ks;
    if (ks.empty())
        for (int64_t k = 1; k <= channels; ++k)
            ks.push_back(k);
    for (size_t i = 0; i < ks.size(); ++i) {
        if (ks[i] < 0 || ks[i] > channels)
            throw Error("learning-rate sweep: " + std::to_string(ks[i]) +
                        " channels is outside 0.." + std::to_string(channels));
        if (i > 0 && ks[i] <= ks[i - 1])
            throw Error("learning-rate sweep: channel counts must be strictly increasing");
    }
    return ks;
}

LrSweepResult learningRateSweep(const Model& badnet, const Dataset& train, const Dataset& cleanTest,
                                const std::vector<Dataset>& poisoned, const LrSweepConfig& config,
                                const ProgressScope& root, const LrSweepHooks& hooks) {
    for (const auto& p : poisoned)
        if (!p.poisoned())
            throw Error(p.name, "a poisoned set needs attack targets");
    LrSweepResult r;
    r.layer = sweepLayer(badnet, config);
    const int64_t channels = badnet.outputShape(r.layer).channels();
    r.ks = sweepChannelCounts(config, channels); // checked before the slow ranking
    root.set(0.0, stage::kRanking);
    r.order = sweepOrder(badnet, train, config, r.layer, root.sub(0.0, 0.0));
    r.lrs = config.lrs;
    for (const auto& p : poisoned)
        r.poisonedNames.push_back(p.name);
    const size_t nk = r.ks.size();
    const size_t nl = r.lrs.size();
    r.protocol = config.protocol;
    r.itemsAreRows = config.protocol == SweepProtocol::Paper;
    r.itemsTotal = static_cast<int64_t>(r.itemsAreRows ? nl : nl * nk);
    r.items = shardRange(r.itemsTotal, config.shard);
    // Cells this run does not compute stay NaN; a whole sweep computes every cell.
    const double notRun = config.shard.whole() ? 0.0 : std::numeric_limits<double>::quiet_NaN();
    r.cca.assign(nl, std::vector<double>(nk, notRun));
    r.asr.assign(poisoned.size(),
                 std::vector<std::vector<double>>(nl, std::vector<double>(nk, notRun)));
    if (hooks.onStart)
        hooks.onStart(r);

    size_t owned = 0;
    for (size_t li = 0; li < nl; ++li)
        for (size_t ki = 0; ki < nk; ++ki)
            owned += sweepCellComputed(r, li, ki) ? 1 : 0;
    const double cells = static_cast<double>(std::max<size_t>(owned, 1));
    size_t doneCells = 0;
    for (size_t li = 0; li < nl; ++li) {
        if (r.itemsAreRows && !r.items.contains(static_cast<int64_t>(li)))
            continue;
        Model model(badnet); // each learning rate walks the channel counts from B
        const FineTuneConfig tune = cellTune(config, r.lrs[li]);
        for (size_t ki = 0; ki < nk; ++ki) {
            if (!sweepCellComputed(r, li, ki))
                continue;
            const double done = static_cast<double>(doneCells++);
            const ProgressScope cell = root.sub(done / cells, (done + 1.0) / cells);
            cell.set(0.0, stage::format(stage::kSweepCell,
                                        {std::to_string(r.lrs[li]), std::to_string(r.ks[ki])}));
            if (config.protocol == SweepProtocol::Liu) {
                model = Model(badnet); // every cell starts from B: prune k, fine-tune once
                applyPruning(model, r.layer, r.order, r.ks[ki]);
            } else {
                applyPruning(model, r.layer, r.order, r.ks[ki]); // adds order[previous k .. k)
            }
            fineTune(model, train, tune, cell.sub(0.0, 0.9));
            const EvalReport e = evaluate(model, cleanTest, poisoned, cell.sub(0.9, 1.0));
            LrSweepCell c;
            c.lrIndex = li;
            c.kIndex = ki;
            c.lr = r.lrs[li];
            c.k = r.ks[ki];
            c.cca = e.cca;
            r.cca[li][ki] = e.cca;
            for (size_t s = 0; s < e.asr.size(); ++s) {
                c.asr.push_back(e.asr[s].asr);
                r.asr[s][li][ki] = e.asr[s].asr;
            }
            if (hooks.onCell)
                hooks.onCell(c, model);
        }
    }
    root.set(1.0);
    return r;
}

LrSweepResult learningRateSweep(const Model& badnet, const Dataset& train, const Dataset& cleanTest,
                                const std::vector<Dataset>& poisoned, const LrSweepConfig& config,
                                Feedback* fb,
                                const std::function<void(const LrSweepCell&)>& onCell) {
    LrSweepHooks hooks;
    if (onCell)
        hooks.onCell = [&onCell](const LrSweepCell& c, const Model&) { onCell(c); };
    return learningRateSweep(badnet, train, cleanTest, poisoned, config, ProgressScope(fb), hooks);
}

Model replaySweepCell(const Model& badnet, const Dataset& train, const LrSweepConfig& config,
                      size_t lrIndex, size_t kIndex, const ProgressScope& scope) {
    const std::string layer = sweepLayer(badnet, config);
    const std::vector<int64_t> ks =
        sweepChannelCounts(config, badnet.outputShape(layer).channels());
    if (lrIndex >= config.lrs.size() || kIndex >= ks.size())
        throw Error("learning-rate sweep: no cell (" + std::to_string(lrIndex) + ", " +
                    std::to_string(kIndex) + ") in a grid of " + std::to_string(config.lrs.size()) +
                    " x " + std::to_string(ks.size()));
    const std::vector<int64_t> order =
        sweepOrder(badnet, train, config, layer, scope.sub(0.0, 0.0));
    const FineTuneConfig tune = cellTune(config, config.lrs[lrIndex]);
    Model model(badnet);
    if (config.protocol == SweepProtocol::Liu) { // the cell alone: prune k, fine-tune once
        scope.set(0.0, stage::format(stage::kRecreatingCell, {std::to_string(ks[kIndex])}));
        applyPruning(model, layer, order, ks[kIndex]);
        fineTune(model, train, tune, scope);
        scope.set(1.0);
        return model;
    }
    const double steps = static_cast<double>(kIndex + 1);
    for (size_t ki = 0; ki <= kIndex; ++ki) {
        const auto sub =
            scope.sub(static_cast<double>(ki) / steps, static_cast<double>(ki + 1) / steps);
        sub.set(0.0, stage::format(stage::kRecreatingCell, {std::to_string(ks[ki])}));
        applyPruning(model, layer, order, ks[ki]);
        fineTune(model, train, tune, sub);
    }
    scope.set(1.0);
    return model;
}

FineTuneAtResult fineTuneAt(const Model& badnet, const Dataset& train,
                            const std::vector<int64_t>& order, const std::string& layer, int64_t k,
                            const FineTuneConfig& tune, const ProgressScope& scope) {
    const std::string name = badnet.pruneLayer(layer);
    const int64_t channels = badnet.outputShape(name).channels();
    if (k < 0 || k > channels || k > static_cast<int64_t>(order.size()))
        throw Error("cannot prune " + std::to_string(k) + " of the " + std::to_string(channels) +
                    " channels of " + name);
    auto model = std::make_shared<Model>(badnet);
    if (k > 0)
        applyPruning(*model, name, order, k);
    scope.set(0.0, stage::kFineTuning);
    FineTuneAtResult r;
    r.epochLoss = fineTune(*model, train, tune, scope).epochLoss;
    r.model = std::move(model);
    return r;
}

DataSplit liuHoldOut(const Dataset& train, uint64_t seed) {
    return holdOutSplit(train, kLiuHoldOutPercent, seed);
}

} // namespace bdl::core
