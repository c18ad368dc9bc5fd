// The TorchScript translation's frame: graph values and their symbols, argument accessors, layer
// naming and shapes, the walk over the graph, lists, tuples and control flow on shapes.
#include "core/io/torchscript_translator.h"

#include "core/base/errors.h"

#include <torch/csrc/jit/ir/constants.h>
#include <torch/csrc/jit/ir/ir.h>

#include <algorithm>
#include <cmath>

namespace bdl::core::torchscript_detail {

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
namespace {

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

} // namespace

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

} // namespace bdl::core::torchscript_detail
