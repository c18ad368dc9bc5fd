// TorchScript import: load, freeze and inline the module's forward, then translate its graph into
// a ModelSpec with internal-layout tensors (see torchscript_import.h). The graph is interpreted
// symbolically: tensor ops become layers, integer and boolean logic on shapes is evaluated for the
// chosen input shape, and nothing of the model is executed.
#include "core/io/torchscript_import.h"

#include "core/base/errors.h"

#include <torch/csrc/jit/ir/constants.h>
#include <torch/csrc/jit/ir/ir.h>
#include <torch/csrc/jit/passes/dead_code_elimination.h>
#include <torch/csrc/jit/passes/freeze_module.h>
#include <torch/csrc/jit/passes/inliner.h>
#include <torch/csrc/jit/passes/remove_mutation.h>
#include <torch/csrc/jit/serialization/import.h>
#include <torch/script.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

namespace bdl::core {

namespace {

using torch::jit::Block;
using torch::jit::Graph;
using torch::jit::Node;
using torch::jit::Value;

constexpr const char* kSupportedOps =
    "aten::_convolution, aten::_convolution_mode, aten::conv2d (stride, padding incl. \"same\", "
    "dilation, groups), "
    "aten::batch_norm (inference), aten::relu, aten::relu6, aten::hardtanh, aten::leaky_relu, "
    "aten::sigmoid, aten::tanh, aten::silu, aten::gelu, aten::hardswish, aten::hardsigmoid, "
    "aten::elu, aten::softplus, aten::max_pool2d, aten::avg_pool2d, aten::adaptive_avg_pool2d, "
    "aten::mean over H and W, aten::flatten, aten::view, aten::reshape, aten::squeeze, "
    "aten::linear, aten::addmm, aten::matmul (+ aten::add of a bias), aten::add, aten::sub, "
    "aten::mul, aten::div (by a constant, or of two equal-shape tensors for add and mul), "
    "aten::cat, aten::constant_pad_nd (zeros), aten::dropout, aten::feature_dropout, "
    "aten::softmax, aten::log_softmax, aten::contiguous, aten::clone, aten::detach, aten::to "
    "(float32), the in-place forms of these, and the shape logic of traced and scripted "
    "graphs (aten::size, aten::dim, aten::len, aten::Int, prim::NumToTensor, list and tuple "
    "ops, integer arithmetic and comparisons, prim::If on shapes, prim::RaiseException)";

/// A symbolic integer: a known value, or the batch size (unknown until run time).
struct SymInt {
    bool batch = false;
    int64_t value = 0;
};

/// What a graph value stands for during the translation.
struct Sym {
    enum class Kind { Layer, Constant, Int, IntList, LayerList, Tuple, None };
    Kind kind = Kind::None;
    std::string layer;               ///< Layer: the producing layer
    c10::IValue constant;            ///< Constant: tensors, doubles, bools, strings, lists, ...
    SymInt integer;                  ///< Int
    std::vector<SymInt> ints;        ///< IntList
    std::vector<std::string> layers; ///< LayerList
    std::vector<Sym> parts;          ///< Tuple
    /// Layer "input" only: the graph's input under a per-channel affine map x * a[c] + b[c] that
    /// the graph applies before anything else (a normalisation inside forward()); empty: none.
    std::vector<double> a, b;
    /// Layer only: the layer's output permuted to (N, H, W, C), which only a flatten may read
    /// (the Keras flatten order, as BackdoorLab's own exports write it).
    bool channelsLast = false;
};

std::string nodeLocation(const Node* n) {
    const auto& range = n->sourceRange();
    if (auto original = range.findSourceRangeThatGenerated())
        if (auto flc = original->file_line_col())
            return std::get<0>(*flc) + ":" + std::to_string(std::get<1>(*flc));
    if (auto flc = range.file_line_col())
        return std::get<0>(*flc) + ":" + std::to_string(std::get<1>(*flc));
    return std::string();
}

/// The dotted path of submodule instance names a node was inlined from ("layer1.0.conv1");
/// *leaf is set when the innermost module is one of torch.nn's own (Conv2d, ReLU, ...), whose
/// forward is the one op, rather than a user's block that calls several.
std::string modulePath(const Node* n, bool* leaf) {
    *leaf = false;
    auto cs = n->callstack();
    if (!cs)
        return std::string();
    std::string path;
    for (const auto& entry : (*cs)->vec()) {
        const auto& info = std::get<2>(entry);
        // "SELF": a method of the same module (Conv2d.forward -> self._conv_forward).
        if (!info || info->instance_name().empty() || info->instance_name() == "SELF")
            continue;
        path += (path.empty() ? "" : ".") + info->instance_name();
        const auto type = info->class_type();
        *leaf = type && type->name() &&
                type->name()->qualifiedName().rfind("__torch__.torch.nn.modules.", 0) == 0;
    }
    return path;
}

class Translator {
public:
    Translator(std::string origin, const Graph& graph, std::array<int, 3> shape)
        : m_origin(std::move(origin)), m_graph(graph), m_shape(shape) {}

