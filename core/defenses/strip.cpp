#include "core/defenses/strip.h"

#include "core/nn/dataset.h"
#include "core/base/errors.h"
#include "core/base/random.h"
#include "core/base/feedback.h"
#include "core/nn/metrics.h"
#include "core/defenses/strip_fast.h"

#include <torch/types.h>
#include <torch/utils.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

namespace bdl::core {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void checkImages(const Model& model, const torch::Tensor& t, const char* what) {
    const auto s = model.inputShape();
    if (!t.defined() || t.dim() != 4 || t.size(1) != s[2] || t.size(2) != s[0] || t.size(3) != s[1])
        throw Error(std::string("STRIP: the ") + what + " do not have the model's input shape");
}

/// Mean Shannon entropy in bits of softmax(logits) over consecutive groups of n rows.
torch::Tensor groupEntropy(const torch::Tensor& logits, int64_t n) {
    return softmaxEntropyBits(logits).view({-1, n}).mean(1);
}

torch::Tensor blendPixels(const torch::Tensor& x, const torch::Tensor& overlays,
                          const StripConfig& c) {
    const auto xi = x.to(torch::kFloat32).unsqueeze(1);
    const auto oi = overlays.unsqueeze(0);
    torch::Tensor b;
    if (c.mode == BlendMode::Alpha)
        b = xi * static_cast<float>(c.alpha) + oi * static_cast<float>(1.0 - c.alpha);
    else
        b = torch::clamp(xi + oi, 0.0, 255.0);
    return b.reshape({-1, x.size(1), x.size(2), x.size(3)});
}

} // namespace

torch::Tensor softmaxEntropyBits(const torch::Tensor& logits) {
    const auto logp = torch::log_softmax(logits.to(torch::kFloat32), 1);
    return -(logp.exp() * logp).sum(1).to(torch::kFloat64) / std::log(2.0);
}

torch::Tensor stripBlend(const torch::Tensor& inputs, const torch::Tensor& overlays,
                         const StripConfig& config) {
    if (!inputs.defined() || !overlays.defined() || inputs.dim() != 4 || overlays.dim() != 4 ||
        inputs.sizes().slice(1) != overlays.sizes().slice(1))
        throw Error("STRIP: inputs and overlays must be (N, C, H, W) images of one shape");
    if (config.mode == BlendMode::Alpha && !(config.alpha >= 0.0 && config.alpha <= 1.0))
        throw Error("STRIP: alpha must be in [0, 1]");
    torch::NoGradGuard guard;
    return blendPixels(inputs, overlays.to(torch::kFloat32), config);
}

void validateStripConfig(const StripConfig& c) {
    if (c.n < 1)
        throw Error("STRIP: the number of superimpositions must be at least 1");
    if (c.batch < 1)
        throw Error("STRIP: the batch size must be at least 1");
    if (c.mode == BlendMode::Alpha && !(c.alpha >= 0.0 && c.alpha <= 1.0))
        throw Error("STRIP: alpha must be in [0, 1]");
}

std::vector<int64_t> stripOverlayIndices(int64_t overlayCount, const StripConfig& config) {
    if (overlayCount <= 0)
        throw Error("STRIP: the overlay set is empty");
    if (config.n <= 0)
        throw Error("STRIP: the number of superimpositions must be positive");
    if (overlayCount >= config.n)
        return seededDraw(overlayCount, config.n, config.seed); // n distinct overlays
    std::mt19937_64 rng(config.seed);
    std::vector<int64_t> idx;
    for (int64_t i = 0; i < config.n; ++i)
        idx.push_back(uniformIndex(rng, overlayCount));
    return idx;
}

