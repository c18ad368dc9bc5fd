#pragma once
/// @file prune_head.h
/// Internal to the pruning code: a fast, incremental evaluator of the part of a model that follows
/// the pruned layer L.
///
/// Why: a pruning curve evaluates the same images with 0, 1, ..., C channels of L removed.
/// Everything upstream of L is unchanged, and the layers that read L directly ("stems": a Conv2D,
/// a Dense on flat L, or Flatten -> Dense) are linear before their activation. So we keep the
/// stems' pre-activations Z (in float64, so that C subtractions do not accumulate rounding) and
/// remove a channel by subtracting its contribution, which costs a few per cent of recomputing
/// the stems. Only the layers after the stems (the "tail") are run again, and only for images
/// whose activation in the removed channel is non-zero. For csaw-badnet L = pool_3, the stems are
/// fc_1 (through flatten_1) and conv_4, the tail is relu -> flatten_2 -> fc_2 -> add -> relu ->
/// output.
///
/// tryCreate() declines (returns nullptr with a reason) for graphs it does not support; callers
/// then use Model::logitsFrom. Not thread-safe: one instance per job.
#include "core/model.h"

#include <torch/types.h>

#include <memory>
#include <string>
#include <vector>

namespace bdl::core::detail {

class LinearHead {
public:
    /// The pre-activations of every stem for the rows of one data set (float64).
    struct State {
        std::vector<torch::Tensor> z;
    };

    /// Analyses the graph after `layer`; nullptr (and *reason) when it is not supported.
    static std::unique_ptr<LinearHead> tryCreate(const Model& model, const std::string& layer,
                                                 std::string* reason);
    ~LinearHead();

    /// Stem pre-activations for activations (N, C, H, W) or (N, C) of the layer.
    State initialState(const torch::Tensor& activations) const;
    /// Subtracts channel c's contribution from the given rows. channelAct: the rows' activations
    /// of channel c, (R, H, W) or (R).
    void removeChannel(State& state, const torch::Tensor& rows, const torch::Tensor& channelAct,
                       int64_t c) const;
    /// Logits (R, classes) of the given rows of a state.
    torch::Tensor logits(const State& state, const torch::Tensor& rows) const;

    struct Stem;
    struct TailOp;

private:
    LinearHead();
    std::vector<Stem> m_stems;
    std::vector<TailOp> m_tail;
    int m_numNodes = 0;
    int m_output = -1;
};

} // namespace bdl::core::detail
