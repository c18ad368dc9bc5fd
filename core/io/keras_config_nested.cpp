// Inlining of Keras models used as layers (see keras_config_nested.h and "Nested models" in
// keras_config.h).
#include "core/io/keras_config_nested.h"

#include "core/base/errors.h"

#include <optional>
#include <set>

namespace bdl::core::keras_detail {

namespace {

using nlohmann::json;

/// Models nested deeper than this are refused before the recursion can exhaust the stack.
constexpr int kMaxDepth = 32;

bool isModelClass(const std::string& cls) {
    return cls == "Functional" || cls == "Model" || cls == "Sequential";
}

std::string classOf(const json& layer) {
    auto cls = layer.find("class_name");
    return cls != layer.end() && cls->is_string() ? cls->get<std::string>() : std::string();
}

bool trainableOf(const json& layer) {
    auto cfg = layer.find("config");
    if (cfg == layer.end() || !cfg->is_object())
        return true;
    auto t = cfg->find("trainable");
    return t == cfg->end() || !t->is_boolean() || t->get<bool>();
}

/// A reference to a layer's output as inbound_nodes write it: [name, node, tensor, kwargs].
struct Ref {
    std::string name;
    json node = 0;
    json tensor = 0;

    json toJson(json kwargs = json::object()) const {
        return json::array({name, node, tensor, std::move(kwargs)});
    }
};

/// What a name read by a layer of one model stands for once inlined.
struct Target {
    enum class Kind { Layer, Model, Input };
    Kind kind = Kind::Layer;
    std::string layer; ///< Layer: its name in the spec
    Ref ref;           ///< Model: the nested model's output; Input: what feeds the model
};

/// One model being inlined: the top-level one or a nested one.
struct Level {
    bool top = false;
    int depth = 0;
    std::string path;        ///< prefix of renamed layers: "backbone", "backbone.block"
    std::string modelName;   ///< the nested model's name
    std::string modelClass;  ///< Functional, Model or Sequential
    std::string parentWhere; ///< where the nested model itself sits (for its own errors)
    std::string where;       ///< where its layers sit: " in nested model 'backbone'"
    bool trainable = true;
    std::optional<Ref> feed; ///< replaces the model's InputLayer; none: the InputLayer is kept
};

/// The layers one model became, in order, and what the weights layout needs of them.
struct Inlined {
    std::vector<json> layers;
    std::vector<KerasNestedModel::Layer> record;

    void append(Inlined&& other) {
        for (auto& l : other.layers)
            layers.push_back(std::move(l));
        for (auto& r : other.record)
            record.push_back(std::move(r));
    }
};

class Inliner {
public:
    explicit Inliner(std::string source) : m_source(std::move(source)) {}

    KerasInlining run(json& root);

private:
    [[noreturn]] void fail(const std::string& what) const { throw Error(m_source, what); }
    [[noreturn]] void failLayer(const Level& lv, const std::string& name, const std::string& cls,
                                const std::string& what) const {
        fail("layer '" + name + "' (" + cls + ")" + lv.where + ": " + what);
    }
    /// An error about the nested model `lv` describes.
    [[noreturn]] void failModel(const Level& lv, const std::string& what) const {
        fail("nested model '" + lv.modelName + "' (" + lv.modelClass + ")" + lv.parentWhere + ": " +
             what);
    }

    std::string nameOf(const json& layer) const;
    std::string uniqueName(const std::string& name, const Level& lv);
    Level childLevel(const Level& parent, const std::string& name, const std::string& cls,
                     const json& layer, std::optional<Ref> feed) const;
    const json& configOf(const Level& child, const json& layer) const;
    Ref callInput(const Level& child, const json& layer) const;
    Ref substitute(const Level& lv, const std::string& reader, const std::string& readerClass,
                   const Target& t, const json& ref) const;
    json rewriteInbound(const Level& lv, const std::string& name, const std::string& cls,
                        const json& layer, const std::map<std::string, Target>& targets) const;
    std::string endpoint(const Level& lv, const json& config, const char* key,
                         const char* what) const;
    void emit(const Level& lv, json layer, const std::string& name, const std::string& kerasName,
              json inbound, Inlined& out);
    void recordNested(const Level& child, const Inlined& part);

    /// The layers of one Functional model while it is inlined.
    struct Functional {
        std::vector<std::string> names, classes;
        std::map<std::string, Target> targets; ///< what each name read by a layer stands for
        std::vector<size_t> nested;            ///< indices of the nested models
        std::vector<Inlined> inlined;          ///< per nested model, the layers it became
    };
    Functional nameLayers(const Level& lv, const json& layers, const std::string& input);
    void inlineNested(const Level& lv, const json& layers, Functional& f);

