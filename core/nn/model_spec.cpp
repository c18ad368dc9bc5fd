#include "core/nn/model_spec.h"

#include "core/base/errors.h"

#include <utility>

namespace bdl::core {

const char* layerKindName(LayerKind kind) {
    switch (kind) {
    case LayerKind::Input:
        return "InputLayer";
    case LayerKind::Conv2D:
        return "Conv2D";
    case LayerKind::MaxPooling2D:
        return "MaxPooling2D";
    case LayerKind::AveragePooling2D:
        return "AveragePooling2D";
    case LayerKind::Dense:
        return "Dense";
    case LayerKind::Flatten:
        return "Flatten";
    case LayerKind::Dropout:
        return "Dropout";
    case LayerKind::Add:
        return "Add";
    case LayerKind::Concatenate:
        return "Concatenate";
    case LayerKind::Activation:
        return "Activation";
    case LayerKind::ReLU:
        return "ReLU";
    case LayerKind::BatchNormalization:
        return "BatchNormalization";
    case LayerKind::DepthwiseConv2D:
        return "DepthwiseConv2D";
    case LayerKind::SeparableConv2D:
        return "SeparableConv2D";
    case LayerKind::ZeroPadding2D:
        return "ZeroPadding2D";
    case LayerKind::GlobalAveragePooling2D:
        return "GlobalAveragePooling2D";
    case LayerKind::GlobalMaxPooling2D:
        return "GlobalMaxPooling2D";
    case LayerKind::AdaptiveAveragePooling2D:
        return "AdaptiveAveragePooling2D";
    case LayerKind::Rescaling:
        return "Rescaling";
    case LayerKind::Clip:
        return "Clip";
    case LayerKind::Multiply:
        return "Multiply";
    }
    return "?";
}

const char* activationName(ActivationKind a) {
    switch (a) {
    case ActivationKind::Linear:
        return "linear";
    case ActivationKind::Relu:
        return "relu";
    case ActivationKind::Softmax:
        return "softmax";
    case ActivationKind::Sigmoid:
        return "sigmoid";
    case ActivationKind::Tanh:
        return "tanh";
    case ActivationKind::Relu6:
        return "relu6";
    case ActivationKind::Silu:
        return "silu";
    case ActivationKind::Gelu:
        return "gelu";
    case ActivationKind::GeluTanh:
        return "gelu_tanh";
    case ActivationKind::Hardswish:
        return "hardswish";
    case ActivationKind::Hardsigmoid:
        return "hardsigmoid";
    case ActivationKind::Elu:
        return "elu";
    case ActivationKind::Softplus:
        return "softplus";
    case ActivationKind::LogSoftmax:
        return "log_softmax";
    }
    return "?";
}

namespace {

constexpr std::pair<const char*, ActivationKind> kActivations[] = {
    {"linear", ActivationKind::Linear},
    {"relu", ActivationKind::Relu},
    {"softmax", ActivationKind::Softmax},
    {"sigmoid", ActivationKind::Sigmoid},
    {"tanh", ActivationKind::Tanh},
    {"relu6", ActivationKind::Relu6},
    {"silu", ActivationKind::Silu},
    {"swish", ActivationKind::Silu},
    {"gelu", ActivationKind::Gelu},
    {"gelu_tanh", ActivationKind::GeluTanh},
    {"hardswish", ActivationKind::Hardswish},
    {"hard_swish", ActivationKind::Hardswish},
    {"hard_silu", ActivationKind::Hardswish},
    {"hardsigmoid", ActivationKind::Hardsigmoid},
    {"elu", ActivationKind::Elu},
    {"softplus", ActivationKind::Softplus},
    {"log_softmax", ActivationKind::LogSoftmax},
};

} // namespace

bool parseActivation(const std::string& name, ActivationKind* out) {
    for (const auto& [n, a] : kActivations) {
        if (name == n) {
            *out = a;
            return true;
        }
    }
    return false;
}

std::string supportedActivationNames() {
    std::string names;
    for (const auto& entry : kActivations)
        names += (names.empty() ? "" : ", ") + std::string(entry.first);
    return names;
}

LayerSpec makeLayer(const std::string& name, LayerKind kind, std::vector<std::string> inputs) {
    LayerSpec l;
    l.name = name;
    l.kind = kind;
    l.inputs = std::move(inputs);
    return l;
}

const LayerSpec* ModelSpec::find(const std::string& layerName) const {
    for (const auto& l : layers)
        if (l.name == layerName)
            return &l;
    return nullptr;
}

const LayerSpec& ModelSpec::input() const {
    for (const auto& l : layers)
        if (l.kind == LayerKind::Input)
            return l;
    throw Error(name, "model has no input layer");
}

bool hasWeights(LayerKind kind) {
    return isConvolution(kind) || kind == LayerKind::Dense || kind == LayerKind::BatchNormalization;
}

bool isConvolution(LayerKind kind) {
    return kind == LayerKind::Conv2D || kind == LayerKind::DepthwiseConv2D ||
           kind == LayerKind::SeparableConv2D;
}

std::vector<std::string> kerasWeightNames(const LayerSpec& l) {
    std::vector<std::string> names;
    switch (l.kind) {
    case LayerKind::Conv2D:
    case LayerKind::Dense:
        names.push_back("kernel:0");
        break;
    case LayerKind::DepthwiseConv2D:
        names.push_back("depthwise_kernel:0");
        break;
    case LayerKind::SeparableConv2D:
        names = {"depthwise_kernel:0", "pointwise_kernel:0"};
        break;
    case LayerKind::BatchNormalization:
        if (l.bnScale)
            names.push_back("gamma:0");
        if (l.bnCenter)
            names.push_back("beta:0");
        names.push_back("moving_mean:0");
        names.push_back("moving_variance:0");
        return names;
    default:
        return names;
    }
    if (l.useBias)
        names.push_back("bias:0");
    return names;
}

std::vector<std::vector<int64_t>> kerasWeightShapes(const LayerSpec& l,
                                                    const std::vector<int64_t>& in) {
    const int64_t c = in.empty() ? 0 : in.back();
    std::vector<std::vector<int64_t>> shapes;
    int64_t bias = 0;
    switch (l.kind) {
    case LayerKind::Conv2D:
        shapes.push_back({l.kernel[0], l.kernel[1], l.groups > 0 ? c / l.groups : 0, l.filters});
        bias = l.filters;
        break;
    case LayerKind::DepthwiseConv2D:
        shapes.push_back({l.kernel[0], l.kernel[1], c, l.depthMultiplier});
        bias = c * l.depthMultiplier; // c < 2^31 and the multiplier < 2^31: no overflow
        break;
    case LayerKind::SeparableConv2D:
        shapes.push_back({l.kernel[0], l.kernel[1], c, l.depthMultiplier});
        shapes.push_back({1, 1, c * l.depthMultiplier, l.filters});
        bias = l.filters;
        break;
    case LayerKind::Dense:
        shapes.push_back({c, l.units});
        bias = l.units;
        break;
    case LayerKind::BatchNormalization:
        for (size_t i = 0; i < kerasWeightNames(l).size(); ++i)
            shapes.push_back({c});
        return shapes;
    default:
        return shapes;
    }
    if (l.useBias)
        shapes.push_back({bias});
    return shapes;
}

std::string shapeText(const std::vector<int64_t>& dims) {
    std::string t = "(";
    for (size_t i = 0; i < dims.size(); ++i)
        t += (i ? ", " : "") + std::to_string(dims[i]);
    return t + ")";
}

namespace {

/// Extents above this are refused (a 2^24 x 2^24 map is far past any real network).
constexpr int64_t kMaxExtent = int64_t(1) << 24;

class ShapeRules {
public:
    ShapeRules(const ModelSpec& spec, const LayerSpec& l,
               const std::vector<const std::vector<int64_t>*>& in)
        : m_spec(spec), m_l(l), m_in(in) {}

