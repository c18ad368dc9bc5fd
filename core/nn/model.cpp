// Model construction, shape inference, weights (Keras <-> internal layout) and channel masks.
// Execution lives in model_forward.cpp.
#include "core/nn/model.h"

#include "core/base/errors.h"
#include "core/nn/model_impl.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/types.h>

#include <cmath>
#include <set>

namespace bdl::core {

const char* inputScaleName(InputScale s) { return s == InputScale::Unit ? "1/255" : "raw"; }

bool parseInputScale(const std::string& text, InputScale* out) {
    if (text == "1/255" || text == "unit" || text == "/255") {
        *out = InputScale::Unit;
        return true;
    }
    if (text == "raw" || text == "255" || text == "0..255") {
        *out = InputScale::Raw;
        return true;
    }
    return false;
}

namespace {

int64_t convOut(int64_t in, int k, int s, bool same) {
    if (same)
        return (in + s - 1) / s;
    return in < k ? 0 : (in - k) / s + 1;
}

std::string shapeText(const std::vector<int64_t>& dims) {
    std::string t = "(";
    for (size_t i = 0; i < dims.size(); ++i)
        t += (i ? ", " : "") + std::to_string(dims[i]);
    return t + ")";
}

[[noreturn]] void specError(const ModelSpec& spec, const LayerSpec& l, const std::string& what) {
    throw Error(spec.name,
                std::string("layer '") + l.name + "' (" + layerKindName(l.kind) + "): " + what);
}

TensorShape inferShape(const ModelSpec& spec, const LayerSpec& l,
                       const std::vector<const TensorShape*>& in) {
    auto need = [&](size_t n) {
        if (in.size() != n)
            specError(spec, l,
                      "expects " + std::to_string(n) + " input(s), got " +
                          std::to_string(in.size()));
    };
    auto spatialIn = [&]() -> const TensorShape& {
        need(1);
        if (!in[0]->spatial())
            specError(spec, l, "needs a (H, W, C) input, got " + shapeText(in[0]->dims));
        return *in[0];
    };
    switch (l.kind) {
    case LayerKind::Input: {
        for (int d : l.inputShape)
            if (d <= 0 || d > 65536)
                specError(spec, l, "input shape must be (H, W, C) with positive sizes");
        return {{l.inputShape[0], l.inputShape[1], l.inputShape[2]}};
    }
    case LayerKind::Conv2D: {
        const auto& s = spatialIn();
        if (l.filters <= 0 || l.kernel[0] <= 0 || l.kernel[1] <= 0 || l.strides[0] <= 0 ||
            l.strides[1] <= 0)
            specError(spec, l, "filters, kernel size and strides must be positive");
        const int64_t h = convOut(s.dims[0], l.kernel[0], l.strides[0], l.samePadding);
        const int64_t w = convOut(s.dims[1], l.kernel[1], l.strides[1], l.samePadding);
        if (h <= 0 || w <= 0)
            specError(spec, l, "kernel larger than its input " + shapeText(s.dims));
        return {{h, w, l.filters}};
    }
    case LayerKind::MaxPooling2D:
    case LayerKind::AveragePooling2D: {
        const auto& s = spatialIn();
        if (l.poolSize[0] <= 0 || l.poolSize[1] <= 0 || l.strides[0] <= 0 || l.strides[1] <= 0)
            specError(spec, l, "pool size and strides must be positive");
        const int64_t h = convOut(s.dims[0], l.poolSize[0], l.strides[0], l.samePadding);
        const int64_t w = convOut(s.dims[1], l.poolSize[1], l.strides[1], l.samePadding);
        if (h <= 0 || w <= 0)
            specError(spec, l, "pool larger than its input " + shapeText(s.dims));
        return {{h, w, s.dims[2]}};
    }
    case LayerKind::Dense: {
        need(1);
        if (in[0]->dims.size() != 1)
            specError(spec, l,
                      "Dense on a non-flat input " + shapeText(in[0]->dims) +
                          " is not supported (add a Flatten)");
        if (l.units <= 0)
            specError(spec, l, "units must be positive");
        return {{l.units}};
    }
    case LayerKind::Flatten: {
        need(1);
        int64_t n = 1;
        for (auto d : in[0]->dims)
            n *= d;
        return {{n}};
    }
    case LayerKind::Dropout:
    case LayerKind::Activation:
    case LayerKind::ReLU:
        need(1);
        return *in[0];
    case LayerKind::BatchNormalization:
        need(1);
        if (l.axis != -1 && l.axis != static_cast<int>(in[0]->dims.size()))
            specError(spec, l, "only channel-axis batch normalization is supported");
        return *in[0];
    case LayerKind::Add: {
        if (in.size() < 2)
            specError(spec, l, "needs at least two inputs");
        for (auto* s : in)
            if (s->dims != in[0]->dims)
                specError(spec, l,
                          "inputs of unequal shapes " + shapeText(in[0]->dims) + " and " +
                              shapeText(s->dims));
        return *in[0];
    }
    case LayerKind::Concatenate: {
        if (in.size() < 2)
            specError(spec, l, "needs at least two inputs");
        const int rank = static_cast<int>(in[0]->dims.size());
        const int axis = l.axis < 0 ? rank + l.axis : l.axis - 1; // Keras axis counts the batch
        if (axis < 0 || axis >= rank)
            specError(spec, l, "axis " + std::to_string(l.axis) + " out of range");
        TensorShape out = *in[0];
        out.dims[axis] = 0;
        for (auto* s : in) {
            if (static_cast<int>(s->dims.size()) != rank)
                specError(spec, l, "inputs of different rank");
            for (int d = 0; d < rank; ++d)
                if (d != axis && s->dims[d] != in[0]->dims[d])
                    specError(spec, l, "inputs differ outside the concatenation axis");
            out.dims[axis] += s->dims[axis];
        }
        return out;
    }
    }
    specError(spec, l, "unsupported layer");
}

torch::Tensor zeros(std::vector<int64_t> shape) {
    return torch::zeros(shape, torch::kFloat32).set_requires_grad(true);
}

/// Limits on what a spec may ask for, checked before anything is allocated: a 200-byte
/// model_config must not make the process reading it allocate gigabytes or overflow a size.
/// 2^29 parameters (2 GiB of float32) is above VGG-19 (143 M); 2^28 values per sample for one
/// layer's output is a 9000 x 9000 x 3 image.
constexpr int64_t kMaxParameters = int64_t(1) << 29;
constexpr int64_t kMaxActivationValues = int64_t(1) << 28;

/// The product of dims, or -1 when it overflows int64 or a dim is negative.
int64_t checkedCount(std::initializer_list<int64_t> dims) {
    int64_t n = 1;
    for (int64_t d : dims)
        if (d < 0 || __builtin_mul_overflow(n, d, &n))
            return -1;
    return n;
}

int64_t checkedCount(const std::vector<int64_t>& dims) {
    int64_t n = 1;
    for (int64_t d : dims)
        if (d < 0 || __builtin_mul_overflow(n, d, &n))
            return -1;
    return n;
}

/// The number of parameters allocateWeights will create for the layer (overflow: -1).
int64_t parameterCount(const LayerSpec& l, const TensorShape& in) {
    switch (l.kind) {
    case LayerKind::Conv2D: {
        const int64_t w = checkedCount({l.filters, in.channels(), l.kernel[0], l.kernel[1]});
        return w < 0 ? -1 : w + (l.useBias ? l.filters : 0);
    }
    case LayerKind::Dense: {
        const int64_t w = checkedCount({l.units, in.dims.empty() ? 0 : in.dims[0]});
        return w < 0 ? -1 : w + (l.useBias ? l.units : 0);
    }
    case LayerKind::BatchNormalization:
        return 4 * in.channels();
    default:
        return 0;
    }
}

/// Refuses a layer whose output or parameters are over the limits, and a model whose running
/// parameter total goes over them; *total is updated.
void checkSizes(const ModelSpec& spec, const LayerSpec& l, const TensorShape& out,
                const TensorShape* in, int64_t* total) {
    const int64_t values = checkedCount(out.dims);
    if (values < 0 || values > kMaxActivationValues)
        specError(spec, l,
                  "output " + shapeText(out.dims) + " is over the limit of " +
                      std::to_string(kMaxActivationValues) + " values per sample");
    if (!in)
        return;
    const int64_t params = parameterCount(l, *in);
    if (params < 0 || params > kMaxParameters - *total)
        specError(spec, l,
                  "its weights would take the model over the limit of " +
                      std::to_string(kMaxParameters) + " parameters (" +
                      std::to_string(kMaxParameters * 4 >> 30) + " GiB); refused unallocated");
    *total += params;
}

void allocateWeights(ModelNode& n, const LayerSpec& l, const std::vector<ModelNode>& nodes) {
    if (n.inputs.empty()) // an Input layer: no weights
        return;
    const auto& in = nodes[n.inputs[0]].shape;
    if (l.kind == LayerKind::Conv2D) {
        n.weight = zeros({l.filters, in.channels(), l.kernel[0], l.kernel[1]});
        if (l.useBias)
            n.bias = zeros({l.filters});
    } else if (l.kind == LayerKind::Dense) {
        n.weight = zeros({l.units, in.dims[0]});
        if (l.useBias)
            n.bias = zeros({l.units});
    } else if (l.kind == LayerKind::BatchNormalization) {
        const int64_t c = in.channels();
        if (l.bnScale)
            n.weight = torch::ones({c}).set_requires_grad(true);
        if (l.bnCenter)
            n.bias = zeros({c});
        n.runningMean = torch::zeros({c});
        n.runningVar = torch::ones({c});
    }
}

} // namespace

Model::Model(ModelSpec spec) : m_spec(std::move(spec)), m_impl(std::make_unique<Impl>()) {
    auto& impl = *m_impl;
    if (m_spec.layers.empty())
        throw Error(m_spec.name, "model has no layers");
    int64_t parameters = 0;
    for (size_t i = 0; i < m_spec.layers.size(); ++i) {
        const LayerSpec& l = m_spec.layers[i];
        if (l.name.empty())
            throw Error(m_spec.name, "a layer has no name");
        if (impl.index.count(l.name))
            throw Error(m_spec.name, "duplicate layer name '" + l.name + "'");
        ModelNode n;
        n.specIndex = static_cast<int>(i);
        std::vector<const TensorShape*> inShapes;
        for (const auto& inName : l.inputs) {
            auto it = impl.index.find(inName);
            if (it == impl.index.end())
                specError(m_spec, l,
                          "inbound layer '" + inName + "' is unknown or not defined before it");
            n.inputs.push_back(it->second);
            inShapes.push_back(&impl.nodes[it->second].shape);
        }
        if (l.kind == LayerKind::Input) {
            if (impl.inputNode >= 0)
                specError(m_spec, l, "models with more than one input are not supported");
            impl.inputNode = static_cast<int>(i);
        } else if (l.inputs.empty()) {
            specError(m_spec, l, "has no inbound layer");
        }
        n.shape = inferShape(m_spec, l, inShapes);
        checkSizes(m_spec, l, n.shape, inShapes.empty() ? nullptr : inShapes[0], &parameters);
        allocateWeights(n, l, impl.nodes);
        impl.index[l.name] = static_cast<int>(i);
        impl.nodes.push_back(std::move(n));
    }
    if (impl.inputNode < 0)
        throw Error(m_spec.name, "model has no input layer");
    if (m_spec.output.empty())
        m_spec.output = m_spec.layers.back().name;
    auto out = impl.index.find(m_spec.output);
    if (out == impl.index.end())
        throw Error(m_spec.name, "output layer '" + m_spec.output + "' not found");
    impl.outputNode = out->second;
    const auto& outSpec = m_spec.layers[impl.outputNode];
    if (impl.nodes[impl.outputNode].shape.dims.size() != 1)
        throw Error(m_spec.name, "the output layer '" + outSpec.name +
                                     "' must produce a flat class vector, not " +
                                     shapeText(impl.nodes[impl.outputNode].shape.dims));
    impl.finalSoftmax =
        (outSpec.kind == LayerKind::Dense || outSpec.kind == LayerKind::Activation) &&
        outSpec.activation == ActivationKind::Softmax;
}

Model::Model(const Model& other)
    : m_spec(other.m_spec), m_scale(other.m_scale), m_impl(std::make_unique<Impl>(*other.m_impl)) {
    auto copy = [](torch::Tensor& t) {
        if (t.defined()) {
            const bool grad = t.requires_grad();
            t = t.detach().clone();
            if (grad)
                t.set_requires_grad(true);
        }
    };
    for (auto& n : m_impl->nodes) {
        copy(n.weight);
        copy(n.bias);
        copy(n.runningMean);
        copy(n.runningVar);
        copy(n.mask);
    }
}

Model& Model::operator=(const Model& other) {
    if (this != &other) {
        Model tmp(other);
        *this = std::move(tmp);
    }
    return *this;
}

Model::~Model() = default;
Model::Model(Model&&) noexcept = default;
Model& Model::operator=(Model&&) noexcept = default;

const TensorShape& Model::outputShape(const std::string& layer) const {
    auto it = m_impl->index.find(layer);
    if (it == m_impl->index.end())
        throw Error(m_spec.name, "no layer named '" + layer + "'");
    return m_impl->nodes[it->second].shape;
}

int64_t Model::numClasses() const { return m_impl->nodes[m_impl->outputNode].shape.dims[0]; }

std::array<int, 3> Model::inputShape() const { return m_spec.input().inputShape; }

std::vector<std::string> Model::weightNames(const std::string& layer) const {
    const LayerSpec* l = m_spec.find(layer);
    if (!l)
        throw Error(m_spec.name, "no layer named '" + layer + "'");
    switch (l->kind) {
    case LayerKind::Conv2D:
    case LayerKind::Dense:
        if (l->useBias)
            return {"kernel:0", "bias:0"};
        return {"kernel:0"};
    case LayerKind::BatchNormalization: {
        std::vector<std::string> names;
        if (l->bnScale)
            names.push_back("gamma:0");
        if (l->bnCenter)
            names.push_back("beta:0");
        names.push_back("moving_mean:0");
        names.push_back("moving_variance:0");
        return names;
    }
    default:
        return {};
    }
}

std::vector<std::vector<int64_t>> Model::kerasWeightShapes(const std::string& layer) const {
    const auto& n = m_impl->nodes[m_impl->index.at(layer)];
    const LayerSpec& l = m_spec.layers[n.specIndex];
    std::vector<std::vector<int64_t>> shapes;
    if (l.kind == LayerKind::Conv2D) {
        const auto s = n.weight.sizes();
        shapes.push_back({s[2], s[3], s[1], s[0]});
    } else if (l.kind == LayerKind::Dense) {
        shapes.push_back({n.weight.size(1), n.weight.size(0)});
    }
    if (l.kind == LayerKind::Conv2D || l.kind == LayerKind::Dense) {
        if (l.useBias)
            shapes.push_back({n.bias.size(0)});
    } else if (l.kind == LayerKind::BatchNormalization) {
        const int64_t c = n.runningMean.size(0);
        for (size_t i = 0; i < weightNames(layer).size(); ++i)
            shapes.push_back({c});
    }
    return shapes;
}

std::vector<std::string> Model::weightedLayers() const {
    std::vector<std::string> names;
    for (const auto& l : m_spec.layers)
        if (l.kind == LayerKind::Conv2D || l.kind == LayerKind::Dense ||
            l.kind == LayerKind::BatchNormalization)
            names.push_back(l.name);
    return names;
}

} // namespace bdl::core