torch::Tensor stripEntropies(const Model& model, const torch::Tensor& inputs,
                             const torch::Tensor& overlays, const StripConfig& config,
                             const ProgressScope& scope, bool* usedFastPath) {
    checkImages(model, inputs, "inputs");
    checkImages(model, overlays, "overlays");
    if (config.mode == BlendMode::Alpha && !(config.alpha >= 0.0 && config.alpha <= 1.0))
        throw Error("STRIP: alpha must be in [0, 1]");
    torch::NoGradGuard guard;
    const auto idx = stripOverlayIndices(overlays.size(0), config);
    // The drawn overlays once on the model's device, each batch of inputs in the loop (both the
    // tensors themselves on the CPU).
    const auto chosen = overlays.index_select(0, torch::tensor(idx, torch::kInt64))
                            .to(model.device(), torch::kFloat32)
                            .contiguous();
    const int64_t n = config.n;
    std::unique_ptr<detail::StripFastPath> fast;
    if (config.allowFastPath && config.mode == BlendMode::Alpha)
        fast = detail::StripFastPath::tryCreate(model, chosen, config.alpha, nullptr);
    if (usedFastPath)
        *usedFastPath = fast != nullptr;

    const int64_t count = inputs.size(0);
    const int64_t perBatch = std::max<int64_t>(1, config.batch / n);
    auto out = torch::empty({count}, torch::kFloat64);
    scope.check();
    for (int64_t b = 0; b < count; b += perBatch) {
        const int64_t e = std::min(count, b + perBatch);
        const auto x = inputs.slice(0, b, e).to(model.device());
        const auto logits =
            fast ? fast->logits(x) : model.logits(toChannelsLast(blendPixels(x, chosen, config)));
        out.slice(0, b, e).copy_(groupEntropy(logits, n));
        scope.set(static_cast<double>(e) / static_cast<double>(count), "STRIP");
    }
    return out;
}

torch::Tensor stripEntropies(const Model& model, const torch::Tensor& inputs,
                             const torch::Tensor& overlays, const StripConfig& config,
                             Feedback* fb) {
    return stripEntropies(model, inputs, overlays, config, ProgressScope(fb));
}

// ---- thresholds -------------------------------------------------------------------------------

