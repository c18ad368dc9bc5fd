// Parsing of Keras 2 model_config JSON into ModelSpec: accepted forms and refused layers.
#include "core/base/errors.h"
#include "core/io/keras_config.h"
#include "core/nn/model.h"

#include <gtest/gtest.h>

#include <string>

using namespace bdl::core;

namespace {

const char* const kSource = "net.h5";

std::string layerJson(const std::string& cls, const std::string& name, const std::string& config,
                      const std::string& inbound) {
    std::string cfg = "{\"name\": \"" + name + "\"" + (config.empty() ? "" : ", " + config) + "}";
    std::string s =
        "{\"class_name\": \"" + cls + "\", \"config\": " + cfg + ", \"name\": \"" + name + "\"";
    if (inbound != "-")
        s += ", \"inbound_nodes\": " + inbound;
    return s + "}";
}

std::string node(const std::string& from) { return "[[[\"" + from + "\", 0, 0, {}]]]"; }

const std::string kInput = layerJson(
    "InputLayer", "input",
    "\"batch_input_shape\": [null, 8, 6, 3], \"dtype\": \"float32\", \"sparse\": false", "[]");

/// A Functional model: input -> <layer under test> -> flatten -> dense softmax.
std::string functionalWith(const std::string& cls, const std::string& config) {
    return "{\"class_name\": \"Functional\", \"config\": {\"name\": \"m\", \"layers\": [" + kInput +
           ", " + layerJson(cls, "probe", config, node("input")) + ", " +
           layerJson("Flatten", "flat", "", node("probe")) + ", " +
           layerJson("Dense", "out", "\"units\": 4, \"activation\": \"softmax\"", node("flat")) +
           "], \"input_layers\": [[\"input\", 0, 0]], \"output_layers\": [[\"out\", 0, 0]]}}";
}

/// Expects parseKerasModelConfig to throw an Error whose message contains every fragment.
void expectRefused(const std::string& json, const std::vector<std::string>& fragments) {
    try {
        parseKerasModelConfig(json, kSource);
        ADD_FAILURE() << "accepted: " << json;
    } catch (const Error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find(kSource), std::string::npos) << what;
        for (const auto& f : fragments)
            EXPECT_NE(what.find(f), std::string::npos) << "'" << f << "' not in: " << what;
    }
}

} // namespace

TEST(KerasConfig, SequentialListFormWithInputOnFirstLayer) {
    // Keras 2.2: config is the layer list; the input shape sits on the first layer.
    const std::string json =
        "{\"class_name\": \"Sequential\", \"config\": [" +
        layerJson("Conv2D", "conv",
                  "\"batch_input_shape\": [null, 8, 6, 3], \"filters\": 4, \"kernel_size\": [3, 3],"
                  " \"strides\": [1, 1], \"padding\": \"same\", \"activation\": \"relu\","
                  " \"use_bias\": true, \"data_format\": \"channels_last\","
                  " \"dilation_rate\": [1, 1]",
                  "-") +
        ", " +
        layerJson("MaxPooling2D", "pool",
                  "\"pool_size\": [2, 2], \"strides\": null, \"padding\": \"valid\"", "-") +
        ", " + layerJson("Flatten", "flat", "", "-") + ", " +
        layerJson("Dense", "dense", "\"units\": 5, \"activation\": \"softmax\"", "-") + "]}";
    ModelSpec s = parseKerasModelConfig(json, kSource);
    ASSERT_EQ(s.layers.size(), 5u);
    EXPECT_EQ(s.layers[0].kind, LayerKind::Input);
    EXPECT_EQ(s.layers[0].name, "conv_input");
    EXPECT_EQ(s.layers[0].inputShape, (std::array<int, 3>{8, 6, 3}));
    const LayerSpec& conv = s.layers[1];
    EXPECT_EQ(conv.kind, LayerKind::Conv2D);
    EXPECT_EQ(conv.inputs, (std::vector<std::string>{"conv_input"}));
    EXPECT_EQ(conv.filters, 4);
    EXPECT_TRUE(conv.samePadding);
    EXPECT_EQ(conv.activation, ActivationKind::Relu);
    const LayerSpec& pool = s.layers[2];
    EXPECT_EQ(pool.strides, (std::array<int, 2>{2, 2})) << "null strides = pool size";
    EXPECT_EQ(s.output, "dense");
    Model m(s);
    EXPECT_EQ(m.numClasses(), 5);
}

TEST(KerasConfig, SequentialObjectFormWithInputLayer) {
    const std::string json =
        "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"seq\", \"layers\": [" + kInput +
        ", " + layerJson("Flatten", "flat", "", "-") + ", " +
        layerJson("Dropout", "drop", "\"rate\": 0.25", "-") + ", " +
        layerJson("Dense", "dense", "\"units\": 3, \"activation\": \"linear\", \"use_bias\": false",
                  "-") +
        "]}}";
    ModelSpec s = parseKerasModelConfig(json, kSource);
    ASSERT_EQ(s.layers.size(), 4u);
    EXPECT_EQ(s.name, "seq");
    EXPECT_EQ(s.layers[0].name, "input");
    EXPECT_EQ(s.layers[2].kind, LayerKind::Dropout);
    EXPECT_DOUBLE_EQ(s.layers[2].rate, 0.25);
    EXPECT_FALSE(s.layers[3].useBias);
    EXPECT_EQ(s.layers[3].inputs, (std::vector<std::string>{"drop"}));
}

