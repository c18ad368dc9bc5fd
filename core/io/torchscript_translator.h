#pragma once
// Private to core/io/torchscript_*.cpp: the symbolic translation of a frozen, inlined TorchScript
// graph into a ModelSpec (see torchscript_import.h). torchscript_translator.cpp holds the
// translation's frame (values, arguments, layer naming, structure ops), torchscript_scalar_ops.cpp
// the integer and boolean logic on shapes, torchscript_layer_ops.cpp the tensor ops that become
// layers, and torchscript_import.cpp loading, freezing and input-shape inference.
#include "core/base/errors.h"
#include "core/io/torchscript_import.h"
#include "core/nn/layer_exec.h"

#include <torch/csrc/jit/ir/ir.h>

#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace bdl::core::torchscript_detail {

using torch::jit::Block;
using torch::jit::Graph;
using torch::jit::Node;
using torch::jit::Value;

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

/// "file:line" of the Python source a node came from, or empty.
std::string nodeLocation(const Node* n);

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

} // namespace bdl::core::torchscript_detail
