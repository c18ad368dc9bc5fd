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

    /// Runs nodes reachable from `from` (exclusive) given outs[from] until `until`; returns outs.
    void run(std::vector<torch::Tensor>& outs, int from, int until, bool training,
             bool batchNormTraining, const std::vector<char>& active, const ModelSpec& spec) const;
};

} // namespace bdl::core
