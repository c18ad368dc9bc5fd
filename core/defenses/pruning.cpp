#include "core/defenses/pruning.h"

#include "core/nn/activations.h"
#include "core/nn/dataset.h"
#include "core/base/errors.h"
#include "core/base/feedback.h"
#include "core/base/stage_text.h"
#include "core/defenses/frontier_sweep.h"
#include "core/defenses/prune_head.h"

#include <torch/types.h>
#include <torch/utils.h>

#include <limits>
#include <numeric>

namespace bdl::core {

namespace {

/// Largest |difference| between fast and reference logits, relative to the logits' scale, that
/// still counts as agreement: float32 rounding of two summation orders is ~1e-6 of the scale.
constexpr double kFastPathTolerance = 1e-4;
/// Rows used to check the fast path against Model::logitsFrom before trusting it.
constexpr int64_t kVerifyRows = 64;
/// Rows re-evaluated per call after the cut: the layers there are small, so large GEMMs win.
constexpr int64_t kSweepChunk = 4096;

std::string resolveLayer(const Model& model, const std::string& layer) {
    const std::string name = model.pruneLayer(layer);
    model.outputShape(name); // throws Error for an unknown layer
    return name;
}

} // namespace

std::vector<int64_t> pruneOrder(const torch::Tensor& means) {
    const auto m = means.to(torch::kCPU, torch::kFloat64).contiguous();
    const double* p = m.data_ptr<double>();
    std::vector<int64_t> order(static_cast<size_t>(m.numel()));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [p](int64_t a, int64_t b) { return p[a] < p[b]; });
    return order;
}

torch::Tensor pruneMask(int64_t channels, const std::vector<int64_t>& order, int64_t k) {
    if (k < 0 || k > static_cast<int64_t>(order.size()))
        throw Error("cannot prune " + std::to_string(k) + " of " + std::to_string(order.size()) +
                    " ranked channels");
    auto mask = torch::ones({channels}, torch::kFloat32);
    auto* p = mask.data_ptr<float>();
    for (int64_t i = 0; i < k; ++i) {
        const int64_t c = order[static_cast<size_t>(i)];
        if (c < 0 || c >= channels)
            throw Error("channel " + std::to_string(c) + " is outside the layer's " +
                        std::to_string(channels) + " channels");
        p[c] = 0.0f;
    }
    return mask;
}

void applyPruning(Model& model, const std::string& layer, const std::vector<int64_t>& order,
                  int64_t k) {
    const int64_t c = model.outputShape(layer).channels();
    auto mask = pruneMask(c, order, k);
    const auto current = model.channelMask(layer);
    if (current.defined())
        mask = mask * current;
    model.setChannelMask(layer, mask);
}

ChannelRanking rankLayer(const Model& model, const Dataset& rankOn, const std::string& layer,
                         const ProgressScope& scope, int64_t batch, double dormantEpsilon,
                         torch::Tensor* activations) {
    if (rankOn.size() == 0)
        throw Error(rankOn.name, "cannot rank channels on an empty data set");
    ChannelRanking r;
    r.layer = resolveLayer(model, layer);
    torch::Tensor acts = layerActivations(model, rankOn.images, r.layer, scope, batch);
    const auto m = channelMeans(acts).to(torch::kCPU).contiguous();
    r.channelMeans.assign(m.data_ptr<double>(), m.data_ptr<double>() + m.numel());
    r.order = pruneOrder(m);
    r.dormant = dormantChannels(m, dormantEpsilon);
    if (activations)
        *activations = std::move(acts);
    return r;
}

std::vector<int64_t> rankChannels(const Model& model, const Dataset& rankOn,
                                  const std::string& layer, Feedback* fb,
                                  std::vector<double>* means, int64_t batch) {
    ChannelRanking r = rankLayer(model, rankOn, layer, ProgressScope(fb), batch);
    if (means)
        *means = std::move(r.channelMeans);
    return std::move(r.order);
}

// ---- PruneSweep -------------------------------------------------------------------------------

