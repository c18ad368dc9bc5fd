#include "core/io/torchscript_export.h"

#include "core/base/atomic_file.h"
#include "core/base/errors.h"

#include <torch/script.h>

#include <cctype>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>

namespace bdl::core {

namespace {

/// Largest gap tolerated between the exported module and Model::probabilities in the
/// self-check (float32 summation order differs slightly between the two).
constexpr double kSelfCheckTolerance = 1e-4;

/// A TorchScript float literal that round-trips the double exactly.
std::string floatLiteral(double v) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.17g", v);
    std::string s = buf;
    if (s.find_first_of(".eE") == std::string::npos)
        s += ".0";
    return s;
}

std::string intList(std::initializer_list<int64_t> values) {
    std::string s = "[";
    for (int64_t v : values)
        s += (s.size() > 1 ? ", " : "") + std::to_string(v);
    return s + "]";
}

/// TensorFlow "same" padding [left, right, top, bottom]: the extra pixel goes after.
std::array<int64_t, 4> samePads(int64_t h, int64_t w, std::array<int, 2> k, std::array<int, 2> s) {
    auto pad = [](int64_t in, int kk, int ss) {
        const int64_t out = (in + ss - 1) / ss;
        const int64_t total = std::max<int64_t>((out - 1) * ss + kk - in, 0);
        return std::array<int64_t, 2>{total / 2, total - total / 2};
    };
    auto ph = pad(h, k[0], s[0]);
    auto pw = pad(w, k[1], s[1]);
    return {pw[0], pw[1], ph[0], ph[1]};
}

/// Emits the TorchScript source of a Model's forward and registers its tensors on the module.
class ScriptBuilder {
public:
    ScriptBuilder(const Model& model, torch::jit::Module& module)
        : m_model(model), m_module(module) {}

    std::string build();

private:
    std::string tensor(const torch::Tensor& t, bool parameter, const std::string& layer,
                       const std::string& role);
    std::string padded(const std::string& v, const LayerSpec& l, std::array<int, 2> k,
                       const char* value);
    std::string activation(const std::string& v, ActivationKind a) const;
    std::string layerExpr(const LayerSpec& l, const std::vector<std::string>& in, bool isFinal);
    std::string weightedExpr(const LayerSpec& l, const std::string& x, bool skipSoftmax);
    std::string poolExpr(const LayerSpec& l, const std::string& x);
    std::vector<char> ancestorsOfOutput() const;

    const Model& m_model;
    torch::jit::Module& m_module;
    std::set<std::string> m_names;
};

/// Registers a tensor under a readable attribute name ("conv_1_kernel") and returns the
/// expression that reads it. Parameters are the trainable weights, buffers the rest.
std::string ScriptBuilder::tensor(const torch::Tensor& t, bool parameter, const std::string& layer,
                                  const std::string& role) {
    std::string name;
    for (char c : layer)
        name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])))
        name = "l_" + name;
    name += "_" + role;
    if (!m_names.insert(name).second) {
        int n = 2;
        while (!m_names.insert(name + "_" + std::to_string(n)).second)
            ++n;
        name += "_" + std::to_string(n);
    }
    torch::Tensor copy = t.detach().to(torch::kFloat32).contiguous().clone();
    if (parameter)
        m_module.register_parameter(name, copy, /*is_buffer=*/false);
    else
        m_module.register_buffer(name, copy);
    return "self." + name;
}

std::string ScriptBuilder::padded(const std::string& v, const LayerSpec& l, std::array<int, 2> k,
                                  const char* value) {
    if (!l.samePadding)
        return v;
    k = {l.dilation[0] * (k[0] - 1) + 1, l.dilation[1] * (k[1] - 1) + 1};
    const auto& s = m_model.outputShape(l.inputs.at(0)).dims;
    const auto p = samePads(s[0], s[1], k, l.strides);
    if (p == std::array<int64_t, 4>{0, 0, 0, 0})
        return v;
    return "torch.constant_pad_nd(" + v + ", " + intList({p[0], p[1], p[2], p[3]}) + ", " + value +
           ")";
}

