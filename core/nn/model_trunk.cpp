// The oneDNN trunk: the chain of convolutions, max pooling and ReLUs a model starts with, run on
// oneDNN's own (blocked) tensors with prepacked weights, in bfloat16 when the model's inference
// precision says so. See InferencePrecision in model.h.
#include "core/base/errors.h"
#include "core/nn/model.h"
#include "core/nn/model_impl.h"

#include <ATen/ops/mkldnn_convolution.h>
#include <ATen/ops/mkldnn_reorder_conv2d_weight.h>
#include <torch/types.h>
#include <torch/utils.h>

#include <fstream>
#include <mutex>
#include <sstream>

namespace bdl::core {

namespace {

/// Symmetric padding (rows, columns) of a conv or pooling layer over an input of h x w, or false
/// when the layer pads one side more than the other (oneDNN takes one amount per axis here).
bool symmetricPadding(const LayerSpec& l, int64_t h, int64_t w, const std::array<int, 2>& window,
                      const std::array<int, 2>& dilation, std::vector<int64_t>* pad) {
    if (l.samePadding) {
        const auto ph = sameWindowPad(h, int64_t(dilation[0]) * (window[0] - 1) + 1, l.strides[0]);
        const auto pw = sameWindowPad(w, int64_t(dilation[1]) * (window[1] - 1) + 1, l.strides[1]);
        if (ph[0] != ph[1] || pw[0] != pw[1])
            return false;
        *pad = {ph[0], pw[0]};
        return true;
    }
    if (l.padding[0] != l.padding[1] || l.padding[2] != l.padding[3])
        return false;
    *pad = {l.padding[0], l.padding[2]};
    return true;
}

bool plainRelu(const LayerSpec& l) {
    return l.reluNegativeSlope == 0.0 && l.reluThreshold == 0.0 && !std::isfinite(l.reluMaxValue);
}

bool cpuHasAvx512Bf16() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("flags", 0) == 0)
            return line.find(" avx512_bf16") != std::string::npos;
    return false;
}

} // namespace

const char* inferencePrecisionName(InferencePrecision p) {
    return p == InferencePrecision::BFloat16 ? "bf16" : "fp32";
}

bool parseInferencePrecision(const std::string& text, InferencePrecision* out) {
    if (text == "fp32" || text == "float32") {
        *out = InferencePrecision::Float32;
        return true;
    }
    if (text == "bf16" || text == "bfloat16") {
        *out = InferencePrecision::BFloat16;
        return true;
    }
    return false;
}

bool Model::bfloat16Available(std::string* why) {
    static const bool mkldnn = torch::hasMKLDNN();
    static const bool cpu = cpuHasAvx512Bf16();
    if (!mkldnn) {
        if (why)
            *why = "this LibTorch was built without oneDNN (MKLDNN)";
        return false;
    }
    if (!cpu) {
        if (why)
            *why = "this CPU has no AVX512-BF16 instructions (bfloat16 would be emulated, slower "
                   "than float32)";
        return false;
    }
    return true;
}

