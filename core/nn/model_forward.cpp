// Model execution: the Keras-semantics forward pass (channels-first inside), partial runs from a
// cut point, and graph introspection for the defenses.
#include "core/base/errors.h"
#include "core/nn/model.h"
#include "core/nn/model_impl.h"
#include "core/nn/relu_pool.h"

#include <torch/types.h>
#include <torch/utils.h>

#include <limits>
#include <optional>

namespace bdl::core {

namespace {

/// x padded with `value` as TensorFlow's "same" does for a window of kernel k dilated by d.
torch::Tensor padSame(const torch::Tensor& x, const LayerSpec& l, const std::array<int, 2>& k,
                      const std::array<int, 2>& d, double value) {
    const auto ph = sameWindowPad(x.size(2), int64_t(d[0]) * (k[0] - 1) + 1, l.strides[0]);
    const auto pw = sameWindowPad(x.size(3), int64_t(d[1]) * (k[1] - 1) + 1, l.strides[1]);
    if (ph[0] == 0 && ph[1] == 0 && pw[0] == 0 && pw[1] == 0)
        return x;
    return torch::constant_pad_nd(x, {pw[0], pw[1], ph[0], ph[1]}, value);
}

torch::Tensor kerasRelu(const torch::Tensor& x, const LayerSpec& l) {
    torch::Tensor y;
    if (l.reluNegativeSlope == 0.0 && l.reluThreshold == 0.0)
        y = torch::relu(x);
    else if (l.reluThreshold == 0.0)
        y = torch::leaky_relu(x, l.reluNegativeSlope);
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

/// A convolution of any of the three kinds, padding included.
torch::Tensor convolve(const LayerSpec& l, const LayerTensors& w, const torch::Tensor& x) {
    torch::Tensor in = x;
    std::vector<int64_t> pad{0, 0};
    if (l.samePadding) {
        in = padSame(x, l, l.kernel, l.dilation, 0.0);
    } else if (l.padding[0] == l.padding[1] && l.padding[2] == l.padding[3]) {
        pad = {l.padding[0], l.padding[2]};
    } else {
        in = torch::constant_pad_nd(x, {l.padding[2], l.padding[3], l.padding[0], l.padding[1]},
                                    0.0);
    }
    const std::vector<int64_t> stride{l.strides[0], l.strides[1]};
    const std::vector<int64_t> dilation{l.dilation[0], l.dilation[1]};
    switch (l.kind) {
    case LayerKind::Conv2D:
        return torch::conv2d(in, w.weight, w.bias, stride, pad, dilation, l.groups);
    case LayerKind::DepthwiseConv2D:
        return torch::conv2d(in, w.weight, w.bias, stride, pad, dilation, x.size(1));
    default: { // SeparableConv2D
        auto depthwise = torch::conv2d(in, w.weight, {}, stride, pad, dilation, x.size(1));
        return torch::conv2d(depthwise, w.pointwise, w.bias);
    }
    }
}

torch::Tensor pool(const LayerSpec& l, const torch::Tensor& x) {
    const std::vector<int64_t> k{l.poolSize[0], l.poolSize[1]};
    const std::vector<int64_t> s{l.strides[0], l.strides[1]};
    if (l.kind == LayerKind::MaxPooling2D) {
        if (l.samePadding) {
            const double ninf = -std::numeric_limits<double>::infinity();
            return torch::max_pool2d(padSame(x, l, l.poolSize, {1, 1}, ninf), k, s);
        }
        return torch::max_pool2d(x, k, s, {l.padding[0], l.padding[2]}, {1, 1}, l.ceilMode);
    }
    if (!l.samePadding)
        return torch::avg_pool2d(x, k, s, {l.padding[0], l.padding[2]}, l.ceilMode,
                                 l.countIncludePad);
    // Keras averages over the valid pixels only: divide by the count of real pixels.
    auto sum = torch::avg_pool2d(padSame(x, l, l.poolSize, {1, 1}, 0.0), k, s);
    auto ones = torch::ones({1, 1, x.size(2), x.size(3)}, x.options());
    auto count = torch::avg_pool2d(padSame(ones, l, l.poolSize, {1, 1}, 0.0), k, s);
    return sum / count;
}

} // namespace

torch::Tensor applyActivation(const torch::Tensor& x, ActivationKind a, bool skipSoftmax) {
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
    case ActivationKind::Relu6:
        return torch::hardtanh(x, 0.0, 6.0);
    case ActivationKind::Silu:
        return torch::silu(x);
    case ActivationKind::Gelu:
        return torch::gelu(x);
    case ActivationKind::GeluTanh:
        return torch::gelu(x, "tanh");
    case ActivationKind::Hardswish:
        return torch::hardswish(x);
    case ActivationKind::Hardsigmoid:
        return torch::hardsigmoid(x);
    case ActivationKind::Elu:
        return torch::elu(x);
    case ActivationKind::Softplus:
        return torch::softplus(x);
    case ActivationKind::LogSoftmax:
        return torch::log_softmax(x, 1);
    }
    return x;
}

torch::Tensor runLayer(const LayerSpec& l, const LayerTensors& w,
                       const std::vector<const torch::Tensor*>& in, bool training, bool skipSoftmax,
                       bool batchNormTraining) {
    const torch::Tensor& x = *in.at(0);
    switch (l.kind) {
    case LayerKind::Input:
        return x;
    case LayerKind::Conv2D:
    case LayerKind::DepthwiseConv2D:
    case LayerKind::SeparableConv2D:
        return applyActivation(convolve(l, w, x), l.activation, skipSoftmax);
    case LayerKind::MaxPooling2D:
    case LayerKind::AveragePooling2D:
        return pool(l, x);
    case LayerKind::ZeroPadding2D:
        return torch::constant_pad_nd(x, {l.padding[2], l.padding[3], l.padding[0], l.padding[1]},
                                      0.0);
    case LayerKind::GlobalAveragePooling2D:
        return x.mean({2, 3}, l.keepDims);
    case LayerKind::GlobalMaxPooling2D:
        return x.amax({2, 3}, l.keepDims);
    case LayerKind::AdaptiveAveragePooling2D:
        return torch::adaptive_avg_pool2d(x, {l.outputSize[0], l.outputSize[1]});
    case LayerKind::Dense:
        return applyActivation(torch::linear(x, w.weight, w.bias), l.activation, skipSoftmax);
    case LayerKind::Flatten:
        // Keras flattens channels-last: (N, H, W, C) order; PyTorch channels-first.
        if (x.dim() == 4 && !l.channelsFirst)
            return x.permute({0, 2, 3, 1}).reshape({x.size(0), -1});
        return x.reshape({x.size(0), -1});
    case LayerKind::Dropout:
        return training && l.rate > 0.0 ? torch::dropout(x, l.rate, true) : x;
    case LayerKind::Add:
    case LayerKind::Multiply: {
        torch::Tensor y = x;
        for (size_t i = 1; i < in.size(); ++i)
            y = l.kind == LayerKind::Add ? y + *in[i] : y * *in[i];
        return y;
    }
    case LayerKind::Concatenate: {
        std::vector<torch::Tensor> parts;
        for (const torch::Tensor* t : in)
            parts.push_back(*t);
        return torch::cat(parts, concatDim(l, x.dim()));
    }
    case LayerKind::Activation:
        return applyActivation(x, l.activation, skipSoftmax);
    case LayerKind::ReLU:
        return kerasRelu(x, l);
    case LayerKind::Rescaling:
        return x * l.scale + l.offset;
    case LayerKind::Clip:
        return torch::clamp(x, l.clipMin, l.clipMax);
    case LayerKind::BatchNormalization:
        return torch::batch_norm(x, w.weight, w.bias, w.runningMean, w.runningVar,
                                 batchNormTraining,
                                 /*momentum=*/1.0 - l.momentum, l.epsilon,
                                 /*cudnn_enabled=*/false);
    }
    return x;
}

namespace {

bool monotoneActivation(ActivationKind a) {
    switch (a) {
    case ActivationKind::Linear:
    case ActivationKind::Relu:
    case ActivationKind::Relu6:
    case ActivationKind::Sigmoid:
    case ActivationKind::Tanh:
    case ActivationKind::Hardsigmoid:
    case ActivationKind::Elu:
    case ActivationKind::Softplus:
        return true;
    default: // Softmax and LogSoftmax mix channels; GELU, SiLU and hard-swish dip below zero
        return false;
    }
}

/// Whether layer l applies a monotone non-decreasing function to each element of its input (or,
/// for a convolution, of the convolution's result), so that max pooling commutes with it.
bool endsMonotone(const LayerSpec& l) {
    if (isConvolution(l.kind) || l.kind == LayerKind::Activation)
        return monotoneActivation(l.activation);
    if (l.kind == LayerKind::ReLU)
        return l.reluNegativeSlope >= 0.0 && l.reluThreshold == 0.0;
    return false;
}

/// A 2x2 max pool with stride 2 and no padding or ceil mode (TensorFlow "same" padding is none
/// on even sizes, which the caller checks on the tensor pooled).
bool isPlainHalvingPool(const LayerSpec& p) {
    return p.kind == LayerKind::MaxPooling2D && p.poolSize[0] == 2 && p.poolSize[1] == 2 &&
           p.strides[0] == 2 && p.strides[1] == 2 && !p.ceilMode && p.padding[0] == 0 &&
           p.padding[1] == 0 && p.padding[2] == 0 && p.padding[3] == 0;
}

} // namespace

Model::Impl::Consumers Model::Impl::consumers() const {
    const size_t n = nodes.size();
    Consumers c{std::vector<int>(n, 0), std::vector<int>(n, -1)};
    for (size_t j = 0; j < n; ++j)
        for (int in : nodes[j].inputs) {
            ++c.count[in];
            c.last[in] = static_cast<int>(j);
        }
    return c;
}

void Model::Impl::findPoolAfter(const ModelSpec& spec) {
    const int n = static_cast<int>(nodes.size());
    const Consumers c = consumers();
    poolAfter.assign(n, -1);
    for (int i = 0; i < n; ++i) {
        if (i == outputNode || c.count[i] != 1 || !endsMonotone(spec.layers[nodes[i].specIndex]))
            continue;
        const int j = c.last[i];
        if (spec.layers[nodes[j].specIndex].kind == LayerKind::MaxPooling2D &&
            nodes[j].inputs.size() == 1)
            poolAfter[i] = j;
    }
}

void Model::Impl::run(std::vector<torch::Tensor>& outs, int from, int until, bool training,
                      bool batchNormTraining, const std::vector<char>& active,
                      const ModelSpec& spec, int unmasked) const {
    // Inference pools before a monotone activation (see poolAfter): the activation then touches
    // a quarter of the elements, and a conv's full-size output is written once, not twice.
    const bool poolFirst = !training && !torch::GradMode::is_enabled();
    std::vector<char> done; // pooling nodes already computed with their producer
    for (int i = from + 1; i <= until; ++i) {
        if (!active[i] || (!done.empty() && done[i]))
            continue;
        const ModelNode& n = nodes[i];
        std::vector<const torch::Tensor*> in;
        for (int k : n.inputs)
            in.push_back(&outs[k]);
        if (in.empty())
            in.push_back(&outs[i]);
        const LayerSpec& l = spec.layers[n.specIndex];
        const int after = i < static_cast<int>(poolAfter.size()) ? poolAfter[i] : -1;
        const bool fusible = after > 0 && after <= until && active[after] && i != unmasked &&
                             !n.mask.defined() && i != outputNode;
        if (!poolFirst && fusible) {
            // Training: ReLU and a 2x2 max pool as one autograd op (relu_pool.h), exactly the
            // values and gradients of the two layers.
            const LayerSpec& p = spec.layers[nodes[after].specIndex];
            const bool conv = isConvolution(l.kind);
            torch::Tensor z;
            if ((conv || l.kind == LayerKind::Activation) && l.activation == ActivationKind::Relu &&
                isPlainHalvingPool(p))
                z = conv ? convolve(l, n, *in.at(0)) : *in.at(0);
            if (z.defined() && detail::reluMaxPool2x2Applies(z) &&
                (!p.samePadding || (z.size(2) % 2 == 0 && z.size(3) % 2 == 0))) {
                torch::Tensor y = detail::reluMaxPool2x2(z);
                outs[after] = after == unmasked ? std::move(y) : masked(y, nodes[after].mask);
                if (done.empty())
                    done.assign(nodes.size(), 0);
                done[after] = 1;
                continue;
            }
            if (z.defined() && conv) { // not fusible after all (odd "same" pooling): no 2nd conv
                outs[i] = applyActivation(z, l.activation, false);
                continue;
            }
        }
        const int j = poolFirst && fusible ? after : -1;
        if (j > 0) {
            const LayerSpec& p = spec.layers[nodes[j].specIndex];
            torch::Tensor y;
            torch::Tensor z; // a convolution's output that ReLU + a 2x2 pool reduce in one pass
            if (isConvolution(l.kind) && l.activation == ActivationKind::Relu &&
                isPlainHalvingPool(p))
                z = convolve(l, n, *in.at(0));
            if (z.defined() && detail::reluMaxPool2x2Applies(z) && z.is_contiguous() &&
                (!p.samePadding || (z.size(2) % 2 == 0 && z.size(3) % 2 == 0))) {
                // NCHW only (a channels-last batch keeps LibTorch's pool, which reads it in
                // place). The same values as relu(max_pool2d(z)) (max(relu) = relu(max)), without
                // LibTorch's scalar max_pool2d_with_indices kernel.
                y = detail::reluMaxPool2x2(z);
            } else if (z.defined()) {
                y = applyActivation(pool(p, z), l.activation, false);
            } else if (isConvolution(l.kind)) {
                y = applyActivation(pool(p, convolve(l, n, *in.at(0))), l.activation, false);
            } else {
                const torch::Tensor pooled = pool(p, *in.at(0));
                y = runLayer(l, n, {&pooled}, false, false, false);
            }
            outs[j] = j == unmasked ? std::move(y) : masked(y, nodes[j].mask);
            if (done.empty())
                done.assign(nodes.size(), 0);
            done[j] = 1;
            continue;
        }
        torch::Tensor y =
            runLayer(l, n, in, training, i == outputNode && finalSoftmax, batchNormTraining);
        outs[i] = i == unmasked ? std::move(y) : masked(y, n.mask);
    }
}

std::vector<char> Model::Impl::ancestors(int target) const {
    std::vector<char> mark(nodes.size(), 0);
    mark[target] = 1;
    for (int i = target; i >= 0; --i)
        if (mark[i])
            for (int in : nodes[i].inputs)
                mark[in] = 1;
    return mark;
}

std::vector<char> Model::Impl::descendants(int source) const {
    std::vector<char> mark(nodes.size(), 0);
    for (size_t i = source + 1; i < nodes.size(); ++i)
        for (int in : nodes[i].inputs)
            if (in == source || mark[in])
                mark[i] = 1;
    return mark;
}

namespace {

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
    outs[m_impl->inputNode] = prepareInput(images);
    m_impl->run(outs, m_impl->inputNode, it->second, false, false, m_impl->ancestors(it->second),
                m_spec);
    return outs[it->second];
}

torch::Tensor Model::logits(const torch::Tensor& images, bool training,
                            bool updateBatchNorm) const {
    checkImages(*this, images);
    std::optional<torch::NoGradGuard> guard;
    if (!training)
        guard.emplace();
    std::vector<torch::Tensor> outs(m_impl->nodes.size());
    const int out = m_impl->outputNode;
    const Impl& g = *m_impl;
    if (!training && m_precision == InferencePrecision::BFloat16 && g.trunkRunnable()) {
        const int from = g.trunkEnd;
        outs[from] =
            Impl::masked(g.runTrunk(prepareInput(images), torch::kBFloat16), g.nodes[from].mask);
        auto active = g.ancestors(out);
        const auto down = g.descendants(from);
        for (size_t i = 0; i < active.size(); ++i)
            active[i] = active[i] && down[i];
        g.run(outs, from, out, false, false, active, m_spec);
        return outs[out];
    }
    outs[m_impl->inputNode] = prepareInput(images);
    m_impl->run(outs, m_impl->inputNode, out, training, training && updateBatchNorm,
                m_impl->ancestors(out), m_spec);
    return outs[out];
}

void Model::setInferencePrecision(InferencePrecision p) {
    if (p == InferencePrecision::BFloat16) {
        std::string why;
        if (!bfloat16Available(&why))
            throw Error(m_spec.name, "bfloat16 inference is not available: " + why);
        if (m_impl->trunkEnd < 0)
            throw Error(m_spec.name, "bfloat16 inference needs a model that starts with a plain "
                                     "convolution; this one runs in float32");
        if (!m_impl->device.is_cpu())
            throw Error(m_spec.name,
                        "bfloat16 inference runs in oneDNN on the CPU; the model is on " +
                            m_impl->device.str());
    }
    m_precision = p;
}

std::vector<std::string> Model::bf16Layers() const {
    std::vector<std::string> names;
    for (const auto& s : m_impl->trunk)
        names.push_back(m_spec.layers[m_impl->nodes[s.node].specIndex].name);
    return names;
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
    int from = it->second;
    const ModelNode& n = m_impl->nodes[from];
    torch::NoGradGuard guard;
    std::vector<torch::Tensor> outs(m_impl->nodes.size());
    outs[from] = Impl::masked(activation.to(m_impl->device), n.mask);
    const Impl& g = *m_impl;
    const int step = g.trunkStepOf(from);
    if (m_precision == InferencePrecision::BFloat16 && step >= 0 && from != g.trunkEnd &&
        g.trunkRunnable()) {
        // The rest of the trunk in bfloat16 (STRIP's fast path continues from pool_1).
        outs[g.trunkEnd] =
            Impl::masked(g.runTrunk(outs[from], torch::kBFloat16, static_cast<size_t>(step) + 1),
                         g.nodes[g.trunkEnd].mask);
        from = g.trunkEnd;
    }
    const int out = m_impl->outputNode;
    if (from == out)
        return outs[out];
    auto active = m_impl->ancestors(out);
    const auto down = m_impl->descendants(from);
    for (size_t i = 0; i < active.size(); ++i)
        active[i] = active[i] && down[i];
    m_impl->run(outs, from, out, false, false, active, m_spec);
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
        if (isConvolution(l.kind))
            names.push_back(l.name);
    return names;
}

std::string Model::blockOutput(const std::string& conv) const {
    auto it = m_impl->index.find(conv);
    if (it == m_impl->index.end())
        throw Error(m_spec.name, "no layer named '" + conv + "'");
    const auto& nodes = m_impl->nodes;
    int cur = it->second;
    while (cur != m_impl->outputNode) {
        int consumer = -1;
        int consumers = 0;
        for (size_t j = cur + 1; j < nodes.size(); ++j)
            for (int in : nodes[j].inputs)
                if (in == cur) {
                    ++consumers;
                    consumer = static_cast<int>(j);
                }
        if (consumers != 1)
            break;
        const LayerSpec& l = m_spec.layers[nodes[consumer].specIndex];
        const bool channelwise = l.kind == LayerKind::BatchNormalization ||
                                 l.kind == LayerKind::Activation || l.kind == LayerKind::ReLU ||
                                 l.kind == LayerKind::Clip || l.kind == LayerKind::Dropout;
        const bool pooling =
            l.kind == LayerKind::MaxPooling2D || l.kind == LayerKind::AveragePooling2D;
        if (l.kind == LayerKind::Activation &&
            (l.activation == ActivationKind::Softmax || l.activation == ActivationKind::LogSoftmax))
            break;
        if (pooling) {
            if (isCutPoint(l.name))
                cur = consumer;
            break; // the paper measures after the pooling; one pooling layer at most
        }
        if (!channelwise)
            break;
        cur = consumer;
    }
    return m_spec.layers[nodes[cur].specIndex].name;
}

std::vector<Model::PrunableLayer> Model::prunableLayers() const {
    std::vector<PrunableLayer> out;
    for (const auto& l : m_spec.layers) {
        if (!isConvolution(l.kind))
            continue;
        PrunableLayer p;
        p.conv = l.name;
        p.output = blockOutput(l.name);
        p.channels = outputShape(p.output).channels();
        p.cutPoint = isCutPoint(p.output);
        out.push_back(std::move(p));
    }
    return out;
}

std::string Model::defaultPruneLayer() const {
    const auto& nodes = m_impl->nodes;
    int firstConv = -1;
    for (size_t i = 0; i < nodes.size() && firstConv < 0; ++i)
        if (isConvolution(m_spec.layers[nodes[i].specIndex].kind))
            firstConv = static_cast<int>(i);
    if (firstConv < 0)
        throw Error(m_spec.name, "the model has no convolution layer to prune");
    for (int i = static_cast<int>(nodes.size()) - 1; i >= firstConv; --i) {
        const TensorShape& s = nodes[i].shape;
        const std::string& name = m_spec.layers[nodes[i].specIndex].name;
        if (s.spatial() && s.dims[0] * s.dims[1] > 1 && i != m_impl->inputNode && isCutPoint(name))
            return name;
    }
    return prunableLayers().back().output;
}

std::string Model::pruneLayer(const std::string& requested) const {
    if (requested.empty())
        return defaultPruneLayer();
    const LayerSpec* l = m_spec.find(requested);
    if (!l)
        throw Error(m_spec.name, "no layer named '" + requested + "' to prune");
    if (isConvolution(l->kind))
        return blockOutput(requested);
    return requested;
}

} // namespace bdl::core
