// The paper's learning-rate x channels-pruned grid (declared in fine_pruning.h).
#include "core/nn/dataset.h"
#include "core/base/errors.h"
#include "core/base/feedback.h"
#include "core/defenses/fine_pruning.h"
#include "core/defenses/pruning.h"

#include <cmath>

namespace bdl::core {

namespace {

std::vector<int64_t> checkedKs(const LrSweepConfig& config, int64_t channels) {
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

/// Fine-tunes `model` (already pruned to the cell's k) and scores the cell into r.
LrSweepCell runCell(Model& model, const Dataset& train, const Dataset& cleanTest,
                    const std::vector<Dataset>& poisoned, const FineTuneConfig& tune, size_t li,
                    size_t ki, LrSweepResult& r, const ProgressScope& cell) {
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
    return c;
}

} // namespace

LrSweepResult learningRateSweep(const Model& badnet, const Dataset& train, const Dataset& cleanTest,
                                const std::vector<Dataset>& poisoned, const LrSweepConfig& config,
                                Feedback* fb,
                                const std::function<void(const LrSweepCell&)>& onCell) {
    for (const auto& p : poisoned)
        if (!p.poisoned())
            throw Error(p.name, "a poisoned set needs attack targets");
    if (config.lrs.empty())
        throw Error("learning-rate sweep: no learning rates given");
    for (double lr : config.lrs)
        if (!(lr > 0.0) || !std::isfinite(lr))
            throw Error("learning-rate sweep: learning rates must be positive");
    const ProgressScope root(fb);
    LrSweepResult r;
    r.layer = config.layer.empty() ? badnet.defaultPruneLayer() : config.layer;
    root.set(0.0, "ranking channels");
    r.order = rankChannels(badnet, train, r.layer, nullptr, nullptr, config.batch);
    r.ks = checkedKs(config, static_cast<int64_t>(r.order.size()));
    r.lrs = config.lrs;
    for (const auto& p : poisoned)
        r.poisonedNames.push_back(p.name);
    const size_t nk = r.ks.size();
    const size_t nl = r.lrs.size();
    r.cca.assign(nl, std::vector<double>(nk, 0.0));
    r.asr.assign(poisoned.size(), std::vector<std::vector<double>>(nl, std::vector<double>(nk)));

    const double cells = static_cast<double>(nl * nk);
    for (size_t li = 0; li < nl; ++li) {
        Model model(badnet); // each learning rate walks the channel counts from B
        FineTuneConfig tune;
        tune.lr = r.lrs[li];
        tune.epochs = config.epochs;
        tune.batchSize = config.batchSize;
        tune.seed = config.seed;
        for (size_t ki = 0; ki < nk; ++ki) {
            const double done = static_cast<double>(li * nk + ki);
            const ProgressScope cell = root.sub(done / cells, (done + 1.0) / cells);
            cell.set(0.0, "lr " + std::to_string(r.lrs[li]) + ", " + std::to_string(r.ks[ki]) +
                              " channels");
            applyPruning(model, r.layer, r.order, r.ks[ki]); // adds order[previous k .. k)
            const LrSweepCell c = runCell(model, train, cleanTest, poisoned, tune, li, ki, r, cell);
            if (onCell)
                onCell(c);
        }
    }
    root.set(1.0);
    return r;
}

} // namespace bdl::core