void Model::Impl::findTrunk(const ModelSpec& spec) {
    trunk.clear();
    trunkEnd = -1;
    const Consumers c = consumers();
    int cur = inputNode;
    std::vector<TrunkStep> steps;
    int lastConv = -1; // steps up to the last convolution's block are worth running in oneDNN
    while (cur >= 0 && cur != outputNode && c.count[cur] == 1) {
        const int next = c.last[cur];
        const ModelNode& node = nodes[next];
        if (node.inputs.size() != 1)
            break;
        const LayerSpec& l = spec.layers[node.specIndex];
        const TensorShape& in = nodes[cur].shape;
        if (!in.spatial())
            break;
        TrunkStep s;
        s.node = next;
        bool ok = true;
        switch (l.kind) {
        case LayerKind::Conv2D:
        case LayerKind::DepthwiseConv2D:
            s.op = TrunkStep::Conv;
            s.groups = l.kind == LayerKind::Conv2D ? l.groups : in.dims[2];
            s.stride = {l.strides[0], l.strides[1]};
            s.dilation = {l.dilation[0], l.dilation[1]};
            s.relu = l.activation == ActivationKind::Relu;
            ok = s.relu || l.activation == ActivationKind::Linear;
            if (ok &&
                !symmetricPadding(l, in.dims[0], in.dims[1], l.kernel, l.dilation, &s.padding)) {
                // Uneven padding (a 4x4 "same" kernel) only where the dense input is padded
                // before it enters oneDNN: the first layer.
                ok = cur == inputNode;
                if (ok && l.samePadding) {
                    const auto ph = sameWindowPad(
                        in.dims[0], int64_t(l.dilation[0]) * (l.kernel[0] - 1) + 1, l.strides[0]);
                    const auto pw = sameWindowPad(
                        in.dims[1], int64_t(l.dilation[1]) * (l.kernel[1] - 1) + 1, l.strides[1]);
                    s.inputPad = {pw[0], pw[1], ph[0], ph[1]};
                } else if (ok) {
                    s.inputPad = {l.padding[2], l.padding[3], l.padding[0], l.padding[1]};
                }
                s.padding = {0, 0};
            }
            break;
        case LayerKind::MaxPooling2D:
            s.op = TrunkStep::MaxPool;
            s.window = {l.poolSize[0], l.poolSize[1]};
            s.stride = {l.strides[0], l.strides[1]};
            s.ceil = l.ceilMode;
            ok = symmetricPadding(l, in.dims[0], in.dims[1], l.poolSize, {1, 1}, &s.padding);
            if (!ok && l.samePadding && !l.ceilMode) {
                // "Same" max pooling that pads one pixel after only (7 -> 4 with 2x2 windows)
                // is ceil mode: the last window hangs over the edge and -inf never wins.
                const auto ph = sameWindowPad(in.dims[0], l.poolSize[0], l.strides[0]);
                const auto pw = sameWindowPad(in.dims[1], l.poolSize[1], l.strides[1]);
                ok = ph[0] == 0 && pw[0] == 0 && ph[1] <= 1 && pw[1] <= 1;
                s.padding = {0, 0};
                s.ceil = true;
            }
            break;
        case LayerKind::ReLU:
            s.op = TrunkStep::Relu;
            ok = plainRelu(l);
            break;
        case LayerKind::Activation:
            s.op = l.activation == ActivationKind::Relu ? TrunkStep::Relu : TrunkStep::Identity;
            ok = l.activation == ActivationKind::Relu || l.activation == ActivationKind::Linear;
            break;
        case LayerKind::Dropout:
            s.op = TrunkStep::Identity;
            break;
        default:
            ok = false;
        }
        if (!ok)
            break;
        steps.push_back(s);
        if (s.op == TrunkStep::Conv)
            lastConv = static_cast<int>(steps.size()) - 1;
        cur = next;
    }
    if (lastConv < 0)
        return;
    // Keep the pooling and activations right after the last convolution (its block), drop the
    // rest: a trunk that ends in a bare pooling layer gains nothing from oneDNN.
    size_t end = static_cast<size_t>(lastConv) + 1;
    while (end < steps.size() && steps[end].op != TrunkStep::Conv)
        ++end;
    steps.resize(end);
    trunk = std::move(steps);
    trunkEnd = trunk.back().node;
}

namespace trunk_detail {

/// Weights of the trunk's convolutions reordered for oneDNN once, in one precision; stale when
/// a weight tensor is replaced or changed in place (fine-tuning), checked by data pointer and
/// version counter on every use.
struct PackedTrunk {
    c10::ScalarType dtype = c10::ScalarType::Float;
    struct Conv {
        const void* weightData = nullptr;
        uint32_t weightVersion = 0;
        const void* biasData = nullptr;
        uint32_t biasVersion = 0;
        torch::Tensor weight; ///< oneDNN layout, in dtype
        torch::Tensor bias;   ///< float32 dense, or undefined
    };
    std::vector<Conv> convs; ///< one per trunk step (empty entries for non-convolutions)

