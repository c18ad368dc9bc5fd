#include "core/defenses/goodnet.h"

#include "core/nn/dataset.h"
#include "core/base/errors.h"
#include "core/base/feedback.h"
#include "core/nn/model.h"
#include "core/defenses/pruning.h"

#include <torch/types.h>

#include <limits>

namespace bdl::core {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void checkPair(const Model& b, const Model& bPrime) {
    if (b.numClasses() != bPrime.numClasses())
        throw Error("goodnet: the two models have different class counts (" +
                    std::to_string(b.numClasses()) + " and " + std::to_string(bPrime.numClasses()) +
                    ")");
    if (b.inputShape() != bPrime.inputShape())
        throw Error("goodnet: the two models have different input shapes");
}

double percent(const torch::Tensor& hits, int64_t n) {
    return n > 0 ? 100.0 * static_cast<double>(hits.sum().item<int64_t>()) / static_cast<double>(n)
                 : kNaN;
}

torch::Tensor labelsIn(const Model& b, const Model& bPrime, const torch::Tensor& images,
                       const ProgressScope& scope, int64_t batch) {
    const auto lb = predictLabels(b, images, scope.sub(0.0, 0.5), batch);
    const auto lp = predictLabels(bPrime, images, scope.sub(0.5, 1.0), batch);
    return combineGoodnet(lb, lp, b.numClasses());
}

} // namespace

torch::Tensor combineGoodnet(const torch::Tensor& labelsB, const torch::Tensor& labelsBPrime,
                             int64_t rejectClass) {
    if (labelsB.numel() != labelsBPrime.numel())
        throw Error("goodnet: label vectors of different lengths");
    const auto a = labelsB.reshape({-1}).to(torch::kInt64);
    const auto b = labelsBPrime.reshape({-1}).to(torch::kInt64);
    return torch::where(a == b, a, torch::full_like(a, rejectClass));
}

torch::Tensor goodnetLabels(const Model& b, const Model& bPrime, const torch::Tensor& images,
                            Feedback* fb, int64_t batch) {
    checkPair(b, bPrime);
    return labelsIn(b, bPrime, images, ProgressScope(fb), batch);
}

int64_t goodnetLabel(const Model& b, const Model& bPrime, const torch::Tensor& image) {
    checkPair(b, bPrime);
    const auto x = image.dim() == 3 ? image.unsqueeze(0) : image;
    if (x.dim() != 4 || x.size(0) != 1)
        throw Error("goodnet: expected one image of shape (C, H, W)");
    return labelsIn(b, bPrime, x, ProgressScope(nullptr), 1)[0].item<int64_t>();
}

GoodnetReport goodnet(const Model& b, const Model& bPrime, const Dataset& clean,
                      const std::vector<Dataset>& poisoned, Feedback* fb) {
    checkPair(b, bPrime);
    for (const auto& p : poisoned)
        if (!p.poisoned())
            throw Error(p.name, "a poisoned set needs attack targets");
    const ProgressScope root(fb);
    const double parts = 1.0 + static_cast<double>(poisoned.size());
    GoodnetReport r;
    r.rejectClass = b.numClasses();
    r.cleanName = clean.name;
    r.nClean = clean.size();
    const auto g = labelsIn(b, bPrime, clean.images, root.sub(0.0, 1.0 / parts), kDefaultBatch);
    r.cca = accuracy(g, clean.labels); // N never equals a real label
    r.cleanRejectRate = percent(g == r.rejectClass, r.nClean);
    for (size_t i = 0; i < poisoned.size(); ++i) {
        const auto& p = poisoned[i];
        const auto gp = labelsIn(b, bPrime, p.images,
                                 root.sub((1.0 + i) / parts, (2.0 + i) / parts), kDefaultBatch);
        GoodnetSetScore s;
        s.name = p.name;
        s.n = p.size();
        s.asr = attackSuccessRate(gp, p.targets);
        s.rejectRate = percent(gp == r.rejectClass, s.n);
        r.poisoned.push_back(s);
    }
    return r;
}

Model makeB0(const Model& b, const Dataset& train, int64_t k0, const FineTuneConfig& tune,
             const std::string& layer, Feedback* fb) {
    if (k0 < 0)
        throw Error("B0: the number of channels to prune must be >= 0");
    const std::string name = b.pruneLayer(layer);
    const ProgressScope root(fb);
    const auto order = rankChannels(b, train, name, nullptr, nullptr);
    if (k0 > static_cast<int64_t>(order.size()))
        throw Error("B0: cannot prune " + std::to_string(k0) + " of " +
                    std::to_string(order.size()) + " channels");
    Model b0(b);
    for (int64_t k = 1; k <= k0; ++k) {
        applyPruning(b0, name, {order[static_cast<size_t>(k - 1)]}, 1);
        fineTune(b0, train, tune,
                 root.sub(static_cast<double>(k - 1) / k0, static_cast<double>(k) / k0));
    }
    return b0;
}

} // namespace bdl::core