double inverseNormalCdf(double p) {
    if (!(p > 0.0 && p < 1.0))
        throw Error("inverse normal CDF: p must be in (0, 1), got " + std::to_string(p));
    // Acklam's coefficients.
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                               -2.759285104469687e+02, 1.383577518672690e+02,
                               -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                               -1.556989798598866e+02, 6.680131188771972e+01,
                               -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                               -2.400758277161838e+00, -2.549732539343734e+00,
                               4.374664141464968e+00,  2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                               3.754408661907416e+00};
    constexpr double kLow = 0.02425;
    double x;
    if (p < kLow) {
        const double q = std::sqrt(-2.0 * std::log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    } else if (p <= 1.0 - kLow) {
        const double q = p - 0.5;
        const double r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
    } else {
        const double q = std::sqrt(-2.0 * std::log(1.0 - p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    }
    // One Halley step on Phi(x) - p brings the 1e-9 approximation to machine precision.
    const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
    constexpr double kSqrt2Pi = 2.50662827463100050242;
    const double u = e * kSqrt2Pi * std::exp(x * x / 2.0);
    return x - u / (1.0 + x * u / 2.0);
}

StripThreshold cleanThreshold(const std::vector<double>& calibration, ThresholdRule rule,
                              double frrPercent) {
    if (rule == ThresholdRule::EqualError)
        throw Error("STRIP: the equal-error threshold needs poisoned entropies");
    if (calibration.empty())
        throw Error("STRIP: no calibration entropies to set a threshold");
    if (!(frrPercent > 0.0 && frrPercent < 100.0))
        throw Error("STRIP: the false rejection rate must be in (0, 100) %");
    StripThreshold t;
    t.rule = rule;
    t.targetFrr = frrPercent;
    const double n = static_cast<double>(calibration.size());
    if (rule == ThresholdRule::NormalFit) {
        const double mean = std::accumulate(calibration.begin(), calibration.end(), 0.0) / n;
        double var = 0.0;
        for (double v : calibration)
            var += (v - mean) * (v - mean);
        const double sd = calibration.size() > 1 ? std::sqrt(var / (n - 1.0)) : 0.0;
        t.value = mean + inverseNormalCdf(frrPercent / 100.0) * sd;
        return t;
    }
    // Percentile: exactly floor(FRR * n) calibration values lie below the threshold (barring
    // ties), which sits halfway between the k-th and (k+1)-th smallest.
    std::vector<double> s(calibration);
    std::sort(s.begin(), s.end());
    const auto k = static_cast<size_t>(std::floor(frrPercent / 100.0 * n));
    t.value = k == 0 ? s.front() : 0.5 * (s[k - 1] + s[k]);
    return t;
}

double flaggedPercent(const std::vector<double>& entropy, double threshold) {
    if (entropy.empty())
        return kNaN;
    const auto flagged =
        std::count_if(entropy.begin(), entropy.end(), [&](double v) { return v < threshold; });
    return 100.0 * static_cast<double>(flagged) / static_cast<double>(entropy.size());
}

StripThreshold equalErrorThreshold(const std::vector<double>& clean,
                                   const std::vector<double>& poisoned) {
    if (clean.empty() || poisoned.empty())
        throw Error("STRIP: the equal-error threshold needs clean and poisoned entropies");
    std::vector<double> v(clean);
    v.insert(v.end(), poisoned.begin(), poisoned.end());
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    std::vector<double> candidates{v.front() - 1.0};
    for (size_t i = 1; i < v.size(); ++i)
        candidates.push_back(0.5 * (v[i - 1] + v[i]));
    candidates.push_back(v.back() + 1.0);
    StripThreshold best;
    best.rule = ThresholdRule::EqualError;
    best.usesPoisonedData = true;
    best.targetFrr = kNaN;
    double bestGap = std::numeric_limits<double>::infinity();
    double bestSum = bestGap;
    for (double c : candidates) {
        const double frr = flaggedPercent(clean, c);
        const double far = 100.0 - flaggedPercent(poisoned, c);
        const double gap = std::fabs(frr - far);
        if (gap < bestGap || (gap == bestGap && frr + far < bestSum)) {
            bestGap = gap;
            bestSum = frr + far;
            best.value = c;
        }
    }
    return best;
}

double stripAuroc(const std::vector<double>& cleanEntropy,
                  const std::vector<double>& poisonedEntropy) {
    const size_t nc = cleanEntropy.size();
    const size_t np = poisonedEntropy.size();
    if (nc == 0 || np == 0)
        return kNaN;
    // Ranks (ascending, ties averaged) of all values; U of the clean values counts the
    // (clean, poisoned) pairs where clean entropy is higher.
    std::vector<std::pair<double, bool>> all;
    for (double v : cleanEntropy)
        all.emplace_back(v, true);
    for (double v : poisonedEntropy)
        all.emplace_back(v, false);
    std::sort(all.begin(), all.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    double rankSumClean = 0.0;
    for (size_t i = 0; i < all.size();) {
        size_t j = i;
        while (j < all.size() && all[j].first == all[i].first)
            ++j;
        const double avgRank = 0.5 * static_cast<double>(i + 1 + j); // ranks i+1 .. j
        for (size_t k = i; k < j; ++k)
            if (all[k].second)
                rankSumClean += avgRank;
        i = j;
    }
    const double u = rankSumClean - static_cast<double>(nc) * (nc + 1.0) / 2.0;
    return u / (static_cast<double>(nc) * static_cast<double>(np));
}

std::vector<RocPoint> stripRoc(const std::vector<double>& cleanEntropy,
                               const std::vector<double>& poisonedEntropy) {
    std::vector<RocPoint> roc;
    if (cleanEntropy.empty() || poisonedEntropy.empty())
        return roc;
    std::vector<double> clean(cleanEntropy), poisoned(poisonedEntropy);
    std::sort(clean.begin(), clean.end());
    std::sort(poisoned.begin(), poisoned.end());
    std::vector<double> v(clean);
    v.insert(v.end(), poisoned.begin(), poisoned.end());
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    // The same candidates as equalErrorThreshold(); the counts below a candidate come from the
    // sorted lists, and the percentages use flaggedPercent's formula, so both agree exactly.
    auto point = [&](double t) {
        const auto nc = std::lower_bound(clean.begin(), clean.end(), t) - clean.begin();
        const auto np = std::lower_bound(poisoned.begin(), poisoned.end(), t) - poisoned.begin();
        return RocPoint{t, 100.0 * static_cast<double>(nc) / static_cast<double>(clean.size()),
                        100.0 * static_cast<double>(np) / static_cast<double>(poisoned.size())};
    };
    roc.reserve(v.size() + 1);
    roc.push_back(point(v.front() - 1.0));
    for (size_t i = 1; i < v.size(); ++i)
        roc.push_back(point(0.5 * (v[i - 1] + v[i])));
    roc.push_back(point(v.back() + 1.0));
    return roc;
}

// ---- reports ----------------------------------------------------------------------------------

namespace {

/// % of rows that are not flagged and whose prediction equals the reference (known refs only).
double passedAndEqual(const StripSetData& d, double threshold) {
    int64_t known = 0, hits = 0;
    for (size_t i = 0; i < d.entropy.size(); ++i) {
        if (d.reference[i] < 0)
            continue;
        ++known;
        if (d.entropy[i] >= threshold && d.predicted[i] == d.reference[i])
            ++hits;
    }
    return known > 0 ? 100.0 * static_cast<double>(hits) / static_cast<double>(known) : kNaN;
}

void checkSet(const StripSetData& d) {
    if (d.predicted.size() != d.entropy.size() || d.reference.size() != d.entropy.size())
        throw Error(d.name, "STRIP data: entropies, predictions and references differ in length");
}

StripSetResult scoreSet(const StripSetData& cleanTest, const StripSetData& p, double threshold) {
    StripSetResult s;
    s.name = p.name;
    s.n = static_cast<int64_t>(p.entropy.size());
    s.threshold = threshold;
    s.frr = flaggedPercent(cleanTest.entropy, threshold);
    s.far = 100.0 - flaggedPercent(p.entropy, threshold);
    s.auroc = stripAuroc(cleanTest.entropy, p.entropy);
    s.asr = passedAndEqual(p, threshold);
    s.cca = passedAndEqual(cleanTest, threshold);
    return s;
}

} // namespace

StripReport stripReport(const std::vector<double>& calibration, const StripSetData& cleanTest,
                        const std::vector<StripSetData>& poisoned, ThresholdRule rule,
                        double frrPercent) {
    checkSet(cleanTest);
    for (const auto& p : poisoned)
        checkSet(p);
    if (rule != ThresholdRule::EqualError)
        return stripReportAt(calibration, cleanTest, poisoned,
                             cleanThreshold(calibration, rule, frrPercent));
    StripReport r;
    r.cleanName = cleanTest.name;
    r.nClean = static_cast<int64_t>(cleanTest.entropy.size());
    r.threshold.rule = rule;
    r.threshold.usesPoisonedData = true;
    r.threshold.targetFrr = kNaN;
    r.threshold.value = kNaN;
    r.cleanFrr = kNaN;
    r.cca = kNaN;
    r.calibrationFrr = kNaN;
    for (const auto& p : poisoned)
        r.sets.push_back(
            scoreSet(cleanTest, p, equalErrorThreshold(cleanTest.entropy, p.entropy).value));
    return r;
}

StripReport stripReportAt(const std::vector<double>& calibration, const StripSetData& cleanTest,
                          const std::vector<StripSetData>& poisoned,
                          const StripThreshold& threshold) {
    checkSet(cleanTest);
    for (const auto& p : poisoned)
        checkSet(p);
    StripReport r;
    r.cleanName = cleanTest.name;
    r.nClean = static_cast<int64_t>(cleanTest.entropy.size());
    r.threshold = threshold;
    r.cleanFrr = flaggedPercent(cleanTest.entropy, threshold.value);
    r.cca = passedAndEqual(cleanTest, threshold.value);
    r.calibrationFrr = flaggedPercent(calibration, threshold.value);
    for (const auto& p : poisoned)
        r.sets.push_back(scoreSet(cleanTest, p, threshold.value));
    return r;
}

StripSetData stripSetData(const Model& model, const Dataset& set, const torch::Tensor& overlays,
                          const StripConfig& config, Feedback* fb) {
    const ProgressScope root(fb);
    StripSetData d;
    d.name = set.name;
    const auto e =
        stripEntropies(model, set.images, overlays, config, root.sub(0.0, 0.9)).contiguous();
    d.entropy.assign(e.data_ptr<double>(), e.data_ptr<double>() + e.numel());
    const auto pred = predictLabels(model, set.images, root.sub(0.9, 1.0)).contiguous();
    d.predicted.assign(pred.data_ptr<int64_t>(), pred.data_ptr<int64_t>() + pred.numel());
    const auto ref = (set.poisoned() ? set.targets : set.labels).to(torch::kInt64).contiguous();
    d.reference.assign(ref.data_ptr<int64_t>(), ref.data_ptr<int64_t>() + ref.numel());
    return d;
}

} // namespace bdl::core
