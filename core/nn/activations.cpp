#include "core/nn/activations.h"

#include "core/nn/dataset.h"
#include "core/base/errors.h"
#include "core/base/feedback.h"
#include "core/base/stage_text.h"

#include <torch/types.h>
#include <torch/utils.h>

namespace bdl::core {

torch::Tensor layerActivations(const Model& model, const torch::Tensor& images,
                               const std::string& layer, const ProgressScope& scope,
                               int64_t batch) {
    if (batch <= 0)
        throw Error("batch size must be positive, got " + std::to_string(batch));
    const std::string name = model.pruneLayer(layer);
    const auto& shape = model.outputShape(name);
    std::vector<int64_t> dims{images.defined() ? images.size(0) : 0};
    if (shape.spatial())
        dims.insert(dims.end(), {shape.dims[2], shape.dims[0], shape.dims[1]});
    else
        dims.insert(dims.end(), shape.dims.begin(), shape.dims.end());
    torch::NoGradGuard guard;
    // Channels-last like the forward pass produces it, so that Model::logitsFrom on these
    // activations runs the very same kernels as Model::logits on the images.
    // On the model's device: the pruning sweeps run the rest of the model on them there.
    auto out =
        torch::empty(dims, torch::TensorOptions()
                               .dtype(torch::kFloat32)
                               .device(model.device())
                               .memory_format(shape.spatial() ? at::MemoryFormat::ChannelsLast
                                                              : at::MemoryFormat::Contiguous));
    const int64_t n = dims[0];
    scope.check();
    for (int64_t b = 0; b < n; b += batch) {
        const int64_t e = std::min(n, b + batch);
        const auto x = images.slice(0, b, e).to(model.device()); // itself on the CPU
        out.slice(0, b, e).copy_(model.forwardTo(toChannelsLast(x), name));
        scope.set(static_cast<double>(e) / static_cast<double>(n),
                  stage::format(stage::kActivationsOf, {name}));
    }
    return out;
}

torch::Tensor channelMeans(const torch::Tensor& activations) {
    if (!activations.defined() || activations.dim() < 2)
        throw Error("activations must have shape (N, C[, H, W])");
    const auto a = activations.to(torch::kFloat64);
    if (a.size(0) == 0)
        return torch::zeros({a.size(1)}, a.options());
    std::vector<int64_t> reduce{0};
    for (int64_t d = 2; d < a.dim(); ++d)
        reduce.push_back(d);
    return a.mean(reduce);
}

torch::Tensor meanFeatureMap(const torch::Tensor& activations) {
    if (!activations.defined() || activations.dim() < 2)
        throw Error("activations must have shape (N, C[, H, W])");
    if (activations.size(0) == 0)
        return torch::zeros(activations.sizes().slice(1),
                            activations.options().dtype(torch::kFloat32));
    return activations.to(torch::kFloat64).mean(0).to(torch::kFloat32);
}

torch::Tensor meanChannelActivation(const Model& model, const torch::Tensor& images,
                                    const std::string& layer, Feedback* fb, int64_t batch) {
    return channelMeans(layerActivations(model, images, layer, ProgressScope(fb), batch));
}

std::vector<int64_t> dormantChannels(const torch::Tensor& means, double relEps) {
    const auto m = means.to(torch::kCPU, torch::kFloat64).contiguous();
    const int64_t c = m.numel();
    const double* p = m.data_ptr<double>();
    double maxMean = 0.0;
    for (int64_t i = 0; i < c; ++i)
        maxMean = std::max(maxMean, p[i]);
    std::vector<int64_t> out;
    for (int64_t i = 0; i < c; ++i)
        if (p[i] <= relEps * maxMean)
            out.push_back(i);
    return out;
}

ActivationSummary summarizeActivations(const torch::Tensor& activations, const std::string& layer,
                                       const std::string& dataset, double relEps) {
    ActivationSummary s;
    s.layer = layer;
    s.dataset = dataset;
    s.channels = activations.size(1);
    if (activations.dim() == 4) {
        s.height = activations.size(2);
        s.width = activations.size(3);
    }
    const auto means = channelMeans(activations).to(torch::kCPU).contiguous();
    s.channelMeans.assign(means.data_ptr<double>(), means.data_ptr<double>() + means.numel());
    const auto map = meanFeatureMap(activations).to(torch::kCPU).contiguous();
    s.meanMap.assign(map.data_ptr<float>(), map.data_ptr<float>() + map.numel());
    s.dormant = dormantChannels(means, relEps);
    return s;
}

ActivationCache::ActivationCache(const Model& model, const std::string& layer, const Dataset& clean,
                                 const std::vector<Dataset>& poisoned, Feedback* fb, int64_t batch)
    : m_layer(model.pruneLayer(layer)), m_cleanName(clean.name) {
    double total = static_cast<double>(std::max<int64_t>(clean.size(), 1));
    for (const auto& p : poisoned)
        total += static_cast<double>(p.size());
    const ProgressScope root(fb);
    double done = 0.0;
    auto next = [&](const Dataset& d) {
        const double a = done / total;
        done += static_cast<double>(d.size());
        return layerActivations(model, d.images, m_layer, root.sub(a, done / total), batch);
    };
    m_clean = next(clean);
    for (const auto& p : poisoned) {
        m_poisoned.push_back(next(p));
        m_poisonedNames.push_back(p.name);
    }
}

} // namespace bdl::core
