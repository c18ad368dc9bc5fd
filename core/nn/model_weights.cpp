// Model weights in Keras layout, initialisation, channel masks and trainable parameters.
#include "core/base/errors.h"
#include "core/nn/model.h"
#include "core/nn/model_impl.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/types.h>
#include <torch/utils.h>

#include <cmath>

namespace bdl::core {

namespace {

std::string dimsText(at::IntArrayRef dims) {
    std::string t = "(";
    for (size_t i = 0; i < dims.size(); ++i)
        t += (i ? ", " : "") + std::to_string(dims[i]);
    return t + ")";
}

/// Copies src into dst's storage (keeping dst's identity and requires_grad).
void assign(torch::Tensor& dst, const torch::Tensor& src) {
    torch::NoGradGuard guard;
    dst.copy_(src.to(torch::kFloat32).reshape(dst.sizes()));
}

} // namespace

void Model::setKerasWeights(const std::string& layer, const std::vector<torch::Tensor>& keras) {
    auto it = m_impl->index.find(layer);
    if (it == m_impl->index.end())
        throw Error(m_spec.name, "no layer named '" + layer + "'");
    ModelNode& n = m_impl->nodes[it->second];
    const LayerSpec& l = m_spec.layers[n.specIndex];
    const auto names = weightNames(layer);
    const auto shapes = kerasWeightShapes(layer);
    if (keras.size() != names.size())
        throw Error(m_spec.name, "layer '" + layer + "' needs " + std::to_string(names.size()) +
                                     " weight arrays, got " + std::to_string(keras.size()));
    for (size_t i = 0; i < keras.size(); ++i) {
        const auto& t = keras[i];
        if (!t.defined() || t.sizes().vec() != shapes[i])
            throw Error(m_spec.name, "layer '" + layer + "' weight " + names[i] + " has shape " +
                                         (t.defined() ? dimsText(t.sizes()) : "(none)") +
                                         ", expected " + dimsText(shapes[i]));
        if (!t.is_floating_point())
            throw Error(m_spec.name,
                        "layer '" + layer + "' weight " + names[i] + " is not floating point");
        if (!torch::isfinite(t).all().item<bool>())
            throw Error(m_spec.name,
                        "layer '" + layer + "' weight " + names[i] + " contains NaN or Inf values");
    }
    if (l.kind == LayerKind::Conv2D) {
        assign(n.weight, keras[0].permute({3, 2, 0, 1}).contiguous());
        if (l.useBias)
            assign(n.bias, keras[1]);
    } else if (l.kind == LayerKind::Dense) {
        assign(n.weight, keras[0].t().contiguous());
        if (l.useBias)
            assign(n.bias, keras[1]);
    } else if (l.kind == LayerKind::BatchNormalization) {
        size_t i = 0;
        if (l.bnScale)
            assign(n.weight, keras[i++]);
        if (l.bnCenter)
            assign(n.bias, keras[i++]);
        assign(n.runningMean, keras[i++]);
        assign(n.runningVar, keras[i++]);
    }
}

std::vector<torch::Tensor> Model::kerasWeights(const std::string& layer) const {
    auto it = m_impl->index.find(layer);
    if (it == m_impl->index.end())
        throw Error(m_spec.name, "no layer named '" + layer + "'");
    const ModelNode& n = m_impl->nodes[it->second];
    const LayerSpec& l = m_spec.layers[n.specIndex];
    auto out = [](const torch::Tensor& t) {
        return t.detach().to(torch::kFloat32).contiguous().clone();
    };
    std::vector<torch::Tensor> w;
    if (l.kind == LayerKind::Conv2D) {
        w.push_back(out(n.weight.permute({2, 3, 1, 0})));
        if (l.useBias)
            w.push_back(out(n.bias));
    } else if (l.kind == LayerKind::Dense) {
        w.push_back(out(n.weight.t()));
        if (l.useBias)
            w.push_back(out(n.bias));
    } else if (l.kind == LayerKind::BatchNormalization) {
        if (l.bnScale)
            w.push_back(out(n.weight));
        if (l.bnCenter)
            w.push_back(out(n.bias));
        w.push_back(out(n.runningMean));
        w.push_back(out(n.runningVar));
    }
    return w;
}

void Model::initialize(uint64_t seed) {
    auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
    torch::NoGradGuard guard;
    for (auto& n : m_impl->nodes) {
        const LayerSpec& l = m_spec.layers[n.specIndex];
        if (l.kind == LayerKind::Conv2D || l.kind == LayerKind::Dense) {
            const int64_t receptive = n.weight.dim() == 4 ? n.weight.size(2) * n.weight.size(3) : 1;
            const double fanIn = static_cast<double>(n.weight.size(1) * receptive);
            const double fanOut = static_cast<double>(n.weight.size(0) * receptive);
            const double limit = std::sqrt(6.0 / (fanIn + fanOut)); // Glorot uniform, Keras default
            n.weight.uniform_(-limit, limit, gen);
            if (n.bias.defined())
                n.bias.zero_();
        } else if (l.kind == LayerKind::BatchNormalization) {
            if (n.weight.defined())
                n.weight.fill_(1.0);
            if (n.bias.defined())
                n.bias.zero_();
            n.runningMean.zero_();
            n.runningVar.fill_(1.0);
        }
    }
}

void Model::setChannelMask(const std::string& layer, const torch::Tensor& mask) {
    auto it = m_impl->index.find(layer);
    if (it == m_impl->index.end())
        throw Error(m_spec.name, "no layer named '" + layer + "' to mask");
    ModelNode& n = m_impl->nodes[it->second];
    const int64_t c = n.shape.channels();
    if (!mask.defined() || mask.dim() != 1 || mask.size(0) != c)
        throw Error(m_spec.name,
                    "mask for layer '" + layer + "' must have " + std::to_string(c) + " entries");
    n.mask = mask.detach().to(torch::kFloat32).contiguous().clone();
}

void Model::clearChannelMask(const std::string& layer) {
    auto it = m_impl->index.find(layer);
    if (it != m_impl->index.end())
        m_impl->nodes[it->second].mask = torch::Tensor();
}

void Model::clearChannelMasks() {
    for (auto& n : m_impl->nodes)
        n.mask = torch::Tensor();
}

torch::Tensor Model::channelMask(const std::string& layer) const {
    auto it = m_impl->index.find(layer);
    if (it == m_impl->index.end())
        return {};
    return m_impl->nodes[it->second].mask;
}

void Model::bakeChannelMasks() {
    torch::NoGradGuard guard;
    for (auto& n : m_impl->nodes) {
        if (!n.mask.defined())
            continue;
        // Walk back through layers that map a zero channel to zero, to the producing conv.
        const ModelNode* cur = &n;
        while (true) {
            const LayerSpec& l = m_spec.layers[cur->specIndex];
            const bool passThrough =
                l.kind == LayerKind::MaxPooling2D || l.kind == LayerKind::AveragePooling2D ||
                l.kind == LayerKind::Dropout ||
                (l.kind == LayerKind::ReLU && l.reluThreshold <= 0.0) ||
                (l.kind == LayerKind::Activation &&
                 (l.activation == ActivationKind::Relu || l.activation == ActivationKind::Linear ||
                  l.activation == ActivationKind::Tanh));
            if (!passThrough || cur->inputs.size() != 1)
                break;
            cur = &m_impl->nodes[cur->inputs[0]];
        }
        const LayerSpec& producer = m_spec.layers[cur->specIndex];
        if (producer.kind != LayerKind::Conv2D || producer.activation == ActivationKind::Sigmoid ||
            producer.activation == ActivationKind::Softmax)
            continue;
        ModelNode& conv = m_impl->nodes[cur->specIndex];
        const auto keep = n.mask.view({-1, 1, 1, 1});
        conv.weight.mul_(keep);
        if (conv.bias.defined())
            conv.bias.mul_(n.mask);
    }
}

std::vector<torch::Tensor> Model::parameters() const {
    std::vector<torch::Tensor> params;
    for (const auto& n : m_impl->nodes) {
        if (n.weight.defined())
            params.push_back(n.weight);
        if (n.bias.defined())
            params.push_back(n.bias);
    }
    return params;
}

} // namespace bdl::core
