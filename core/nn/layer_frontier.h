#pragma once
/// @file layer_frontier.h
/// LayerFrontier: re-runs only the part of a model after one layer L, for any graph, from values
/// recorded by one forward pass.
///
/// Where L is not a cut point (a convolution inside a residual block, a branch that is
/// concatenated later), the layers after it also read layers that do not depend on L: the skip
/// branch of the block, an earlier layer concatenated later. Those are L's frontier: every layer
/// that is not a descendant of L but feeds one. record() keeps L's output (its own mask not
/// applied) and the frontier's outputs for a batch; logits() runs the descendants of L that lead
/// to the output from them, with a channel mask applied at L's output exactly as the forward pass
/// applies a layer's mask. With the same batch and the same masks elsewhere, the logits are bit
/// for bit those of Model::logits on the masked model: the same executor (runLayer) runs the same
/// layers on the same tensors, and the recorded tensors keep the forward pass's memory format.
///
/// Thread-safety: holds a reference to the model, which must outlive it and must not be modified
/// (weights, masks of other layers) while it is used; const calls may run concurrently.
#include "core/nn/model.h"

#include <torch/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace bdl::core {

class LayerFrontier {
public:
    /// What record() keeps of one batch.
    struct Values {
        torch::Tensor layer;                 ///< L's output, L's own mask not applied
        std::vector<torch::Tensor> frontier; ///< the frontier's outputs, order of frontier()
    };

    /// Throws Error naming the model and the layer for an unknown layer.
    LayerFrontier(const Model& model, const std::string& layer);

    const Model& model() const { return m_model; }
    const std::string& layer() const { return m_layer; }
    /// The frontier layers in graph order (empty when L is a cut point).
    const std::vector<std::string>& frontier() const { return m_frontierNames; }
    /// Layers that logits() runs: the descendants of L that lead to the output.
    int64_t downstreamLayers() const { return m_downstream; }
    /// Bytes one image's Values take (float32): L's output and the frontier's outputs.
    int64_t bytesPerImage() const { return m_bytesPerImage; }

    /// One forward pass of a batch of images ((N, C, H, W) raw pixels as stored in the data sets,
    /// as Model::logits takes them) through the ancestors of L and of its frontier. Throws Error
    /// when the images do not fit the model.
    Values record(const torch::Tensor& images) const;
    /// Logits (N, classes) from recorded values with `mask` (L's C channels; undefined: none)
    /// applied at L's output. The masks of every other layer are the model's.
    torch::Tensor logits(const Values& values, const torch::Tensor& mask) const;

private:
    const Model& m_model;
    std::string m_layer;
    int m_node = -1;
    std::vector<int> m_frontier; ///< node indices
    std::vector<std::string> m_frontierNames;
    std::vector<char> m_recordActive; ///< ancestors of L and of the frontier
    int m_recordUntil = -1;
    std::vector<char> m_downActive; ///< descendants of L that are ancestors of the output
    int64_t m_downstream = 0;
    int64_t m_bytesPerImage = 0;
};

} // namespace bdl::core
