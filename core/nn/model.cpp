// Model construction, shape inference, weights (Keras <-> internal layout) and channel masks.
// Execution lives in model_forward.cpp.
#include "core/nn/model.h"

#include "core/base/errors.h"
#include "core/base/runtime.h"
#include "core/nn/model_impl.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/types.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
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

std::vector<double> parseNumbers(const std::string& text, bool* ok) {
    std::vector<double> values;
    size_t pos = 0;
    *ok = !text.empty();
    while (*ok && pos <= text.size()) {
        const size_t comma = text.find(',', pos);
        const std::string item =
            text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        char* end = nullptr;
        const double v = std::strtod(item.c_str(), &end);
        *ok = !item.empty() && end && *end == '\0' && std::isfinite(v);
        values.push_back(v);
        if (comma == std::string::npos)
            break;
        pos = comma + 1;
    }
    return values;
}

const std::pair<const char*, InputNormalization> kNormalizationPresets[] = {
    {"cifar10", {{0.4914, 0.4822, 0.4465}, {0.2470, 0.2435, 0.2616}}},
    {"imagenet", {{0.485, 0.456, 0.406}, {0.229, 0.224, 0.225}}},
};

} // namespace

bool parseInputNormalization(const std::string& text, int channels, InputNormalization* out,
                             std::string* why) {
    auto refuse = [&](const std::string& w) {
        if (why)
            *why = w;
        return false;
    };
    if (text.empty() || text == "none") {
        *out = {};
        return true;
    }
    for (const auto& [name, preset] : kNormalizationPresets) {
        if (text != name)
            continue;
        if (channels != 3)
            return refuse(std::string("the ") + name +
                          " normalization is for 3 channels, the model has " +
                          std::to_string(channels));
        *out = preset;
        return true;
    }
    const size_t semi = text.find(';');
    if (text.rfind("mean=", 0) != 0 || semi == std::string::npos ||
        text.compare(semi + 1, 4, "std=") != 0)
        return refuse("unknown normalization '" + text +
                      "' (none, cifar10, imagenet or mean=m1,m2,m3;std=s1,s2,s3)");
    bool okMean = false;
    bool okStd = false;
    InputNormalization n;
    n.mean = parseNumbers(text.substr(5, semi - 5), &okMean);
    n.std = parseNumbers(text.substr(semi + 5), &okStd);
    if (!okMean || !okStd)
        return refuse("normalization '" + text + "': mean and std must be lists of numbers");
    for (auto* v : {&n.mean, &n.std}) {
        if (v->size() == 1)
            v->assign(size_t(std::max(channels, 1)), v->front());
        if (static_cast<int>(v->size()) != channels)
            return refuse("normalization '" + text + "' gives " + std::to_string(v->size()) +
                          " values; the model has " + std::to_string(channels) + " channels");
    }
    for (double s : n.std)
        if (!(s > 0.0))
            return refuse("normalization '" + text + "': every std must be positive");
    *out = n;
    return true;
}

std::string inputNormalizationText(const InputNormalization& n) {
    if (n.empty())
        return "none";
    for (const auto& [name, preset] : kNormalizationPresets)
        if (preset == n)
            return name;
    auto list = [](const std::vector<double>& v) {
        std::string t;
        for (double x : v) {
            char buf[32];
            std::snprintf(buf, sizeof(buf), "%.9g", x);
            t += (t.empty() ? "" : ",") + std::string(buf);
        }
        return t;
    };
    return "mean=" + list(n.mean) + ";std=" + list(n.std);
}

