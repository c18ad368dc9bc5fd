#pragma once
/// @file activations.h
/// Layer activations for the pruning defense: per-channel means (the ranking of Liu et al.),
/// mean feature maps (the paper's activation heat maps) and dormant channels, plus a cache that
/// computes a layer's activations once per data set for reuse by pruning and the GUI.
///
/// Thread-safety: only reads the model. Errors: Error for an unknown layer or a set that does not
/// fit the model; Cancelled between batches.
#include "core/nn/metrics.h"

#include <torch/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace bdl::core {

struct Dataset;
class Feedback;
class ProgressScope;

/// Channels whose mean activation is at most this fraction of the largest channel mean count as
/// dormant (they never fire on the data; pruning them cannot change any prediction).
inline constexpr double kDormantRelativeEpsilon = 1e-6;

/// The output of `layer` for every image, (N, C, H, W) or (N, C) float32, masks applied, on the
/// model's device (images on any device; each batch is moved there). layer empty =
/// model.defaultPruneLayer().
torch::Tensor layerActivations(const Model& model, const torch::Tensor& images,
                               const std::string& layer, const ProgressScope& scope,
                               int64_t batch = kDefaultBatch);

/// Mean over N, H, W of each channel of an activation tensor (N, C[, H, W]) → (C) float64, on
/// the activations' device.
torch::Tensor channelMeans(const torch::Tensor& activations);
/// Mean over N of an activation tensor (N, C, H, W) → (C, H, W) float32 ((C) for flat layers).
torch::Tensor meanFeatureMap(const torch::Tensor& activations);
/// Per-channel mean activation of `layer` over a set (layer empty = default prune layer).
torch::Tensor meanChannelActivation(const Model& model, const torch::Tensor& images,
                                    const std::string& layer = std::string(),
                                    Feedback* fb = nullptr, int64_t batch = kDefaultBatch);
/// Channels (ascending) whose mean is <= relEps * max(mean), i.e. that (almost) never fire.
/// When every mean is 0, every channel is dormant.
std::vector<int64_t> dormantChannels(const torch::Tensor& means,
                                     double relEps = kDormantRelativeEpsilon);

/// Plain-value summary of a layer's activations on one set, for plots (no tensors).
struct ActivationSummary {
    std::string layer;
    std::string dataset;
    int64_t channels = 0;
    int64_t height = 1; ///< 1 for flat layers
    int64_t width = 1;
    std::vector<double> channelMeans; ///< C values
    std::vector<float> meanMap;       ///< C * H * W values, channel-major
    std::vector<int64_t> dormant;     ///< see dormantChannels()
};

/// Summary of an activation tensor of `layer` on `dataset`.
ActivationSummary summarizeActivations(const torch::Tensor& activations, const std::string& layer,
                                       const std::string& dataset,
                                       double relEps = kDormantRelativeEpsilon);

/// A layer's activations on a clean set and on each poisoned set, computed once.
/// Memory: N * C * H * W floats per set (4.8 kB per image at pool_3 of csaw-badnet).
class ActivationCache {
public:
    /// Runs the model up to `layer` (empty = default prune layer) on every set.
    ActivationCache(const Model& model, const std::string& layer, const Dataset& clean,
                    const std::vector<Dataset>& poisoned, Feedback* fb = nullptr,
                    int64_t batch = kDefaultBatch);

    const std::string& layer() const { return m_layer; }
    const torch::Tensor& clean() const { return m_clean; }
    size_t poisonedCount() const { return m_poisoned.size(); }
    const torch::Tensor& poisoned(size_t i) const { return m_poisoned.at(i); }
    const std::string& cleanName() const { return m_cleanName; }
    const std::string& poisonedName(size_t i) const { return m_poisonedNames.at(i); }

private:
    std::string m_layer;
    std::string m_cleanName;
    torch::Tensor m_clean;
    std::vector<torch::Tensor> m_poisoned;
    std::vector<std::string> m_poisonedNames;
};

} // namespace bdl::core
