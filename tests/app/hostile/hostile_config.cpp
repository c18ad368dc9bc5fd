// Whole-model files with a hostile model_config: malformed, absurdly deep or large JSON, absurd
// layer sizes, and layer graphs with cycles, dangling references and code (Lambda).
#include "hostile_corpus.h"
#include "hostile_h5.h"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace bdl::hostile {

namespace {

using nlohmann::json;

json tiny() { return json::parse(tinyModelConfig()); }

/// The tiny config's layer named `name`.
json& layer(json& config, const std::string& name) {
    for (auto& l : config["config"]["layers"])
        if (l["name"] == name)
            return l;
    throw std::runtime_error("no layer " + name + " in the tiny config");
}

json inbound(const std::vector<std::string>& from) {
    json node = json::array();
    for (const auto& f : from)
        node.push_back(json::array({f, 0, 0, json::object()}));
    return json::array({node});
}

void whole(Corpus& c, const std::string& name, const std::string& config, const std::string& what) {
    writeWholeModel(c.file(name), config);
    c.add(name, OpenAs::Model, what);
}

std::string nested(size_t depth, const std::string& open, const std::string& close,
                   const std::string& core) {
    std::string s;
    s.reserve(depth * (open.size() + close.size()) + core.size());
    for (size_t i = 0; i < depth; ++i)
        s += open;
    s += core;
    for (size_t i = 0; i < depth; ++i)
        s += close;
    return s;
}

/// About 100 MB of model_config: 570 000 Dense layers, every one fed by a layer that does not
/// exist. The reader must refuse it without exhausting memory or time.
std::string hugeConfig() {
    constexpr int kLayers = 570'000; // about 175 bytes each
    std::string s = R"({"class_name": "Functional", "config": {"name": "huge", "layers": [)";
    s += R"({"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4, 4, 1], )"
         R"("name": "in"}, "name": "in", "inbound_nodes": []})";
    for (int i = 0; i < kLayers; ++i) {
        const std::string n = "dense_" + std::to_string(i);
        s += R"(, {"class_name": "Dense", "config": {"name": ")" + n +
             R"(", "units": 3, "activation": "linear", "use_bias": true}, "name": ")" + n +
             R"(", "inbound_nodes": [[["missing_)" + std::to_string(i) + R"(", 0, 0, {}]]]})";
    }
    s += R"(], "input_layers": [["in", 0, 0]], "output_layers": [["dense_0", 0, 0]]}})";
    return s;
}

} // namespace

void writeModelConfig(Corpus& c) {
    const std::string good = tinyModelConfig();
    whole(c, "config_truncated_json.h5", good.substr(0, good.size() / 2),
          "model_config JSON cut in half");
    whole(c, "config_empty.h5", "", "model_config is an empty string");
    whole(c, "config_binary.h5", std::string("{\"class_name\": \"\xff\xfe\x80\", \"config\": {}}"),
          "model_config with invalid UTF-8");
    whole(c, "config_number_overflow.h5",
          R"({"class_name": "Functional", "config": {"name": "n", "layers": [{"class_name": )"
          R"("Dense", "config": {"name": "d", "units": 1e999999}}]}})",
          "units given as 1e999999");
    json j = tiny();
    j["config"]["layers"] = 5;
    whole(c, "config_layers_not_list.h5", j.dump(), "\"layers\": 5");
    whole(c, "config_deep_arrays.h5", nested(100000, "[", "]", "1"),
          "model_config is 10^5 nested arrays");
    j = tiny();
    const std::string units = nested(100000, "{\"u\": ", "}", "3");
    std::string text = j.dump();
    text.replace(text.find("\"units\":3"), 9, "\"units\":" + units);
    whole(c, "config_deep_objects.h5", text, "Dense units is 10^5 nested objects");
    whole(c, "config_100mb.h5", hugeConfig(), "100 MB model_config, 570 000 dangling Dense layers");
    j = tiny();
    layer(j, "out")["config"]["units"] = int64_t(1) << 40;
    whole(c, "config_units_2p40.h5", j.dump(), "Dense with 2^40 units");
    j = tiny();
    layer(j, "c")["config"]["filters"] = 1 << 24;
    layer(j, "c")["config"]["kernel_size"] = {4096, 4096};
    layer(j, "in")["config"]["batch_input_shape"] = {nullptr, 4096, 4096, 4096};
    whole(c, "config_conv_petabytes.h5", j.dump(),
          "Conv2D with 2^24 filters of 4096x4096 on a 4096x4096x4096 input");
    // A fixed-length string attribute with a NUL in the middle of the JSON.
    writeWholeModel(c.file("config_embedded_nul.h5"), good);
    {
        H5Writer f(c.file("config_embedded_nul.h5"), H5Writer::Open);
        f.removeAttr("/", "model_config");
        std::string withNul = good;
        withNul[withNul.size() / 3] = '\0';
        f.stringAttr("/", "model_config", withNul, /*variableLength=*/false);
    }
    c.add("config_embedded_nul.h5", OpenAs::Model, "fixed-length model_config with a NUL inside");
    writeWholeModel(c.file("config_not_string.h5"), good);
    {
        H5Writer f(c.file("config_not_string.h5"), H5Writer::Open);
        f.removeAttr("/", "model_config");
        f.doubleArrayAttr("/", "model_config", {1.0, 2.0});
    }
    c.add("config_not_string.h5", OpenAs::Model, "model_config is a float64 array");
}

