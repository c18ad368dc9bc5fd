#pragma once
/// @file frontier_sweep.h
/// FrontierSweep: the step-driven pruning evaluation for a layer that is not a cut point of the
/// graph (a convolution inside a residual block, a branch concatenated later), where PruneSweep
/// cannot go.
///
/// One forward pass per data set records, batch by batch, the layer's output and its frontier
/// (layer_frontier.h: the layers that are not after it but feed the layers after it, e.g. the
/// skip branch). Each step then re-runs only the layers after the pruned one, from the recorded
/// values with the layer's channel mask applied, and only for the batches in which the removed
/// channel is non-zero somewhere (the others' inputs are bit for bit unchanged). The batches are
/// those of predictLabels() and the mask is applied as the forward pass applies it, so every
/// prediction equals predictLabels() of the masked model with the same batch size, bit for bit.
///
/// Memory: cacheBytes() of all sets, held until the sweep is destroyed. Thread-safety: holds a
/// reference to the model, which must outlive the sweep and not change while it is used.
#include "core/base/feedback.h"
#include "core/nn/layer_frontier.h"
#include "core/nn/metrics.h"

#include <torch/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace bdl::core {

class FrontierSweep {
public:
    /// sets: the images of each data set ((N, C, H, W) raw pixels). Records the layer and its
    /// frontier for every batch of every set, then predicts with the layer's current mask (the
    /// model's, if any; pruned channels multiply it by 0). Progress and cancel over `scope`; cancel
    /// is also checked per batch in prune() (Cancelled: a sweep that threw it must be dropped).
    /// Errors (naming the model and the layer): an unknown layer, images that do not fit.
    FrontierSweep(const Model& model, const std::string& layer,
                  const std::vector<torch::Tensor>& sets, int64_t batch = kDefaultBatch,
                  const ProgressScope& scope = ProgressScope(nullptr));

    /// Bytes the recorded values of `images` images take (float32): what to weigh against a
    /// memory budget before constructing a sweep.
    static int64_t cacheBytes(const LayerFrontier& frontier, int64_t images) {
        return frontier.bytesPerImage() * images;
    }

    /// Removes one more channel (no-op when it is already removed) and updates the predictions.
    void prune(int64_t channel);
    /// Arg-max predictions (N,) int64 of set i with the channels removed so far, on the model's
    /// device (a view that the next prune() updates).
    torch::Tensor predictions(size_t set) const;
    size_t setCount() const { return m_offsets.size() - 1; }
    int64_t prunedCount() const { return m_prunedCount; }
    const LayerFrontier& frontier() const { return m_frontier; }
    /// "layer 'x' is not a cut point: re-running the N layers after it from cached activations
    /// of it and of M other layers" (or "... is a cut point: ..." when it is one).
    std::string note() const;

private:
    struct Batch {
        int64_t begin = 0; ///< rows [begin, end) of m_pred
        int64_t end = 0;
        LayerFrontier::Values values;
        std::vector<char> nonzero; ///< channel c is non-zero somewhere in this batch
    };
    torch::Tensor currentMask() const;
    void predict(const Batch& b, const torch::Tensor& mask);

    LayerFrontier m_frontier;
    torch::Tensor m_base; ///< the model's mask of the layer (undefined: none)
    torch::Tensor m_keep; ///< (C) float32: 0 for the channels removed here
    std::vector<Batch> m_batches;
    std::vector<int64_t> m_offsets;
    torch::Tensor m_pred; ///< (N) int64, all sets
    int64_t m_prunedCount = 0;
    ProgressScope m_cancel;
};

} // namespace bdl::core
