#include "core/io/keras_config.h"

#include "core/base/errors.h"
#include "core/io/keras_config_nested.h"
#include "core/io/keras_config_parser.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

namespace bdl::core {

namespace keras_detail {

bool ConfigParser::perChannelRescaling(const LayerEntry& e) const {
    auto scale = e.config->find("scale");
    auto offset = e.config->find("offset");
    const bool listScale = scale != e.config->end() && scale->is_array();
    const bool listOffset = offset != e.config->end() && offset->is_array();
    if (!listScale && !listOffset)
        return false;
    const auto values = [&](const char* key, bool list, size_t n, double dflt) {
        std::vector<double> out;
        if (list) {
            for (const json& x : e.config->at(key)) {
                if (!x.is_number() || !std::isfinite(x.get<double>()))
                    fail(e, std::string("'") + key + "' holds a value that is not a finite number");
                out.push_back(x.get<double>());
            }
        } else {
            out.assign(n, number(e, key, dflt));
        }
        return out;
    };
    const size_t n = listScale ? scale->size() : offset->size();
    PerChannel a;
    a.scale = values("scale", listScale, n, 1.0);
    a.offset = values("offset", listOffset, n, 0.0);
    if (a.scale.empty() || a.scale.size() != a.offset.size())
        fail(e, "per-channel scale and offset must have the same, non-zero length");
    m_perChannel[e.name] = std::move(a);
    return true;
}

void ConfigParser::foldPerChannel(ModelSpec& spec, KerasFoldedLayers* out) const {
    for (const auto& [name, values] : m_perChannel) {
        auto it = std::find_if(spec.layers.begin(), spec.layers.end(),
                               [&](const LayerSpec& l) { return l.name == name; });
        if (it == spec.layers.end())
            continue;
        const std::string where = "layer '" + name + "' (Rescaling): ";
        if (spec.output == name)
            fail(where + "a per-channel scaling cannot be the model's output");
        const LayerSpec* in = it->inputs.size() == 1 ? spec.find(it->inputs[0]) : nullptr;
        if (!in)
            fail(where + "per-channel scaling needs one inbound layer");
        const std::string input = in->name;
        if (in->kind == LayerKind::Input) {
            if (values.scale.size() != size_t(in->inputShape[2]))
                fail(where + std::to_string(values.scale.size()) + " per-channel values for " +
                     std::to_string(in->inputShape[2]) + " input channels");
            for (double v : values.scale)
                if (!(v > 0.0))
                    fail(where + "a per-channel input scale must be positive");
            if (out) {
                out->inputScale = values.scale;
                out->inputOffset = values.offset;
            }
        } else {
            bool mask = true;
            for (size_t c = 0; c < values.scale.size(); ++c)
                mask = mask && (values.scale[c] == 0.0 || values.scale[c] == 1.0) &&
                       values.offset[c] == 0.0;
            int consumers = 0;
            for (const auto& l : spec.layers)
                for (const auto& i : l.inputs)
                    consumers += i == input;
            if (!mask || consumers != 1)
                fail(where + "a per-channel scale is supported right after the input (the input "
                             "normalisation) or as the only consumer of a layer with scales of "
                             "0 or 1 and no offset (a channel mask)");
            if (out)
                out->channelMasks[input] = values.scale;
        }
        spec.layers.erase(it);
        for (auto& l : spec.layers)
            for (auto& i : l.inputs)
                if (i == name)
                    i = input;
    }
}

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
        if (!perChannelRescaling(e)) {
            l.scale = number(e, "scale", 1.0);
            l.offset = number(e, "offset", 0.0);
        }
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

} // namespace keras_detail

ModelSpec parseKerasModelConfig(const std::string& text, const std::string& source,
                                KerasFoldedLayers* folded, std::vector<KerasNestedModel>* nested) {
    nlohmann::json root;
    try {
        root = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw Error(source, std::string("malformed model_config JSON: ") + e.what());
    }
    try {
        keras_detail::KerasInlining inlined = keras_detail::inlineNestedModels(root, source);
        ModelSpec spec = keras_detail::ConfigParser(source, std::move(inlined.where))
                             .parseWithAffine(root, folded);
        if (nested)
            *nested = std::move(inlined.nested);
        return spec;
    } catch (const nlohmann::json::exception& e) {
        // A value of an unexpected JSON type that slipped past the explicit checks.
        throw Error(source, std::string("malformed model_config: ") + e.what());
    }
}

} // namespace bdl::core
