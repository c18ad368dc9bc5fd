#pragma once
/// @file prune_head.h
/// Internal to the pruning code: a fast, incremental evaluator of the part of a model that follows
/// the pruned layer L.
///
/// Why: a pruning curve evaluates the same images with 0, 1, ..., C channels of L removed.
/// Everything upstream of L is unchanged, and the layers that read L directly ("stems": a Conv2D,
/// a Dense on flat L, or Flatten -> Dense) are linear before their activation. So we keep the
/// stems' pre-activations Z and remove a channel by subtracting its contribution, which costs a
/// few per cent of recomputing the stems (float32: 60 subtractions add ~1e-6 relative error, the
/// size of the rounding differences between two GEMM implementations anyway). Only the layers
/// after the stems (the "tail") run again, and only for images whose activation in the removed
/// channel is non-zero; a final dense layer is mostly skipped by ArgmaxCertifier. For csaw-badnet
/// L = pool_3, the stems are fc_1 (through flatten_1) and conv_4, the tail is relu -> flatten_2 ->
/// fc_2 -> add -> relu -> output.
///
/// The tail is run by a small executor of its own (Model has no entry point taking several
/// given layer outputs); PruneSweep checks it against Model::logitsFrom before trusting it.
///
/// tryCreate() declines (returns nullptr with a reason) for graphs it does not support and for
/// models that are not on the CPU (its kernels and ArgmaxCertifier read raw CPU memory); callers
/// then use Model::logitsFrom. Not thread-safe: one instance per job.
#include "core/defenses/argmax_certifier.h"
#include "core/nn/model.h"

#include <torch/types.h>

#include <memory>
#include <string>
#include <vector>

namespace bdl::core::detail {

struct GraphInfo;

/// Per data set: the pre-activations of every stem and, when the output layer is a dense layer,
/// the arg-max certificates of its rows.
struct HeadState {
    std::vector<torch::Tensor> z;
    ArgmaxCertifier::Rows out;
};

class LinearHead {
public:
    using State = HeadState;

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
    /// Recomputes the arg-max of the given rows into pred (N) int64, which must hold their
    /// previous arg-max (certified when possible, see ArgmaxCertifier).
    void updatePredictions(State& state, const torch::Tensor& rows, torch::Tensor& pred) const;

    struct Stem;
    struct TailOp;

private:
    LinearHead();
    /// Analysis steps of tryCreate(); each returns why it declines, or "".
    std::string addStems(const Model& model, const GraphInfo& info, int cut,
                         std::vector<char>& isStem);
    std::string addTail(const Model& model, const GraphInfo& info, int cut,
                        const std::vector<char>& isStem);
    void attachCertifier();
    /// Runs stems and tail for the rows; returns the value of node `until`.
    torch::Tensor run(const State& state, const torch::Tensor& rows, int until) const;

    std::vector<Stem> m_stems;
    std::vector<TailOp> m_tail;
    int m_numNodes = 0;
    int m_output = -1;
    /// Set when the output is a dense layer (softmax or linear): m_tail stops before it and
    /// m_penultimate is its input.
    std::unique_ptr<ArgmaxCertifier> m_cert;
    int m_penultimate = -1;
};

} // namespace bdl::core::detail
