#include "core/io/keras_config.h"

#include "core/base/errors.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <map>
#include <set>

namespace bdl::core {

namespace {

using nlohmann::json;

/// Sizes (filters, kernel, units, input extents) above this are refused as absurd before they
/// can overflow an int.
constexpr int64_t kMaxSize = int64_t(1) << 24;

/// One layer entry of the config, with the context needed for error messages.
struct LayerEntry {
    std::string name;
    std::string cls;
    const json* config = nullptr;
    const json* raw = nullptr;
};

class ConfigParser {
public:
    explicit ConfigParser(std::string source) : m_source(std::move(source)) {}

    ModelSpec parse(const json& root);

private:
    [[noreturn]] void fail(const std::string& what) const { throw Error(m_source, what); }
    [[noreturn]] void fail(const LayerEntry& e, const std::string& what) const {
        throw Error(m_source, "layer '" + e.name + "' (" + e.cls + "): " + what);
    }

    LayerEntry entry(const json& layer) const;
    LayerSpec parseLayer(const LayerEntry& e) const;
    void parseInput(const LayerEntry& e, LayerSpec& l, const json& shape) const;
    void parseConv(const LayerEntry& e, LayerSpec& l) const;
    void parsePool(const LayerEntry& e, LayerSpec& l) const;
    void parseBatchNorm(const LayerEntry& e, LayerSpec& l) const;
    void parseRelu(const LayerEntry& e, LayerSpec& l) const;
    void parseZeroPadding(const LayerEntry& e, LayerSpec& l) const;
    int nonNegativeInt(const LayerEntry& e, const json& v, const char* key) const;
    ActivationKind activation(const LayerEntry& e, const char* key) const;
    int positiveInt(const LayerEntry& e, const json& v, const char* key) const;
    std::array<int, 2> pair(const LayerEntry& e, const char* key, std::array<int, 2> dflt) const;
    double number(const LayerEntry& e, const char* key, double dflt) const;
    bool boolean(const LayerEntry& e, const char* key, bool dflt) const;
    void requireChannelsLast(const LayerEntry& e) const;
    bool padding(const LayerEntry& e) const;

    ModelSpec parseSequential(const json& config);
    ModelSpec parseFunctional(const json& config);
    std::vector<std::string> inboundOf(const LayerEntry& e) const;
    std::string singleEndpoint(const json& list, const char* what) const;
    void sortTopologically(ModelSpec& spec) const;

