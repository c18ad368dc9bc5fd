// The import format's checked JSON accessors, the ModelSpec <-> JSON mapping of its header, and
// the allocation bound of a decoded graph (see import_format.h and import_format_internal.h).
#include "core/base/errors.h"
#include "core/io/import_format_internal.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace bdl::core::import_detail {

// ---- HeaderReader ------------------------------------------------------------------------------

void HeaderReader::fail(const std::string& path, const std::string& problem) const {
    throw Error(m_origin, "import header: " + (path.empty() ? problem : path + ": " + problem));
}

std::string HeaderReader::child(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
}

std::string HeaderReader::item(const std::string& path, size_t i) {
    return path + "[" + std::to_string(i) + "]";
}

const json& HeaderReader::member(const json& obj, const std::string& path, const char* key) const {
    const json& o = object(obj, path);
    auto it = o.find(key);
    if (it == o.end())
        fail(child(path, key), "missing");
    return *it;
}

const json& HeaderReader::object(const json& v, const std::string& path) const {
    if (!v.is_object())
        fail(path, "expected an object");
    return v;
}

const json& HeaderReader::array(const json& v, const std::string& path) const {
    if (!v.is_array())
        fail(path, "expected an array");
    return v;
}

std::string HeaderReader::string(const json& v, const std::string& path) const {
    if (!v.is_string())
        fail(path, "expected a string");
    return v.get_ref<const std::string&>();
}

bool HeaderReader::boolean(const json& v, const std::string& path) const {
    if (!v.is_boolean())
        fail(path, "expected true or false");
    return v.get<bool>();
}