void writeLayerGraph(Corpus& c) {
    json j = tiny();
    layer(j, "c")["inbound_nodes"] = inbound({"x"});
    whole(c, "graph_cycle.h5", j.dump(), "c <- x <- c: a cycle");
    j = tiny();
    layer(j, "x")["inbound_nodes"] = inbound({"x"});
    whole(c, "graph_self_loop.h5", j.dump(), "x feeds itself");
    j = tiny();
    layer(j, "out")["inbound_nodes"] = inbound({"ghost"});
    whole(c, "graph_dangling_inbound.h5", j.dump(), "out's inbound layer 'ghost' does not exist");
    j = tiny();
    j["config"]["output_layers"] = json::array({json::array({"ghost", 0, 0})});
    whole(c, "graph_dangling_output.h5", j.dump(), "output_layers names 'ghost'");
    j = tiny();
    layer(j, "x")["config"]["name"] = "c";
    layer(j, "x")["name"] = "c";
    layer(j, "out")["inbound_nodes"] = inbound({"c"});
    whole(c, "graph_duplicate_names.h5", j.dump(), "two layers named 'c'");
    j = tiny();
    layer(j, "out")["inbound_nodes"] =
        json::array({json::array({json::array({"x", 7, 0, json::object()})})});
    whole(c, "graph_node_index.h5", j.dump(), "out uses node 7 of x");
    j = tiny();
    layer(j, "out")["inbound_nodes"] = json::array({inbound({"x"})[0], inbound({"c"})[0]});
    whole(c, "graph_shared_layer.h5", j.dump(), "out is called twice (a shared layer)");
    // A Keras Lambda layer: marshalled Python bytecode, base64 (this one would run
    // os.system("touch pwned")). It must be refused, never run or interpreted.
    j = tiny();
    json& x = layer(j, "x");
    x["class_name"] = "Lambda";
    x["config"] = {{"name", "x"},
                   {"trainable", true},
                   {"dtype", "float32"},
                   {"function",
                    {"4wEAAAAAAAAAAAAAAAEAAAADAAAAQwAAAHMSAAAAZAFkAGwAfQF8AaABZAKhAVMAKQNO6QAAAADa"
                     "C3RvdWNoIHB3bmVkKQLaAm9z2gZzeXN0ZW0pAtoBeHIDAAAAqQByBgAAAPoHZXZpbC5wedoIPGxh"
                     "bWJkYT4BAAAA8wAAAAA=",
                     nullptr, nullptr}},
                   {"function_type", "lambda"},
                   {"module", "__main__"},
                   {"output_shape", nullptr},
                   {"arguments", json::object()}};
    whole(c, "graph_lambda_bytecode.h5", j.dump(), "a Lambda layer with base64 Python bytecode");
}

} // namespace bdl::hostile