PruneSweep::PruneSweep(const Model& model, const std::string& layer,
                       std::vector<torch::Tensor> activations, bool allowFastPath, int64_t batch,
                       const ProgressScope& cancel)
    : m_work(model), m_layer(layer), m_batch(batch > 0 ? batch : kDefaultBatch), m_cancel(cancel) {
    if (!model.isCutPoint(layer))
        throw Error(model.spec().name, "layer '" + layer +
                                           "' is not a cut point: every path "
                                           "from the input to the output must pass through it");
    m_work.clearChannelMask(layer);
    const int64_t channels = model.outputShape(layer).channels();
    m_removed.assign(static_cast<size_t>(channels), 0);
    torch::NoGradGuard guard;
    m_offsets.push_back(0);
    for (auto& a : activations) {
        if (!a.defined() || a.dim() < 2 || a.size(1) != channels)
            throw Error(model.spec().name, "activations do not match layer '" + layer + "'");
        a = a.to(model.device(), torch::kFloat32); // layerActivations() put them there already
        m_offsets.push_back(m_offsets.back() + a.size(0));
    }
    if (activations.empty())
        return;
    // A copy (cat), also because the generic path zeroes channels in place.
    m_acts = toChannelsLast(torch::cat(activations));
    m_nonzero = m_acts.reshape({m_acts.size(0), channels, -1}).ne(0).any(2);
    initialPredictions();
    if (allowFastPath) {
        m_head = detail::LinearHead::tryCreate(m_work, layer, &m_note);
        if (m_head)
            verifyFastPath();
    } else {
        m_note = "disabled";
    }
}

PruneSweep::~PruneSweep() = default;

torch::Tensor PruneSweep::predictions(size_t set) const {
    if (set + 1 >= m_offsets.size())
        throw Error("prune sweep: no data set " + std::to_string(set));
    if (!m_pred.defined())
        return torch::empty({0}, torch::kInt64);
    return m_pred.slice(0, m_offsets[set], m_offsets[set + 1]);
}

void PruneSweep::initialPredictions() {
    // Batched per set exactly like evaluate(), so that k = 0 reproduces it bit for bit.
    m_pred =
        torch::empty({m_acts.size(0)}, torch::TensorOptions(torch::kInt64).device(m_acts.device()));
    for (size_t s = 0; s + 1 < m_offsets.size(); ++s) {
        for (int64_t b = m_offsets[s]; b < m_offsets[s + 1]; b += m_batch) {
            m_cancel.check();
            const int64_t e = std::min(m_offsets[s + 1], b + m_batch);
            m_pred.slice(0, b, e).copy_(
                m_work.logitsFrom(m_layer, m_acts.slice(0, b, e)).argmax(1));
        }
    }
}

void PruneSweep::verifyFastPath() {
    const int64_t n = std::min<int64_t>(m_acts.size(0), kVerifyRows);
    if (n > 0) {
        const auto sample = m_acts.slice(0, 0, n);
        const auto ref = m_work.logitsFrom(m_layer, sample);
        auto state = m_head->initialState(sample);
        const auto fast = m_head->logits(state, torch::arange(n, torch::kInt64));
        const double scale = std::max(1.0, ref.abs().max().item<double>());
        if (fast.sizes() != ref.sizes() ||
            (fast - ref).abs().max().item<double>() > kFastPathTolerance * scale) {
            m_head.reset();
            m_note = "the incremental evaluator disagreed with the model";
            return;
        }
    }
    m_cancel.check();
    m_state = std::make_unique<detail::HeadState>(m_head->initialState(m_acts));
}

void PruneSweep::predictRows(const torch::Tensor& rows) {
    const int64_t r = rows.size(0);
    for (int64_t b = 0; b < r; b += kSweepChunk) {
        m_cancel.check();
        const auto idx = rows.slice(0, b, std::min(r, b + kSweepChunk));
        if (m_head) {
            m_head->updatePredictions(*m_state, idx, m_pred);
        } else {
            const auto a = toChannelsLast(m_acts.index_select(0, idx));
            m_pred.index_put_({idx}, m_work.logitsFrom(m_layer, a).argmax(1));
        }
    }
}