std::string ScriptBuilder::activation(const std::string& v, ActivationKind a) const {
    switch (a) {
    case ActivationKind::Linear:
        return v;
    case ActivationKind::Relu:
        return "torch.relu(" + v + ")";
    case ActivationKind::Softmax:
        return "torch.softmax(" + v + ", 1)";
    case ActivationKind::Sigmoid:
        return "torch.sigmoid(" + v + ")";
    case ActivationKind::Tanh:
        return "torch.tanh(" + v + ")";
    case ActivationKind::Relu6:
        return "torch.clamp(" + v + ", 0.0, 6.0)";
    case ActivationKind::Silu:
        return "torch.silu(" + v + ")";
    case ActivationKind::Gelu:
        return "torch.gelu(" + v + ")";
    case ActivationKind::GeluTanh:
        return "torch.gelu(" + v + ", approximate=\"tanh\")";
    case ActivationKind::Hardswish:
        return "torch.hardswish(" + v + ")";
    case ActivationKind::Hardsigmoid:
        return "torch.hardsigmoid(" + v + ")";
    case ActivationKind::Elu:
        return "torch.elu(" + v + ")";
    case ActivationKind::Softplus:
        return "torch.softplus(" + v + ")";
    case ActivationKind::LogSoftmax:
        return "torch.log_softmax(" + v + ", 1)";
    }
    return v;
}

std::string ScriptBuilder::weightedExpr(const LayerSpec& l, const std::string& x,
                                        bool skipSoftmax) {
    const LayerTensors t = m_model.layerTensors(l.name);
    const std::string bias = l.useBias ? tensor(t.bias, true, l.name, "bias") : "None";
    std::string y;
    if (isConvolution(l.kind)) {
        std::string in = padded(x, l, l.kernel, "0.0");
        std::array<int64_t, 2> pad{0, 0};
        if (!l.samePadding && l.padding[0] == l.padding[1] && l.padding[2] == l.padding[3])
            pad = {l.padding[0], l.padding[2]};
        else if (!l.samePadding && l.padding != std::array<int, 4>{0, 0, 0, 0})
            in = "torch.constant_pad_nd(" + x + ", " +
                 intList({l.padding[2], l.padding[3], l.padding[0], l.padding[1]}) + ", 0.0)";
        const int64_t channels = m_model.outputShape(l.inputs.at(0)).channels();
        const int64_t groups = l.kind == LayerKind::Conv2D ? l.groups : channels;
        const std::string kernel = tensor(t.weight, true, l.name, "kernel");
        const std::string rest =
            ", " + intList({l.strides[0], l.strides[1]}) + ", " + intList({pad[0], pad[1]}) + ", " +
            intList({l.dilation[0], l.dilation[1]}) + ", " + std::to_string(groups) + ")";
        if (l.kind == LayerKind::SeparableConv2D) {
            const std::string pointwise = tensor(t.pointwise, true, l.name, "pointwise");
            y = "torch.conv2d(torch.conv2d(" + in + ", " + kernel + ", None" + rest + ", " +
                pointwise + ", " + bias + ")";
        } else {
            y = "torch.conv2d(" + in + ", " + kernel + ", " + bias + rest;
        }
    } else {
        const std::string kernel = tensor(t.weight, true, l.name, "kernel");
        y = "torch.linear(" + x + ", " + kernel + ", " + bias + ")";
    }
    return skipSoftmax && l.activation == ActivationKind::Softmax ? y : activation(y, l.activation);
}

std::string ScriptBuilder::poolExpr(const LayerSpec& l, const std::string& x) {
    const std::string k = intList({l.poolSize[0], l.poolSize[1]});
    const std::string s = intList({l.strides[0], l.strides[1]});
    if (!l.samePadding) {
        const std::string pad = intList({l.padding[0], l.padding[2]});
        const std::string ceil = l.ceilMode ? "True" : "False";
        if (l.kind == LayerKind::MaxPooling2D)
            return "torch.max_pool2d(" + x + ", " + k + ", " + s + ", " + pad + ", [1, 1], " +
                   ceil + ")";
        return "torch.avg_pool2d(" + x + ", " + k + ", " + s + ", " + pad + ", " + ceil + ", " +
               (l.countIncludePad ? "True" : "False") + ")";
    }
    if (l.kind == LayerKind::MaxPooling2D)
        return "torch.max_pool2d(" + padded(x, l, l.poolSize, "float(\"-inf\")") + ", " + k + ", " +
               s + ")";
    const std::string sum =
        "torch.avg_pool2d(" + padded(x, l, l.poolSize, "0.0") + ", " + k + ", " + s + ")";
    // Keras averages over real pixels only: divide by the (constant) share of real pixels.
    const auto& d = m_model.outputShape(l.inputs.at(0)).dims;
    const auto p = samePads(d[0], d[1], l.poolSize, l.strides);
    auto ones =
        torch::constant_pad_nd(torch::ones({1, 1, d[0], d[1]}), {p[0], p[1], p[2], p[3]}, 0.0);
    auto count =
        torch::avg_pool2d(ones, {l.poolSize[0], l.poolSize[1]}, {l.strides[0], l.strides[1]});
    return sum + " / " + tensor(count, false, l.name, "count");
}