    std::vector<int64_t> infer() const;

private:
    [[noreturn]] void fail(const std::string& what) const {
        throw Error(m_spec.name, std::string("layer '") + m_l.name + "' (" +
                                     layerKindName(m_l.kind) + "): " + what);
    }
    void need(size_t n) const {
        if (m_in.size() != n)
            fail("expects " + std::to_string(n) + " input(s), got " + std::to_string(m_in.size()));
    }
    const std::vector<int64_t>& spatialIn() const {
        need(1);
        if (m_in[0]->size() != 3)
            fail("needs a (H, W, C) input, got " + shapeText(*m_in[0]));
        return *m_in[0];
    }
    void positive(std::initializer_list<int> values, const char* what) const {
        for (int v : values)
            if (v <= 0 || v > kMaxExtent)
                fail(std::string(what) + " must be positive");
    }
    void nonNegative(const std::array<int, 4>& p) const {
        for (int v : p)
            if (v < 0 || v > kMaxExtent)
                fail("padding must not be negative");
    }
    /// Output extent of a window of (dilated) size k, stride s, over in padded by lo and hi.
    int64_t windowOut(int64_t in, int64_t k, int64_t s, int64_t lo, int64_t hi, bool ceil) const {
        if (m_l.samePadding)
            return (in + s - 1) / s;
        const int64_t span = in + lo + hi - k;
        if (span < 0)
            return 0;
        int64_t out = (ceil ? (span + s - 1) / s : span / s) + 1;
        if (ceil && (out - 1) * s >= in + lo) // the last window must start inside the input
            --out;
        return out;
    }
    std::vector<int64_t> conv() const;
    std::vector<int64_t> pool() const;
    std::vector<int64_t> sameShapes() const;
    std::vector<int64_t> concat() const;

