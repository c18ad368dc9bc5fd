#pragma once
// Private to core/model*.cpp: the graph nodes behind Model.
#include "core/nn/layer_exec.h"
#include "core/nn/model.h"

#include <torch/types.h>

#include <algorithm>
#include <array>
#include <map>
#include <memory>
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

/// TensorFlow "same" padding of a window of effective size k with stride s over `in` pixels:
/// (before, after); the extra pixel goes after.
inline std::array<int64_t, 2> sameWindowPad(int64_t in, int64_t k, int s) {
    const int64_t out = (in + s - 1) / s;
    const int64_t total = std::max<int64_t>((out - 1) * s + k - in, 0);
    return {total / 2, total - total / 2};
}

/// One layer of the oneDNN trunk (model_trunk.cpp).
struct TrunkStep {
    enum Op { Conv, MaxPool, Relu, Identity } op = Identity;
    int node = -1;
    std::vector<int64_t> padding{0, 0}, stride{1, 1}, dilation{1, 1}, window{1, 1};
    int64_t groups = 1;
    bool relu = false; ///< a convolution with a ReLU activation
    bool ceil = false;
    /// The first convolution's uneven padding (left, right, top, bottom), applied to the dense
    /// input; empty when `padding` covers it.
    std::vector<int64_t> inputPad;
};

/// The trunk's prepacked weights, built on first use and rebuilt when weights change. Copies
/// start empty; safe to use from concurrent const calls.
class TrunkCache {
public:
    TrunkCache();
    TrunkCache(const TrunkCache&);
    TrunkCache& operator=(const TrunkCache&);
    ~TrunkCache();
    struct State;
    std::unique_ptr<State> m_state;
};

struct Model::Impl {
    c10::Device device{c10::kCPU}; ///< where every node's tensors live (Model::device)
    std::vector<ModelNode> nodes;  ///< same order as spec.layers (topological)
    std::map<std::string, int> index;
    int inputNode = -1;
    int outputNode = -1;
    bool finalSoftmax = false; ///< the output node ends in softmax (left out of logits)
    /// For a node whose output goes only to a max-pooling node and ends in a monotone
    /// non-decreasing element-wise function (a ReLU conv, an Activation or ReLU layer): that
    /// pooling node, else -1. Inference pools first and applies the function to the pooled,
    /// smaller tensor: max(f(x)) == f(max(x)) bit for bit (fusedPoolNodes()).
    std::vector<int> poolAfter;

    /// How many nodes read each node's output (count), and the last of them (-1: none).
    struct Consumers {
        std::vector<int> count, last;
    };
    Consumers consumers() const;

    /// Fills poolAfter from the graph (the constructor calls it once the nodes are built).
    void findPoolAfter(const ModelSpec& spec);

    /// The chain of layers from the input that oneDNN runs whole in reduced precision: plain
    /// convolutions (ReLU or linear, symmetric padding), max pooling, ReLU and dropout, each the
    /// only consumer of the one before, up to the block of the last such convolution. Empty
    /// when the model does not start so; trunkEnd is then -1, else the last step's node (a cut
    /// point of the graph).
    std::vector<TrunkStep> trunk;
    int trunkEnd = -1;
    TrunkCache trunkCache;
    void findTrunk(const ModelSpec& spec);
    /// A trunk exists, the model is on the CPU (oneDNN) and no channel mask sits inside it (one
    /// at its end is applied after it).
    bool trunkRunnable() const;
    /// trunkEnd's output (float32, dense, unmasked) for a prepared input, with the trunk run in
    /// `dtype` (kBFloat16 or kFloat) on oneDNN tensors. With firstStep > 0, `prepared` is the
    /// (masked) output of step firstStep - 1 and the steps from firstStep on run.
    torch::Tensor runTrunk(const torch::Tensor& prepared, c10::ScalarType dtype,
                           size_t firstStep = 0) const;
    /// The trunk step that computes `node`, or -1.
    int trunkStepOf(int node) const;

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