void PruneSweep::prune(int64_t channel) {
    if (channel < 0 || channel >= static_cast<int64_t>(m_removed.size()))
        throw Error("channel " + std::to_string(channel) + " is outside layer '" + m_layer + "'");
    if (m_removed[static_cast<size_t>(channel)])
        return;
    m_removed[static_cast<size_t>(channel)] = 1;
    ++m_prunedCount;
    if (!m_acts.defined())
        return;
    torch::NoGradGuard guard;
    // Images whose activation in this channel is all zero cannot change.
    const auto rows = m_nonzero.select(1, channel).nonzero().reshape({-1});
    if (rows.numel() == 0)
        return;
    if (m_head)
        m_head->removeChannel(*m_state, rows, m_acts.select(1, channel).index_select(0, rows),
                              channel);
    else
        m_acts.select(1, channel).zero_();
    predictRows(rows);
}

// ---- pruningCurve -----------------------------------------------------------------------------

namespace {

/// The point of k pruned channels from a sweep's predictions (PruneSweep or FrontierSweep).
template <class Sweep>
PrunePoint scorePoint(int64_t k, int64_t channel, const Sweep& sweep, const Dataset& clean,
                      const std::vector<Dataset>& poisoned) {
    PrunePoint p;
    p.k = k;
    p.channel = channel;
    p.cca = accuracy(sweep.predictions(0), clean.labels);
    for (size_t i = 0; i < poisoned.size(); ++i)
        p.asr.push_back(attackSuccessRate(sweep.predictions(i + 1), poisoned[i].targets));
    return p;
}

void checkPoisoned(const std::vector<Dataset>& poisoned) {
    for (const auto& p : poisoned)
        if (!p.poisoned())
            throw Error(p.name, "a poisoned set needs attack targets");
}

/// The points k = 0 (already in the sweep) .. steps of removing curve.order from a sweep.
template <class Sweep>
void sweepCurve(Sweep& sweep, PruningCurve& curve, const Dataset& clean,
                const std::vector<Dataset>& poisoned, int64_t steps, const ProgressScope& scope,
                const PruneCurveHooks& hooks) {
    const auto add = [&](PrunePoint p) {
        curve.points.push_back(std::move(p));
        if (hooks.onPoint)
            hooks.onPoint(curve.points.back());
    };
    add(scorePoint(0, -1, sweep, clean, poisoned));
    for (int64_t k = 1; k <= steps; ++k) {
        scope.check();
        const int64_t c = curve.order[static_cast<size_t>(k - 1)];
        sweep.prune(c);
        add(scorePoint(k, c, sweep, clean, poisoned));
        scope.set(static_cast<double>(k) / static_cast<double>(steps),
                  stage::format(stage::kPruningStep, {std::to_string(k), std::to_string(steps)}));
    }
}

/// evaluate() with predictLabels()'s batches of `batch` images: CCA and ASR of each set.
PrunePoint scoreModel(const Model& model, const Dataset& clean,
                      const std::vector<Dataset>& poisoned, int64_t batch,
                      const ProgressScope& scope) {
    double total = static_cast<double>(std::max<int64_t>(clean.size(), 1));
    for (const auto& p : poisoned)
        total += static_cast<double>(p.size());
    double done = 0.0;
    const auto predict = [&](const Dataset& d) {
        const double a = done / total;
        done += static_cast<double>(d.size());
        return predictLabels(model, d.images, scope.sub(a, done / total), batch);
    };
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    PrunePoint p;
    p.cca = clean.size() > 0 ? accuracy(predict(clean), clean.labels) : kNaN;
    for (const auto& s : poisoned)
        p.asr.push_back(s.size() > 0 ? attackSuccessRate(predict(s), s.targets) : kNaN);
    return p;
}

/// The reference for layers that are not cut points: mask the whole model and run it for every
/// k (what a too large frontier cache falls back to).
void slowCurve(const Model& model, PruningCurve& curve, const Dataset& clean,
               const std::vector<Dataset>& poisoned, int64_t steps, int64_t batch,
               const ProgressScope& scope, const PruneCurveHooks& hooks) {
    Model work(model);
    const auto base = model.channelMask(curve.layer);
    const int64_t channels = model.outputShape(curve.layer).channels();
    for (int64_t k = 0; k <= steps; ++k) {
        auto mask = pruneMask(channels, curve.order, k);
        work.setChannelMask(curve.layer, base.defined() ? mask * base : mask);
        const double span = static_cast<double>(steps + 1);
        PrunePoint p =
            scoreModel(work, clean, poisoned, batch, scope.sub(k / span, (k + 1) / span));
        p.k = k;
        p.channel = k == 0 ? -1 : curve.order[static_cast<size_t>(k - 1)];
        curve.points.push_back(p);
        if (hooks.onPoint)
            hooks.onPoint(curve.points.back());
        scope.set(static_cast<double>(k + 1) / static_cast<double>(steps + 1),
                  stage::format(stage::kPruningStep, {std::to_string(k), std::to_string(steps)}));
    }
}

std::string sizeText(int64_t bytes) {
    constexpr int64_t kMiB = int64_t(1) << 20;
    if (bytes < kMiB)
        return std::to_string(bytes) + " bytes";
    return std::to_string((bytes + kMiB / 2) / kMiB) + " MiB";
}

/// A layer that is not a cut point: FrontierSweep when its cache fits config.frontierCacheBytes,
/// else slowCurve.
void nonCutPointCurve(const Model& model, PruningCurve& curve, const Dataset& clean,
                      const std::vector<Dataset>& poisoned, int64_t steps,
                      const PruneConfig& config, const ProgressScope& scope,
                      const PruneCurveHooks& hooks) {
    int64_t images = clean.size();
    for (const auto& p : poisoned)
        images += p.size();
    const LayerFrontier frontier(model, curve.layer);
    const int64_t bytes = FrontierSweep::cacheBytes(frontier, images);
    if (bytes > config.frontierCacheBytes) {
        const size_t m = frontier.frontier().size();
        curve.fastPathNote = "layer '" + curve.layer + "' is not a cut point: the cached " +
                             "activations of it and of " + std::to_string(m) +
                             (m == 1 ? " other layer" : " other layers") + " would take " +
                             sizeText(bytes) + ", more than the budget of " +
                             sizeText(config.frontierCacheBytes) +
                             ", so the whole masked model runs for every point";
        if (hooks.onStart)
            hooks.onStart(curve);
        slowCurve(model, curve, clean, poisoned, steps, config.batch, scope, hooks);
        return;
    }
    std::vector<torch::Tensor> sets;
    if (clean.size() > 0)
        checkDataFitsModel(model, clean);
    sets.push_back(clean.images);
    for (const auto& p : poisoned) {
        if (p.size() > 0)
            checkDataFitsModel(model, p);
        sets.push_back(p.images);
    }
    FrontierSweep sweep(model, curve.layer, sets, config.batch, scope.sub(0.0, 0.3));
    curve.fastPathNote = sweep.note();
    if (hooks.onStart)
        hooks.onStart(curve);
    sweepCurve(sweep, curve, clean, poisoned, steps, scope.sub(0.3, 1.0), hooks);
    scope.set(1.0);
}

} // namespace

