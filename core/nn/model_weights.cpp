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
    size_t i = 0;
    switch (l.kind) {
    case LayerKind::Conv2D:
        assign(n.weight, keras[i++].permute({3, 2, 0, 1}).contiguous());
        break;
    case LayerKind::DepthwiseConv2D:
    case LayerKind::SeparableConv2D:
        // (kh, kw, C, m) -> (C * m, 1, kh, kw): output channel c * m + j is input channel c's j-th.
        assign(n.weight, keras[i++].permute({2, 3, 0, 1}).contiguous());
        if (l.kind == LayerKind::SeparableConv2D)
            assign(n.pointwise, keras[i++].permute({3, 2, 0, 1}).contiguous());
        break;
    case LayerKind::Dense:
        assign(n.weight, keras[i++].t().contiguous());
        break;
    case LayerKind::BatchNormalization:
        if (l.bnScale)
            assign(n.weight, keras[i++]);
        if (l.bnCenter)
            assign(n.bias, keras[i++]);
        assign(n.runningMean, keras[i++]);
        assign(n.runningVar, keras[i++]);
        return;
    default:
        return;
    }
    if (l.useBias)
        assign(n.bias, keras[i]);
}

std::vector<torch::Tensor> Model::kerasWeights(const std::string& layer) const {
    auto it = m_impl->index.find(layer);
    if (it == m_impl->index.end())
        throw Error(m_spec.name, "no layer named '" + layer + "'");
    const ModelNode& n = m_impl->nodes[it->second];
    const LayerSpec& l = m_spec.layers[n.specIndex];
    auto out = [](const torch::Tensor& t) {
        return t.detach().to(torch::kCPU, torch::kFloat32).contiguous().clone();
    };
    std::vector<torch::Tensor> w;
    switch (l.kind) {
    case LayerKind::Conv2D:
        w.push_back(out(n.weight.permute({2, 3, 1, 0})));
        break;
    case LayerKind::DepthwiseConv2D:
    case LayerKind::SeparableConv2D: {
        const auto ks = kerasWeightShapes(layer).front(); // (kh, kw, C, m)
        w.push_back(out(n.weight.reshape({ks[2], ks[3], ks[0], ks[1]}).permute({2, 3, 0, 1})));
        if (l.kind == LayerKind::SeparableConv2D)
            w.push_back(out(n.pointwise.permute({2, 3, 1, 0})));
        break;
    }
    case LayerKind::Dense:
        w.push_back(out(n.weight.t()));
        break;
    case LayerKind::BatchNormalization:
        if (l.bnScale)
            w.push_back(out(n.weight));
        if (l.bnCenter)
            w.push_back(out(n.bias));
        w.push_back(out(n.runningMean));
        w.push_back(out(n.runningVar));
        return w;
    default:
        return w;
    }
    if (l.useBias)
        w.push_back(out(n.bias));
    return w;
}

LayerTensors Model::layerTensors(const std::string& layer) const {
    auto it = m_impl->index.find(layer);
    if (it == m_impl->index.end())
        throw Error(m_spec.name, "no layer named '" + layer + "'");
    const ModelNode& n = m_impl->nodes[it->second];
    auto copy = [](const torch::Tensor& t) {
        return t.defined() ? t.detach().to(torch::kCPU, torch::kFloat32).contiguous().clone()
                           : torch::Tensor();
    };
    return {copy(n.weight), copy(n.bias), copy(n.runningMean), copy(n.runningVar),
            copy(n.pointwise)};
}

void Model::setLayerTensors(const std::string& layer, const LayerTensors& t) {
    auto it = m_impl->index.find(layer);
    if (it == m_impl->index.end())
        throw Error(m_spec.name, "no layer named '" + layer + "'");
    ModelNode& n = m_impl->nodes[it->second];
    const std::pair<torch::Tensor*, const torch::Tensor*> pairs[] = {
        {&n.weight, &t.weight},
        {&n.bias, &t.bias},
        {&n.runningMean, &t.runningMean},
        {&n.runningVar, &t.runningVar},
        {&n.pointwise, &t.pointwise}};
    static const char* const kRoles[] = {"weight", "bias", "running mean", "running variance",
                                         "pointwise weight"};
    for (size_t i = 0; i < 5; ++i) {
        const torch::Tensor& dst = *pairs[i].first;
        const torch::Tensor& src = *pairs[i].second;
        const std::string what = "layer '" + layer + "' " + kRoles[i];
        if (dst.defined() != src.defined())
            throw Error(m_spec.name, what + (dst.defined() ? " is missing" : " is not expected"));
        if (!src.defined())
            continue;
        if (src.sizes() != dst.sizes())
            throw Error(m_spec.name, what + " has shape " + dimsText(src.sizes()) + ", expected " +
                                         dimsText(dst.sizes()));
        if (!src.is_floating_point() || !torch::isfinite(src).all().item<bool>())
            throw Error(m_spec.name, what + " is not floating point or holds NaN or Inf values");
    }
    for (const auto& [dst, src] : pairs)
        if (src->defined())
            assign(*dst, *src);
}