TEST(KerasConfig, FunctionalGraphWithAddConcatenateAndBranches) {
    const std::string two = "[[[\"a\", 0, 0, {}], [\"bp\", 0, 0, {}]]]";
    const std::string sumAndA = "[[[\"sum\", 0, 0, {}], [\"a\", 0, 0, {}]]]";
    const std::vector<std::string> layers = {
        kInput,
        layerJson("Conv2D", "a", R"("filters": 2, "kernel_size": 1, "strides": 2)", node("input")),
        layerJson("Conv2D", "b", R"("filters": 2, "kernel_size": [1, 1])", node("input")),
        layerJson("AveragePooling2D", "bp", R"("pool_size": 2, "padding": "same")", node("b")),
        layerJson("Add", "sum", "", two),
        layerJson("Concatenate", "cat", R"("axis": -1)", sumAndA),
        layerJson("BatchNormalization", "bn",
                  R"("axis": [3], "epsilon": 0.001, "momentum": 0.9, "center": true, )"
                  R"("scale": false)",
                  node("cat")),
        layerJson("ReLU", "r", R"("max_value": 6.0, "negative_slope": 0.1, "threshold": 0.5)",
                  node("bn")),
        layerJson("Flatten", "flat", "", node("r")),
        layerJson("Dense", "out", R"("units": 3, "activation": "sigmoid")", node("flat")),
    };
    std::string list;
    for (const auto& l : layers)
        list += (list.empty() ? "" : ", ") + l;
    const std::string json = R"({"class_name": "Model", "config": {"name": "g", "layers": [)" +
                             list +
                             R"(], "input_layers": [["input", 0, 0]], )"
                             R"("output_layers": [["out", 0, 0]]}})";
    ModelSpec s = parseKerasModelConfig(json, kSource);
    ASSERT_EQ(s.layers.size(), 10u);
    const LayerSpec* sum = s.find("sum");
    ASSERT_NE(sum, nullptr);
    EXPECT_EQ(sum->kind, LayerKind::Add);
    EXPECT_EQ(sum->inputs, (std::vector<std::string>{"a", "bp"}));
    EXPECT_EQ(s.find("a")->strides, (std::array<int, 2>{2, 2}));
    EXPECT_EQ(s.find("a")->kernel, (std::array<int, 2>{1, 1}));
    EXPECT_TRUE(s.find("bp")->samePadding);
    EXPECT_EQ(s.find("bp")->poolSize, (std::array<int, 2>{2, 2}));
    EXPECT_EQ(s.find("cat")->kind, LayerKind::Concatenate);
    const LayerSpec* bn = s.find("bn");
    EXPECT_EQ(bn->axis, 3);
    EXPECT_FALSE(bn->bnScale);
    EXPECT_TRUE(bn->bnCenter);
    EXPECT_DOUBLE_EQ(bn->momentum, 0.9);
    const LayerSpec* r = s.find("r");
    EXPECT_DOUBLE_EQ(r->reluMaxValue, 6.0);
    EXPECT_DOUBLE_EQ(r->reluNegativeSlope, 0.1);
    EXPECT_DOUBLE_EQ(r->reluThreshold, 0.5);
    EXPECT_EQ(s.find("out")->activation, ActivationKind::Sigmoid);
    EXPECT_EQ(s.output, "out");
    Model m(s);
    EXPECT_EQ(m.outputShape("cat").dims, (std::vector<int64_t>{4, 3, 4}));
}

TEST(KerasConfig, FunctionalLayersOutOfOrderAreSorted) {
    const std::string json =
        "{\"class_name\": \"Functional\", \"config\": {\"name\": \"m\", \"layers\": [" +
        layerJson("Dense", "out", "\"units\": 2", node("flat")) + ", " +
        layerJson("Flatten", "flat", "", node("input")) + ", " + kInput +
        "], \"input_layers\": [\"input\", 0, 0], \"output_layers\": [\"out\", 0, 0]}}";
    ModelSpec s = parseKerasModelConfig(json, kSource);
    ASSERT_EQ(s.layers.size(), 3u);
    EXPECT_EQ(s.layers[0].name, "input");
    EXPECT_EQ(s.layers[1].name, "flat");
    EXPECT_EQ(s.layers[2].name, "out");
}