int64_t HeaderReader::integer(const json& v, const std::string& path, int64_t lo,
                              int64_t hi) const {
    if (!v.is_number_integer())
        fail(path, "expected an integer");
    // A number_unsigned above INT64_MAX is out of every range this format uses.
    if (v.is_number_unsigned() &&
        v.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
        fail(path, "integer " + v.dump() + " out of range " + std::to_string(lo) + ".." +
                       std::to_string(hi));
    const int64_t x = v.get<int64_t>();
    if (x < lo || x > hi)
        fail(path, "integer " + std::to_string(x) + " out of range " + std::to_string(lo) + ".." +
                       std::to_string(hi));
    return x;
}

double HeaderReader::number(const json& v, const std::string& path) const {
    if (!v.is_number())
        fail(path, "expected a number");
    const double x = v.get<double>();
    if (!std::isfinite(x))
        fail(path, "expected a finite number");
    return x;
}

std::vector<int64_t> HeaderReader::integers(const json& v, const std::string& path, size_t n,
                                            int64_t lo, int64_t hi) const {
    const json& a = array(v, path);
    if (a.size() != n)
        fail(path, "expected " + std::to_string(n) + " integers, got " + std::to_string(a.size()));
    std::vector<int64_t> out;
    for (size_t i = 0; i < n; ++i)
        out.push_back(integer(a[i], item(path, i), lo, hi));
    return out;
}

// ---- ModelSpec -> JSON -------------------------------------------------------------------------

namespace {

constexpr LayerKind kAllKinds[] = {
    LayerKind::Input,
    LayerKind::Conv2D,
    LayerKind::MaxPooling2D,
    LayerKind::AveragePooling2D,
    LayerKind::Dense,
    LayerKind::Flatten,
    LayerKind::Dropout,
    LayerKind::Add,
    LayerKind::Concatenate,
    LayerKind::Activation,
    LayerKind::ReLU,
    LayerKind::BatchNormalization,
    LayerKind::DepthwiseConv2D,
    LayerKind::SeparableConv2D,
    LayerKind::ZeroPadding2D,
    LayerKind::GlobalAveragePooling2D,
    LayerKind::GlobalMaxPooling2D,
    LayerKind::AdaptiveAveragePooling2D,
    LayerKind::Rescaling,
    LayerKind::Clip,
    LayerKind::Multiply,
};

template <size_t N>
json intArray(const std::array<int, N>& a) {
    json out = json::array();
    for (int x : a)
        out.push_back(x);
    return out;
}

json layerToJson(const LayerSpec& l) {
    json j = json::object();
    j["name"] = l.name;
    j["kind"] = layerKindName(l.kind);
    j["inputs"] = l.inputs;
    j["inputShape"] = intArray(l.inputShape);
    j["filters"] = l.filters;
    j["kernel"] = intArray(l.kernel);
    j["strides"] = intArray(l.strides);
    j["samePadding"] = l.samePadding;
    j["units"] = l.units;
    j["useBias"] = l.useBias;
    j["activation"] = activationName(l.activation);
    j["poolSize"] = intArray(l.poolSize);
    j["rate"] = l.rate;
    j["axis"] = l.axis;
    // JSON has no infinity: null stands for "no maximum".
    j["reluMaxValue"] =
        std::isinf(l.reluMaxValue) && l.reluMaxValue > 0 ? json(nullptr) : json(l.reluMaxValue);
    j["reluNegativeSlope"] = l.reluNegativeSlope;
    j["reluThreshold"] = l.reluThreshold;
    j["epsilon"] = l.epsilon;
    j["momentum"] = l.momentum;
    j["bnCenter"] = l.bnCenter;
    j["bnScale"] = l.bnScale;
    j["padding"] = intArray(l.padding);
    j["dilation"] = intArray(l.dilation);
    j["groups"] = l.groups;
    j["depthMultiplier"] = l.depthMultiplier;
    j["ceilMode"] = l.ceilMode;
    j["countIncludePad"] = l.countIncludePad;
    j["outputSize"] = intArray(l.outputSize);
    j["keepDims"] = l.keepDims;
    j["channelsFirst"] = l.channelsFirst;
    j["scale"] = l.scale;
    j["offset"] = l.offset;
    j["clipMin"] = l.clipMin;
    j["clipMax"] = l.clipMax;
    return j;
}

template <size_t N>
std::array<int, N> intArrayFrom(const HeaderReader& r, const json& obj, const std::string& path,
                                const char* key, int64_t lo) {
    const auto v =
        r.integers(r.member(obj, path, key), HeaderReader::child(path, key), N, lo, kMaxSpecSize);
    std::array<int, N> out{};
    for (size_t i = 0; i < N; ++i)
        out[i] = static_cast<int>(v[i]);
    return out;
}

LayerSpec layerFromJson(const HeaderReader& r, const json& v, const std::string& path) {
    using H = HeaderReader;
    r.object(v, path);
    auto m = [&](const char* key) -> const json& { return r.member(v, path, key); };
    auto p = [&](const char* key) { return H::child(path, key); };
    auto size = [&](const char* key, int64_t lo) {
        return static_cast<int>(r.integer(m(key), p(key), lo, kMaxSpecSize));
    };
    auto number = [&](const char* key) { return r.number(m(key), p(key)); };

    LayerSpec l;
    l.name = r.string(m("name"), p("name"));
    const std::string kind = r.string(m("kind"), p("kind"));
    bool known = false;
    for (LayerKind k : kAllKinds) {
        if (kind == layerKindName(k)) {
            l.kind = k;
            known = true;
        }
    }
    if (!known)
        r.fail(p("kind"), "unknown layer kind '" + kind + "'");
    const json& inputs = r.array(m("inputs"), p("inputs"));
    for (size_t i = 0; i < inputs.size(); ++i)
        l.inputs.push_back(r.string(inputs[i], H::item(p("inputs"), i)));
    l.inputShape = intArrayFrom<3>(r, v, path, "inputShape", 0);
    l.filters = size("filters", 0);
    l.kernel = intArrayFrom<2>(r, v, path, "kernel", 1);
    l.strides = intArrayFrom<2>(r, v, path, "strides", 1);
    l.samePadding = r.boolean(m("samePadding"), p("samePadding"));
    l.units = size("units", 0);
    l.useBias = r.boolean(m("useBias"), p("useBias"));
    const std::string act = r.string(m("activation"), p("activation"));
    if (!parseActivation(act, &l.activation))
        r.fail(p("activation"), "unknown activation '" + act + "'");
    l.poolSize = intArrayFrom<2>(r, v, path, "poolSize", 1);
    l.rate = number("rate");
    if (l.rate < 0.0 || l.rate >= 1.0)
        r.fail(p("rate"), "must be in [0, 1)");
    l.axis = static_cast<int>(r.integer(m("axis"), p("axis"), -8, 8));
    if (m("reluMaxValue").is_null()) {
        l.reluMaxValue = std::numeric_limits<double>::infinity();
    } else {
        l.reluMaxValue = number("reluMaxValue");
        if (l.reluMaxValue < 0.0)
            r.fail(p("reluMaxValue"), "must not be negative");
    }
    l.reluNegativeSlope = number("reluNegativeSlope");
    l.reluThreshold = number("reluThreshold");
    l.epsilon = number("epsilon");
    if (l.epsilon <= 0.0)
        r.fail(p("epsilon"), "must be positive");
    l.momentum = number("momentum");
    l.bnCenter = r.boolean(m("bnCenter"), p("bnCenter"));
    l.bnScale = r.boolean(m("bnScale"), p("bnScale"));
    l.padding = intArrayFrom<4>(r, v, path, "padding", 0);
    l.dilation = intArrayFrom<2>(r, v, path, "dilation", 1);
    l.groups = size("groups", 1);
    l.depthMultiplier = size("depthMultiplier", 1);
    l.ceilMode = r.boolean(m("ceilMode"), p("ceilMode"));
    l.countIncludePad = r.boolean(m("countIncludePad"), p("countIncludePad"));
    l.outputSize = intArrayFrom<2>(r, v, path, "outputSize", 1);
    l.keepDims = r.boolean(m("keepDims"), p("keepDims"));
    l.channelsFirst = r.boolean(m("channelsFirst"), p("channelsFirst"));
    l.scale = number("scale");
    l.offset = number("offset");
    l.clipMin = number("clipMin");
    l.clipMax = number("clipMax");
    return l;
}

} // namespace

json specToJson(const ModelSpec& spec) {
    json layers = json::array();
    for (const auto& l : spec.layers)
        layers.push_back(layerToJson(l));
    return json{{"name", spec.name}, {"output", spec.output}, {"layers", std::move(layers)}};
}

ModelSpec specFromJson(const HeaderReader& r, const json& v, const std::string& path,
                       int64_t maxLayers) {
    ModelSpec spec;
    spec.name = r.string(r.member(v, path, "name"), HeaderReader::child(path, "name"));
    spec.output = r.string(r.member(v, path, "output"), HeaderReader::child(path, "output"));
    const std::string lp = HeaderReader::child(path, "layers");
    const json& layers = r.array(r.member(v, path, "layers"), lp);
    if (static_cast<int64_t>(layers.size()) > maxLayers)
        r.fail(lp, std::to_string(layers.size()) + " layers exceed the budget of " +
                       std::to_string(maxLayers));
    spec.layers.reserve(layers.size());
    for (size_t i = 0; i < layers.size(); ++i)
        spec.layers.push_back(layerFromJson(r, layers[i], HeaderReader::item(lp, i)));
    return spec;
}

// ---- allocation bound --------------------------------------------------------------------------

namespace {

/// Follows Model(spec): the shapes come from inferLayerShape() (model_spec.h), the weights from
/// kerasWeightShapes(); it stops quietly where Model(spec) would refuse the layer (its own error
/// names the problem) and refuses weights over the budget before anything is allocated.
class AllocationBound {
public:
    AllocationBound(const ModelSpec& spec, const ImportBudget& budget, std::string origin)
        : m_spec(spec), m_budget(budget), m_origin(std::move(origin)) {}

    void run() {
        bool haveInput = false;
        for (const auto& l : m_spec.layers) {
            if (l.name.empty() || m_shapes.count(l.name))
                return;
            std::vector<const std::vector<int64_t>*> in;
            for (const auto& name : l.inputs) {
                auto it = m_shapes.find(name);
                if (it == m_shapes.end())
                    return;
                in.push_back(&it->second);
            }
            if (l.kind == LayerKind::Input) {
                if (haveInput)
                    return;
                haveInput = true;
            } else if (l.inputs.empty()) {
                return;
            }
            std::vector<int64_t> out;
            try {
                out = inferLayerShape(m_spec, l, in);
            } catch (const Error&) {
                return; // Model(spec) refuses it with the same message
            }
            if (!in.empty())
                for (const auto& shape : kerasWeightShapes(l, *in[0]))
                    weight(l, count(l, shape));
            m_shapes.emplace(l.name, std::move(out));
        }
    }

private:
    [[noreturn]] void refuse(const LayerSpec& l, const std::string& what) const {
        throw Error(m_origin, "import header: layer '" + l.name + "' (" + layerKindName(l.kind) +
                                  "): " + what);
    }

    int64_t count(const LayerSpec& l, const std::vector<int64_t>& shape) const {
        int64_t n = 1;
        for (int64_t d : shape)
            if (d < 0 || __builtin_mul_overflow(n, d, &n))
                refuse(l, "sizes overflow");
        return n;
    }

    /// Counts one weight tensor of `elements` float32 values against the budget.
    void weight(const LayerSpec& l, int64_t elements) {
        int64_t bytes = 0;
        if (__builtin_mul_overflow(elements, int64_t(sizeof(float)), &bytes))
            refuse(l, "sizes overflow");
        if (bytes > m_budget.maxTensorBytes)
            refuse(l, "a weight of " + std::to_string(bytes) + " bytes exceeds the budget of " +
                          std::to_string(m_budget.maxTensorBytes) + " bytes per tensor");
        if (__builtin_add_overflow(m_total, bytes, &m_total) || m_total > m_budget.maxTotalBytes)
            refuse(l, "the model's weights exceed the budget of " +
                          std::to_string(m_budget.maxTotalBytes) + " bytes");
    }

    const ModelSpec& m_spec;
    const ImportBudget& m_budget;
    std::string m_origin;
    std::map<std::string, std::vector<int64_t>> m_shapes;
    int64_t m_total = 0;
};

} // namespace

void checkModelAllocation(const ModelSpec& spec, const ImportBudget& budget,
                          const std::string& origin) {
    AllocationBound(spec, budget, origin).run();
}

int bracketDepth(const std::string& text, int limit) {
    int depth = 0, deepest = 0;
    bool inString = false, escaped = false;
    for (char c : text) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            deepest = std::max(deepest, ++depth);
            if (deepest > limit)
                return deepest;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return deepest;
}

} // namespace bdl::core::import_detail
