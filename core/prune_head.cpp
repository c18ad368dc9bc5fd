#include "core/prune_head.h"

#include <torch/torch.h>

#include <cmath>
#include <map>

namespace bdl::core::detail {

struct LinearHead::Stem {
    enum Kind { Conv, Dense, FlatDense };
    Kind kind = Conv;
    int node = -1;
    ActivationKind activation = ActivationKind::Linear;
    bool isOutput = false;
    torch::Tensor mask;         ///< the stem layer's own channel mask (float), or undefined
    torch::Tensor weight;       ///< float64: conv (out, C, kh, kw); dense per channel (C, HW, out)
    torch::Tensor bias;         ///< float64 (out) or undefined
    std::array<int64_t, 2> stride{1, 1};
};

struct LinearHead::TailOp {
    int node = -1;
    LayerSpec spec;
    std::vector<int> inputs;
    torch::Tensor weight; ///< float32, internal layout
    torch::Tensor bias;
    torch::Tensor runningMean;
    torch::Tensor runningVar;
    torch::Tensor mask;
    bool isOutput = false;
};

namespace {

torch::Tensor activate(const torch::Tensor& x, ActivationKind a, bool isOutput) {
    switch (a) {
    case ActivationKind::Linear: return x;
    case ActivationKind::Relu: return torch::relu(x);
    case ActivationKind::Softmax: return isOutput ? x : torch::softmax(x, 1); // logits: no softmax
    case ActivationKind::Sigmoid: return torch::sigmoid(x);
    case ActivationKind::Tanh: return torch::tanh(x);
    }
    return x;
}

torch::Tensor applyMask(const torch::Tensor& y, const torch::Tensor& mask) {
    if (!mask.defined())
        return y;
    return y * (y.dim() == 4 ? mask.view({1, -1, 1, 1}) : mask.view({1, -1}));
}

/// Keras layout -> internal layout for conv and dense kernels.
torch::Tensor internalKernel(const torch::Tensor& keras) {
    if (keras.dim() == 4)
        return keras.permute({3, 2, 0, 1}).contiguous();
    return keras.t().contiguous();
}

bool supportedTail(const LayerSpec& l, std::string* why) {
    switch (l.kind) {
    case LayerKind::Conv2D:
    case LayerKind::MaxPooling2D:
    case LayerKind::AveragePooling2D:
        if (l.samePadding) {
            *why = "layer '" + l.name + "' uses same padding";
            return false;
        }
        return true;
    case LayerKind::Dense:
    case LayerKind::Flatten:
    case LayerKind::Dropout:
    case LayerKind::Add:
    case LayerKind::Activation:
    case LayerKind::ReLU:
    case LayerKind::BatchNormalization:
        return true;
    default:
        *why = "layer '" + l.name + "' (" + layerKindName(l.kind) + ") is not supported";
        return false;
    }
}

torch::Tensor runTailOp(const LinearHead::TailOp& op, const std::vector<torch::Tensor>& outs) {
    const LayerSpec& l = op.spec;
    const torch::Tensor& x = outs[op.inputs[0]];
    switch (l.kind) {
    case LayerKind::Conv2D:
        return activate(torch::conv2d(x, op.weight, op.bias, {l.strides[0], l.strides[1]}),
                        l.activation, op.isOutput);
    case LayerKind::MaxPooling2D:
        return torch::max_pool2d(x, {l.poolSize[0], l.poolSize[1]}, {l.strides[0], l.strides[1]});
    case LayerKind::AveragePooling2D:
        return torch::avg_pool2d(x, {l.poolSize[0], l.poolSize[1]}, {l.strides[0], l.strides[1]});
    case LayerKind::Dense:
        return activate(torch::linear(x, op.weight, op.bias), l.activation, op.isOutput);
    case LayerKind::Flatten:
        return x.dim() == 4 ? x.permute({0, 2, 3, 1}).reshape({x.size(0), -1})
                            : x.reshape({x.size(0), -1});
    case LayerKind::Add: {
        torch::Tensor y = x;
        for (size_t i = 1; i < op.inputs.size(); ++i)
            y = y + outs[op.inputs[i]];
        return y;
    }
    case LayerKind::Activation:
        return activate(x, l.activation, op.isOutput);
    case LayerKind::ReLU: {
        torch::Tensor y = l.reluNegativeSlope == 0.0 && l.reluThreshold == 0.0
                              ? torch::relu(x)
                              : torch::where(x >= l.reluThreshold, x,
                                             (x - l.reluThreshold) * l.reluNegativeSlope);
        return std::isfinite(l.reluMaxValue) ? torch::clamp_max(y, l.reluMaxValue) : y;
    }
    case LayerKind::BatchNormalization:
        return torch::batch_norm(x, op.weight, op.bias, op.runningMean, op.runningVar, false, 0.0,
                                 l.epsilon, false);
    default:
        return x; // Dropout at inference
    }
}

/// Graph facts the analysis needs: consumers, and which nodes lie between `cut` and the output.
struct GraphInfo {
    std::map<std::string, int> index;
    std::vector<std::vector<int>> inputs;
    std::vector<std::vector<int>> consumers;
    std::vector<char> onPath; ///< descendant of cut and ancestor of (or equal to) the output
};

GraphInfo analyse(const ModelSpec& spec, int cut, int output) {
    GraphInfo g;
    const int n = static_cast<int>(spec.layers.size());
    for (int i = 0; i < n; ++i)
        g.index[spec.layers[i].name] = i;
    g.inputs.resize(n);
    g.consumers.resize(n);
    for (int i = 0; i < n; ++i)
        for (const auto& in : spec.layers[i].inputs) {
            g.inputs[i].push_back(g.index.at(in));
            g.consumers[g.index.at(in)].push_back(i);
        }
    std::vector<char> down(n, 0), up(n, 0);
    for (int i = cut + 1; i < n; ++i)
        for (int in : g.inputs[i])
            if (in == cut || down[in])
                down[i] = 1;
    up[output] = 1;
    for (int i = output; i >= 0; --i)
        if (up[i])
            for (int in : g.inputs[i])
                up[in] = 1;
    g.onPath.resize(n);
    for (int i = 0; i < n; ++i)
        g.onPath[i] = down[i] && up[i];
    return g;
}

} // namespace

LinearHead::LinearHead() = default;
LinearHead::~LinearHead() = default;

std::unique_ptr<LinearHead> LinearHead::tryCreate(const Model& model, const std::string& layer,
                                                  std::string* reason) {
    std::string why;
    auto decline = [&](const std::string& w) {
        if (reason)
            *reason = w;
        return std::unique_ptr<LinearHead>();
    };
    const ModelSpec& spec = model.spec();
    if (!spec.find(layer) || !model.isCutPoint(layer))
        return decline("layer '" + layer + "' is not a cut point");
    int cut = -1;
    int output = -1;
    for (size_t i = 0; i < spec.layers.size(); ++i) {
        if (spec.layers[i].name == layer)
            cut = static_cast<int>(i);
        if (spec.layers[i].name == spec.output)
            output = static_cast<int>(i);
    }
    if (cut == output)
        return decline("the pruned layer is the output");
    const GraphInfo info = analyse(spec, cut, output);
    const TensorShape& cutShape = model.outputShape(layer);
    const int64_t channels = cutShape.channels();

    std::unique_ptr<LinearHead> head(new LinearHead());
    head->m_numNodes = static_cast<int>(spec.layers.size());
    head->m_output = output;
    std::vector<char> isStem(spec.layers.size(), 0);
    torch::NoGradGuard guard;

    auto addStem = [&](int node, Stem::Kind kind) -> bool {
        const LayerSpec& l = spec.layers[node];
        if (info.inputs[node].size() != 1)
            return false;
        Stem s;
        s.kind = kind;
        s.node = node;
        s.activation = l.activation;
        s.isOutput = node == output;
        s.mask = model.channelMask(l.name);
        const auto w = model.kerasWeights(l.name);
        s.bias = l.useBias ? w[1].to(torch::kFloat64) : torch::Tensor();
        if (kind == Stem::Conv) {
            if (l.samePadding)
                return false;
            s.weight = internalKernel(w[0]).to(torch::kFloat64);
            s.stride = {l.strides[0], l.strides[1]};
        } else if (kind == Stem::FlatDense) {
            // Keras flattens (H, W, C): input row (h * W + w) * C + c belongs to channel c.
            const int64_t hw = cutShape.dims[0] * cutShape.dims[1];
            s.weight = w[0].to(torch::kFloat64).view({hw, channels, -1}).permute({1, 0, 2})
                           .contiguous();
        } else {
            s.weight = w[0].to(torch::kFloat64).view({channels, 1, -1}).contiguous();
        }
        isStem[node] = 1;
        head->m_stems.push_back(std::move(s));
        return true;
    };

    for (int c : info.consumers[cut]) {
        if (!info.onPath[c])
            continue;
        const LayerSpec& l = spec.layers[c];
        bool ok = false;
        if (l.kind == LayerKind::Conv2D && cutShape.spatial())
            ok = addStem(c, Stem::Conv);
        else if (l.kind == LayerKind::Dense && !cutShape.spatial())
            ok = addStem(c, Stem::Dense);
        else if (l.kind == LayerKind::Flatten && cutShape.spatial() &&
                 !model.channelMask(l.name).defined()) {
            ok = true;
            isStem[c] = 1; // folded into the Dense stems that read it
            for (int d : info.consumers[c]) {
                if (!info.onPath[d])
                    continue;
                ok = ok && spec.layers[d].kind == LayerKind::Dense && addStem(d, Stem::FlatDense);
            }
        }
        if (!ok)
            return decline("layer '" + l.name + "' after '" + layer + "' is not a linear stem");
    }
    if (head->m_stems.empty())
        return decline("no linear layer reads '" + layer + "'");

    for (int i = cut + 1; i < head->m_numNodes; ++i) {
        if (!info.onPath[i] || isStem[i])
            continue;
        const LayerSpec& l = spec.layers[i];
        if (!supportedTail(l, &why))
            return decline(why);
        TailOp op;
        op.node = i;
        op.spec = l;
        op.inputs = info.inputs[i];
        op.isOutput = i == output;
        op.mask = model.channelMask(l.name);
        for (int in : op.inputs)
            if (in == cut)
                return decline("layer '" + l.name + "' reads '" + layer + "' directly");
        const auto w = model.kerasWeights(l.name);
        if (l.kind == LayerKind::Conv2D || l.kind == LayerKind::Dense) {
            op.weight = internalKernel(w[0]);
            if (l.useBias)
                op.bias = w[1];
        } else if (l.kind == LayerKind::BatchNormalization) {
            size_t k = 0;
            op.weight = l.bnScale ? w[k++] : torch::Tensor();
            op.bias = l.bnCenter ? w[k++] : torch::Tensor();
            op.runningMean = w[k++];
            op.runningVar = w[k++];
        }
        head->m_tail.push_back(std::move(op));
    }
    return head;
}

LinearHead::State LinearHead::initialState(const torch::Tensor& activations) const {
    torch::NoGradGuard guard;
    const auto a = activations.to(torch::kFloat64);
    const int64_t n = a.size(0);
    State st;
    for (const auto& s : m_stems) {
        torch::Tensor z;
        if (s.kind == Stem::Conv) {
            z = torch::conv2d(a, s.weight, s.bias, {s.stride[0], s.stride[1]});
        } else {
            // (N, C, HW) x (C, HW, out) summed over C and HW.
            const auto flat = a.reshape({n, a.size(1), -1}).permute({0, 2, 1}).reshape({n, -1});
            const auto w = s.weight.permute({1, 0, 2}).reshape({-1, s.weight.size(2)});
            z = torch::matmul(flat, w);
            if (s.bias.defined())
                z = z + s.bias;
        }
        st.z.push_back(z.contiguous());
    }
    return st;
}

void LinearHead::removeChannel(State& state, const torch::Tensor& rows,
                               const torch::Tensor& channelAct, int64_t c) const {
    torch::NoGradGuard guard;
    const auto a = channelAct.to(torch::kFloat64);
    const int64_t r = a.size(0);
    for (size_t i = 0; i < m_stems.size(); ++i) {
        const Stem& s = m_stems[i];
        torch::Tensor delta;
        if (s.kind == Stem::Conv) {
            delta = torch::conv2d(a.unsqueeze(1), s.weight.narrow(1, c, 1), {},
                                  {s.stride[0], s.stride[1]});
        } else {
            delta = torch::matmul(a.reshape({r, -1}), s.weight[c]);
        }
        state.z[i].index_put_({rows}, state.z[i].index_select(0, rows) - delta);
    }
}

torch::Tensor LinearHead::logits(const State& state, const torch::Tensor& rows) const {
    torch::NoGradGuard guard;
    std::vector<torch::Tensor> outs(static_cast<size_t>(m_numNodes));
    for (size_t i = 0; i < m_stems.size(); ++i) {
        const Stem& s = m_stems[i];
        const auto z = state.z[i].index_select(0, rows).to(torch::kFloat32);
        outs[s.node] = applyMask(activate(z, s.activation, s.isOutput), s.mask);
    }
    for (const auto& op : m_tail)
        outs[op.node] = applyMask(runTailOp(op, outs), op.mask);
    return outs[m_output];
}

} // namespace bdl::core::detail