    /// Translates the whole graph; the spec's layers are in graph (topological) order.
    void run();

    ModelSpec spec;
    std::map<std::string, LayerTensors> tensors;
    /// A normalisation forward() applies to its input first (folded out of the graph).
    InputNormalization normalization;
    /// Channel masks: a layer's output multiplied by a per-channel constant (a pruned export).
    std::map<std::string, torch::Tensor> masks;

private:
    [[noreturn]] void fail(const Node* n, const std::string& what) const {
        const std::string where = nodeLocation(n);
        throw Error(m_origin, std::string(n->kind().toQualString()) +
                                  (where.empty() ? "" : " (" + where + ")") + ": " + what);
    }
    [[noreturn]] void unsupported(const Node* n) const {
        const std::string where = nodeLocation(n);
        throw Error(m_origin, "unsupported operation " + std::string(n->kind().toQualString()) +
                                  (where.empty() ? "" : " at " + where) +
                                  "; nothing was loaded (supported: see the README, \"Bring your "
                                  "own PyTorch model\")");
    }

    void walk(const Block* block);
    void translate(const Node* n);
    bool scalarOp(const Node* n, const std::string& op);
    bool structureOp(const Node* n, const std::string& op);
    bool tensorOp(const Node* n, const std::string& op);
    void convolution(const Node* n, bool underscore);
    void batchNorm(const Node* n);
    void pooling(const Node* n, bool max);
    void reshape(const Node* n, const std::string& op);
    void arithmetic(const Node* n, const std::string& op);
    void linear(const Node* n, const std::string& op);

    const Sym& sym(const Value* v, const Node* user) const;
    void set(const Value* v, Sym s) { m_values[v] = std::move(s); }
    void setLayer(const Value* v, const std::string& layer) {
        Sym s;
        s.kind = Sym::Kind::Layer;
        s.layer = layer;
        set(v, std::move(s));
    }
    std::string layerIn(const Node* n, size_t i);
    const std::vector<int64_t>& shapeOf(const std::string& layer) const {
        return m_shapes.at(layer);
    }
    /// The NCHW sizes of a layer's output, batch as -1.
    std::vector<int64_t> nchw(const std::string& layer) const;
    c10::IValue constantIn(const Node* n, size_t i) const;
    torch::Tensor tensorIn(const Node* n, size_t i, bool optional) const;
    int64_t intIn(const Node* n, size_t i) const;
    double numberIn(const Node* n, size_t i) const;
    bool boolIn(const Node* n, size_t i) const;
    std::vector<int64_t> intsIn(const Node* n, size_t i) const;
    bool isNoneIn(const Node* n, size_t i) const;
    bool isLayer(const Node* n, size_t i) const {
        return sym(n->input(i), n).kind == Sym::Kind::Layer;
    }

    /// Adds a layer reading `inputs`, named after the node's module; returns its name.
    std::string addLayer(const Node* n, LayerSpec l, std::vector<std::string> inputs,
                         LayerTensors t = LayerTensors());
    std::string layerName(const Node* n, const char* op);
    /// For in-place ops: the mutated input must not be read after the node.
    void requireNoLaterUse(const Node* n) const;

