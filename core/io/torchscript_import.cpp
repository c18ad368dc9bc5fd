// TorchScript import: load, freeze and inline the module's forward, then translate its graph into
// a ModelSpec with internal-layout tensors (torchscript_translator.h); the graph is interpreted
// symbolically and nothing of the model is executed. This file: loading, input-shape inference and
// the public entry points.
#include "core/io/torchscript_import.h"

#include "core/base/errors.h"
#include "core/io/torchscript_translator.h"

#include <torch/csrc/jit/ir/constants.h>
#include <torch/csrc/jit/passes/dead_code_elimination.h>
#include <torch/csrc/jit/passes/freeze_module.h>
#include <torch/csrc/jit/passes/inliner.h>
#include <torch/csrc/jit/passes/remove_mutation.h>
#include <torch/csrc/jit/serialization/import.h>
#include <torch/script.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

namespace bdl::core {

namespace {

using torchscript_detail::Graph;
using torchscript_detail::Node;
using torchscript_detail::Translator;

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

/// The frozen, inlined forward graph of a TorchScript module read from `in`.
std::shared_ptr<Graph> frozenGraph(std::istream& in, const std::string& origin,
                                   std::string* typeName) {
    torch::jit::Module module;
    try {
        module = torch::jit::load(in, torch::kCPU);
    } catch (const c10::Error& e) {
        std::string what = e.what_without_backtrace();
        what = what.substr(0, what.find('\n'));
        if (what.find("zip archive") != std::string::npos)
            throw Error(origin, "not a readable TorchScript file: the zip archive is truncated or "
                                "damaged (" +
                                    what + ")");
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
