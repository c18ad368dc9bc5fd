#include "core/pruning.h"

#include "core/activations.h"
#include "core/dataset.h"
#include "core/errors.h"
#include "core/feedback.h"
#include "core/prune_head.h"

#include <torch/torch.h>

#include <numeric>

namespace bdl::core {

namespace {

/// Largest |difference| between fast and reference logits, relative to the logits' scale, that
/// still counts as agreement: float32 rounding of two summation orders is ~1e-6 of the scale.
constexpr double kFastPathTolerance = 1e-4;
/// Rows used to check the fast path against Model::logitsFrom before trusting it.
constexpr int64_t kVerifyRows = 64;

std::string resolveLayer(const Model& model, const std::string& layer) {
    const std::string name = layer.empty() ? model.defaultPruneLayer() : layer;
    model.outputShape(name); // throws Error for an unknown layer
    return name;
}

} // namespace

std::vector<int64_t> pruneOrder(const torch::Tensor& means) {
    const auto m = means.to(torch::kFloat64).contiguous();
    const double* p = m.data_ptr<double>();
    std::vector<int64_t> order(static_cast<size_t>(m.numel()));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [p](int64_t a, int64_t b) { return p[a] < p[b]; });
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

std::vector<int64_t> rankChannels(const Model& model, const Dataset& rankOn,
                                  const std::string& layer, Feedback* fb,
                                  std::vector<double>* means, int64_t batch) {
    if (rankOn.size() == 0)
        throw Error(rankOn.name, "cannot rank channels on an empty data set");
    const std::string name = resolveLayer(model, layer);
    const auto m = channelMeans(layerActivations(model, rankOn.images, name, ProgressScope(fb),
                                                 batch)).contiguous();
    if (means)
        means->assign(m.data_ptr<double>(), m.data_ptr<double>() + m.numel());
    return pruneOrder(m);
}

// ---- PruneSweep -------------------------------------------------------------------------------

PruneSweep::PruneSweep(const Model& model, const std::string& layer,
                       std::vector<torch::Tensor> activations, bool allowFastPath, int64_t batch)
    : m_work(model), m_layer(layer), m_batch(batch > 0 ? batch : kDefaultBatch),
      m_acts(std::move(activations)) {
    if (!model.isCutPoint(layer))
        throw Error(model.spec().name, "layer '" + layer + "' is not a cut point: every path "
                                       "from the input to the output must pass through it");
    m_work.clearChannelMask(layer);
    const int64_t channels = model.outputShape(layer).channels();
    m_removed.assign(static_cast<size_t>(channels), 0);
    torch::NoGradGuard guard;
    for (auto& a : m_acts) {
        if (!a.defined() || a.dim() < 2 || a.size(1) != channels)
            throw Error(model.spec().name, "activations do not match layer '" + layer + "'");
        a = a.to(torch::kFloat32).contiguous().clone(); // the generic path zeroes channels in place
        m_nonzero.push_back(a.reshape({a.size(0), channels, -1}).ne(0).any(2));
    }
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

void PruneSweep::initialPredictions() {
    for (const auto& a : m_acts) {
        auto pred = torch::empty({a.size(0)}, torch::kInt64);
        for (int64_t b = 0; b < a.size(0); b += m_batch) {
            const int64_t e = std::min(a.size(0), b + m_batch);
            pred.slice(0, b, e).copy_(m_work.logitsFrom(m_layer, a.slice(0, b, e)).argmax(1));
        }
        m_pred.push_back(pred);
    }
}

void PruneSweep::verifyFastPath() {
    for (const auto& a : m_acts) {
        const int64_t n = std::min<int64_t>(a.size(0), kVerifyRows);
        if (n == 0)
            continue;
        const auto sample = a.slice(0, 0, n);
        const auto ref = m_work.logitsFrom(m_layer, sample);
        const auto state = m_head->initialState(sample);
        const auto fast = m_head->logits(state, torch::arange(n, torch::kInt64));
        const double scale = std::max(1.0, ref.abs().max().item<double>());
        if (fast.sizes() != ref.sizes() ||
            (fast - ref).abs().max().item<double>() > kFastPathTolerance * scale) {
            m_head.reset();
            m_note = "the incremental evaluator disagreed with the model";
            return;
        }
        break;
    }
    for (const auto& a : m_acts)
        m_state.push_back(m_head->initialState(a).z);
}

void PruneSweep::predictRows(size_t set, const torch::Tensor& rows) {
    auto& pred = m_pred[set];
    const int64_t r = rows.size(0);
    for (int64_t b = 0; b < r; b += m_batch) {
        const auto idx = rows.slice(0, b, std::min(r, b + m_batch));
        torch::Tensor logits;
        if (m_head)
            logits = m_head->logits(detail::LinearHead::State{m_state[set]}, idx);
        else
            logits = m_work.logitsFrom(m_layer, m_acts[set].index_select(0, idx));
        pred.index_put_({idx}, logits.argmax(1));
    }
}

void PruneSweep::prune(int64_t channel) {
    if (channel < 0 || channel >= static_cast<int64_t>(m_removed.size()))
        throw Error("channel " + std::to_string(channel) + " is outside layer '" + m_layer + "'");
    if (m_removed[static_cast<size_t>(channel)])
        return;
    m_removed[static_cast<size_t>(channel)] = 1;
    ++m_prunedCount;
    torch::NoGradGuard guard;
    for (size_t s = 0; s < m_acts.size(); ++s) {
        // Images whose activation in this channel is all zero cannot change.
        const auto rows = m_nonzero[s].select(1, channel).nonzero().reshape({-1});
        if (rows.numel() == 0)
            continue;
        if (m_head) {
            detail::LinearHead::State st{std::move(m_state[s])};
            m_head->removeChannel(st, rows, m_acts[s].index_select(0, rows).select(1, channel),
                                  channel);
            m_state[s] = std::move(st.z);
        } else {
            m_acts[s].select(1, channel).zero_();
        }
        predictRows(s, rows);
    }
}

// ---- pruningCurve -----------------------------------------------------------------------------

namespace {

PrunePoint scorePoint(int64_t k, int64_t channel, const PruneSweep& sweep,
                      const Dataset& clean, const std::vector<Dataset>& poisoned) {
    PrunePoint p;
    p.k = k;
    p.channel = channel;
    p.cca = accuracy(sweep.predictions(0), clean.labels);
    for (size_t i = 0; i < poisoned.size(); ++i)
        p.asr.push_back(attackSuccessRate(sweep.predictions(i + 1), poisoned[i].targets));
    return p;
}

/// For layers that are not cut points: mask the whole model and run it for every k.
void slowCurve(const Model& model, PruningCurve& curve, const Dataset& clean,
               const std::vector<Dataset>& poisoned, int64_t steps, int64_t batch,
               const ProgressScope& scope) {
    Model work(model);
    const auto base = model.channelMask(curve.layer);
    const int64_t channels = model.outputShape(curve.layer).channels();
    for (int64_t k = 0; k <= steps; ++k) {
        auto mask = pruneMask(channels, curve.order, k);
        work.setChannelMask(curve.layer, base.defined() ? mask * base : mask);
        const auto r = evaluate(work, clean, poisoned, nullptr);
        PrunePoint p;
        p.k = k;
        p.channel = k == 0 ? -1 : curve.order[static_cast<size_t>(k - 1)];
        p.cca = r.cca;
        for (const auto& s : r.asr)
            p.asr.push_back(s.asr);
        curve.points.push_back(p);
        scope.set(static_cast<double>(k + 1) / static_cast<double>(steps + 1),
                  "pruning " + std::to_string(k) + "/" + std::to_string(steps));
    }
}

} // namespace

PruningCurve pruningCurve(const Model& model, const Dataset& rankOn, const Dataset& cleanTest,
                          const std::vector<Dataset>& poisoned, const PruneConfig& config,
                          Feedback* fb) {
    for (const auto& p : poisoned)
        if (!p.poisoned())
            throw Error(p.name, "a poisoned set needs attack targets");
    PruningCurve curve;
    curve.layer = resolveLayer(model, config.layer);
    curve.cleanName = cleanTest.name;
    for (const auto& p : poisoned)
        curve.poisonedNames.push_back(p.name);
    const ProgressScope root(fb);

    if (rankOn.size() == 0)
        throw Error(rankOn.name, "cannot rank channels on an empty data set");
    torch::Tensor rankActs = layerActivations(model, rankOn.images, curve.layer,
                                              root.sub(0.0, 0.1), config.batch);
    const auto means = channelMeans(rankActs).contiguous();
    curve.channelMeans.assign(means.data_ptr<double>(), means.data_ptr<double>() + means.numel());
    curve.order = pruneOrder(means);
    curve.dormant = dormantChannels(means, config.dormantEpsilon);
    const int64_t channels = static_cast<int64_t>(curve.order.size());
    const int64_t steps = config.maxChannels < 0 ? channels
                                                 : std::min(channels, config.maxChannels);

    if (!model.isCutPoint(curve.layer)) {
        curve.fastPathNote = "layer '" + curve.layer + "' is not a cut point";
        slowCurve(model, curve, cleanTest, poisoned, steps, config.batch, root.sub(0.1, 1.0));
        return curve;
    }
    // The ranking set's activations are reused when it is the clean test set itself.
    const bool sameSet = rankOn.images.is_same(cleanTest.images);
    std::vector<torch::Tensor> acts;
    acts.push_back(sameSet ? rankActs : layerActivations(model, cleanTest.images, curve.layer,
                                                         root.sub(0.1, 0.2), config.batch));
    rankActs = torch::Tensor();
    for (size_t i = 0; i < poisoned.size(); ++i) {
        const double a = 0.2 + 0.1 * static_cast<double>(i) / static_cast<double>(poisoned.size());
        const double b = 0.2 + 0.1 * static_cast<double>(i + 1) / static_cast<double>(poisoned.size());
        acts.push_back(layerActivations(model, poisoned[i].images, curve.layer, root.sub(a, b),
                                        config.batch));
    }
    root.check();
    PruneSweep sweep(model, curve.layer, std::move(acts), config.allowFastPath, config.batch);
    curve.fastPath = sweep.fastPath();
    curve.fastPathNote = sweep.fastPathNote();
    curve.points.push_back(scorePoint(0, -1, sweep, cleanTest, poisoned));
    const ProgressScope stepScope = root.sub(0.3, 1.0);
    for (int64_t k = 1; k <= steps; ++k) {
        stepScope.check();
        const int64_t c = curve.order[static_cast<size_t>(k - 1)];
        sweep.prune(c);
        curve.points.push_back(scorePoint(k, c, sweep, cleanTest, poisoned));
        stepScope.set(static_cast<double>(k) / static_cast<double>(steps),
                        "pruning " + std::to_string(k) + "/" + std::to_string(steps));
    }
    root.set(1.0);
    return curve;
}

} // namespace bdl::core