    Ref inlineModel(const Level& lv, const json& config, Inlined& out);
    Ref inlineFunctional(const Level& lv, const json& config, Inlined& out,
                         std::map<std::string, Target>* targetsOut = nullptr);
    Ref inlineSequential(const Level& lv, const json& config, Inlined& out);
    void rewriteTopOutputs(json& config, const std::map<std::string, Target>& targets) const;

    std::string m_source;
    std::set<std::string> m_taken; ///< names given to layers of the whole model so far
    std::string m_input;           ///< the first InputLayer kept (a top-level Sequential's input)
    KerasInlining m_result;
};

std::string Inliner::nameOf(const json& layer) const {
    if (!layer.is_object())
        fail("malformed model_config: a layer entry is not an object");
    auto cfg = layer.find("config");
    if (cfg != layer.end() && cfg->is_object()) {
        auto name = cfg->find("name");
        if (name != cfg->end() && name->is_string() && !name->get<std::string>().empty())
            return name->get<std::string>();
    }
    auto name = layer.find("name");
    if (name == layer.end() || !name->is_string() || name->get<std::string>().empty())
        fail("malformed model_config: a layer of class " + classOf(layer) + " has no name");
    return name->get<std::string>();
}

std::string Inliner::uniqueName(const std::string& name, const Level& lv) {
    if (lv.top || m_taken.insert(name).second)
        return name;
    const std::string base = lv.path + "." + name;
    std::string candidate = base;
    for (int k = 2; !m_taken.insert(candidate).second; ++k)
        candidate = base + "_" + std::to_string(k);
    return candidate;
}

Level Inliner::childLevel(const Level& parent, const std::string& name, const std::string& cls,
                          const json& layer, std::optional<Ref> feed) const {
    Level c;
    c.depth = parent.depth + 1;
    c.path = parent.top ? name : parent.path + "." + name;
    c.modelName = name;
    c.modelClass = cls;
    c.parentWhere = parent.where;
    c.where = parent.where.empty() ? " in nested model '" + name + "'"
                                   : parent.where + " > '" + name + "'";
    c.trainable = parent.trainable && trainableOf(layer);
    c.feed = std::move(feed);
    if (c.depth > kMaxDepth)
        failModel(c, "models nested more than " + std::to_string(kMaxDepth) +
                         " deep are not supported");
    return c;
}

const json& Inliner::configOf(const Level& child, const json& layer) const {
    auto cfg = layer.find("config");
    if (cfg == layer.end() || !(cfg->is_object() || cfg->is_array()))
        failModel(child, "malformed model_config: the nested model has no config");
    return *cfg;
}

/// The one input a nested model is called on in a Functional graph.
Ref Inliner::callInput(const Level& child, const json& layer) const {
    auto nodes = layer.find("inbound_nodes");
    if (nodes == layer.end() || !nodes->is_array())
        failModel(child, "malformed model_config: no inbound_nodes list");
    if (nodes->empty())
        failModel(child, "the nested model is not called on anything (no inbound nodes)");
    if (nodes->size() > 1)
        failModel(child, "the nested model is shared (called " + std::to_string(nodes->size()) +
                             " times), which is not supported");
    const json& node = (*nodes)[0];
    if (!node.is_array() || node.empty())
        failModel(child, "unsupported inbound_nodes format (only the Keras 2 list form)");
    if (node.size() > 1)
        failModel(child, "the nested model is called on " + std::to_string(node.size()) +
                             " inputs; only models with one input are supported");
    const json& in = node[0];
    if (!in.is_array() || in.size() < 3 || !in[0].is_string())
        failModel(child, "unsupported inbound_nodes entry " + in.dump());
    if (in.size() > 3 && in[3].is_object()) {
        for (auto kv = in[3].begin(); kv != in[3].end(); ++kv)
            if (kv.key() != "training" || kv.value() == json(true))
                failModel(child,
                          "unsupported call argument '" + kv.key() + "' = " + kv.value().dump());
    }
    return Ref{in[0].get<std::string>(), in[1], in[2]};
}

/// What `ref` (an inbound entry of layer `reader`) becomes once its target is inlined.
Ref Inliner::substitute(const Level& lv, const std::string& reader, const std::string& readerClass,
                        const Target& t, const json& ref) const {
    switch (t.kind) {
    case Target::Kind::Layer:
        return Ref{t.layer, ref.size() > 1 ? ref[1] : json(0), ref.size() > 2 ? ref[2] : json(0)};
    case Target::Kind::Input:
        return t.ref;
    case Target::Kind::Model:
        break;
    }
    // Keras numbers the one call of a model built on an Input as node 1 (node 0 links the model's
    // own input to its output), of other models as node 0.
    const json node = ref.size() > 1 ? ref[1] : json(0);
    const json tensor = ref.size() > 2 ? ref[2] : json(0);
    if (node != json(0) && node != json(1))
        failLayer(lv, reader, readerClass,
                  "uses node " + node.dump() + " of nested model '" + ref[0].get<std::string>() +
                      "', which is called once");
    if (tensor != json(0))
        failLayer(lv, reader, readerClass,
                  "uses output " + tensor.dump() + " of nested model '" +
                      ref[0].get<std::string>() + "', which has one output");
    return t.ref;
}

json Inliner::rewriteInbound(const Level& lv, const std::string& name, const std::string& cls,
                             const json& layer,
                             const std::map<std::string, Target>& targets) const {
    auto nodes = layer.find("inbound_nodes");
    if (nodes == layer.end() || !nodes->is_array())
        return nodes == layer.end() ? json() : *nodes; // the layer parser reports it
    json out = *nodes;
    for (json& node : out) {
        if (!node.is_array())
            continue;
        for (json& ref : node) {
            if (!ref.is_array() || ref.empty() || !ref[0].is_string())
                continue;
            auto t = targets.find(ref[0].get<std::string>());
            if (t == targets.end()) {
                if (lv.top)
                    continue; // the layer parser names the unknown layer
                failLayer(lv, name, cls,
                          "unknown inbound layer '" + ref[0].get<std::string>() + "'");
            }
            const Ref r = substitute(lv, name, cls, t->second, ref);
            json kwargs = ref.size() > 3 ? ref[3] : json::object();
            ref = r.toJson(std::move(kwargs));
        }
    }
    return out;
}

/// The single input or output layer of a nested Functional model.
std::string Inliner::endpoint(const Level& lv, const json& config, const char* key,
                              const char* what) const {
    auto it = config.find(key);
    if (it == config.end() || !it->is_array() || it->empty())
        failModel(lv, std::string("malformed model_config: no ") + key);
    const json& list = *it;
    if (list[0].is_string())
        return list[0].get<std::string>();
    if (list.size() > 1)
        failModel(lv, "the nested model has " + std::to_string(list.size()) + " " + what +
                          "; only models with one input and one output are supported");
    if (!list[0].is_array() || list[0].empty() || !list[0][0].is_string())
        failModel(lv, std::string("malformed model_config: bad ") + key + " entry");
    return list[0][0].get<std::string>();
}

void Inliner::emit(const Level& lv, json layer, const std::string& name,
                   const std::string& kerasName, json inbound, Inlined& out) {
    auto cfg = layer.find("config");
    if (cfg != layer.end() && cfg->is_object())
        (*cfg)["name"] = name;
    if (layer.contains("name"))
        layer["name"] = name;
    if (!inbound.is_null())
        layer["inbound_nodes"] = std::move(inbound);
    if (!lv.top) {
        m_result.where[name] = lv.where;
        out.record.push_back({name, kerasName, lv.trainable && trainableOf(layer)});
    }
    out.layers.push_back(std::move(layer));
}

void Inliner::recordNested(const Level& child, const Inlined& part) {
    if (child.depth == 1)
        m_result.nested.push_back({child.modelName, part.record});
}

Ref Inliner::inlineModel(const Level& lv, const json& config, Inlined& out) {
    return lv.modelClass == "Sequential" ? inlineSequential(lv, config, out)
                                         : inlineFunctional(lv, config, out);
}

/// Names the layers of one Functional model: what each name read by its layers stands for.
Inliner::Functional Inliner::nameLayers(const Level& lv, const json& layers,
                                        const std::string& input) {
    Functional f;
    const size_t n = layers.size();
    f.names.resize(n);
    f.classes.resize(n);
    f.inlined.resize(n);
    bool inputFound = lv.top;
    for (size_t i = 0; i < n; ++i) {
        const std::string& name = f.names[i] = nameOf(layers[i]);
        const std::string& cls = f.classes[i] = classOf(layers[i]);
        if (f.targets.count(name)) {
            if (lv.top)
                fail("duplicate layer name '" + name + "' in model_config");
            failModel(lv, "duplicate layer name '" + name + "'");
        }
        if (isModelClass(cls)) {
            f.nested.push_back(i);
            f.targets[name]; // reserved; filled once inlined
            continue;
        }
        if (!lv.top && cls == "InputLayer" && name != input)
            failModel(lv, "InputLayer '" + name + "': only models with one input are supported");
        if (!lv.top && name == input) {
            if (cls != "InputLayer")
                failModel(lv, "input '" + input + "' is not an InputLayer");
            inputFound = true;
            if (lv.feed) {
                f.targets[name] = Target{Target::Kind::Input, {}, *lv.feed};
                continue;
            }
        }
        f.targets[name] = Target{Target::Kind::Layer, uniqueName(name, lv), {}};
    }
    if (!inputFound)
        failModel(lv, "malformed model_config: input layer '" + input + "' not found");
    return f;
}

/// Inlines each nested model of a Functional model once what feeds it is known (Keras lists
/// them in graph order; one fed by a later one waits for it).
void Inliner::inlineNested(const Level& lv, const json& layers, Functional& f) {
    std::vector<size_t> pending = f.nested;
    std::set<std::string> waiting;
    for (size_t i : pending)
        waiting.insert(f.names[i]);
    while (!pending.empty()) {
        bool progress = false;
        for (auto it = pending.begin(); it != pending.end();) {
            const size_t i = *it;
            Level child = childLevel(lv, f.names[i], f.classes[i], layers[i], std::nullopt);
            const Ref in = callInput(child, layers[i]);
            if (waiting.count(in.name)) {
                ++it;
                continue;
            }
            auto t = f.targets.find(in.name);
            if (t == f.targets.end())
                failModel(child, "unknown inbound layer '" + in.name + "'");
            child.feed = substitute(lv, f.names[i], f.classes[i], t->second, in.toJson());
            const Ref result = inlineModel(child, configOf(child, layers[i]), f.inlined[i]);
            recordNested(child, f.inlined[i]);
            f.targets[f.names[i]] = Target{Target::Kind::Model, {}, result};
            waiting.erase(f.names[i]);
            it = pending.erase(it);
            progress = true;
        }
        if (!progress) {
            const size_t i = pending.front();
            failModel(childLevel(lv, f.names[i], f.classes[i], layers[i], std::nullopt),
                      "its inbound layers form a cycle");
        }
    }
}

Ref Inliner::inlineFunctional(const Level& lv, const json& config, Inlined& out,
                              std::map<std::string, Target>* targetsOut) {
    if (!config.is_object())
        failModel(lv, "malformed model_config: Functional config is not an object");
    auto layersIt = config.find("layers");
    if (layersIt == config.end() || !layersIt->is_array() || layersIt->empty())
        failModel(lv, "malformed model_config: no layers list");
    const json& layers = *layersIt;
    std::string input, output;
    if (!lv.top) {
        input = endpoint(lv, config, "input_layers", "inputs");
        output = endpoint(lv, config, "output_layers", "outputs");
    }
    Functional f = nameLayers(lv, layers, input);
    if (!lv.top && !f.targets.count(output))
        failModel(lv, "malformed model_config: output layer '" + output + "' not found");
    inlineNested(lv, layers, f);
    for (size_t i = 0; i < layers.size(); ++i) {
        if (isModelClass(f.classes[i])) {
            out.append(std::move(f.inlined[i]));
            continue;
        }
        const Target& t = f.targets.at(f.names[i]);
        if (t.kind == Target::Kind::Input)
            continue; // replaced by what feeds the nested model
        if (!lv.top && f.names[i] == input && m_input.empty())
            m_input = t.layer;
        emit(lv, layers[i], t.layer, f.names[i],
             rewriteInbound(lv, f.names[i], f.classes[i], layers[i], f.targets), out);
    }
    if (targetsOut)
        *targetsOut = f.targets;
    if (lv.top)
        return Ref{};
    const Target& t = f.targets.at(output);
    return t.kind == Target::Kind::Layer ? Ref{t.layer, 0, 0} : t.ref;
}

Ref Inliner::inlineSequential(const Level& lv, const json& config, Inlined& out) {
    const json* layers = &config;
    if (config.is_object()) {
        auto it = config.find("layers");
        if (it == config.end())
            failModel(lv, "malformed model_config: Sequential config has no layers");
        layers = &*it;
    }
    if (!layers->is_array() || layers->empty())
        failModel(lv, "malformed model_config: Sequential layers must be a non-empty list");
    std::optional<Ref> previous = lv.feed;
    for (size_t i = 0; i < layers->size(); ++i) {
        const json& raw = (*layers)[i];
        const std::string name = nameOf(raw);
        const std::string cls = classOf(raw);
        if (cls == "InputLayer") {
            if (i != 0)
                failLayer(lv, name, cls,
                          "an InputLayer in the middle of a Sequential model is not supported");
            if (previous)
                continue; // replaced by what feeds the nested model
            const std::string spec = uniqueName(name, lv);
            emit(lv, raw, spec, name, json::array(), out);
            previous = Ref{spec};
            if (m_input.empty())
                m_input = spec;
            continue;
        }
        if (isModelClass(cls)) {
            const Level child = childLevel(lv, name, cls, raw, previous);
            Inlined part;
            previous = inlineModel(child, configOf(child, raw), part);
            recordNested(child, part);
            out.append(std::move(part));
            continue;
        }
        if (!previous) {
            // Keras <= 2.3 keeps the input on the first layer and names it "<layer>_input".
            const json* cfg = raw.contains("config") ? &raw["config"] : nullptr;
            if (!cfg || !cfg->is_object() || !cfg->contains("batch_input_shape"))
                failLayer(lv, name, cls,
                          "first layer of a Sequential model has no "
                          "batch_input_shape");
            json in = {{"class_name", "InputLayer"},
                       {"config", {{"batch_input_shape", (*cfg)["batch_input_shape"]}}}};
            for (const char* key : {"sparse", "ragged"})
                if (cfg->contains(key))
                    in["config"][key] = (*cfg)[key];
            const std::string inName = lv.top ? name + "_input" : uniqueName(name + "_input", lv);
            emit(lv, std::move(in), inName, name + "_input", json::array(), out);
            previous = Ref{inName};
            if (m_input.empty())
                m_input = inName;
        }
        const std::string spec = uniqueName(name, lv);
        emit(lv, raw, spec, name, json::array({json::array({previous->toJson()})}), out);
        previous = Ref{spec};
    }
    return *previous;
}

/// Outputs of the top-level Functional model that name a nested model name its output layer.
void Inliner::rewriteTopOutputs(json& config, const std::map<std::string, Target>& targets) const {
    auto outputs = config.find("output_layers");
    if (outputs == config.end() || !outputs->is_array() || outputs->empty())
        return; // the layer parser reports it
    auto rewrite = [&](json& endpoint) {
        if (!endpoint.is_array() || endpoint.empty() || !endpoint[0].is_string())
            return;
        auto t = targets.find(endpoint[0].get<std::string>());
        if (t != targets.end() && t->second.kind == Target::Kind::Model)
            endpoint = json::array({t->second.ref.name, t->second.ref.node, t->second.ref.tensor});
    };
    if ((*outputs)[0].is_string())
        rewrite(*outputs);
    else
        for (json& e : *outputs)
            rewrite(e);
}

KerasInlining Inliner::run(json& root) {
    if (!root.is_object())
        return {};
    const std::string cls = classOf(root);
    auto configIt = root.find("config");
    if (configIt == root.end() || !(cls == "Sequential" || cls == "Functional" || cls == "Model"))
        return {}; // the layer parser reports it
    json& config = *configIt;
    const json* layers =
        config.is_object() && config.contains("layers") ? &config["layers"] : &config;
    if (!layers->is_array())
        return {};
    bool nested = false;
    for (const json& l : *layers)
        nested = nested || (l.is_object() && isModelClass(classOf(l)));
    if (!nested)
        return {}; // left exactly as it was
    // The top-level model's own layers keep their names; inlined ones avoid them.
    for (const json& l : *layers)
        m_taken.insert(nameOf(l));
    Level top;
    top.top = true;
    Inlined out;
    if (cls == "Sequential") {
        std::string name = "sequential";
        if (config.is_object() && config.contains("name") && config["name"].is_string())
            name = config["name"].get<std::string>();
        const Ref last = inlineSequential(top, config, out);
        root = json{
            {"class_name", "Functional"},
            {"config",
             {{"name", name},
              {"layers", std::move(out.layers)},
              {"input_layers", json::array({json::array({m_input, 0, 0})})},
              {"output_layers", json::array({json::array({last.name, last.node, last.tensor})})}}}};
    } else {
        std::map<std::string, Target> targets;
        inlineFunctional(top, config, out, &targets);
        config["layers"] = std::move(out.layers);
        rewriteTopOutputs(config, targets);
    }
    return std::move(m_result);
}

} // namespace

KerasInlining inlineNestedModels(json& root, const std::string& source) {
    return Inliner(source).run(root);
}

} // namespace bdl::core::keras_detail
