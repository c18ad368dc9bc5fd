// The TorchScript translation's tensor ops: each becomes a layer of the ModelSpec (or folds
// into the input normalisation, a bias or a channel mask).
#include "core/io/torchscript_translator.h"

#include "core/base/errors.h"

#include <torch/csrc/jit/ir/constants.h>
#include <torch/csrc/jit/ir/ir.h>

#include <algorithm>
#include <cmath>

namespace bdl::core::torchscript_detail {

void Translator::convolution(const Node* n, bool underscore) {
    const std::string x = layerIn(n, 0);
    const torch::Tensor w = tensorIn(n, 1, false);
    const torch::Tensor b = tensorIn(n, 2, true);
    if (w.dim() != 4)
        fail(n, "only 2-D convolutions are supported (weight of rank " + std::to_string(w.dim()) +
                    ")");
    LayerSpec l;
    l.kind = LayerKind::Conv2D;
    const auto stride = intsIn(n, 3);
    std::vector<int64_t> padding{0, 0};
    bool same = false;
    const c10::IValue pad = constantIn(n, 4);
    if (pad.isString()) {
        const std::string p = pad.toStringRef();
        if (p == "same")
            same = true;
        else if (p != "valid")
            fail(n, "unknown padding '" + p + "'");
    } else {
        padding = intsIn(n, 4);
    }
    const auto dilation = intsIn(n, 5);
    int64_t groups = 1;
    if (underscore) {
        if (boolIn(n, 6))
            fail(n, "transposed convolutions are not supported");
        groups = intIn(n, 8);
    } else {
        groups = intIn(n, 6);
    }
    auto pair = [&](const std::vector<int64_t>& v, const char* what) {
        if (v.size() == 1)
            return std::array<int64_t, 2>{v[0], v[0]};
        if (v.size() != 2)
            fail(n, std::string(what) + " must have two values");
        return std::array<int64_t, 2>{v[0], v[1]};
    };
    const auto s = pair(stride, "stride");
    const auto p = pair(padding, "padding");
    const auto d = pair(dilation, "dilation");
    for (int64_t v : {s[0], s[1], d[0], d[1], groups})
        if (v <= 0 || v > (int64_t(1) << 20))
            fail(n, "stride, dilation and groups must be positive");
    for (int64_t v : {p[0], p[1]})
        if (v < 0 || v > (int64_t(1) << 20))
            fail(n, "padding must not be negative");
    const auto& in = shapeOf(x);
    if (in.size() != 3)
        fail(n, "a convolution needs an image-shaped input");
    if (w.size(1) * groups != in[2])
        fail(n, "the weight expects " + std::to_string(w.size(1) * groups) +
                    " input channels, the input has " + std::to_string(in[2]) +
                    " (is the input shape right?)");
    if (w.size(0) % groups != 0)
        fail(n, "the output channels are not divisible by groups");
    if (b.defined() && (b.dim() != 1 || b.size(0) != w.size(0)))
        fail(n, "the bias does not match the weight");
    l.filters = static_cast<int>(w.size(0));
    l.kernel = {static_cast<int>(w.size(2)), static_cast<int>(w.size(3))};
    l.strides = {static_cast<int>(s[0]), static_cast<int>(s[1])};
    l.dilation = {static_cast<int>(d[0]), static_cast<int>(d[1])};
    l.groups = static_cast<int>(groups);
    l.samePadding = same;
    l.padding = {static_cast<int>(p[0]), static_cast<int>(p[0]), static_cast<int>(p[1]),
                 static_cast<int>(p[1])};
    l.useBias = b.defined();
    if (same && (s[0] != 1 || s[1] != 1))
        fail(n, "padding='same' with a stride above 1");
    LayerTensors t;
    t.weight = w;
    t.bias = b;
    setLayer(n->output(), addLayer(n, l, {x}, t));
}

void Translator::batchNorm(const Node* n) {
    const std::string x = layerIn(n, 0);
    LayerTensors t;
    t.weight = tensorIn(n, 1, true);
    t.bias = tensorIn(n, 2, true);
    t.runningMean = tensorIn(n, 3, true);
    t.runningVar = tensorIn(n, 4, true);
    if (!t.runningMean.defined() || !t.runningVar.defined())
        fail(n, "batch norm without running statistics (track_running_stats=False) is not "
                "supported");
    if (boolIn(n, 5))
        fail(n, "batch norm in training mode: call model.eval() before exporting");
    LayerSpec l;
    l.kind = LayerKind::BatchNormalization;
    l.momentum = 1.0 - numberIn(n, 6);
    l.epsilon = numberIn(n, 7);
    if (!(l.epsilon > 0.0))
        fail(n, "eps must be positive");
    l.bnScale = t.weight.defined();
    l.bnCenter = t.bias.defined();
    const auto& in = shapeOf(x);
    const int64_t c = in.empty() ? 0 : in.back();
    for (const torch::Tensor* v : {&t.weight, &t.bias, &t.runningMean, &t.runningVar})
        if (v->defined() && (v->dim() != 1 || v->size(0) != c))
            fail(n, "its parameters do not match the " + std::to_string(c) + " channels");
    if (in.size() != 3 && in.size() != 1)
        fail(n, "batch norm is supported on images and flat features only");
    setLayer(n->output(), addLayer(n, l, {x}, t));
}

void Translator::pooling(const Node* n, bool max) {
    const std::string x = layerIn(n, 0);
    LayerSpec l;
    l.kind = max ? LayerKind::MaxPooling2D : LayerKind::AveragePooling2D;
    auto pair = [&](std::vector<int64_t> v, const char* what, std::array<int64_t, 2> dflt) {
        if (v.empty())
            return dflt;
        if (v.size() == 1)
            v.push_back(v[0]);
        if (v.size() != 2)
            fail(n, std::string(what) + " must have two values");
        for (int64_t e : v)
            if (e < 0 || e > (int64_t(1) << 20))
                fail(n, std::string(what) + " out of range");
        return std::array<int64_t, 2>{v[0], v[1]};
    };
    const auto k = pair(intsIn(n, 1), "kernel size", {0, 0});
    const auto s = pair(intsIn(n, 2), "stride", k);
    const auto p = pair(intsIn(n, 3), "padding", {0, 0});
    l.poolSize = {static_cast<int>(k[0]), static_cast<int>(k[1])};
    l.strides = {static_cast<int>(s[0]), static_cast<int>(s[1])};
    l.padding = {static_cast<int>(p[0]), static_cast<int>(p[0]), static_cast<int>(p[1]),
                 static_cast<int>(p[1])};
    if (max) {
        const auto d = pair(intsIn(n, 4), "dilation", {1, 1});
        if (d[0] != 1 || d[1] != 1)
            fail(n, "dilated max pooling is not supported");
        l.ceilMode = boolIn(n, 5);
    } else {
        l.ceilMode = boolIn(n, 4);
        l.countIncludePad = boolIn(n, 5);
        if (n->inputs().size() > 6 && !isNoneIn(n, 6))
            fail(n, "divisor_override is not supported");
    }
    setLayer(n->output(), addLayer(n, l, {x}));
}

void Translator::reshape(const Node* n, const std::string& op) {
    const Sym& s0 = sym(n->input(0), n);
    const bool channelsLast = s0.kind == Sym::Kind::Layer && s0.channelsLast;
    const std::string x = channelsLast ? s0.layer : layerIn(n, 0);
    const auto sizes = nchw(x);
    const int64_t rank = static_cast<int64_t>(sizes.size());
    int64_t features = 1;
    for (int64_t i = 1; i < rank; ++i)
        features *= sizes[size_t(i)];
    auto flatten = [&]() {
        if (rank == 2) { // already flat: the same tensor
            setLayer(n->output(), x);
            return;
        }
        LayerSpec l;
        l.kind = LayerKind::Flatten;
        l.channelsFirst = !channelsLast; // permute(0, 2, 3, 1) first: Keras's order
        setLayer(n->output(), addLayer(n, l, {x}));
    };
    if (op == "aten::flatten") {
        int64_t start = intIn(n, 1);
        int64_t end = intIn(n, 2);
        if (start < 0)
            start += rank;
        if (end < 0)
            end += rank;
        if (start == 1 && end == rank - 1)
            return flatten();
        if (start == end)
            return setLayer(n->output(), x);
        fail(n, "only flatten(x, 1) (keeping the batch) is supported");
    }
    if (op == "aten::squeeze") {
        // squeeze of (N, C, 1, 1) -> (N, C) is a flatten; a batch of one must not be squeezed.
        if (rank == 4 && sizes[2] == 1 && sizes[3] == 1)
            return flatten();
        fail(n, "only squeezing the 1x1 spatial dimensions of a pooled map is supported");
    }
    // view / reshape: the target must be (batch, features) with -1 or the batch size at 0.
    const Sym& target = sym(n->input(1), n);
    if (target.kind != Sym::Kind::IntList)
        fail(n, "the target shape is not a list of known integers");
    const auto& t = target.ints;
    bool flat = false;
    if (t.size() == 2) {
        const bool batchFirst = t[0].batch || t[0].value == -1;
        const bool restAll = !t[1].batch && (t[1].value == -1 || t[1].value == features);
        const bool batchLast = !t[0].batch && t[0].value == features && t[1].value == -1;
        flat = (batchFirst && restAll) || batchLast;
    }
    if (!flat)
        fail(n, "only reshaping to (batch, features) is supported (here " +
                    std::to_string(features) + " features per image)");
    flatten();
}

void Translator::linear(const Node* n, const std::string& op) {
    torch::Tensor w;
    torch::Tensor b;
    std::string x;
    if (op == "aten::linear") {
        x = layerIn(n, 0);
        w = tensorIn(n, 1, false);
        b = tensorIn(n, 2, true);
    } else if (op == "aten::addmm") { // addmm(bias, x, w.t(), beta, alpha)
        x = layerIn(n, 1);
        b = tensorIn(n, 0, false);
        w = tensorIn(n, 2, false).t().contiguous();
        if (numberIn(n, 3) != 1.0 || numberIn(n, 4) != 1.0)
            fail(n, "only beta = alpha = 1 is supported");
    } else { // matmul(x, W) with W (in, out)
        x = layerIn(n, 0);
        w = tensorIn(n, 1, false).t().contiguous();
    }
    const auto& in = shapeOf(x);
    if (w.dim() != 2)
        fail(n, "the weight is not a matrix");
    if (in.size() != 1)
        fail(n, "a linear layer on an input that is not flat (add a flatten before it)");
    if (w.size(1) != in[0])
        fail(n, "expects " + std::to_string(w.size(1)) + " input features, gets " +
                    std::to_string(in[0]) + " (is the input shape right?)");
    if (b.defined() && (b.dim() != 1 || b.size(0) != w.size(0)))
        fail(n, "the bias does not match the weight");
    LayerSpec l;
    l.kind = LayerKind::Dense;
    l.units = static_cast<int>(w.size(0));
    l.useBias = b.defined();
    LayerTensors t;
    t.weight = w;
    t.bias = b;
    setLayer(n->output(), addLayer(n, l, {x}, t));
}

void Translator::arithmetic(const Node* n, const std::string& op) {
    const bool l0 = isLayer(n, 0);
    const bool l1 = n->inputs().size() > 1 && isLayer(n, 1);
    if (l0 && l1) {
        if (op == "aten::add" && n->inputs().size() > 2 && numberIn(n, 2) != 1.0)
            fail(n, "add with alpha other than 1 of two tensors");
        if (op != "aten::add" && op != "aten::mul")
            fail(n, "only the sum and product of two tensors are supported");
        LayerSpec l;
        l.kind = op == "aten::add" ? LayerKind::Add : LayerKind::Multiply;
        setLayer(n->output(), addLayer(n, l, {layerIn(n, 0), layerIn(n, 1)}));
        return;
    }
    if (!l0 && !l1)
        fail(n, "arithmetic on constants only");
    const size_t ti = l0 ? 0 : 1;
    const size_t ci = l0 ? 1 : 0;
    if ((op != "aten::div" || n->inputs().size() < 3 || isNoneIn(n, 2)) &&
        foldInputAffine(n, op, ti, ci))
        return;
    const std::string x = layerIn(n, ti);
    // A bias vector added to a Linear without one (traced matmul + add).
    if (op == "aten::add" && l0) {
        const c10::IValue c = constantIn(n, ci);
        if (c.isTensor() && c.toTensor().dim() == 1 && c.toTensor().numel() > 1) {
            LayerSpec& producer = spec.layers.back();
            const bool alpha1 = n->inputs().size() < 3 || numberIn(n, 2) == 1.0;
            if (producer.name != x || producer.kind != LayerKind::Dense || producer.useBias ||
                !alpha1 || n->input(0)->uses().size() != 1 ||
                c.toTensor().size(0) != producer.units)
                fail(n, "adding a constant tensor is supported only as the bias of a linear "
                        "layer");
            producer.useBias = true;
            tensors[x].bias = tensorIn(n, ci, false);
            setLayer(n->output(), x);
            return;
        }
    }
    // A per-channel constant multiplying a layer's only output: that layer's channel mask.
    if (op == "aten::mul") {
        const c10::IValue cv = constantIn(n, ci);
        if (cv.isTensor() && cv.toTensor().numel() > 1) {
            const torch::Tensor t = cv.toTensor();
            const auto sizes = nchw(x);
            const int64_t c = sizes[1];
            const bool perChannel =
                t.numel() == c &&
                ((sizes.size() == 4 && t.dim() == 4 && t.size(1) == c) ||
                 (sizes.size() == 2 && t.dim() == 2 && t.size(1) == c) || t.dim() == 1);
            if (!perChannel || masks.count(x) || n->input(ti)->uses().size() != 1)
                fail(n, "multiplying by a constant tensor is supported only per channel, as the "
                        "channel mask of a layer's output");
            masks[x] = tensorIn(n, ci, false).reshape({c});
            setLayer(n->output(), x);
            return;
        }
    }
    const double c = numberIn(n, ci); // a scalar, or a one-element tensor
    LayerSpec l;
    l.kind = LayerKind::Rescaling;
    const double alpha =
        (op == "aten::add" || op == "aten::sub") && n->inputs().size() > 2 ? numberIn(n, 2) : 1.0;
    if (op == "aten::add") {
        l.offset = alpha * c;
    } else if (op == "aten::sub") {
        if (l0) {
            l.offset = -alpha * c;
        } else { // c - alpha * x
            l.scale = -alpha;
            l.offset = c;
        }
    } else if (op == "aten::rsub") { // rsub(x, c, alpha) = c - alpha * x
        l.scale = -alpha;
        l.offset = c;
    } else if (op == "aten::mul") {
        l.scale = c;
    } else if (op == "aten::div") {
        if (!l0)
            fail(n, "dividing a constant by a tensor is not supported");
        if (c == 0.0)
            fail(n, "division by zero");
        if (n->inputs().size() > 2 && !isNoneIn(n, 2))
            fail(n, "division with a rounding mode is not supported");
        l.scale = 1.0 / c;
    }
    setLayer(n->output(), addLayer(n, l, {x}));
}

bool Translator::tensorOp(const Node* n, const std::string& op) {
    auto activation = [&](ActivationKind a) {
        LayerSpec l;
        l.kind = LayerKind::Activation;
        l.activation = a;
        setLayer(n->output(), addLayer(n, l, {layerIn(n, 0)}));
        return true;
    };
    if (op == "aten::_convolution" || op == "aten::conv2d" || op == "aten::_convolution_mode") {
        convolution(n, op == "aten::_convolution");
        return true;
    }
    if (op == "aten::batch_norm") {
        batchNorm(n);
        return true;
    }
    if (op == "aten::relu")
        return activation(ActivationKind::Relu);
    if (op == "aten::relu6")
        return activation(ActivationKind::Relu6);
    if (op == "aten::sigmoid")
        return activation(ActivationKind::Sigmoid);
    if (op == "aten::tanh")
        return activation(ActivationKind::Tanh);
    if (op == "aten::silu")
        return activation(ActivationKind::Silu);
    if (op == "aten::hardswish")
        return activation(ActivationKind::Hardswish);
    if (op == "aten::hardsigmoid")
        return activation(ActivationKind::Hardsigmoid);
    if (op == "aten::gelu") {
        std::string approx = "none";
        if (n->inputs().size() > 1) {
            const c10::IValue a = constantIn(n, 1);
            if (!a.isString())
                fail(n, "approximate must be a string");
            approx = a.toStringRef();
        }
        if (approx != "none" && approx != "tanh")
            fail(n, "unknown approximation '" + approx + "'");
        return activation(approx == "tanh" ? ActivationKind::GeluTanh : ActivationKind::Gelu);
    }
    if (op == "aten::elu") {
        for (size_t i = 1; i < n->inputs().size() && i < 4; ++i)
            if (numberIn(n, i) != 1.0)
                fail(n, "only alpha = scale = input_scale = 1 is supported");
        return activation(ActivationKind::Elu);
    }
    if (op == "aten::softplus") {
        if ((n->inputs().size() > 1 && numberIn(n, 1) != 1.0) ||
            (n->inputs().size() > 2 && numberIn(n, 2) != 20.0))
            fail(n, "only beta = 1, threshold = 20 is supported");
        return activation(ActivationKind::Softplus);
    }
    if (op == "aten::softmax" || op == "aten::log_softmax") {
        const std::string x = layerIn(n, 0);
        const int64_t rank = static_cast<int64_t>(nchw(x).size());
        int64_t dim = intIn(n, 1);
        if (dim < 0)
            dim += rank;
        if (dim != 1)
            fail(n, "only a softmax over the classes (or channels, dim 1) is supported");
        if (n->inputs().size() > 2 && !isNoneIn(n, 2))
            fail(n, "a softmax with a dtype is not supported");
        return activation(op == "aten::softmax" ? ActivationKind::Softmax
                                                : ActivationKind::LogSoftmax);
    }
    if (op == "aten::hardtanh" || op == "aten::clamp") {
        LayerSpec l;
        l.kind = LayerKind::Clip;
        const double lo = op == "aten::hardtanh" && n->inputs().size() < 2 ? -1.0
                          : isNoneIn(n, 1)                                 ? -INFINITY
                                                                           : numberIn(n, 1);
        const double hi = op == "aten::hardtanh" && n->inputs().size() < 3 ? 1.0
                          : isNoneIn(n, 2)                                 ? INFINITY
                                                                           : numberIn(n, 2);
        if (lo == 0.0 && hi == 6.0)
            return activation(ActivationKind::Relu6);
        if (std::isinf(lo) || std::isinf(hi))
            fail(n, "only clamping to finite bounds is supported");
        l.clipMin = lo;
        l.clipMax = hi;
        setLayer(n->output(), addLayer(n, l, {layerIn(n, 0)}));
        return true;
    }
    if (op == "aten::leaky_relu") {
        LayerSpec l;
        l.kind = LayerKind::ReLU;
        l.reluNegativeSlope = n->inputs().size() > 1 ? numberIn(n, 1) : 0.01;
        setLayer(n->output(), addLayer(n, l, {layerIn(n, 0)}));
        return true;
    }
    if (op == "aten::max_pool2d" || op == "aten::avg_pool2d") {
        pooling(n, op == "aten::max_pool2d");
        return true;
    }
    if (op == "aten::adaptive_avg_pool2d") {
        const std::string x = layerIn(n, 0);
        auto size = intsIn(n, 1);
        if (size.size() == 1)
            size.push_back(size[0]);
        if (size.size() != 2)
            fail(n, "the output size must have two values");
        LayerSpec l;
        if (size[0] == 1 && size[1] == 1) {
            l.kind = LayerKind::GlobalAveragePooling2D;
            l.keepDims = true;
        } else {
            l.kind = LayerKind::AdaptiveAveragePooling2D;
            for (int64_t v : size)
                if (v <= 0 || v > (int64_t(1) << 20))
                    fail(n, "the output size must be positive");
            l.outputSize = {static_cast<int>(size[0]), static_cast<int>(size[1])};
        }
        setLayer(n->output(), addLayer(n, l, {x}));
        return true;
    }
    if (op == "aten::mean") {
        const std::string x = layerIn(n, 0);
        auto dims = intsIn(n, 1);
        for (auto& d : dims)
            d = d < 0 ? d + 4 : d;
        std::sort(dims.begin(), dims.end());
        if (nchw(x).size() != 4 || dims != std::vector<int64_t>{2, 3})
            fail(n, "only the mean over height and width of an image tensor is supported");
        if (n->inputs().size() > 3 && !isNoneIn(n, 3))
            fail(n, "a mean with a dtype is not supported");
        LayerSpec l;
        l.kind = LayerKind::GlobalAveragePooling2D;
        l.keepDims = boolIn(n, 2);
        setLayer(n->output(), addLayer(n, l, {x}));
        return true;
    }
    if (op == "aten::flatten" || op == "aten::view" || op == "aten::reshape" ||
        op == "aten::squeeze") {
        reshape(n, op);
        return true;
    }
    if (op == "aten::linear" || op == "aten::addmm" || op == "aten::matmul") {
        linear(n, op);
        return true;
    }
    if (op == "aten::add" || op == "aten::sub" || op == "aten::mul" || op == "aten::div" ||
        op == "aten::rsub") {
        arithmetic(n, op);
        return true;
    }
    if (op == "aten::cat") {
        const Sym& list = sym(n->input(0), n);
        if (list.kind != Sym::Kind::LayerList || list.layers.size() < 2)
            fail(n, "needs a list of at least two tensors");
        const int64_t rank = static_cast<int64_t>(nchw(list.layers[0]).size());
        int64_t dim = intIn(n, 1);
        if (dim < 0)
            dim += rank;
        if (dim <= 0 || dim >= rank)
            fail(n, "concatenation along the batch is not supported");
        LayerSpec l;
        l.kind = LayerKind::Concatenate;
        // NCHW dim -> Keras axis over (N, H, W, C): channels are -1, H is 1, W is 2.
        l.axis = rank == 2 || dim == 1 ? -1 : static_cast<int>(dim - 1);
        setLayer(n->output(), addLayer(n, l, list.layers));
        return true;
    }
    if (op == "aten::constant_pad_nd") {
        const std::string x = layerIn(n, 0);
        const auto pad = intsIn(n, 1);
        if (n->inputs().size() > 2 && numberIn(n, 2) != 0.0)
            fail(n, "only zero padding is supported");
        if (pad.size() != 4 || nchw(x).size() != 4)
            fail(n, "only padding of height and width is supported");
        for (int64_t v : pad)
            if (v < 0 || v > (int64_t(1) << 20))
                fail(n, "padding must not be negative");
        LayerSpec l;
        l.kind = LayerKind::ZeroPadding2D;
        l.padding = {static_cast<int>(pad[2]), static_cast<int>(pad[3]), static_cast<int>(pad[0]),
                     static_cast<int>(pad[1])};
        setLayer(n->output(), addLayer(n, l, {x}));
        return true;
    }
    if (op == "aten::dropout" || op == "aten::feature_dropout" || op == "aten::alpha_dropout" ||
        op == "aten::feature_alpha_dropout") {
        if (boolIn(n, 2))
            fail(n, "dropout in training mode: call model.eval() before exporting");
        const double p = numberIn(n, 1);
        if (!(p >= 0.0 && p < 1.0))
            fail(n, "the dropout rate must be in [0, 1)");
        LayerSpec l;
        l.kind = LayerKind::Dropout;
        l.rate = op == "aten::dropout" ? p : 0.0; // fine-tuning drops like Keras's Dropout
        setLayer(n->output(), addLayer(n, l, {layerIn(n, 0)}));
        return true;
    }
    if (op == "aten::contiguous" || op == "aten::clone" || op == "aten::detach") {
        set(n->output(), sym(n->input(0), n)); // the same tensor (folded prefix included)
        return true;
    }
    if (op == "aten::to" || op == "aten::type_as") {
        if (!isLayer(n, 0))
            fail(n, "input 0 is not a tensor computed from the image");
        if (op == "aten::to")
            for (size_t i = 1; i < n->inputs().size(); ++i) {
                const Sym& s = sym(n->input(i), n);
                if (s.kind == Sym::Kind::Int && s.integer.value != int64_t(c10::ScalarType::Float))
                    fail(n, "converts to a type other than float32");
            }
        set(n->output(), sym(n->input(0), n));
        return true;
    }
    if (op == "aten::permute" && isLayer(n, 0)) {
        const Sym& x = sym(n->input(0), n);
        if (nchw(x.layer).size() != 4 || intsIn(n, 1) != std::vector<int64_t>{0, 2, 3, 1} ||
            x.channelsLast)
            fail(n, "only permuting an image tensor to channels-last before a flatten is "
                    "supported");
        Sym out = x;
        out.channelsLast = true;
        set(n->output(), std::move(out));
        return true;
    }
    if (op == "aten::t" || op == "aten::transpose" || op == "aten::permute") {
        if (isLayer(n, 0))
            fail(n, "transposing an activation tensor is not supported");
        torch::Tensor c = tensorIn(n, 0, false);
        Sym s;
        s.kind = Sym::Kind::Constant;
        if (op == "aten::t")
            s.constant = c10::IValue(c.t().contiguous());
        else if (op == "aten::transpose")
            s.constant = c10::IValue(c.transpose(intIn(n, 1), intIn(n, 2)).contiguous());
        else
            s.constant = c10::IValue(c.permute(intsIn(n, 1)).contiguous());
        set(n->output(), std::move(s));
        return true;
    }
    return false;
}

} // namespace bdl::core::torchscript_detail