    bool fresh(const Model::Impl& g, c10::ScalarType want) const {
        if (want != dtype || convs.size() != g.trunk.size())
            return false;
        for (size_t i = 0; i < g.trunk.size(); ++i) {
            if (g.trunk[i].op != TrunkStep::Conv)
                continue;
            const ModelNode& n = g.nodes[g.trunk[i].node];
            const Conv& c = convs[i];
            if (c.weightData != n.weight.data_ptr() || c.weightVersion != n.weight._version())
                return false;
            if (n.bias.defined() &&
                (c.biasData != n.bias.data_ptr() || c.biasVersion != n.bias._version()))
                return false;
        }
        return true;
    }
};

std::shared_ptr<const PackedTrunk> pack(const Model::Impl& g, c10::ScalarType dtype) {
    auto p = std::make_shared<PackedTrunk>();
    p->dtype = dtype;
    p->convs.resize(g.trunk.size());
    torch::NoGradGuard guard;
    for (size_t i = 0; i < g.trunk.size(); ++i) {
        const TrunkStep& s = g.trunk[i];
        if (s.op != TrunkStep::Conv)
            continue;
        const ModelNode& n = g.nodes[s.node];
        PackedTrunk::Conv& c = p->convs[i];
        c.weightData = n.weight.data_ptr();
        c.weightVersion = n.weight._version();
        c.weight = at::mkldnn_reorder_conv2d_weight(n.weight.detach().contiguous().to_mkldnn(dtype),
                                                    s.padding, s.stride, s.dilation, s.groups);
        if (n.bias.defined()) {
            c.biasData = n.bias.data_ptr();
            c.biasVersion = n.bias._version();
            c.bias = n.bias.detach().to(torch::kFloat32).contiguous();
        }
    }
    return p;
}

} // namespace trunk_detail

struct TrunkCache::State {
    std::mutex mutex;
    std::shared_ptr<const trunk_detail::PackedTrunk> packed;
};

TrunkCache::TrunkCache() : m_state(std::make_unique<State>()) {}
TrunkCache::TrunkCache(const TrunkCache&) : m_state(std::make_unique<State>()) {}
TrunkCache& TrunkCache::operator=(const TrunkCache&) {
    std::lock_guard<std::mutex> lock(m_state->mutex);
    m_state->packed.reset();
    return *this;
}
TrunkCache::~TrunkCache() = default;

bool Model::Impl::trunkRunnable() const {
    if (trunkEnd < 0 || !device.is_cpu())
        return false;
    for (size_t i = 0; i + 1 < trunk.size(); ++i)
        if (nodes[trunk[i].node].mask.defined())
            return false; // a channel mask inside the trunk: run the generic graph
    return true;
}

int Model::Impl::trunkStepOf(int node) const {
    for (size_t i = 0; i < trunk.size(); ++i)
        if (trunk[i].node == node)
            return static_cast<int>(i);
    return -1;
}

torch::Tensor Model::Impl::runTrunk(const torch::Tensor& prepared, c10::ScalarType dtype,
                                    size_t firstStep) const {
    std::shared_ptr<const trunk_detail::PackedTrunk> packed;
    {
        std::lock_guard<std::mutex> lock(trunkCache.m_state->mutex);
        auto& have = trunkCache.m_state->packed;
        if (!have || !have->fresh(*this, dtype))
            have = trunk_detail::pack(*this, dtype);
        packed = have;
    }
    torch::NoGradGuard guard;
    torch::Tensor dense = prepared;
    if (firstStep == 0 && !trunk.empty() && !trunk.front().inputPad.empty())
        dense = torch::constant_pad_nd(prepared, trunk.front().inputPad, 0.0);
    torch::Tensor x = dense.contiguous().to_mkldnn(dtype);
    bool pendingRelu = false; // ReLU commutes with max pooling: apply it to the pooled tensor
    for (size_t i = firstStep; i < trunk.size(); ++i) {
        const TrunkStep& s = trunk[i];
        switch (s.op) {
        case TrunkStep::Conv: {
            if (pendingRelu)
                x = torch::relu_(x);
            const auto& c = packed->convs[i];
            x = at::mkldnn_convolution(
                x, c.weight, c.bias.defined() ? c10::optional<at::Tensor>(c.bias) : c10::nullopt,
                s.padding, s.stride, s.dilation, s.groups);
            pendingRelu = s.relu;
            break;
        }
        case TrunkStep::MaxPool:
            x = torch::max_pool2d(x, s.window, s.stride, s.padding, {1, 1}, s.ceil);
            break;
        case TrunkStep::Relu:
            pendingRelu = true;
            break;
        case TrunkStep::Identity:
            break;
        }
    }
    if (pendingRelu)
        x = torch::relu_(x);
    return x.to_dense().to(torch::kFloat32);
}

} // namespace bdl::core