std::string ScriptBuilder::layerExpr(const LayerSpec& l, const std::vector<std::string>& in,
                                     bool isFinal) {
    const std::string& x = in.at(0);
    switch (l.kind) {
    case LayerKind::Input:
        return x;
    case LayerKind::Conv2D:
    case LayerKind::DepthwiseConv2D:
    case LayerKind::SeparableConv2D:
    case LayerKind::Dense:
        return weightedExpr(l, x, isFinal);
    case LayerKind::MaxPooling2D:
    case LayerKind::AveragePooling2D:
        return poolExpr(l, x);
    case LayerKind::ZeroPadding2D:
        return "torch.constant_pad_nd(" + x + ", " +
               intList({l.padding[2], l.padding[3], l.padding[0], l.padding[1]}) + ", 0.0)";
    case LayerKind::GlobalAveragePooling2D:
        return "torch.mean(" + x + ", [2, 3], " + (l.keepDims ? "True" : "False") + ")";
    case LayerKind::GlobalMaxPooling2D:
        return "torch.amax(" + x + ", [2, 3], " + (l.keepDims ? "True" : "False") + ")";
    case LayerKind::AdaptiveAveragePooling2D:
        return "torch.adaptive_avg_pool2d(" + x + ", " +
               intList({l.outputSize[0], l.outputSize[1]}) + ")";
    case LayerKind::Rescaling:
        return x + " * " + floatLiteral(l.scale) + " + " + floatLiteral(l.offset);
    case LayerKind::Clip:
        return "torch.clamp(" + x + ", " + floatLiteral(l.clipMin) + ", " +
               floatLiteral(l.clipMax) + ")";
    case LayerKind::Multiply: {
        std::string y = x;
        for (size_t i = 1; i < in.size(); ++i)
            y += " * " + in[i];
        return y;
    }
    case LayerKind::Flatten:
        if (m_model.outputShape(l.inputs.at(0)).spatial() && !l.channelsFirst)
            return x + ".permute([0, 2, 3, 1]).reshape([" + x + ".size(0), -1])";
        return x + ".reshape([" + x + ".size(0), -1])";
    case LayerKind::Dropout:
        return x;
    case LayerKind::Add: {
        std::string y = x;
        for (size_t i = 1; i < in.size(); ++i)
            y += " + " + in[i];
        return y;
    }
    case LayerKind::Concatenate: {
        const bool spatial = m_model.outputShape(l.inputs.at(0)).spatial();
        const int64_t keras = l.axis < 0 ? 4 + l.axis : l.axis; // axis over (N, H, W, C)
        const int64_t dim = !spatial ? 1 : (keras == 3 ? 1 : keras + 1);
        std::string list;
        for (const auto& v : in)
            list += (list.empty() ? "" : ", ") + v;
        return "torch.cat([" + list + "], " + std::to_string(dim) + ")";
    }
    case LayerKind::Activation:
        return isFinal && l.activation == ActivationKind::Softmax ? x : activation(x, l.activation);
    case LayerKind::ReLU: {
        // The plain forms as PyTorch writes them (so BackdoorLab reads its exports back); the
        // general Keras ReLU (threshold) as a where().
        const bool plain = l.reluThreshold == 0.0;
        const bool bounded = std::isfinite(l.reluMaxValue);
        if (plain && l.reluNegativeSlope == 0.0)
            return bounded ? "torch.hardtanh(" + x + ", 0.0, " + floatLiteral(l.reluMaxValue) + ")"
                           : "torch.relu(" + x + ")";
        std::string y =
            plain ? "torch.leaky_relu(" + x + ", " + floatLiteral(l.reluNegativeSlope) + ")"
                  : "torch.where(" + x + " >= " + floatLiteral(l.reluThreshold) + ", " + x + ", (" +
                        x + " - " + floatLiteral(l.reluThreshold) + ") * " +
                        floatLiteral(l.reluNegativeSlope) + ")";
        if (bounded)
            y = "torch.clamp_max(" + y + ", " + floatLiteral(l.reluMaxValue) + ")";
        return y;
    }
    case LayerKind::BatchNormalization: {
        const auto w = m_model.kerasWeights(l.name);
        size_t i = 0;
        const std::string gamma = l.bnScale ? tensor(w.at(i++), true, l.name, "gamma") : "None";
        const std::string beta = l.bnCenter ? tensor(w.at(i++), true, l.name, "beta") : "None";
        const std::string mean = tensor(w.at(i++), false, l.name, "moving_mean");
        const std::string var = tensor(w.at(i++), false, l.name, "moving_variance");
        return "torch.batch_norm(" + x + ", " + gamma + ", " + beta + ", " + mean + ", " + var +
               ", False, " + floatLiteral(1.0 - l.momentum) + ", " + floatLiteral(l.epsilon) +
               ", False)";
    }
    }
    throw Error(m_model.spec().name, "layer '" + l.name + "' cannot be exported");
}