    std::string m_source;
};

LayerEntry ConfigParser::entry(const json& layer) const {
    if (!layer.is_object())
        fail("malformed model_config: a layer entry is not an object");
    LayerEntry e;
    e.raw = &layer;
    auto cls = layer.find("class_name");
    if (cls == layer.end() || !cls->is_string())
        fail("malformed model_config: a layer has no class_name");
    e.cls = cls->get<std::string>();
    auto cfg = layer.find("config");
    if (cfg == layer.end() || !cfg->is_object())
        fail("malformed model_config: layer of class " + e.cls + " has no config object");
    e.config = &*cfg;
    auto name = cfg->find("name");
    if (name == cfg->end() || !name->is_string()) {
        name = layer.find("name");
        if (name == layer.end() || !name->is_string())
            fail("malformed model_config: a layer of class " + e.cls + " has no name");
    }
    e.name = name->get<std::string>();
    if (e.name.empty())
        fail("malformed model_config: a layer of class " + e.cls + " has an empty name");
    return e;
}

int ConfigParser::positiveInt(const LayerEntry& e, const json& v, const char* key) const {
    double d = 0.0;
    if (v.is_number_integer() || v.is_number_unsigned())
        d = double(v.get<int64_t>());
    else if (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>())
        d = v.get<double>();
    else
        fail(e, std::string("'") + key + "' is not an integer");
    if (d <= 0 || d > double(kMaxSize))
        fail(e, std::string("'") + key + "' out of range (" + v.dump() + ")");
    return int(d);
}

std::array<int, 2> ConfigParser::pair(const LayerEntry& e, const char* key,
                                      std::array<int, 2> dflt) const {
    auto it = e.config->find(key);
    if (it == e.config->end() || it->is_null())
        return dflt;
    if (it->is_number())
        return {positiveInt(e, *it, key), positiveInt(e, *it, key)};
    if (!it->is_array() || it->size() != 2)
        fail(e, std::string("'") + key + "' must be an integer or a pair of integers");
    return {positiveInt(e, (*it)[0], key), positiveInt(e, (*it)[1], key)};
}

double ConfigParser::number(const LayerEntry& e, const char* key, double dflt) const {
    auto it = e.config->find(key);
    if (it == e.config->end() || it->is_null())
        return dflt;
    if (!it->is_number())
        fail(e, std::string("'") + key + "' is not a number");
    double v = it->get<double>();
    if (!std::isfinite(v))
        fail(e, std::string("'") + key + "' is not finite");
    return v;
}

bool ConfigParser::boolean(const LayerEntry& e, const char* key, bool dflt) const {
    auto it = e.config->find(key);
    if (it == e.config->end() || it->is_null())
        return dflt;
    if (!it->is_boolean())
        fail(e, std::string("'") + key + "' is not a boolean");
    return it->get<bool>();
}

void ConfigParser::requireChannelsLast(const LayerEntry& e) const {
    auto it = e.config->find("data_format");
    if (it == e.config->end() || it->is_null())
        return;
    if (!it->is_string() || it->get<std::string>() != "channels_last")
        fail(e, "unsupported data_format " + it->dump() + " (only channels_last)");
}

bool ConfigParser::padding(const LayerEntry& e) const {
    auto it = e.config->find("padding");
    if (it == e.config->end() || it->is_null())
        return false;
    const std::string p = it->is_string() ? it->get<std::string>() : it->dump();
    if (p == "valid")
        return false;
    if (p == "same")
        return true;
    fail(e, "unsupported padding '" + p + "' (only valid or same)");
}

ActivationKind ConfigParser::activation(const LayerEntry& e, const char* key) const {
    auto it = e.config->find(key);
    if (it == e.config->end() || it->is_null())
        return ActivationKind::Linear;
    if (!it->is_string())
        fail(e, "unsupported activation " + it->dump() + " (only a plain name)");
    ActivationKind a;
    if (!parseActivation(it->get<std::string>(), &a))
        fail(e, "unsupported activation '" + it->get<std::string>() +
                    "' (supported: " + supportedActivationNames() + ")");
    return a;
}

void ConfigParser::parseInput(const LayerEntry& e, LayerSpec& l, const json& shape) const {
    if (!shape.is_array() || shape.size() != 4)
        fail(e, "unsupported input shape " + shape.dump() + " (need [null, H, W, C])");
    for (int i = 0; i < 3; ++i)
        l.inputShape[size_t(i)] = positiveInt(e, shape[size_t(i) + 1], "batch_input_shape");
    if (boolean(e, "sparse", false) || boolean(e, "ragged", false))
        fail(e, "sparse or ragged inputs are not supported");
}

void ConfigParser::parseConv(const LayerEntry& e, LayerSpec& l) const {
    requireChannelsLast(e);
    if (l.kind != LayerKind::DepthwiseConv2D) {
        auto filters = e.config->find("filters");
        if (filters == e.config->end())
            fail(e, "missing 'filters'");
        l.filters = positiveInt(e, *filters, "filters");
    }
    if (l.kind != LayerKind::Conv2D) {
        auto mult = e.config->find("depth_multiplier");
        if (mult != e.config->end() && !mult->is_null())
            l.depthMultiplier = positiveInt(e, *mult, "depth_multiplier");
    }
    if (e.config->find("kernel_size") == e.config->end())
        fail(e, "missing 'kernel_size'");
    l.kernel = pair(e, "kernel_size", {1, 1});
    l.strides = pair(e, "strides", {1, 1});
    l.samePadding = padding(e);
    l.dilation = pair(e, "dilation_rate", {1, 1});
    if (l.dilation != std::array<int, 2>{1, 1} && l.strides != std::array<int, 2>{1, 1})
        fail(e, "dilation_rate and strides both above 1 (Keras refuses this too)");
    auto groups = e.config->find("groups");
    if (groups != e.config->end() && !groups->is_null())
        l.groups = positiveInt(e, *groups, "groups");
    l.activation = activation(e, "activation");
    l.useBias = boolean(e, "use_bias", true);
}

void ConfigParser::parsePool(const LayerEntry& e, LayerSpec& l) const {
    requireChannelsLast(e);
    l.poolSize = pair(e, "pool_size", {2, 2});
    l.strides = pair(e, "strides", l.poolSize); // null strides mean "the pool size"
    l.samePadding = padding(e);
}

void ConfigParser::parseBatchNorm(const LayerEntry& e, LayerSpec& l) const {
    auto it = e.config->find("axis");
    int axis = -1;
    if (it != e.config->end() && !it->is_null()) {
        const json* a = &*it;
        if (a->is_array()) {
            if (a->size() != 1)
                fail(e, "unsupported axis " + a->dump() + " (only the channel axis)");
            a = &(*a)[0];
        }
        if (!a->is_number_integer())
            fail(e, "axis is not an integer");
        axis = a->get<int>();
    }
    // Which axis is the last depends on the input's rank: the model checks it (3 for images,
    // 1 for the features of a Dense output, -1 for either).
    if (axis < -1 || axis > 3 || axis == 0)
        fail(e, "unsupported axis " + std::to_string(axis) +
                    " (only the last axis: -1, 3 for images, 1 for flat features)");
    l.axis = axis;
    if (boolean(e, "renorm", false))
        fail(e, "batch renormalization is not supported");
    auto vbs = e.config->find("virtual_batch_size");
    if (vbs != e.config->end() && !vbs->is_null())
        fail(e, "virtual_batch_size is not supported");
    l.epsilon = number(e, "epsilon", 1e-3);
    if (l.epsilon <= 0.0)
        fail(e, "epsilon must be positive");
    l.momentum = number(e, "momentum", 0.99);
    l.bnCenter = boolean(e, "center", true);
    l.bnScale = boolean(e, "scale", true);
}

void ConfigParser::parseRelu(const LayerEntry& e, LayerSpec& l) const {
    l.reluMaxValue = number(e, "max_value", std::numeric_limits<double>::infinity());
    if (l.reluMaxValue < 0.0)
        fail(e, "max_value must not be negative");
    l.reluNegativeSlope = number(e, "negative_slope", 0.0);
    l.reluThreshold = number(e, "threshold", 0.0);
}

int ConfigParser::nonNegativeInt(const LayerEntry& e, const json& v, const char* key) const {
    if (v.is_number_integer() && v.get<int64_t>() == 0)
        return 0;
    return positiveInt(e, v, key);
}

void ConfigParser::parseZeroPadding(const LayerEntry& e, LayerSpec& l) const {
    requireChannelsLast(e);
    auto it = e.config->find("padding");
    if (it == e.config->end() || it->is_null()) {
        l.padding = {1, 1, 1, 1};
        return;
    }
    const json& p = *it;
    if (p.is_number()) { // one amount everywhere
        const int v = nonNegativeInt(e, p, "padding");
        l.padding = {v, v, v, v};
    } else if (p.is_array() && p.size() == 2 && p[0].is_number() && p[1].is_number()) {
        const int h = nonNegativeInt(e, p[0], "padding");
        const int w = nonNegativeInt(e, p[1], "padding");
        l.padding = {h, h, w, w};
    } else if (p.is_array() && p.size() == 2 && p[0].is_array() && p[1].is_array() &&
               p[0].size() == 2 && p[1].size() == 2) {
        l.padding = {nonNegativeInt(e, p[0][0], "padding"), nonNegativeInt(e, p[0][1], "padding"),
                     nonNegativeInt(e, p[1][0], "padding"), nonNegativeInt(e, p[1][1], "padding")};
    } else {
        fail(e, "unsupported padding " + p.dump() +
                    " (an integer, (h, w) or ((top, bottom), (left, right)))");
    }
}

LayerSpec ConfigParser::parseLayer(const LayerEntry& e) const {
    LayerSpec l;
    l.name = e.name;
    const std::string& c = e.cls;
    if (c == "InputLayer") {
        l.kind = LayerKind::Input;
        auto shape = e.config->find("batch_input_shape");
        if (shape == e.config->end())
            shape = e.config->find("batch_shape");
        if (shape == e.config->end())
            fail(e, "missing batch_input_shape");
        parseInput(e, l, *shape);
    } else if (c == "Conv2D" || c == "Convolution2D") {
        l.kind = LayerKind::Conv2D;
        parseConv(e, l);
    } else if (c == "DepthwiseConv2D") {
        l.kind = LayerKind::DepthwiseConv2D;
        parseConv(e, l);
    } else if (c == "SeparableConv2D" || c == "SeparableConvolution2D") {
        l.kind = LayerKind::SeparableConv2D;
        parseConv(e, l);
    } else if (c == "ZeroPadding2D") {
        l.kind = LayerKind::ZeroPadding2D;
        parseZeroPadding(e, l);
    } else if (c == "GlobalAveragePooling2D" || c == "GlobalAvgPool2D" ||
               c == "GlobalMaxPooling2D" || c == "GlobalMaxPool2D") {
        l.kind = c.find("Max") != std::string::npos ? LayerKind::GlobalMaxPooling2D
                                                    : LayerKind::GlobalAveragePooling2D;
        requireChannelsLast(e);
        l.keepDims = boolean(e, "keepdims", false);
    } else if (c == "LeakyReLU") {
        l.kind = LayerKind::ReLU;
        l.reluNegativeSlope = number(e, "alpha", number(e, "negative_slope", 0.3));
    } else if (c == "ELU") {
        l.kind = LayerKind::Activation;
        if (number(e, "alpha", 1.0) != 1.0)
            fail(e, "unsupported alpha " + e.config->at("alpha").dump() + " (only 1.0)");
        l.activation = ActivationKind::Elu;
    } else if (c == "Softmax") {
        l.kind = LayerKind::Activation;
        auto axis = e.config->find("axis");
        if (axis != e.config->end() && !axis->is_null() && *axis != json(-1))
            fail(e, "unsupported axis " + axis->dump() + " (only -1)");
        l.activation = ActivationKind::Softmax;
    } else if (c == "Rescaling") {
        l.kind = LayerKind::Rescaling;
        l.scale = number(e, "scale", 1.0);
        l.offset = number(e, "offset", 0.0);
    } else if (c == "Multiply") {
        l.kind = LayerKind::Multiply;
    } else if (c == "MaxPooling2D" || c == "MaxPool2D" || c == "AveragePooling2D" ||
               c == "AvgPool2D") {
        l.kind = c.rfind("Max", 0) == 0 ? LayerKind::MaxPooling2D : LayerKind::AveragePooling2D;
        parsePool(e, l);
    } else if (c == "Dense") {
        l.kind = LayerKind::Dense;
        auto units = e.config->find("units");
        if (units == e.config->end())
            fail(e, "missing 'units'");
        l.units = positiveInt(e, *units, "units");
        l.activation = activation(e, "activation");
        l.useBias = boolean(e, "use_bias", true);
    } else if (c == "Flatten") {
        l.kind = LayerKind::Flatten;
        requireChannelsLast(e);
    } else if (c == "Dropout") {
        l.kind = LayerKind::Dropout;
        l.rate = number(e, "rate", 0.0);
        if (l.rate < 0.0 || l.rate >= 1.0)
            fail(e, "rate must be in [0, 1)");
    } else if (c == "Add") {
        l.kind = LayerKind::Add;
    } else if (c == "Concatenate") {
        l.kind = LayerKind::Concatenate;
        auto axis = e.config->find("axis");
        if (axis != e.config->end() && !axis->is_null()) {
            if (!axis->is_number_integer())
                fail(e, "axis is not an integer");
            l.axis = axis->get<int>();
        }
    } else if (c == "Activation") {
        l.kind = LayerKind::Activation;
        if (e.config->find("activation") == e.config->end())
            fail(e, "missing 'activation'");
        l.activation = activation(e, "activation");
    } else if (c == "ReLU") {
        l.kind = LayerKind::ReLU;
        parseRelu(e, l);
    } else if (c == "BatchNormalization") {
        l.kind = LayerKind::BatchNormalization;
        parseBatchNorm(e, l);
    } else {
        fail(e, "unsupported layer class");
    }
    return l;
}

ModelSpec ConfigParser::parseSequential(const json& config) {
    ModelSpec spec;
    spec.name = "sequential";
    const json* layers = &config;
    if (config.is_object()) {
        auto name = config.find("name");
        if (name != config.end() && name->is_string())
            spec.name = name->get<std::string>();
        auto it = config.find("layers");
        if (it == config.end())
            fail("malformed model_config: Sequential config has no layers");
        layers = &*it;
    }
    if (!layers->is_array() || layers->empty())
        fail("malformed model_config: Sequential layers must be a non-empty list");
    std::string previous;
    for (size_t i = 0; i < layers->size(); ++i) {
        LayerEntry e = entry((*layers)[i]);
        LayerSpec l = parseLayer(e);
        if (i == 0 && l.kind != LayerKind::Input) {
            // Keras <= 2.3 keeps the input on the first layer and names it "<layer>_input".
            auto shape = e.config->find("batch_input_shape");
            if (shape == e.config->end())
                fail(e, "first layer of a Sequential model has no batch_input_shape");
            LayerSpec in;
            in.name = e.name + "_input";
            in.kind = LayerKind::Input;
            parseInput(e, in, *shape);
            spec.layers.push_back(in);
            previous = in.name;
        } else if (i > 0 && l.kind == LayerKind::Input) {
            fail(e, "an InputLayer in the middle of a Sequential model is not supported");
        }
        if (!previous.empty())
            l.inputs = {previous};
        previous = l.name;
        spec.layers.push_back(std::move(l));
    }
    spec.output = previous;
    return spec;
}

std::vector<std::string> ConfigParser::inboundOf(const LayerEntry& e) const {
    auto nodes = e.raw->find("inbound_nodes");
    if (nodes == e.raw->end() || !nodes->is_array())
        fail(e, "malformed model_config: no inbound_nodes list");
    if (nodes->empty())
        return {};
    if (nodes->size() > 1)
        fail(e, "the layer is shared (called " + std::to_string(nodes->size()) +
                    " times), which is not supported");
    const json& node = (*nodes)[0];
    if (!node.is_array())
        fail(e, "unsupported inbound_nodes format (only the Keras 2 list form)");
    std::vector<std::string> names;
    for (const json& in : node) {
        if (!in.is_array() || in.size() < 3 || !in[0].is_string() || !in[1].is_number_integer() ||
            !in[2].is_number_integer())
            fail(e, "unsupported inbound_nodes entry " + in.dump());
        if (in[1].get<int>() != 0)
            fail(e, "uses node " + in[1].dump() + " of a shared layer, which is not supported");
        if (in[2].get<int>() != 0)
            fail(e, "uses output " + in[2].dump() + " of a multi-output layer (unsupported)");
        if (in.size() > 3 && in[3].is_object()) {
            for (auto kv = in[3].begin(); kv != in[3].end(); ++kv)
                if (kv.key() != "training" || kv.value() == json(true))
                    fail(e, "unsupported call argument '" + kv.key() + "' = " + kv.value().dump());
        }
        names.push_back(in[0].get<std::string>());
    }
    return names;
}

std::string ConfigParser::singleEndpoint(const json& list, const char* what) const {
    if (!list.is_array() || list.empty())
        fail(std::string("malformed model_config: no ") + what);
    // Keras writes [["name", 0, 0], ...]; a single endpoint may also be ["name", 0, 0].
    if (list[0].is_string())
        return list[0].get<std::string>();
    if (list.size() > 1)
        fail(std::string("models with ") + std::to_string(list.size()) + " " + what +
             " are not supported (multiple " + what + ")");
    if (!list[0].is_array() || list[0].empty() || !list[0][0].is_string())
        fail(std::string("malformed model_config: bad ") + what + " entry");
    return list[0][0].get<std::string>();
}

void ConfigParser::sortTopologically(ModelSpec& spec) const {
    std::map<std::string, size_t> index;
    for (size_t i = 0; i < spec.layers.size(); ++i)
        if (!index.emplace(spec.layers[i].name, i).second)
            fail("duplicate layer name '" + spec.layers[i].name + "' in model_config");
    for (const auto& l : spec.layers)
        for (const auto& in : l.inputs)
            if (!index.count(in))
                fail("layer '" + l.name + "' (" + layerKindName(l.kind) +
                     "): unknown inbound layer '" + in + "'");
    std::vector<LayerSpec> sorted;
    std::set<std::string> done;
    while (sorted.size() < spec.layers.size()) {
        bool progress = false;
        for (const auto& l : spec.layers) {
            if (done.count(l.name))
                continue;
            bool ready = true;
            for (const auto& in : l.inputs)
                ready = ready && done.count(in);
            if (ready) {
                done.insert(l.name);
                sorted.push_back(l);
                progress = true;
            }
        }
        if (!progress)
            fail("malformed model_config: the layer graph has a cycle");
    }
    spec.layers = std::move(sorted);
}

ModelSpec ConfigParser::parseFunctional(const json& config) {
    if (!config.is_object())
        fail("malformed model_config: Functional config is not an object");
    ModelSpec spec;
    spec.name = "model";
    auto name = config.find("name");
    if (name != config.end() && name->is_string())
        spec.name = name->get<std::string>();
    auto layers = config.find("layers");
    if (layers == config.end() || !layers->is_array() || layers->empty())
        fail("malformed model_config: no layers list");
    for (const json& raw : *layers) {
        LayerEntry e = entry(raw);
        LayerSpec l = parseLayer(e);
        l.inputs = inboundOf(e);
        if (l.kind == LayerKind::Input && !l.inputs.empty())
            fail(e, "an InputLayer with inbound nodes is not supported");
        if (l.kind != LayerKind::Input && l.inputs.empty())
            fail(e, "has no inbound nodes");
        spec.layers.push_back(std::move(l));
    }
    auto inputs = config.find("input_layers");
    auto outputs = config.find("output_layers");
    if (inputs == config.end() || outputs == config.end())
        fail("malformed model_config: missing input_layers or output_layers");
    const std::string in = singleEndpoint(*inputs, "inputs");
    spec.output = singleEndpoint(*outputs, "outputs");
    const LayerSpec* inLayer = spec.find(in);
    if (!inLayer || inLayer->kind != LayerKind::Input)
        fail("malformed model_config: input '" + in + "' is not an InputLayer");
    if (!spec.find(spec.output))
        fail("malformed model_config: output layer '" + spec.output + "' not found");
    sortTopologically(spec);
    return spec;
}

ModelSpec ConfigParser::parse(const json& root) {
    if (!root.is_object())
        fail("malformed model_config: not a JSON object");
    auto cls = root.find("class_name");
    auto config = root.find("config");
    if (cls == root.end() || !cls->is_string() || config == root.end())
        fail("malformed model_config: missing class_name or config");
    const std::string c = cls->get<std::string>();
    if (c == "Sequential")
        return parseSequential(*config);
    if (c == "Functional" || c == "Model")
        return parseFunctional(*config);
    fail("unsupported model class '" + c + "' (only Sequential, Functional or Model)");
}

} // namespace

ModelSpec parseKerasModelConfig(const std::string& text, const std::string& source) {
    json root;
    try {
        root = json::parse(text);
    } catch (const json::exception& e) {
        throw Error(source, std::string("malformed model_config JSON: ") + e.what());
    }
    try {
        return ConfigParser(source).parse(root);
    } catch (const json::exception& e) {
        // A value of an unexpected JSON type that slipped past the explicit checks.
        throw Error(source, std::string("malformed model_config: ") + e.what());
    }
}

} // namespace bdl::core