    std::string m_origin;
    const Graph& m_graph;
    std::array<int, 3> m_shape; ///< (H, W, C)
    std::map<const Value*, Sym> m_values;
    std::map<std::string, std::vector<int64_t>> m_shapes;
    std::set<std::string> m_names;
    bool m_plainInputUsed = false;
    std::optional<std::pair<std::vector<double>, std::vector<double>>> m_inputAffine;
    /// Folds a constant applied to the input (or its folded prefix); false when it is not that.
    bool foldInputAffine(const Node* n, const std::string& op, size_t ti, size_t ci);
};

const Sym& Translator::sym(const Value* v, const Node* user) const {
    auto it = m_values.find(v);
    if (it == m_values.end())
        fail(user, "reads a value the importer could not follow (%" + v->debugName() + ")");
    return it->second;
}

std::string Translator::layerIn(const Node* n, size_t i) {
    const Sym& s = sym(n->input(i), n);
    if (s.kind != Sym::Kind::Layer)
        fail(n, "input " + std::to_string(i) + " is not a tensor computed from the image");
    if (s.channelsLast)
        fail(n, "reads a tensor permuted to channels-last; only a flatten may follow that "
                "permute");
    if (s.layer == "input") {
        if (s.a.empty()) {
            m_plainInputUsed = true;
        } else if (!m_inputAffine) {
            m_inputAffine.emplace(s.a, s.b);
        } else if (m_inputAffine->first != s.a || m_inputAffine->second != s.b) {
            fail(n, "the input is used under two different normalisations");
        }
        if (m_plainInputUsed && m_inputAffine)
            fail(n, "the input is used both normalised and as it is");
    }
    return s.layer;
}

bool Translator::foldInputAffine(const Node* n, const std::string& op, size_t ti, size_t ci) {
    const Sym& x = sym(n->input(ti), n);
    if (x.kind != Sym::Kind::Layer || x.layer != "input" || m_plainInputUsed || m_inputAffine)
        return false;
    const int64_t c = m_shape[2];
    std::vector<double> k;
    const Sym& cs = sym(n->input(ci), n);
    if (cs.kind == Sym::Kind::Constant && cs.constant.isTensor()) {
        const torch::Tensor t = cs.constant.toTensor();
        const bool perChannel =
            t.numel() == c &&
            (t.dim() <= 1 || (t.dim() == 3 && t.size(0) == c) || (t.dim() == 4 && t.size(1) == c));
        if (t.numel() != 1 && !perChannel)
            return false;
        const auto d = t.to(torch::kFloat64).contiguous();
        for (int64_t i = 0; i < c; ++i)
            k.push_back(d.data_ptr<double>()[t.numel() == 1 ? 0 : i]);
    } else {
        k.assign(size_t(c), numberIn(n, ci));
    }
    for (double v : k)
        if (!std::isfinite(v))
            fail(n, "a constant is not finite");
    std::vector<double> a = x.a.empty() ? std::vector<double>(size_t(c), 1.0) : x.a;
    std::vector<double> b = x.b.empty() ? std::vector<double>(size_t(c), 0.0) : x.b;
    const double alpha =
        (op == "aten::add" || op == "aten::sub") && n->inputs().size() > 2 ? numberIn(n, 2) : 1.0;
    for (size_t i = 0; i < a.size(); ++i) {
        if (op == "aten::add") {
            b[i] += alpha * k[i];
        } else if (op == "aten::sub" && ti == 0) {
            b[i] -= alpha * k[i];
        } else if (op == "aten::mul") {
            a[i] *= k[i];
            b[i] *= k[i];
        } else if (op == "aten::div" && ti == 0 && k[i] != 0.0) {
            a[i] /= k[i];
            b[i] /= k[i];
        } else {
            return false;
        }
    }
    Sym out = x;
    out.a = std::move(a);
    out.b = std::move(b);
    set(n->output(), std::move(out));
    return true;
}

std::vector<int64_t> Translator::nchw(const std::string& layer) const {
    const auto& d = shapeOf(layer);
    if (d.size() == 3)
        return {-1, d[2], d[0], d[1]};
    std::vector<int64_t> out{-1};
    out.insert(out.end(), d.begin(), d.end());
    return out;
}

c10::IValue Translator::constantIn(const Node* n, size_t i) const {
    const Sym& s = sym(n->input(i), n);
    if (s.kind == Sym::Kind::Constant)
        return s.constant;
    if (s.kind == Sym::Kind::Int) {
        if (s.integer.batch)
            fail(n, "depends on the batch size, which is only known at run time");
        return c10::IValue(s.integer.value);
    }
    if (s.kind == Sym::Kind::IntList) {
        std::vector<int64_t> v;
        for (const auto& x : s.ints) {
            if (x.batch)
                fail(n, "depends on the batch size, which is only known at run time");
            v.push_back(x.value);
        }
        return c10::IValue(v);
    }
    if (s.kind == Sym::Kind::None)
        return c10::IValue();
    fail(n, "argument " + std::to_string(i) + " must be a constant");
}

bool Translator::isNoneIn(const Node* n, size_t i) const {
    const Sym& s = sym(n->input(i), n);
    return s.kind == Sym::Kind::None || (s.kind == Sym::Kind::Constant && s.constant.isNone());
}

torch::Tensor Translator::tensorIn(const Node* n, size_t i, bool optional) const {
    if (optional && isNoneIn(n, i))
        return torch::Tensor();
    const c10::IValue v = constantIn(n, i);
    if (!v.isTensor())
        fail(n, "argument " + std::to_string(i) + " must be a constant tensor (a weight)");
    torch::Tensor t = v.toTensor();
    if (!t.is_floating_point())
        fail(n, "a weight is not floating point");
    if (t.is_quantized() || t.is_sparse() || !t.device().is_cpu())
        fail(n, "a weight is not a dense CPU tensor");
    return t.detach().to(torch::kFloat32).contiguous();
}

int64_t Translator::intIn(const Node* n, size_t i) const {
    const c10::IValue v = constantIn(n, i);
    if (v.isInt())
        return v.toInt();
    if (v.isBool())
        return v.toBool() ? 1 : 0;
    fail(n, "argument " + std::to_string(i) + " must be an integer");
}

double Translator::numberIn(const Node* n, size_t i) const {
    const c10::IValue v = constantIn(n, i);
    double d = 0.0;
    if (v.isDouble())
        d = v.toDouble();
    else if (v.isInt())
        d = double(v.toInt());
    else if (v.isBool())
        d = v.toBool() ? 1.0 : 0.0;
    else if (v.isTensor() && v.toTensor().numel() == 1 && v.toTensor().dim() == 0)
        d = v.toTensor().to(torch::kFloat64).item<double>();
    else
        fail(n, "argument " + std::to_string(i) + " must be a number");
    if (!std::isfinite(d))
        fail(n, "argument " + std::to_string(i) + " is not finite");
    return d;
}

bool Translator::boolIn(const Node* n, size_t i) const {
    const c10::IValue v = constantIn(n, i);
    if (v.isBool())
        return v.toBool();
    if (v.isInt())
        return v.toInt() != 0;
    fail(n, "argument " + std::to_string(i) + " must be a boolean");
}

std::vector<int64_t> Translator::intsIn(const Node* n, size_t i) const {
    const c10::IValue v = constantIn(n, i);
    if (v.isIntList())
        return v.toIntVector();
    if (v.isInt())
        return {v.toInt()};
    fail(n, "argument " + std::to_string(i) + " must be a list of integers");
}

std::string Translator::layerName(const Node* n, const char* op) {
    // A torch.nn module's own name ("features.0", "layer1.0.bn2") when it is free; ops of a
    // user module's forward() (F.relu in a block) get the op appended ("layer1.0.relu").
    bool leaf = false;
    std::string base = modulePath(n, &leaf);
    if (base.empty())
        base = op;
    else if (!leaf || m_names.count(base))
        base += std::string(".") + op;
    std::string name = base;
    for (int k = 2; m_names.count(name); ++k)
        name = base + "_" + std::to_string(k);
    m_names.insert(name);
    return name;
}

std::string Translator::addLayer(const Node* n, LayerSpec l, std::vector<std::string> inputs,
                                 LayerTensors t) {
    static const std::map<LayerKind, const char*> kOpNames = {
        {LayerKind::Conv2D, "conv"},
        {LayerKind::BatchNormalization, "bn"},
        {LayerKind::Dense, "linear"},
        {LayerKind::Activation, "act"},
        {LayerKind::ReLU, "relu"},
        {LayerKind::Clip, "hardtanh"},
        {LayerKind::MaxPooling2D, "maxpool"},
        {LayerKind::AveragePooling2D, "avgpool"},
        {LayerKind::AdaptiveAveragePooling2D, "avgpool"},
        {LayerKind::GlobalAveragePooling2D, "avgpool"},
        {LayerKind::Flatten, "flatten"},
        {LayerKind::Add, "add"},
        {LayerKind::Multiply, "mul"},
        {LayerKind::Concatenate, "cat"},
        {LayerKind::Rescaling, "scale"},
        {LayerKind::Dropout, "dropout"},
        {LayerKind::ZeroPadding2D, "pad"},
    };
    auto op = kOpNames.find(l.kind);
    const char* opName = op == kOpNames.end() ? "layer" : op->second;
    if (l.kind == LayerKind::Activation)
        opName = activationName(l.activation);
    l.name = layerName(n, opName);
    l.inputs = std::move(inputs);
    std::vector<const std::vector<int64_t>*> in;
    for (const auto& name : l.inputs)
        in.push_back(&m_shapes.at(name));
    std::vector<int64_t> out;
    try {
        out = inferLayerShape(spec, l, in);
    } catch (const Error& e) {
        const std::string& p = e.problem();
        fail(n, p.substr(p.find("): ") == std::string::npos ? 0 : p.find("): ") + 3));
    }
    m_shapes[l.name] = std::move(out);
    if (t.weight.defined() || t.runningMean.defined())
        tensors[l.name] = std::move(t);
    spec.layers.push_back(std::move(l));
    return spec.layers.back().name;
}

void Translator::requireNoLaterUse(const Node* n) const {
    for (const auto& use : n->input(0)->uses())
        if (use.user != n && use.user->isAfter(n))
            fail(n, "changes a tensor in place that is read again later; export the model "
                    "without in-place operations on shared tensors");
}

void Translator::run() {
    const auto inputs = m_graph.inputs();
    // Input 0 is the module itself; a forward(self, x) has exactly one more.
    if (inputs.size() != 2)
        throw Error(m_origin, "forward() takes " + std::to_string(inputs.size() - 1) +
                                  " inputs; only models with one image input are supported");
    LayerSpec in;
    in.name = "input";
    in.kind = LayerKind::Input;
    in.inputShape = m_shape;
    m_names.insert(in.name);
    m_shapes[in.name] = {m_shape[0], m_shape[1], m_shape[2]};
    spec.layers.push_back(in);
    setLayer(inputs[1], in.name);
    walk(m_graph.block());
    const auto outputs = m_graph.outputs();
    if (outputs.size() != 1)
        throw Error(m_origin, "forward() returns " + std::to_string(outputs.size()) +
                                  " values; only models with one output tensor are supported");
    auto it = m_values.find(outputs[0]);
    if (it == m_values.end() || it->second.kind != Sym::Kind::Layer)
        throw Error(m_origin, "forward() does not return a single tensor computed from its "
                              "input (a tuple or dict of outputs is not supported)");
    if (it->second.layer == in.name)
        throw Error(m_origin, "forward() returns its input unchanged");
    spec.output = it->second.layer;
    bool identity = true;
    if (m_inputAffine)
        for (size_t i = 0; i < m_inputAffine->first.size(); ++i)
            identity =
                identity && m_inputAffine->first[i] == 1.0 && m_inputAffine->second[i] == 0.0;
    if (m_inputAffine && !identity) { // x * a + b = (x - mean) / std: std = 1 / a, mean = -b / a
        for (size_t i = 0; i < m_inputAffine->first.size(); ++i) {
            const double a = m_inputAffine->first[i];
            if (!(a > 0.0))
                throw Error(m_origin, "forward() scales its input by a non-positive factor, "
                                      "which no input normalisation expresses");
            normalization.std.push_back(1.0 / a);
            normalization.mean.push_back(-m_inputAffine->second[i] / a);
        }
    }
}

void Translator::walk(const Block* block) {
    for (const Node* n : block->nodes())
        translate(n);
}

void Translator::translate(const Node* n) {
    std::string op = n->kind().toQualString();
    if (op == "prim::Constant") {
        Sym s;
        auto v = torch::jit::toIValue(n->output());
        if (!v)
            fail(n, "unreadable constant");
        if (v->isNone()) {
            s.kind = Sym::Kind::None;
        } else if (v->isInt()) {
            s.kind = Sym::Kind::Int;
            s.integer.value = v->toInt();
        } else {
            s.kind = Sym::Kind::Constant;
            s.constant = *v;
        }
        set(n->output(), std::move(s));
        return;
    }
    if (structureOp(n, op) || scalarOp(n, op))
        return;
    if (op.size() > 1 && op.back() == '_' && op.compare(op.size() - 2, 2, "__") != 0 &&
        n->inputs().size() > 0 && m_values.count(n->input(0)) &&
        m_values.at(n->input(0)).kind == Sym::Kind::Layer) {
        requireNoLaterUse(n);
        op.pop_back(); // relu_ -> relu, add_ -> add: functional once nothing reads the old value
    }
    if (tensorOp(n, op))
        return;
    unsupported(n);
}

bool Translator::structureOp(const Node* n, const std::string& op) {
    if (op == "prim::ListConstruct") {
        Sym s;
        const auto list = n->output()->type()->cast<c10::ListType>();
        const bool tensorList = list && list->getElementType()->kind() == c10::TypeKind::TensorType;
        if (tensorList) {
            s.kind = Sym::Kind::LayerList;
            for (size_t i = 0; i < n->inputs().size(); ++i)
                s.layers.push_back(layerIn(n, i));
        } else {
            bool allInts = true;
            for (const Value* v : n->inputs())
                allInts = allInts && sym(v, n).kind == Sym::Kind::Int;
            if (allInts) {
                s.kind = Sym::Kind::IntList;
                for (const Value* v : n->inputs())
                    s.ints.push_back(sym(v, n).integer);
            } else {
                c10::impl::GenericList values(c10::AnyType::get());
                for (size_t i = 0; i < n->inputs().size(); ++i)
                    values.push_back(constantIn(n, i));
                s.kind = Sym::Kind::Constant;
                s.constant = c10::IValue(values);
            }
        }
        set(n->output(), std::move(s));
        return true;
    }
    if (op == "prim::TupleConstruct") {
        Sym s;
        s.kind = Sym::Kind::Tuple;
        for (const Value* v : n->inputs())
            s.parts.push_back(sym(v, n));
        set(n->output(), std::move(s));
        return true;
    }
    if (op == "prim::TupleUnpack" || op == "prim::ListUnpack") {
        const Sym& s = sym(n->input(0), n);
        std::vector<Sym> parts;
        if (s.kind == Sym::Kind::Tuple) {
            parts = s.parts;
        } else if (s.kind == Sym::Kind::IntList) {
            for (const auto& x : s.ints) {
                Sym e;
                e.kind = Sym::Kind::Int;
                e.integer = x;
                parts.push_back(e);
            }
        } else if (s.kind == Sym::Kind::LayerList) {
            for (const auto& l : s.layers) {
                Sym e;
                e.kind = Sym::Kind::Layer;
                e.layer = l;
                parts.push_back(e);
            }
        } else {
            fail(n, "unpacks something that is not a list or tuple of known length");
        }
        if (parts.size() != n->outputs().size())
            fail(n, "unpacks " + std::to_string(parts.size()) + " values into " +
                        std::to_string(n->outputs().size()));
        for (size_t i = 0; i < parts.size(); ++i)
            set(n->output(i), parts[i]);
        return true;
    }
    if (op == "prim::If") {
        const bool cond = boolIn(n, 0);
        const Block* taken = n->blocks()[cond ? 0 : 1];
        walk(taken);
        for (size_t i = 0; i < n->outputs().size(); ++i)
            set(n->output(i), sym(taken->outputs()[i], n));
        return true;
    }
    if (op == "prim::RaiseException")
        fail(n, "the model refuses an input of shape (N, " + std::to_string(m_shape[2]) + ", " +
                    std::to_string(m_shape[0]) + ", " + std::to_string(m_shape[1]) +
                    "): it raises an exception for it");
    if (op == "prim::Uninitialized" || op == "aten::format" || op == "prim::device") {
        for (const Value* v : n->outputs())
            set(v, Sym());
        return true;
    }
    if (op == "aten::warn" || op == "prim::Print")
        return true;
    if (op == "prim::unchecked_cast" || op == "aten::Int" || op == "prim::NumToTensor" ||
        op == "aten::ScalarImplicit" || op == "aten::IntImplicit") {
        set(n->output(), sym(n->input(0), n));
        return true;
    }
    if (op == "prim::Loop")
        fail(n, "loops are not supported (export with torch.jit.trace to unroll them)");
    if (op == "prim::CallMethod" || op == "prim::CallFunction" || op == "prim::GetAttr")
        fail(n, "a call or attribute left after freezing and inlining; the module could not be "
                "flattened");
    return false;
}

bool Translator::scalarOp(const Node* n, const std::string& op) {
    auto setInt = [&](int64_t v) {
        Sym s;
        s.kind = Sym::Kind::Int;
        s.integer.value = v;
        set(n->output(), std::move(s));
    };
    auto setConst = [&](c10::IValue v) {
        Sym s;
        s.kind = Sym::Kind::Constant;
        s.constant = std::move(v);
        set(n->output(), std::move(s));
    };
    if (op == "aten::size" && isLayer(n, 0)) {
        const auto sizes = nchw(sym(n->input(0), n).layer); // a shape query reads no values
        if (n->inputs().size() == 1) {
            Sym s;
            s.kind = Sym::Kind::IntList;
            for (size_t i = 0; i < sizes.size(); ++i)
                s.ints.push_back(SymInt{i == 0, sizes[i]});
            set(n->output(), std::move(s));
            return true;
        }
        int64_t d = intIn(n, 1);
        const int64_t rank = static_cast<int64_t>(sizes.size());
        if (d < 0)
            d += rank;
        if (d < 0 || d >= rank)
            fail(n, "dimension out of range");
        Sym s;
        s.kind = Sym::Kind::Int;
        s.integer = SymInt{d == 0, sizes[size_t(d)]};
        set(n->output(), std::move(s));
        return true;
    }
    if (op == "aten::dim" && isLayer(n, 0)) {
        setInt(static_cast<int64_t>(nchw(sym(n->input(0), n).layer).size()));
        return true;
    }
    if (op == "prim::dtype" && isLayer(n, 0)) {
        setInt(static_cast<int64_t>(c10::ScalarType::Float));
        return true;
    }
    if (op == "aten::len") {
        const Sym& s = sym(n->input(0), n);
        if (s.kind == Sym::Kind::IntList)
            setInt(static_cast<int64_t>(s.ints.size()));
        else if (s.kind == Sym::Kind::LayerList)
            setInt(static_cast<int64_t>(s.layers.size()));
        else if (s.kind == Sym::Kind::Constant && s.constant.isList())
            setInt(static_cast<int64_t>(s.constant.toListRef().size()));
        else
            fail(n, "length of something that is not a list");
        return true;
    }
    if (op == "aten::__getitem__") {
        const Sym& s = sym(n->input(0), n);
        int64_t i = intIn(n, 1);
        auto pick = [&](auto size) {
            if (i < 0)
                i += size;
            if (i < 0 || i >= size)
                fail(n, "index out of range");
            return size_t(i);
        };
        Sym out;
        if (s.kind == Sym::Kind::IntList) {
            out.kind = Sym::Kind::Int;
            out.integer = s.ints[pick(int64_t(s.ints.size()))];
        } else if (s.kind == Sym::Kind::LayerList) {
            out.kind = Sym::Kind::Layer;
            out.layer = s.layers[pick(int64_t(s.layers.size()))];
        } else if (s.kind == Sym::Kind::Tuple) {
            out = s.parts[pick(int64_t(s.parts.size()))];
        } else {
            fail(n, "indexes something that is not a list of known length");
        }
        set(n->output(), std::move(out));
        return true;
    }
    if (op == "aten::__is__" || op == "aten::__isnot__") {
        const bool none0 = isNoneIn(n, 0);
        const bool none1 = isNoneIn(n, 1);
        if (!none0 && !none1)
            fail(n, "identity comparison of two values");
        const bool same = none0 && none1;
        setConst(c10::IValue(op == "aten::__is__" ? same : !same));
        return true;
    }
    if (op == "aten::__not__") {
        setConst(c10::IValue(!boolIn(n, 0)));
        return true;
    }
    if (op == "aten::__and__" || op == "aten::__or__") {
        // Only booleans here: a tensor & or | is not an op the importer supports.
        if (isLayer(n, 0))
            return false;
        const bool a = boolIn(n, 0);
        const bool b = boolIn(n, 1);
        setConst(c10::IValue(op == "aten::__and__" ? (a && b) : (a || b)));
        return true;
    }
    static const std::set<std::string> kCompare = {"aten::eq", "aten::ne", "aten::lt",
                                                   "aten::gt", "aten::le", "aten::ge"};
    static const std::set<std::string> kArith = {"aten::add",      "aten::sub", "aten::mul",
                                                 "aten::floordiv", "aten::div", "aten::neg",
                                                 "aten::remainder"};
    const bool scalarArgs = n->inputs().size() >= 1 && !isLayer(n, 0) &&
                            (n->inputs().size() < 2 || !isLayer(n, 1)) &&
                            n->output()->type()->kind() != c10::TypeKind::TensorType;
    if (!scalarArgs || (!kCompare.count(op) && !kArith.count(op)))
        return false;
    const Sym& a = sym(n->input(0), n);
    const bool ints = a.kind == Sym::Kind::Int &&
                      (n->inputs().size() < 2 || sym(n->input(1), n).kind == Sym::Kind::Int);
    if (kCompare.count(op)) {
        if (ints) {
            const int64_t x = intIn(n, 0);
            const int64_t y = intIn(n, 1);
            const bool r = op == "aten::eq"   ? x == y
                           : op == "aten::ne" ? x != y
                           : op == "aten::lt" ? x < y
                           : op == "aten::gt" ? x > y
                           : op == "aten::le" ? x <= y
                                              : x >= y;
            setConst(c10::IValue(r));
        } else {
            const double x = numberIn(n, 0);
            const double y = numberIn(n, 1);
            const bool r = op == "aten::eq"   ? x == y
                           : op == "aten::ne" ? x != y
                           : op == "aten::lt" ? x < y
                           : op == "aten::gt" ? x > y
                           : op == "aten::le" ? x <= y
                                              : x >= y;
            setConst(c10::IValue(r));
        }
        return true;
    }
    if (op == "aten::neg") {
        if (ints)
            setInt(-intIn(n, 0));
        else
            setConst(c10::IValue(-numberIn(n, 0)));
        return true;
    }
    if (ints && op != "aten::div") {
        const int64_t x = intIn(n, 0);
        const int64_t y = intIn(n, 1);
        int64_t r = 0;
        bool overflow = false;
        if (op == "aten::add")
            overflow = __builtin_add_overflow(x, y, &r);
        else if (op == "aten::sub")
            overflow = __builtin_sub_overflow(x, y, &r);
        else if (op == "aten::mul")
            overflow = __builtin_mul_overflow(x, y, &r);
        else if (y == 0)
            fail(n, "integer division by zero");
        else if (op == "aten::floordiv")
            r = x / y - ((x % y != 0) && ((x < 0) != (y < 0)) ? 1 : 0);
        else
            r = x % y + ((x % y != 0) && ((x < 0) != (y < 0)) ? y : 0);
        if (overflow)
            fail(n, "integer overflow");
        setInt(r);
        return true;
    }
    const double x = numberIn(n, 0);
    const double y = numberIn(n, 1);
    double r = op == "aten::add"   ? x + y
               : op == "aten::sub" ? x - y
               : op == "aten::mul" ? x * y
                                   : (y == 0.0 ? NAN : x / y);
    if (op == "aten::floordiv")
        r = std::floor(x / y);
    if (op == "aten::remainder")
        r = x - std::floor(x / y) * y;
    if (!std::isfinite(r))
        fail(n, "arithmetic gives a non-finite value");
    setConst(c10::IValue(r));
    return true;
}

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

/// The frozen, inlined forward graph of a TorchScript module read from `in`.
std::shared_ptr<Graph> frozenGraph(std::istream& in, const std::string& origin,
                                   std::string* typeName) {
    torch::jit::Module module;
    try {
        module = torch::jit::load(in, torch::kCPU);
    } catch (const c10::Error& e) {
        std::string what = e.what_without_backtrace();
        what = what.substr(0, what.find('\n'));
        if (what.find("constants.pkl") != std::string::npos ||
            what.find("PytorchStreamReader") != std::string::npos)
            throw Error(origin,
                        "not a TorchScript file (" + what +
                            "). A torch.save() checkpoint or state_dict holds weights but no "
                            "graph; export the model with torch.jit.trace(model.eval(), "
                            "example).save(\"model.pt\")");
        throw Error(origin, "cannot load the TorchScript module: " + what);
    }
    try {
        *typeName = module.type()->name() ? module.type()->name()->name() : std::string("model");
        if (!module.find_method("forward"))
            throw Error(origin, "the TorchScript module has no forward() method");
        module.eval();
        torch::jit::Module frozen = torch::jit::freeze_module(module);
        auto graph = frozen.get_method("forward").graph()->copy();
        torch::jit::Inline(*graph);
        torch::jit::RemoveTensorMutation(graph);
        torch::jit::EliminateDeadCode(graph);
        return graph;
    } catch (const c10::Error& e) {
        std::string what = e.what_without_backtrace();
        throw Error(origin, "cannot freeze the TorchScript module (" +
                                what.substr(0, what.find('\n')) + ")");
    }
}

/// Channels of the image the graph reads: from the first convolution's weight.
int inferChannels(const Graph& graph) {
    for (const Node* n : graph.nodes()) {
        const std::string op = n->kind().toQualString();
        if (op != "aten::_convolution" && op != "aten::conv2d" && op != "aten::_convolution_mode")
            continue;
        auto w = torch::jit::toIValue(n->input(1));
        const size_t groupsAt = op == "aten::_convolution" ? 8 : 6;
        auto g =
            n->inputs().size() > groupsAt ? torch::jit::toIValue(n->input(groupsAt)) : c10::nullopt;
        if (w && w->isTensor() && w->toTensor().dim() == 4 && g && g->isInt() && g->toInt() > 0)
            return static_cast<int>(std::min<int64_t>(w->toTensor().size(1) * g->toInt(), 65536));
        return 0;
    }
    return 0;
}

LoadedModel buildLoaded(const Translator& t, const std::string& origin,
                        const std::string& typeName) {
    Model model(t.spec);
    for (const auto& [layer, tensors] : t.tensors)
        model.setLayerTensors(layer, tensors);
    model.setInputNormalization(t.normalization);
    for (const auto& [layer, mask] : t.masks)
        model.setChannelMask(layer, mask);
    LoadedModel out{
        std::move(model), ModelFormat::TorchScript, origin, typeName, {}, {}, {}, false};
    for (const auto& layer : out.model.weightedLayers()) {
        out.layerNames.push_back(layer);
        auto& names = out.weightNames[layer];
        for (const auto& w : out.model.weightNames(layer))
            names.push_back(layer + "/" + w);
    }
    return out;
}

LoadedModel loadFromStream(std::istream& in, const std::string& origin,
                           const TorchScriptOptions& options) {
    std::string typeName;
    const auto graph = frozenGraph(in, origin, &typeName);
    auto shape = options.inputShape;
    if (shape != std::array<int, 3>{0, 0, 0}) {
        for (int d : shape)
            if (d <= 0 || d > 65536)
                throw Error(origin, "the input shape must be three positive sizes H,W,C");
        Translator t(origin, *graph, shape);
        t.run();
        return buildLoaded(t, origin, typeName);
    }
    const int channels = inferChannels(*graph);
    if (channels <= 0)
        throw Error(origin, "cannot infer the input shape (no convolution reads the image); give "
                            "it with --input-shape H,W,C (the desktop app: the Open dialog's "
                            "Input shape)");
    // Square sizes the graph accepts. A Linear layer after a flatten pins them to a short run
    // (32 and 33 both pool down to 8 x 8): the smallest of the run is the size the model was
    // made for. A graph that takes every size up to 512 (adaptive pooling) pins nothing.
    constexpr int kLargest = 512;
    std::vector<int> fits;
    std::string lastProblem;
    std::optional<Translator> found;
    for (int side = 1; side <= kLargest; ++side) {
        Translator t(origin, *graph, {side, side, channels});
        try {
            t.run();
        } catch (const Error& e) {
            lastProblem = e.problem();
            if (!fits.empty())
                break; // the run of fitting sizes has ended
            continue;
        }
        fits.push_back(side);
        if (fits.size() == 1)
            found.emplace(std::move(t));
    }
    if (!fits.empty() && fits.back() < kLargest)
        return buildLoaded(*found, origin, typeName);
    if (fits.empty())
        throw Error(origin, "cannot infer the input shape: no square image of " +
                                std::to_string(channels) + " channels up to " +
                                std::to_string(kLargest) + " x " + std::to_string(kLargest) +
                                " fits the graph (last problem: " + lastProblem +
                                "); give it with --input-shape H,W," + std::to_string(channels) +
                                " (the desktop app: the Open dialog's Input shape)");
    throw Error(origin, "cannot infer the input shape: the graph accepts any size from " +
                            std::to_string(fits[0]) + " x " + std::to_string(fits[0]) +
                            " up (it pools adaptively); give it with --input-shape H,W," +
                            std::to_string(channels) +
                            " (the desktop app: the Open dialog's Input shape)");
}

} // namespace

LoadedModel loadTorchScriptModel(const std::string& path, const TorchScriptOptions& options) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path, "cannot open the file");
    return loadFromStream(in, path, options);
}

LoadedModel loadTorchScriptModelFromBytes(const std::string& bytes, const std::string& name,
                                          const TorchScriptOptions& options) {
    std::istringstream in(bytes);
    return loadFromStream(in, name, options);
}

bool isZipFile(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        return false;
    std::ifstream in(path, std::ios::binary);
    char magic[4] = {};
    return in.read(magic, 4) && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 &&
           magic[3] == 4;
}

const char* torchScriptSupportedOps() { return kSupportedOps; }

} // namespace bdl::core