std::vector<torch::Tensor> evaluationActivations(const Model& model, const std::string& layer,
                                                 const Dataset& clean,
                                                 const std::vector<Dataset>& poisoned,
                                                 const ProgressScope& scope, int64_t batch,
                                                 torch::Tensor cleanActivations) {
    std::vector<torch::Tensor> acts;
    if (cleanActivations.defined()) {
        acts.push_back(std::move(cleanActivations));
    } else {
        scope.set(0.0, stage::format(stage::kActivationsOf, {clean.name}));
        acts.push_back(layerActivations(model, clean.images, layer, scope.sub(0.0, 0.5), batch));
    }
    const double n = static_cast<double>(std::max<size_t>(poisoned.size(), 1));
    for (size_t i = 0; i < poisoned.size(); ++i) {
        const auto sub = scope.sub(0.5 + 0.5 * i / n, 0.5 + 0.5 * (i + 1) / n);
        sub.set(0.0, stage::format(stage::kActivationsOf, {poisoned[i].name}));
        acts.push_back(layerActivations(model, poisoned[i].images, layer, sub, batch));
    }
    scope.set(1.0);
    return acts;
}

PruningCurve pruningCurveFrom(const Model& model, const ChannelRanking& ranking,
                              std::vector<torch::Tensor> evalActivations, const Dataset& cleanTest,
                              const std::vector<Dataset>& poisoned, const PruneConfig& config,
                              const ProgressScope& scope, const PruneCurveHooks& hooks) {
    checkPoisoned(poisoned);
    PruningCurve curve;
    curve.layer = resolveLayer(model, ranking.layer);
    curve.order = ranking.order;
    curve.channelMeans = ranking.channelMeans;
    curve.dormant = ranking.dormant;
    curve.cleanName = cleanTest.name;
    for (const auto& p : poisoned)
        curve.poisonedNames.push_back(p.name);
    const int64_t channels = model.outputShape(curve.layer).channels();
    if (static_cast<int64_t>(curve.order.size()) != channels)
        throw Error(model.spec().name, "the ranking has " + std::to_string(curve.order.size()) +
                                           " channels; layer '" + curve.layer + "' has " +
                                           std::to_string(channels));
    const int64_t steps =
        config.maxChannels < 0 ? channels : std::min(channels, config.maxChannels);

    if (!model.isCutPoint(curve.layer)) {
        nonCutPointCurve(model, curve, cleanTest, poisoned, steps, config, scope, hooks);
        return curve;
    }
    ProgressScope stepScope = scope;
    if (evalActivations.empty()) {
        evalActivations = evaluationActivations(model, curve.layer, cleanTest, poisoned,
                                                scope.sub(0.0, 0.3), config.batch);
        stepScope = scope.sub(0.3, 1.0);
    } else if (evalActivations.size() != poisoned.size() + 1) {
        throw Error("pruning curve: " + std::to_string(evalActivations.size()) +
                    " activation sets for " + std::to_string(poisoned.size() + 1) + " data sets");
    }
    scope.check();
    PruneSweep sweep(model, curve.layer, std::move(evalActivations), config.allowFastPath,
                     config.batch, stepScope);
    curve.fastPath = sweep.fastPath();
    curve.fastPathNote = sweep.fastPathNote();
    if (hooks.onStart)
        hooks.onStart(curve);
    sweepCurve(sweep, curve, cleanTest, poisoned, steps, stepScope, hooks);
    scope.set(1.0);
    return curve;
}

PruningCurve pruningCurve(const Model& model, const Dataset& rankOn, const Dataset& cleanTest,
                          const std::vector<Dataset>& poisoned, const PruneConfig& config,
                          Feedback* fb) {
    checkPoisoned(poisoned);
    const ProgressScope root(fb);
    torch::Tensor rankActs;
    const ChannelRanking ranking = rankLayer(model, rankOn, config.layer, root.sub(0.0, 0.1),
                                             config.batch, config.dormantEpsilon, &rankActs);
    std::vector<torch::Tensor> acts;
    if (model.isCutPoint(ranking.layer))
        acts = evaluationActivations(
            model, ranking.layer, cleanTest, poisoned, root.sub(0.1, 0.3), config.batch,
            rankOn.images.is_same(cleanTest.images) ? std::move(rankActs) : torch::Tensor());
    return pruningCurveFrom(model, ranking, std::move(acts), cleanTest, poisoned, config,
                            root.sub(0.3, 1.0));
}

} // namespace bdl::core
