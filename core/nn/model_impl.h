#pragma once
// Private to core/model*.cpp: the graph nodes behind Model.
#include "core/nn/layer_exec.h"
#include "core/nn/model.h"

#include <torch/types.h>

#include <map>
#include <string>
#include <vector>

namespace bdl::core {

/// One executable node: its spec, resolved inputs, inferred shape and weights in internal
/// (channels-first, PyTorch) layout.
struct ModelNode : LayerTensors {
    int specIndex = 0;
    std::vector<int> inputs; ///< node indices
    TensorShape shape;       ///< Keras order, without batch
    torch::Tensor mask;      ///< (C) channel mask or undefined
};

struct Model::Impl {
    std::vector<ModelNode> nodes; ///< same order as spec.layers (topological)
    std::map<std::string, int> index;
    int inputNode = -1;
    int outputNode = -1;
    bool finalSoftmax = false; ///< the output node ends in softmax (left out of logits)

    /// Runs the active nodes after `from` up to `until` (inclusive, graph order) into outs,
    /// reading their inputs from outs. Every node's channel mask is applied to its output, except
    /// node `unmasked`'s (-1: none), whose raw output stays in outs for a caller to mask.
    void run(std::vector<torch::Tensor>& outs, int from, int until, bool training,
             bool batchNormTraining, const std::vector<char>& active, const ModelSpec& spec,
             int unmasked = -1) const;

    /// Marks the ancestors of `target` (inclusive).
    std::vector<char> ancestors(int target) const;
    /// Marks the descendants of `source` (exclusive).
    std::vector<char> descendants(int source) const;

    /// y with a channel mask applied, exactly as run() applies a node's mask (undefined: y).
    static torch::Tensor masked(const torch::Tensor& y, const torch::Tensor& mask) {
        if (!mask.defined())
            return y;
        return y * (y.dim() == 4 ? mask.view({1, -1, 1, 1}) : mask.view({1, -1}));
    }

    /// The graph behind a model, for core code that runs parts of it (layer_frontier.cpp). A
    /// nested class may read the enclosing class's private members, so model.h needs no friend.
    static const Impl& of(const Model& m) { return *m.m_impl; }
};

} // namespace bdl::core