TEST(KerasConfig, EverySupportedLayerParses) {
    const std::vector<std::pair<std::string, std::string>> ok = {
        {"Conv2D", "\"filters\": 2, \"kernel_size\": [3, 3], \"groups\": 1"},
        {"MaxPooling2D", "\"pool_size\": [2, 2]"},
        {"AveragePooling2D", "\"pool_size\": [2, 2], \"strides\": [1, 1]"},
        {"Dropout", "\"rate\": 0.5"},
        {"Activation", "\"activation\": \"tanh\""},
        {"ReLU", "\"max_value\": null"},
        {"BatchNormalization", "\"axis\": -1"},
    };
    for (const auto& [cls, cfg] : ok) {
        ModelSpec s;
        EXPECT_NO_THROW(s = parseKerasModelConfig(functionalWith(cls, cfg), kSource)) << cls;
        ASSERT_NE(s.find("probe"), nullptr) << cls;
        EXPECT_STREQ(layerKindName(s.find("probe")->kind), cls.c_str());
        EXPECT_NO_THROW(Model{s}) << cls;
    }
}

TEST(KerasConfig, UnsupportedLayersAreRefusedByName) {
    const std::string conv = R"("filters": 2, "kernel_size": 3, )";
    expectRefused(functionalWith("Lambda", R"("function": "...")"),
                  {"probe", "Lambda", "unsupported"});
    expectRefused(functionalWith("Conv1D", R"("filters": 2, "kernel_size": 3)"),
                  {"probe", "Conv1D"});
    expectRefused(functionalWith("MyCustomLayer", ""), {"probe", "MyCustomLayer"});
    expectRefused(functionalWith("Activation", R"("activation": "selu")"),
                  {"probe", "Activation", "selu", "supported: linear, relu"});
    expectRefused(functionalWith("Conv2D", conv + R"("activation": "exponential")"),
                  {"probe", "exponential"});
    expectRefused(functionalWith("Conv2D", conv + R"("dilation_rate": [2, 2], "strides": 2)"),
                  {"probe", "Conv2D", "dilation"});
    expectRefused(functionalWith("Conv2D", conv + R"("groups": 0)"), {"probe", "groups"});
    expectRefused(functionalWith("ELU", R"("alpha": 0.5)"), {"probe", "ELU", "alpha"});
    expectRefused(functionalWith("ZeroPadding2D", R"("padding": [1, 2, 3])"),
                  {"probe", "ZeroPadding2D", "padding"});
    expectRefused(functionalWith("Conv2D", conv + R"("data_format": "channels_first")"),
                  {"probe", "channels_first"});
    expectRefused(functionalWith("MaxPooling2D", R"("padding": "causal")"), {"probe", "padding"});
    expectRefused(functionalWith("BatchNormalization", R"("axis": 0)"),
                  {"probe", "BatchNormalization", "axis"});
    expectRefused(functionalWith("Flatten", R"("data_format": "channels_first")"),
                  {"probe", "Flatten"});
    expectRefused(functionalWith("Conv2D", R"("kernel_size": 3)"), {"probe", "filters"});
    expectRefused(functionalWith("Conv2D", R"("filters": -2, "kernel_size": 3)"),
                  {"probe", "filters"});
    expectRefused(functionalWith("Dropout", R"("rate": 1.5)"), {"probe", "rate"});
}

TEST(KerasConfig, GraphFormsThatAreRefused) {
    // Two outputs.
    std::string two = functionalWith("Dropout", "");
    two.replace(two.find("[[\"out\", 0, 0]]"), std::string("[[\"out\", 0, 0]]").size(),
                "[[\"out\", 0, 0], [\"flat\", 0, 0]]");
    expectRefused(two, {"outputs", "multiple"});
    // A shared layer (called twice).
    std::string shared = functionalWith("Dropout", "");
    shared.replace(shared.find(node("input")), node("input").size(),
                   "[[[\"input\", 0, 0, {}]], [[\"input\", 0, 0, {}]]]");
    expectRefused(shared, {"probe", "shared"});
    // Unknown inbound layer.
    std::string unknown = functionalWith("Dropout", "");
    unknown.replace(unknown.find(node("input")), node("input").size(), node("nowhere"));
    expectRefused(unknown, {"probe", "nowhere"});
    // Nested model and unknown top-level class.
    expectRefused(functionalWith("Sequential", "\"layers\": []"), {"probe", "Sequential"});
    expectRefused("{\"class_name\": \"Graph\", \"config\": {}}", {"Graph", "unsupported"});
}

TEST(KerasConfig, MalformedJsonIsAnError) {
    expectRefused("{\"class_name\": \"Functional\", \"config\": {", {"malformed"});
    expectRefused("", {"malformed"});
    expectRefused("[1, 2, 3]", {"malformed"});
    expectRefused("{\"class_name\": \"Functional\", \"config\": {\"layers\": 5}}", {"malformed"});
    expectRefused(R"({"class_name": "Sequential", "config": [{"class_name": 7}]})", {"malformed"});
    std::string badUnits = functionalWith("Dropout", "");
    badUnits.replace(badUnits.find("\"units\": 4"), 10, "\"units\": \"four\"");
    expectRefused(badUnits, {"out", "units"});
}
