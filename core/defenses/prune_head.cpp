#include "core/defenses/prune_head.h"

#include "core/defenses/prune_kernels.h"
#include "core/nn/layer_exec.h"

#include <torch/types.h>
#include <torch/utils.h>

#include <cmath>
#include <map>
#include <optional>

namespace bdl::core::detail {

struct LinearHead::Stem {
    enum Kind { Conv, Dense, FlatDense };
    Kind kind = Conv;
    int node = -1;
    ActivationKind activation = ActivationKind::Linear;
    bool isOutput = false;
    torch::Tensor mask;   ///< the stem layer's own channel mask (float), or undefined
    torch::Tensor weight; ///< conv (out, C, kh, kw); dense (in, out) in Keras layout
    torch::Tensor bias;   ///< (out) or undefined
    /// Minus the weights of one input channel, laid out for the delta GEMM:
    /// conv (C, kh * kw, out); dense (C, HW, out) (HW = 1 for a flat cut).
    torch::Tensor negChannel;
    std::array<int64_t, 2> kernel{1, 1};
    std::array<int64_t, 2> stride{1, 1};
    std::array<int64_t, 3> outShape{1, 1, 1}; ///< conv: (H', W', out)
    bool flattenChannelsFirst = false;        ///< FlatDense after a PyTorch-order Flatten
};

struct LinearHead::TailOp {
    int node = -1;
    LayerSpec spec;
    std::vector<int> inputs;
    LayerTensors tensors;       ///< float32, internal layout
    torch::Tensor mkldnnWeight; ///< oneDNN copies for narrow dense layers (see runTailOp)
    torch::Tensor mkldnnBias;
    torch::Tensor mask;
    bool isOutput = false;
};

namespace {

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

torch::Tensor runTailOp(const LinearHead::TailOp& op, const std::vector<torch::Tensor>& outs) {
    const LayerSpec& l = op.spec;
    if (l.kind == LayerKind::Dense && op.mkldnnWeight.defined()) {
        const torch::Tensor& x = outs[op.inputs[0]];
        return applyActivation(
            torch::mkldnn_linear(x.contiguous().to_mkldnn(), op.mkldnnWeight, op.mkldnnBias)
                .to_dense(),
            l.activation, op.isOutput);
    }
    std::vector<const torch::Tensor*> in;
    for (int i : op.inputs)
        in.push_back(&outs[i]);
    return runLayer(l, op.tensors, in, /*training=*/false, op.isOutput);
}

} // namespace

/// Graph facts the analysis needs: consumers, and which nodes lie between `cut` and the output.
struct GraphInfo {
    std::map<std::string, int> index;
    std::vector<std::vector<int>> inputs;
    std::vector<std::vector<int>> consumers;
    std::vector<char> onPath; ///< descendant of cut and ancestor of (or equal to) the output
};

namespace {

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

/// A stem for layer l reading the cut layer (shape cutShape), or nullopt when unsupported.
std::optional<LinearHead::Stem> makeStem(const Model& model, const LayerSpec& l,
                                         LinearHead::Stem::Kind kind, const TensorShape& cutShape,
                                         bool isOutput, bool channelsFirstFlatten) {
    using Stem = LinearHead::Stem;
    if (kind == Stem::Conv &&
        (l.kind != LayerKind::Conv2D || l.samePadding || l.groups != 1 ||
         l.padding != std::array<int, 4>{0, 0, 0, 0} || l.dilation != std::array<int, 2>{1, 1}))
        return std::nullopt;
    const int64_t channels = cutShape.channels();
    Stem s;
    s.kind = kind;
    s.node = -1;
    s.activation = l.activation;
    s.isOutput = isOutput;
    s.mask = model.channelMask(l.name);
    const auto w = model.kerasWeights(l.name);
    s.bias = l.useBias ? w[1] : torch::Tensor();
    if (kind == Stem::Conv) {
        s.weight = internalKernel(w[0]);
        s.kernel = {l.kernel[0], l.kernel[1]};
        s.stride = {l.strides[0], l.strides[1]};
        const auto& o = model.outputShape(l.name).dims;
        s.outShape = {o[0], o[1], o[2]};
        // Keras (kh, kw, C, out) -> (C, kh * kw, out), negated.
        s.negChannel = -w[0].permute({2, 0, 1, 3}).reshape({channels, -1, l.filters}).contiguous();
    } else {
        s.weight = w[0];
        const int64_t hw = kind == Stem::FlatDense ? cutShape.dims[0] * cutShape.dims[1] : 1;
        s.flattenChannelsFirst = channelsFirstFlatten;
        if (channelsFirstFlatten) // PyTorch flattens (C, H, W): row c * HW + hw
            s.negChannel = -w[0].view({channels, hw, -1}).contiguous();
        else // Keras flattens (H, W, C): input row (h * W + w) * C + c belongs to channel c.
            s.negChannel = -w[0].view({hw, channels, -1}).permute({1, 0, 2}).contiguous();
    }
    return s;
}

LinearHead::TailOp makeTailOp(const Model& model, const LayerSpec& l, std::vector<int> inputs,
                              bool isOutput) {
    LinearHead::TailOp op;
    op.spec = l;
    op.inputs = std::move(inputs);
    op.isOutput = isOutput;
    op.mask = model.channelMask(l.name);
    op.tensors = model.layerTensors(l.name);
    if (l.kind == LayerKind::Dense && l.useBias && preferOneDnnGemm()) {
        op.mkldnnWeight = op.tensors.weight.to_mkldnn();
        op.mkldnnBias = op.tensors.bias.to_mkldnn();
    }
    return op;
}

} // namespace

LinearHead::LinearHead() = default;
LinearHead::~LinearHead() = default;

std::unique_ptr<LinearHead> LinearHead::tryCreate(const Model& model, const std::string& layer,
                                                  std::string* reason) {
    auto decline = [&](const std::string& w) {
        if (reason)
            *reason = w;
        return std::unique_ptr<LinearHead>();
    };
    const ModelSpec& spec = model.spec();
    if (!model.device().is_cpu()) // prune_kernels.h and ArgmaxCertifier read raw CPU memory
        return decline("the incremental evaluator runs on the CPU only; the model is on " +
                       model.device().str());
    if (!spec.find(layer) || !model.isCutPoint(layer))
        return decline("layer '" + layer + "' is not a cut point");
    std::unique_ptr<LinearHead> head(new LinearHead());
    head->m_numNodes = static_cast<int>(spec.layers.size());
    int cut = -1;
    for (int i = 0; i < head->m_numNodes; ++i) {
        if (spec.layers[i].name == layer)
            cut = i;
        if (spec.layers[i].name == spec.output)
            head->m_output = i;
    }
    if (cut == head->m_output)
        return decline("the pruned layer is the output");
    const GraphInfo info = analyse(spec, cut, head->m_output);
    torch::NoGradGuard guard;
    std::vector<char> isStem(spec.layers.size(), 0);
    std::string why = head->addStems(model, info, cut, isStem);
    if (why.empty())
        why = head->addTail(model, info, cut, isStem);
    if (!why.empty())
        return decline(why);
    head->attachCertifier();
    return head;
}

std::string LinearHead::addStems(const Model& model, const GraphInfo& info, int cut,
                                 std::vector<char>& isStem) {
    const ModelSpec& spec = model.spec();
    const std::string& layer = spec.layers[cut].name;
    const TensorShape& cutShape = model.outputShape(layer);
    auto add = [&](int node, Stem::Kind kind) {
        if (info.inputs[node].size() != 1)
            return false;
        const bool channelsFirst =
            kind == Stem::FlatDense && spec.layers[info.inputs[node][0]].channelsFirst;
        auto s =
            makeStem(model, spec.layers[node], kind, cutShape, node == m_output, channelsFirst);
        if (!s)
            return false;
        s->node = node;
        isStem[node] = 1;
        m_stems.push_back(std::move(*s));
        return true;
    };
    for (int c : info.consumers[cut]) {
        if (!info.onPath[c])
            continue;
        const LayerSpec& l = spec.layers[c];
        bool ok = false;
        if (l.kind == LayerKind::Conv2D && cutShape.spatial()) {
            ok = add(c, Stem::Conv);
        } else if (l.kind == LayerKind::Dense && !cutShape.spatial()) {
            ok = add(c, Stem::Dense);
        } else if (l.kind == LayerKind::Flatten && cutShape.spatial() &&
                   !model.channelMask(l.name).defined()) {
            ok = true;
            isStem[c] = 1; // folded into the Dense stems that read it
            for (int d : info.consumers[c])
                if (info.onPath[d])
                    ok = ok && spec.layers[d].kind == LayerKind::Dense && add(d, Stem::FlatDense);
        }
        if (!ok)
            return "layer '" + l.name + "' after '" + layer + "' is not a linear stem";
    }
    return m_stems.empty() ? "no linear layer reads '" + layer + "'" : std::string();
}

std::string LinearHead::addTail(const Model& model, const GraphInfo& info, int cut,
                                const std::vector<char>& isStem) {
    const ModelSpec& spec = model.spec();
    for (int i = cut + 1; i < m_numNodes; ++i) {
        if (!info.onPath[i] || isStem[i])
            continue;
        const LayerSpec& l = spec.layers[i];
        for (int in : info.inputs[i])
            if (in == cut)
                return "layer '" + l.name + "' reads '" + spec.layers[cut].name + "' directly";
        m_tail.push_back(makeTailOp(model, l, info.inputs[i], i == m_output));
        m_tail.back().node = i;
    }
    return std::string();
}

void LinearHead::attachCertifier() {
    if (m_tail.empty())
        return;
    const TailOp& last = m_tail.back();
    const auto a = last.spec.activation;
    if (last.isOutput && last.spec.kind == LayerKind::Dense && !last.mask.defined() &&
        (a == ActivationKind::Softmax || a == ActivationKind::Linear)) {
        m_cert = std::make_unique<ArgmaxCertifier>(last.tensors.weight, last.tensors.bias);
        m_penultimate = last.inputs[0];
        m_tail.pop_back();
    }
}

LinearHead::State LinearHead::initialState(const torch::Tensor& activations) const {
    torch::NoGradGuard guard;
    const auto a = activations.to(torch::kFloat32);
    const int64_t n = a.size(0);
    State st;
    for (const auto& s : m_stems) {
        torch::Tensor z;
        if (s.kind == Stem::Conv) {
            // Kept as (N, H' * W' * out): channels-last, so Keras's Flatten is a plain view.
            z = torch::conv2d(a, s.weight, s.bias, {s.stride[0], s.stride[1]})
                    .permute({0, 2, 3, 1})
                    .reshape({n, -1});
        } else {
            const auto flat = a.dim() != 4             ? a
                              : s.flattenChannelsFirst ? a.reshape({n, -1})
                                                       : a.permute({0, 2, 3, 1}).reshape({n, -1});
            z = s.bias.defined() ? torch::addmm(s.bias, flat, s.weight)
                                 : torch::matmul(flat, s.weight);
        }
        st.z.push_back(z.contiguous());
    }
    if (m_cert)
        st.out = m_cert->initial(run(st, torch::arange(n, torch::kInt64), m_penultimate));
    return st;
}

void LinearHead::removeChannel(State& state, const torch::Tensor& rows,
                               const torch::Tensor& channelAct, int64_t c) const {
    torch::NoGradGuard guard;
    const auto a = channelAct.to(torch::kFloat32).contiguous();
    const auto rc = rows.to(torch::kInt64).contiguous();
    const int64_t r = a.size(0);
    const int64_t h = a.dim() == 3 ? a.size(1) : 1;
    const int64_t w = a.dim() == 3 ? a.size(2) : 1;
    for (size_t i = 0; i < m_stems.size(); ++i) {
        const Stem& s = m_stems[i];
        const auto neg = s.negChannel[c].contiguous();
        float* z = state.z[i].data_ptr<float>();
        if (s.kind == Stem::Conv)
            convStemUpdate(a.data_ptr<float>(), r, h, w, rc.data_ptr<int64_t>(),
                           neg.data_ptr<float>(), s.kernel, s.stride, s.outShape[0], s.outShape[1],
                           s.outShape[2], z);
        else
            denseStemUpdate(a.data_ptr<float>(), r, h * w, rc.data_ptr<int64_t>(),
                            neg.data_ptr<float>(), neg.size(1), z);
    }
}

torch::Tensor LinearHead::run(const State& state, const torch::Tensor& rows, int until) const {
    std::vector<torch::Tensor> outs(static_cast<size_t>(m_numNodes));
    const int64_t r = rows.size(0);
    const auto rc = rows.to(torch::kInt64).contiguous();
    for (size_t i = 0; i < m_stems.size(); ++i) {
        const Stem& s = m_stems[i];
        torch::Tensor y;
        const auto act = s.activation;
        if (act == ActivationKind::Relu || act == ActivationKind::Linear ||
            (act == ActivationKind::Softmax && s.isOutput)) {
            const int64_t width = state.z[i].size(1);
            y = torch::empty({r, width}, torch::kFloat32);
            const auto mask = s.mask.defined() ? s.mask.contiguous() : torch::Tensor();
            gatherActivate(state.z[i].data_ptr<float>(), rc.data_ptr<int64_t>(), r, width,
                           act == ActivationKind::Relu,
                           mask.defined() ? mask.data_ptr<float>() : nullptr,
                           mask.defined() ? mask.numel() : 1, y.data_ptr<float>());
        } else {
            y = applyMask(applyActivation(state.z[i].index_select(0, rc), act, s.isOutput), s.mask);
        }
        if (s.kind == Stem::Conv) // a channels-last (R, out, H', W') view
            y = y.view({r, s.outShape[0], s.outShape[1], s.outShape[2]}).permute({0, 3, 1, 2});
        outs[s.node] = y;
    }
    for (const auto& op : m_tail)
        outs[op.node] = applyMask(runTailOp(op, outs), op.mask);
    return outs[until];
}

torch::Tensor LinearHead::logits(const State& state, const torch::Tensor& rows) const {
    torch::NoGradGuard guard;
    if (m_cert)
        return m_cert->logits(run(state, rows, m_penultimate));
    return run(state, rows, m_output);
}

void LinearHead::updatePredictions(State& state, const torch::Tensor& rows,
                                   torch::Tensor& pred) const {
    torch::NoGradGuard guard;
    if (m_cert)
        m_cert->update(state.out, rows, run(state, rows, m_penultimate), pred);
    else
        pred.index_put_({rows}, run(state, rows, m_output).argmax(1));
}

} // namespace bdl::core::detail
