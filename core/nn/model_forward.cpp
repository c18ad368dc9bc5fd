// Model execution: the Keras-semantics forward pass (channels-first inside), partial runs from a
// cut point, and graph introspection for the defenses.
#include "core/base/errors.h"
#include "core/nn/model.h"
#include "core/nn/model_impl.h"

#include <torch/types.h>
#include <torch/utils.h>

#include <limits>
#include <optional>

namespace bdl::core {

namespace {

/// TensorFlow "same" padding: the extra pixel goes after (bottom/right).
std::array<int64_t, 2> samePad(int64_t in, int k, int s) {
    const int64_t out = (in + s - 1) / s;
    const int64_t total = std::max<int64_t>((out - 1) * s + k - in, 0);
    return {total / 2, total - total / 2};
}

torch::Tensor padSame(const torch::Tensor& x, const LayerSpec& l, const std::array<int, 2>& k,
                      double value) {
    const auto ph = samePad(x.size(2), k[0], l.strides[0]);
    const auto pw = samePad(x.size(3), k[1], l.strides[1]);
    if (ph[0] == 0 && ph[1] == 0 && pw[0] == 0 && pw[1] == 0)
        return x;
    return torch::constant_pad_nd(x, {pw[0], pw[1], ph[0], ph[1]}, value);
}

torch::Tensor activate(torch::Tensor x, ActivationKind a, bool skipSoftmax) {
    switch (a) {
    case ActivationKind::Linear:
        return x;
    case ActivationKind::Relu:
        return torch::relu(x);
    case ActivationKind::Softmax:
        return skipSoftmax ? x : torch::softmax(x, 1);
    case ActivationKind::Sigmoid:
        return torch::sigmoid(x);
    case ActivationKind::Tanh:
        return torch::tanh(x);
    }
    return x;
}

torch::Tensor kerasRelu(const torch::Tensor& x, const LayerSpec& l) {
    torch::Tensor y;
    if (l.reluNegativeSlope == 0.0 && l.reluThreshold == 0.0)
        y = torch::relu(x);
    else
        y = torch::where(x >= l.reluThreshold, x, (x - l.reluThreshold) * l.reluNegativeSlope);
    if (std::isfinite(l.reluMaxValue))
        y = torch::clamp_max(y, l.reluMaxValue);
    return y;
}

int64_t concatDim(const LayerSpec& l, int64_t rank) {
    if (rank == 2)
        return 1;
    const int64_t keras = l.axis < 0 ? 4 + l.axis : l.axis; // axis over (N, H, W, C)
    return keras == 3 ? 1 : keras + 1;                      // internal (N, C, H, W)
}

} // namespace

torch::Tensor Model::Impl::runNode(const ModelNode& n, const LayerSpec& l,
                                   const std::vector<torch::Tensor>& outs, bool training,
                                   bool isFinal) const {
    const torch::Tensor& x = outs[n.inputs.empty() ? 0 : n.inputs[0]];
    const bool skipSoftmax = isFinal && finalSoftmax;
    switch (l.kind) {
    case LayerKind::Input:
        return x;
    case LayerKind::Conv2D: {
        const torch::Tensor in = l.samePadding ? padSame(x, l, l.kernel, 0.0) : x;
        auto y = torch::conv2d(in, n.weight, n.bias, {l.strides[0], l.strides[1]});
        return activate(y, l.activation, skipSoftmax);
    }
    case LayerKind::MaxPooling2D: {
        const double ninf = -std::numeric_limits<double>::infinity();
        const torch::Tensor in = l.samePadding ? padSame(x, l, l.poolSize, ninf) : x;
        return torch::max_pool2d(in, {l.poolSize[0], l.poolSize[1]}, {l.strides[0], l.strides[1]});
    }
    case LayerKind::AveragePooling2D: {
        const std::vector<int64_t> k{l.poolSize[0], l.poolSize[1]};
        const std::vector<int64_t> s{l.strides[0], l.strides[1]};
        if (!l.samePadding)
            return torch::avg_pool2d(x, k, s);
        // Keras averages over the valid pixels only: divide by the count of real pixels.
        auto sum = torch::avg_pool2d(padSame(x, l, l.poolSize, 0.0), k, s);
        auto ones = torch::ones({1, 1, x.size(2), x.size(3)}, x.options());
        auto count = torch::avg_pool2d(padSame(ones, l, l.poolSize, 0.0), k, s);
        return sum / count;
    }
    case LayerKind::Dense:
        return activate(torch::linear(x, n.weight, n.bias), l.activation, skipSoftmax);
    case LayerKind::Flatten:
        // Keras flattens channels-last: (N, H, W, C) order.
        if (x.dim() == 4)
            return x.permute({0, 2, 3, 1}).reshape({x.size(0), -1});
        return x.reshape({x.size(0), -1});
    case LayerKind::Dropout:
        return training && l.rate > 0.0 ? torch::dropout(x, l.rate, true) : x;
    case LayerKind::Add: {
        torch::Tensor y = x;
        for (size_t i = 1; i < n.inputs.size(); ++i)
            y = y + outs[n.inputs[i]];
        return y;
    }
    case LayerKind::Concatenate: {
        std::vector<torch::Tensor> parts;
        for (int i : n.inputs)
            parts.push_back(outs[i]);
        return torch::cat(parts, concatDim(l, x.dim()));
    }
    case LayerKind::Activation:
        return activate(x, l.activation, skipSoftmax);
    case LayerKind::ReLU:
        return kerasRelu(x, l);
    case LayerKind::BatchNormalization:
        return torch::batch_norm(x, n.weight, n.bias, n.runningMean, n.runningVar, training,
                                 /*momentum=*/1.0 - l.momentum, l.epsilon,
                                 /*cudnn_enabled=*/false);
    }
    return x;
}

void Model::Impl::run(std::vector<torch::Tensor>& outs, int from, int until, bool training,
                      const std::vector<char>& active, const ModelSpec& spec) const {
    for (int i = from + 1; i <= until; ++i) {
        if (!active[i])
            continue;
        const ModelNode& n = nodes[i];
        torch::Tensor y = runNode(n, spec.layers[n.specIndex], outs, training, i == outputNode);
        if (n.mask.defined())
            y = y * (y.dim() == 4 ? n.mask.view({1, -1, 1, 1}) : n.mask.view({1, -1}));
        outs[i] = std::move(y);
    }
}

namespace {

/// Marks the ancestors of `target` (inclusive).
std::vector<char> ancestors(const std::vector<ModelNode>& nodes, int target) {
    std::vector<char> mark(nodes.size(), 0);
    mark[target] = 1;
    for (int i = target; i >= 0; --i)
        if (mark[i])
            for (int in : nodes[i].inputs)
                mark[in] = 1;
    return mark;
}

/// Marks the descendants of `source` (exclusive).
std::vector<char> descendants(const std::vector<ModelNode>& nodes, int source) {
    std::vector<char> mark(nodes.size(), 0);
    for (size_t i = source + 1; i < nodes.size(); ++i)
        for (int in : nodes[i].inputs)
            if (in == source || mark[in])
                mark[i] = 1;
    return mark;
}

void checkImages(const Model& m, const torch::Tensor& images) {
    const auto s = m.inputShape();
    if (!images.defined() || images.dim() != 4 || images.size(1) != s[2] ||
        images.size(2) != s[0] || images.size(3) != s[1]) {
        std::string got = "(undefined)";
        if (images.defined()) {
            got = "(";
            for (int64_t i = 0; i < images.dim(); ++i)
                got += (i ? ", " : "") + std::to_string(images.size(i));
            got += ")";
        }
        throw Error(m.spec().name, "images of shape " + got + " do not fit the model input (N, " +
                                       std::to_string(s[2]) + ", " + std::to_string(s[0]) + ", " +
                                       std::to_string(s[1]) + ")");
    }
}

} // namespace

torch::Tensor Model::forwardTo(const torch::Tensor& images, const std::string& layer) const {
    checkImages(*this, images);
    auto it = m_impl->index.find(layer);
    if (it == m_impl->index.end())
        throw Error(m_spec.name, "no layer named '" + layer + "'");
    std::optional<torch::NoGradGuard> guard;
    if (!torch::GradMode::is_enabled() || !images.requires_grad())
        guard.emplace();
    std::vector<torch::Tensor> outs(m_impl->nodes.size());
    outs[m_impl->inputNode] = images.to(torch::kFloat32) * inputFactor();
    m_impl->run(outs, m_impl->inputNode, it->second, false, ancestors(m_impl->nodes, it->second),
                m_spec);
    return outs[it->second];
}

torch::Tensor Model::logits(const torch::Tensor& images, bool training) const {
    checkImages(*this, images);
    std::optional<torch::NoGradGuard> guard;
    if (!training)
        guard.emplace();
    std::vector<torch::Tensor> outs(m_impl->nodes.size());
    outs[m_impl->inputNode] = images.to(torch::kFloat32) * inputFactor();
    const int out = m_impl->outputNode;
    m_impl->run(outs, m_impl->inputNode, out, training, ancestors(m_impl->nodes, out), m_spec);
    return outs[out];
}

torch::Tensor Model::probabilities(const torch::Tensor& images) const {
    torch::NoGradGuard guard;
    return torch::softmax(logits(images), 1);
}

torch::Tensor Model::logitsFrom(const std::string& layer, const torch::Tensor& activation) const {
    auto it = m_impl->index.find(layer);
    if (it == m_impl->index.end())
        throw Error(m_spec.name, "no layer named '" + layer + "'");
    if (!isCutPoint(layer))
        throw Error(m_spec.name, "layer '" + layer + "' is not a cut point of the graph");
    const int from = it->second;
    const ModelNode& n = m_impl->nodes[from];
    torch::NoGradGuard guard;
    std::vector<torch::Tensor> outs(m_impl->nodes.size());
    torch::Tensor a = activation;
    if (n.mask.defined())
        a = a * (a.dim() == 4 ? n.mask.view({1, -1, 1, 1}) : n.mask.view({1, -1}));
    outs[from] = a;
    const int out = m_impl->outputNode;
    if (from == out)
        return outs[out];
    auto active = ancestors(m_impl->nodes, out);
    const auto down = descendants(m_impl->nodes, from);
    for (size_t i = 0; i < active.size(); ++i)
        active[i] = active[i] && down[i];
    m_impl->run(outs, from, out, false, active, m_spec);
    return outs[out];
}

bool Model::isCutPoint(const std::string& layer) const {
    auto it = m_impl->index.find(layer);
    if (it == m_impl->index.end())
        return false;
    const int cut = it->second;
    if (cut == m_impl->outputNode || cut == m_impl->inputNode)
        return true;
    // Is the output reachable from the input without passing through `cut`?
    std::vector<char> reach(m_impl->nodes.size(), 0);
    reach[m_impl->inputNode] = 1;
    for (size_t i = 0; i < m_impl->nodes.size(); ++i) {
        if (static_cast<int>(i) == cut)
            continue;
        for (int in : m_impl->nodes[i].inputs)
            if (in != cut && reach[in])
                reach[i] = 1;
    }
    return !reach[m_impl->outputNode];
}

std::vector<std::string> Model::convLayers() const {
    std::vector<std::string> names;
    for (const auto& l : m_spec.layers)
        if (l.kind == LayerKind::Conv2D)
            names.push_back(l.name);
    return names;
}

std::string Model::defaultPruneLayer() const {
    const auto& nodes = m_impl->nodes;
    for (int i = static_cast<int>(nodes.size()) - 1; i >= 0; --i) {
        const LayerSpec& l = m_spec.layers[nodes[i].specIndex];
        if (l.kind != LayerKind::Conv2D || !isCutPoint(l.name))
            continue;
        // Prefer the single pooling layer that consumes it (the paper measures after pool_3).
        int consumers = 0;
        int pool = -1;
        for (size_t j = i + 1; j < nodes.size(); ++j) {
            for (int in : nodes[j].inputs) {
                if (in != i)
                    continue;
                ++consumers;
                const auto kind = m_spec.layers[nodes[j].specIndex].kind;
                if (kind == LayerKind::MaxPooling2D || kind == LayerKind::AveragePooling2D)
                    pool = static_cast<int>(j);
            }
        }
        if (consumers == 1 && pool >= 0 && isCutPoint(m_spec.layers[pool].name))
            return m_spec.layers[pool].name;
        return l.name;
    }
    throw Error(m_spec.name, "the model has no convolution layer that all inputs pass through");
}

} // namespace bdl::core