namespace {

[[noreturn]] void specError(const ModelSpec& spec, const LayerSpec& l, const std::string& what) {
    throw Error(spec.name,
                std::string("layer '") + l.name + "' (" + layerKindName(l.kind) + "): " + what);
}

torch::Tensor zeros(std::vector<int64_t> shape, torch::Device device) {
    return torch::zeros(shape, torch::TensorOptions(torch::kFloat32).device(device))
        .set_requires_grad(true);
}

/// Limits on what a spec may ask for, checked before anything is allocated: a 200-byte
/// model_config must not make the process reading it allocate gigabytes or overflow a size.
/// 2^29 parameters (2 GiB of float32) is above VGG-19 (143 M); 2^28 values per sample for one
/// layer's output is a 9000 x 9000 x 3 image.
constexpr int64_t kMaxParameters = int64_t(1) << 29;
constexpr int64_t kMaxActivationValues = int64_t(1) << 28;

/// The product of dims, or -1 when it overflows int64 or a dim is negative.
int64_t checkedCount(const std::vector<int64_t>& dims) {
    int64_t n = 1;
    for (int64_t d : dims)
        if (d < 0 || __builtin_mul_overflow(n, d, &n))
            return -1;
    return n;
}

/// The number of parameters allocateWeights will create for the layer (overflow: -1).
int64_t parameterCount(const LayerSpec& l, const TensorShape& in) {
    int64_t total = 0;
    for (const auto& shape : kerasWeightShapes(l, in.dims)) {
        const int64_t n = checkedCount(shape);
        if (n < 0 || __builtin_add_overflow(total, n, &total))
            return -1;
    }
    return total;
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

void allocateWeights(ModelNode& n, const LayerSpec& l, const std::vector<ModelNode>& nodes,
                     torch::Device device) {
    if (n.inputs.empty()) // an Input layer: no weights
        return;
    const auto& in = nodes[n.inputs[0]].shape;
    const int64_t c = in.channels();
    const auto opts = torch::TensorOptions(torch::kFloat32).device(device);
    switch (l.kind) {
    case LayerKind::Conv2D:
        n.weight = zeros({l.filters, c / l.groups, l.kernel[0], l.kernel[1]}, device);
        break;
    case LayerKind::DepthwiseConv2D:
        n.weight = zeros({c * l.depthMultiplier, 1, l.kernel[0], l.kernel[1]}, device);
        break;
    case LayerKind::SeparableConv2D:
        n.weight = zeros({c * l.depthMultiplier, 1, l.kernel[0], l.kernel[1]}, device);
        n.pointwise = zeros({l.filters, c * l.depthMultiplier, 1, 1}, device);
        break;
    case LayerKind::Dense:
        n.weight = zeros({l.units, in.dims[0]}, device);
        break;
    case LayerKind::BatchNormalization:
        if (l.bnScale)
            n.weight = torch::ones({c}, opts).set_requires_grad(true);
        if (l.bnCenter)
            n.bias = zeros({c}, device);
        n.runningMean = torch::zeros({c}, opts);
        n.runningVar = torch::ones({c}, opts);
        return;
    default:
        return;
    }
    if (l.useBias)
        n.bias = zeros({n.shape.channels()}, device);
}

} // namespace

Model::Model(ModelSpec spec) : m_spec(std::move(spec)), m_impl(std::make_unique<Impl>()) {
    auto& impl = *m_impl;
    impl.device = computeDevice();
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
        std::vector<const std::vector<int64_t>*> inDims;
        for (const TensorShape* t : inShapes)
            inDims.push_back(&t->dims);
        n.shape = TensorShape{inferLayerShape(m_spec, l, inDims)};
        checkSizes(m_spec, l, n.shape, inShapes.empty() ? nullptr : inShapes[0], &parameters);
        allocateWeights(n, l, impl.nodes, impl.device);
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
    impl.finalSoftmax = (outSpec.kind == LayerKind::Dense ||
                         outSpec.kind == LayerKind::Activation || isConvolution(outSpec.kind)) &&
                        outSpec.activation == ActivationKind::Softmax;
    impl.findPoolAfter(m_spec);
    impl.findTrunk(m_spec);
}

Model::Model(const Model& other)
    : m_spec(other.m_spec), m_scale(other.m_scale), m_norm(other.m_norm),
      m_precision(other.m_precision), m_inferenceBatch(other.m_inferenceBatch),
      m_impl(std::make_unique<Impl>(*other.m_impl)) {
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
        copy(n.pointwise);
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

torch::Device Model::device() const { return m_impl->device; }

void Model::to(torch::Device device) {
    if (device == m_impl->device)
        return;
    torch::NoGradGuard guard;
    auto move = [&](torch::Tensor& t) {
        if (!t.defined())
            return;
        const bool grad = t.requires_grad();
        t = t.detach().to(device);
        if (grad)
            t.set_requires_grad(true);
    };
    for (auto& n : m_impl->nodes) {
        move(n.weight);
        move(n.bias);
        move(n.runningMean);
        move(n.runningVar);
        move(n.pointwise);
        move(n.mask);
    }
    m_impl->device = device;
    m_impl->trunkCache = TrunkCache(); // oneDNN copies of the CPU weights
    if (!device.is_cpu())
        m_precision = InferencePrecision::Float32;
}

Model::~Model() = default;
Model::Model(Model&&) noexcept = default;
Model& Model::operator=(Model&&) noexcept = default;

void Model::setInputNormalization(const InputNormalization& n) {
    const int c = inputShape()[2];
    if (!n.empty()) {
        if (static_cast<int>(n.mean.size()) != c || static_cast<int>(n.std.size()) != c)
            throw Error(m_spec.name, "the input normalization needs " + std::to_string(c) +
                                         " means and standard deviations, one per channel");
        for (size_t i = 0; i < n.mean.size(); ++i)
            if (!std::isfinite(n.mean[i]) || !std::isfinite(n.std[i]) || !(n.std[i] > 0.0))
                throw Error(m_spec.name, "the input normalization needs finite means and "
                                         "positive standard deviations");
    }
    m_norm = n;
}

torch::Tensor Model::prepareInput(const torch::Tensor& images) const {
    // Moved before the conversion: raw uint8 pixels cross to a GPU in a quarter of the bytes.
    // On the device already (always so on the CPU), to() returns the tensor itself.
    torch::Tensor x = images.to(m_impl->device).to(torch::kFloat32) * inputFactor();
    if (m_norm.empty())
        return x;
    const auto opts = torch::TensorOptions().dtype(torch::kFloat64);
    const int64_t c = static_cast<int64_t>(m_norm.mean.size());
    auto mean = torch::from_blob(const_cast<double*>(m_norm.mean.data()), {1, c, 1, 1}, opts)
                    .to(x.device(), torch::kFloat32);
    auto stdev = torch::from_blob(const_cast<double*>(m_norm.std.data()), {1, c, 1, 1}, opts)
                     .to(x.device(), torch::kFloat32);
    return (x - mean) / stdev;
}

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
    return core::kerasWeightNames(*l);
}

std::vector<std::vector<int64_t>> Model::kerasWeightShapes(const std::string& layer) const {
    auto it = m_impl->index.find(layer);
    if (it == m_impl->index.end())
        throw Error(m_spec.name, "no layer named '" + layer + "'");
    const auto& n = m_impl->nodes[it->second];
    if (n.inputs.empty())
        return {};
    return core::kerasWeightShapes(m_spec.layers[n.specIndex],
                                   m_impl->nodes[n.inputs[0]].shape.dims);
}

std::vector<std::string> Model::weightedLayers() const {
    std::vector<std::string> names;
    for (const auto& l : m_spec.layers)
        if (hasWeights(l.kind))
            names.push_back(l.name);
    return names;
}

} // namespace bdl::core