void Model::initialize(uint64_t seed) {
    auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
    torch::NoGradGuard guard;
    for (auto& n : m_impl->nodes) {
        const LayerSpec& l = m_spec.layers[n.specIndex];
        if (isConvolution(l.kind) || l.kind == LayerKind::Dense) {
            for (torch::Tensor* t : {&n.weight, &n.pointwise}) {
                if (!t->defined())
                    continue;
                const int64_t receptive = t->dim() == 4 ? t->size(2) * t->size(3) : 1;
                const double fanIn = static_cast<double>(t->size(1) * receptive);
                const double fanOut = static_cast<double>(t->size(0) * receptive);
                const double limit = std::sqrt(6.0 / (fanIn + fanOut)); // Glorot uniform
                // Drawn on the CPU wherever the model lives: the same seed gives the same
                // weights on every device (a CPU generator cannot fill a GPU tensor anyway).
                if (t->device().is_cpu())
                    t->uniform_(-limit, limit, gen);
                else
                    t->copy_(
                        torch::empty(t->sizes(), torch::kFloat32).uniform_(-limit, limit, gen));
            }
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
    n.mask = mask.detach().to(m_impl->device, torch::kFloat32).contiguous().clone();
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
    const torch::Tensor& mask = m_impl->nodes[it->second].mask;
    return mask.defined() ? mask.to(torch::kCPU) : mask;
}

namespace {

bool zeroAtZeroActivation(ActivationKind a) {
    return a != ActivationKind::Sigmoid && a != ActivationKind::Softmax &&
           a != ActivationKind::Hardsigmoid && a != ActivationKind::Softplus &&
           a != ActivationKind::LogSoftmax;
}

/// Layers that map an all-zero channel to an all-zero channel of the same index.
bool keepsZeroChannels(const LayerSpec& l) {
    switch (l.kind) {
    case LayerKind::MaxPooling2D:
    case LayerKind::AveragePooling2D:
    case LayerKind::Dropout:
    case LayerKind::ZeroPadding2D:
    case LayerKind::GlobalAveragePooling2D:
    case LayerKind::GlobalMaxPooling2D:
    case LayerKind::AdaptiveAveragePooling2D:
        return true;
    case LayerKind::ReLU:
        return l.reluThreshold <= 0.0;
    case LayerKind::Activation:
        return zeroAtZeroActivation(l.activation);
    case LayerKind::Rescaling:
        return l.offset == 0.0;
    case LayerKind::Clip:
        return l.clipMin <= 0.0 && l.clipMax >= 0.0;
    default:
        return false;
    }
}

} // namespace

void Model::bakeChannelMasks() {
    torch::NoGradGuard guard;
    for (auto& n : m_impl->nodes) {
        if (!n.mask.defined())
            continue;
        // Walk back through layers that keep a zero channel zero, zeroing batch norms on the way
        // (gamma, beta and the moving mean: a zero input then gives zero), to the producing
        // convolution, whose kernel rows and bias are zeroed.
        ModelNode* cur = &n;
        std::vector<ModelNode*> norms;
        while (true) {
            const LayerSpec& l = m_spec.layers[cur->specIndex];
            if (l.kind == LayerKind::BatchNormalization)
                norms.push_back(cur);
            else if (!keepsZeroChannels(l))
                break;
            if (cur->inputs.size() != 1)
                break;
            cur = &m_impl->nodes[cur->inputs[0]];
        }
        const LayerSpec& producer = m_spec.layers[cur->specIndex];
        if (!isConvolution(producer.kind) || !zeroAtZeroActivation(producer.activation))
            continue;
        for (ModelNode* bn : norms) {
            for (torch::Tensor* t : {&bn->weight, &bn->bias, &bn->runningMean})
                if (t->defined())
                    t->mul_(n.mask);
        }
        torch::Tensor& kernel =
            producer.kind == LayerKind::SeparableConv2D ? cur->pointwise : cur->weight;
        kernel.mul_(n.mask.view({-1, 1, 1, 1}));
        if (cur->bias.defined())
            cur->bias.mul_(n.mask);
    }
}

std::vector<torch::Tensor> Model::parameters() const {
    std::vector<torch::Tensor> params;
    for (const auto& n : m_impl->nodes) {
        if (n.weight.defined())
            params.push_back(n.weight);
        if (n.pointwise.defined())
            params.push_back(n.pointwise);
        if (n.bias.defined())
            params.push_back(n.bias);
    }
    return params;
}

} // namespace bdl::core