    const ModelSpec& m_spec;
    const LayerSpec& m_l;
    const std::vector<const std::vector<int64_t>*>& m_in;
};

std::vector<int64_t> ShapeRules::conv() const {
    const auto& s = spatialIn();
    const LayerSpec& l = m_l;
    positive({l.kernel[0], l.kernel[1], l.strides[0], l.strides[1], l.dilation[0], l.dilation[1]},
             "kernel size, strides and dilation");
    nonNegative(l.padding);
    const int64_t c = s[2];
    int64_t out = 0;
    if (l.kind == LayerKind::Conv2D) {
        positive({l.filters, l.groups}, "filters and groups");
        if (c % l.groups != 0 || l.filters % l.groups != 0)
            fail("groups " + std::to_string(l.groups) + " must divide the " + std::to_string(c) +
                 " input channels and the " + std::to_string(l.filters) + " filters");
        out = l.filters;
    } else {
        positive({l.depthMultiplier}, "depth_multiplier");
        if (l.kind == LayerKind::SeparableConv2D)
            positive({l.filters}, "filters");
        if (c * l.depthMultiplier > kMaxExtent)
            fail("depth_multiplier too large");
        out = l.kind == LayerKind::SeparableConv2D ? l.filters : c * l.depthMultiplier;
    }
    const int64_t kh = int64_t(l.dilation[0]) * (l.kernel[0] - 1) + 1;
    const int64_t kw = int64_t(l.dilation[1]) * (l.kernel[1] - 1) + 1;
    const int64_t h = windowOut(s[0], kh, l.strides[0], l.padding[0], l.padding[1], false);
    const int64_t w = windowOut(s[1], kw, l.strides[1], l.padding[2], l.padding[3], false);
    if (h <= 0 || w <= 0)
        fail("kernel larger than its input " + shapeText(s));
    return {h, w, out};
}

std::vector<int64_t> ShapeRules::pool() const {
    const auto& s = spatialIn();
    const LayerSpec& l = m_l;
    positive({l.poolSize[0], l.poolSize[1], l.strides[0], l.strides[1]}, "pool size and strides");
    nonNegative(l.padding);
    if (l.padding[0] != l.padding[1] || l.padding[2] != l.padding[3])
        fail("pooling padding must be symmetric");
    if (2 * l.padding[0] > l.poolSize[0] || 2 * l.padding[2] > l.poolSize[1])
        fail("pooling padding must be at most half the pool size");
    const int64_t h =
        windowOut(s[0], l.poolSize[0], l.strides[0], l.padding[0], l.padding[1], l.ceilMode);
    const int64_t w =
        windowOut(s[1], l.poolSize[1], l.strides[1], l.padding[2], l.padding[3], l.ceilMode);
    if (h <= 0 || w <= 0)
        fail("pool larger than its input " + shapeText(s));
    return {h, w, s[2]};
}

std::vector<int64_t> ShapeRules::sameShapes() const {
    if (m_in.size() < 2)
        fail("needs at least two inputs");
    for (auto* s : m_in)
        if (*s != *m_in[0])
            fail("inputs of unequal shapes " + shapeText(*m_in[0]) + " and " + shapeText(*s));
    return *m_in[0];
}

std::vector<int64_t> ShapeRules::concat() const {
    if (m_in.size() < 2)
        fail("needs at least two inputs");
    const int rank = static_cast<int>(m_in[0]->size());
    const int axis = m_l.axis < 0 ? rank + m_l.axis : m_l.axis - 1; // Keras axis counts the batch
    if (axis < 0 || axis >= rank)
        fail("axis " + std::to_string(m_l.axis) + " out of range");
    std::vector<int64_t> out = *m_in[0];
    out[axis] = 0;
    for (auto* s : m_in) {
        if (static_cast<int>(s->size()) != rank)
            fail("inputs of different rank");
        for (int d = 0; d < rank; ++d)
            if (d != axis && (*s)[d] != (*m_in[0])[d])
                fail("inputs differ outside the concatenation axis");
        if (__builtin_add_overflow(out[axis], (*s)[axis], &out[axis]))
            fail("sizes overflow");
    }
    return out;
}

std::vector<int64_t> ShapeRules::infer() const {
    const LayerSpec& l = m_l;
    switch (l.kind) {
    case LayerKind::Input:
        need(0);
        for (int d : l.inputShape)
            if (d <= 0 || d > 65536)
                fail("input shape must be (H, W, C) with positive sizes");
        return {l.inputShape[0], l.inputShape[1], l.inputShape[2]};
    case LayerKind::Conv2D:
    case LayerKind::DepthwiseConv2D:
    case LayerKind::SeparableConv2D:
        return conv();
    case LayerKind::MaxPooling2D:
    case LayerKind::AveragePooling2D:
        return pool();
    case LayerKind::ZeroPadding2D: {
        const auto& s = spatialIn();
        nonNegative(l.padding);
        return {s[0] + l.padding[0] + l.padding[1], s[1] + l.padding[2] + l.padding[3], s[2]};
    }
    case LayerKind::GlobalAveragePooling2D:
    case LayerKind::GlobalMaxPooling2D: {
        const auto& s = spatialIn();
        if (l.keepDims)
            return {1, 1, s[2]};
        return {s[2]};
    }
    case LayerKind::AdaptiveAveragePooling2D: {
        const auto& s = spatialIn();
        positive({l.outputSize[0], l.outputSize[1]}, "output size");
        return {l.outputSize[0], l.outputSize[1], s[2]};
    }
    case LayerKind::Dense:
        need(1);
        if (m_in[0]->size() != 1)
            fail("Dense on a non-flat input " + shapeText(*m_in[0]) +
                 " is not supported (add a Flatten)");
        positive({l.units}, "units");
        return {l.units};
    case LayerKind::Flatten: {
        need(1);
        int64_t n = 1;
        for (auto d : *m_in[0])
            if (__builtin_mul_overflow(n, d, &n))
                fail("sizes overflow");
        return {n};
    }
    case LayerKind::Dropout:
    case LayerKind::Activation:
    case LayerKind::ReLU:
    case LayerKind::Rescaling:
        need(1);
        return *m_in[0];
    case LayerKind::Clip:
        need(1);
        if (!(l.clipMin <= l.clipMax))
            fail("the lower bound is above the upper bound");
        return *m_in[0];
    case LayerKind::BatchNormalization:
        need(1);
        if (l.axis != -1 && l.axis != static_cast<int>(m_in[0]->size()))
            fail("only batch normalization over the last axis (channels or features) is "
                 "supported, not axis " +
                 std::to_string(l.axis) + " of a rank-" + std::to_string(m_in[0]->size() + 1) +
                 " tensor");
        return *m_in[0];
    case LayerKind::Add:
    case LayerKind::Multiply:
        return sameShapes();
    case LayerKind::Concatenate:
        return concat();
    }
    fail("unsupported layer");
}

} // namespace

std::vector<int64_t> inferLayerShape(const ModelSpec& spec, const LayerSpec& l,
                                     const std::vector<const std::vector<int64_t>*>& in) {
    return ShapeRules(spec, l, in).infer();
}

} // namespace bdl::core