std::vector<char> ScriptBuilder::ancestorsOfOutput() const {
    const auto& layers = m_model.spec().layers;
    std::vector<char> mark(layers.size(), 0);
    std::set<std::string> needed{m_model.spec().output};
    for (size_t i = layers.size(); i-- > 0;) {
        if (!needed.count(layers[i].name))
            continue;
        mark[i] = 1;
        needed.insert(layers[i].inputs.begin(), layers[i].inputs.end());
    }
    return mark;
}

std::string ScriptBuilder::build() {
    const auto& spec = m_model.spec();
    const auto shape = m_model.inputShape(); // (H, W, C)
    std::ostringstream src;
    src << "def forward(self, x: Tensor) -> Tensor:\n"
        << "    assert x.dim() == 4 and x.size(1) == " << shape[2]
        << " and x.size(2) == " << shape[0] << " and x.size(3) == " << shape[1]
        << ", \"expected images of shape (N, " << shape[2] << ", " << shape[0] << ", " << shape[1]
        << ")\"\n";
    std::map<std::string, std::string> vars;
    const auto active = ancestorsOfOutput();
    for (size_t i = 0; i < spec.layers.size(); ++i) {
        const LayerSpec& l = spec.layers[i];
        if (!active[i])
            continue;
        const std::string v = "v" + std::to_string(i);
        std::vector<std::string> in;
        for (const auto& name : l.inputs)
            in.push_back(vars.at(name));
        if (l.kind == LayerKind::Input) {
            in = {"x.float() * " + floatLiteral(double(m_model.inputFactor()))};
            const InputNormalization& norm = m_model.inputNormalization();
            if (!norm.empty()) {
                const int64_t c = static_cast<int64_t>(norm.mean.size());
                auto mean = torch::tensor(norm.mean, torch::kFloat64).to(torch::kFloat32);
                auto stdev = torch::tensor(norm.std, torch::kFloat64).to(torch::kFloat32);
                in = {"(" + in[0] + " - " +
                      tensor(mean.view({1, c, 1, 1}), false, "input", "mean") + ") / " +
                      tensor(stdev.view({1, c, 1, 1}), false, "input", "std")};
            }
        }
        src << "    " << v << " = " << layerExpr(l, in, l.name == spec.output) << "\n";
        const torch::Tensor mask = m_model.channelMask(l.name);
        if (mask.defined() && l.kind != LayerKind::Input) {
            const bool spatial = m_model.outputShape(l.name).spatial();
            const auto view = spatial ? mask.reshape({1, -1, 1, 1}) : mask.reshape({1, -1});
            src << "    " << v << " = " << v << " * " << tensor(view, false, l.name, "mask")
                << "\n";
        }
        vars[l.name] = v;
    }
    src << "    return torch.softmax(" << vars.at(spec.output) << ", 1)\n";
    return src.str();
}

/// Builds the module of one model in `cu` under a unique class name.
torch::jit::Module buildModule(const Model& model, const std::string& className,
                               const std::shared_ptr<torch::jit::CompilationUnit>& cu) {
    torch::jit::Module module(c10::QualifiedName("__torch__.backdoorlab." + className), cu,
                              /*shouldMangle=*/true);
    ScriptBuilder builder(model, module);
    const std::string source = builder.build();
    try {
        module.define(source);
    } catch (const c10::Error& e) {
        throw Error(model.spec().name,
                    std::string("TorchScript generation failed: ") + e.what_without_backtrace());
    }
    module.eval();
    return module;
}

