#include "core/io/keras_config_parser.h"

#include <set>

namespace bdl::core::keras_detail {

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

} // namespace bdl::core::keras_detail