/// A deterministic batch of pixel-like values covering 0..255, for the self-check.
torch::Tensor probeImages(const Model& model) {
    const auto s = model.inputShape();
    const int64_t n = 2 * int64_t(s[0]) * s[1] * s[2];
    auto v = torch::arange(n, torch::kInt64).mul(7919).remainder(256).to(torch::kFloat32);
    return v.reshape({2, s[2], s[0], s[1]});
}

std::string serialize(const torch::jit::Module& module, const std::string& meta,
                      const std::string& name) {
    std::ostringstream out;
    torch::jit::ExtraFilesMap extra{{"backdoorlab.json", meta}};
    try {
        module.save(out, extra);
    } catch (const c10::Error& e) {
        throw Error(name,
                    std::string("TorchScript serialization failed: ") + e.what_without_backtrace());
    }
    return out.str();
}

std::string metadata(const Model& model, const std::string& kind) {
    const auto s = model.inputShape();
    std::ostringstream m;
    m << "{\"kind\": \"" << kind << "\", \"input_nchw\": [null, " << s[2] << ", " << s[0] << ", "
      << s[1] << "], \"classes\": " << model.numClasses() << ", \"input_scale\": \""
      << inputScaleName(model.inputScale()) << "\"}";
    return m.str();
}

/// Loads the bytes back and compares one probe batch with `expected`: a generated module that
/// silently computed something else would be worse than no export.
void selfCheck(const std::string& bytes, const torch::Tensor& images, const torch::Tensor& expected,
               const std::string& name) {
    torch::Tensor got;
    try {
        std::istringstream in(bytes);
        torch::jit::Module loaded = torch::jit::load(in);
        torch::NoGradGuard guard;
        got = loaded.forward({images}).toTensor();
    } catch (const c10::Error& e) {
        throw Error(name, std::string("TorchScript export self-check failed: ") +
                              e.what_without_backtrace());
    }
    // The module holds CPU copies of the weights; the model may run elsewhere.
    const torch::Tensor want = expected.to(got.device());
    const bool same = want.is_floating_point()
                          ? torch::allclose(got, want, 0.0, kSelfCheckTolerance)
                          : torch::equal(got, want);
    if (!same)
        throw Error(name, "TorchScript export self-check failed (outputs differ from the model)");
}

} // namespace

std::string torchScriptBytes(const Model& model) {
    auto cu = std::make_shared<torch::jit::CompilationUnit>();
    torch::jit::Module module = buildModule(model, "Model", cu);
    const std::string bytes =
        serialize(module, metadata(model, "probabilities"), model.spec().name);
    const torch::Tensor probe = probeImages(model);
    selfCheck(bytes, probe, model.probabilities(probe), model.spec().name);
    return bytes;
}

void saveTorchScript(const Model& model, const std::string& path) {
    writeFileAtomically(path, torchScriptBytes(model));
}

std::string goodnetTorchScriptBytes(const Model& b, const Model& bPrime) {
    if (b.inputShape() != bPrime.inputShape() || b.numClasses() != bPrime.numClasses())
        throw Error(bPrime.spec().name, "B and B' differ in input shape or number of classes");
    auto cu = std::make_shared<torch::jit::CompilationUnit>();
    torch::jit::Module top(c10::QualifiedName("__torch__.backdoorlab.GoodNet"), cu, true);
    top.register_module("b", buildModule(b, "ModelB", cu));
    top.register_module("b_prime", buildModule(bPrime, "ModelBPrime", cu));
    const int64_t n = b.numClasses();
    try {
        top.define("def forward(self, x: Tensor) -> Tensor:\n"
                   "    yb = torch.argmax(self.b.forward(x), 1)\n"
                   "    yp = torch.argmax(self.b_prime.forward(x), 1)\n"
                   "    return torch.where(yb == yp, yb, torch.full_like(yb, " +
                   std::to_string(n) + "))\n");
    } catch (const c10::Error& e) {
        throw Error(b.spec().name,
                    std::string("TorchScript generation failed: ") + e.what_without_backtrace());
    }
    top.eval();
    const std::string bytes = serialize(top, metadata(b, "goodnet-labels"), b.spec().name);
    const torch::Tensor probe = probeImages(b);
    auto yb = b.probabilities(probe).argmax(1);
    auto yp = bPrime.probabilities(probe).argmax(1);
    selfCheck(bytes, probe, torch::where(yb == yp, yb, torch::full_like(yb, n)), b.spec().name);
    return bytes;
}

void saveGoodnetTorchScript(const Model& b, const Model& bPrime, const std::string& path) {
    writeFileAtomically(path, goodnetTorchScriptBytes(b, bPrime));
}

} // namespace bdl::core
