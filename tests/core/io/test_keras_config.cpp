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
    // Unknown top-level class (nested models: NestedModelsThatAreRefusedNameTheModelAndLayer).
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

// ---- models nested as layers ----------------------------------------------------------------

namespace {

/// A Functional backbone as Keras 2.4+ writes it inside another model: input_2 -> conv2d ->
/// batch_normalization -> re_lu, called on input_1 with training=False. NODES replaces its
/// inbound_nodes, RELU the last layer's class.
const char* const kBackbone = R"({"class_name": "Functional", "config": {"name": "backbone",
 "layers": [
  {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 8, 8, 3],
   "dtype": "float32", "sparse": false, "ragged": false, "name": "input_2"},
   "name": "input_2", "inbound_nodes": []},
  {"class_name": "Conv2D", "config": {"name": "conv2d", "trainable": true, "filters": 4,
   "kernel_size": [3, 3], "strides": [1, 1], "padding": "same", "activation": "linear"},
   "name": "conv2d", "inbound_nodes": [[["input_2", 0, 0, {}]]]},
  {"class_name": "BatchNormalization", "config": {"name": "batch_normalization", "axis": [3]},
   "name": "batch_normalization", "inbound_nodes": [[["conv2d", 0, 0, {}]]]},
  {"class_name": "RELU", "config": {"name": "re_lu"}, "name": "re_lu",
   "inbound_nodes": [[["batch_normalization", 0, 0, {}]]]}],
 "input_layers": [["input_2", 0, 0]], "output_layers": [["re_lu", 0, 0]]},
 "name": "backbone", "inbound_nodes": NODES})";

std::string backbone(const std::string& nodes = R"([[["input_1", 0, 0, {"training": false}]]])",
                     const std::string& relu = "ReLU") {
    std::string s = kBackbone;
    s.replace(s.find("NODES"), 5, nodes);
    s.replace(s.find("RELU"), 4, relu);
    return s;
}

/// Transfer learning: input_1 -> backbone -> conv2d (a name the backbone also uses) -> global
/// average pooling -> dense. Keras numbers the one call of a model built on an Input as node 1.
std::string transferModel(const std::string& backboneJson = backbone(),
                          const std::string& convInbound = R"([[["backbone", 1, 0, {}]]])") {
    return R"({"class_name": "Functional", "config": {"name": "transfer", "layers": [
  {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 8, 8, 3],
   "name": "input_1"}, "name": "input_1", "inbound_nodes": []}, )" +
           backboneJson + ", " +
           layerJson("Conv2D", "conv2d", R"("filters": 2, "kernel_size": 1)", convInbound) + ", " +
           layerJson("GlobalAveragePooling2D", "gap", "", node("conv2d")) + ", " +
           layerJson("Dense", "dense", R"("units": 3, "activation": "softmax")", node("gap")) +
           R"(], "input_layers": [["input_1", 0, 0]], "output_layers": [["dense", 0, 0]]}})";
}

std::vector<std::string> namesOf(const ModelSpec& s) {
    std::vector<std::string> out;
    for (const auto& l : s.layers)
        out.push_back(l.name);
    return out;
}

std::vector<std::string> namesOf(const KerasNestedModel& n, bool keras) {
    std::vector<std::string> out;
    for (const auto& l : n.layers)
        out.push_back(keras ? l.kerasName : l.name);
    return out;
}

} // namespace

TEST(KerasConfig, NestedFunctionalBackboneIsInlined) {
    std::vector<KerasNestedModel> nested;
    const ModelSpec s = parseKerasModelConfig(transferModel(), kSource, nullptr, &nested);
    EXPECT_EQ(s.name, "transfer");
    // The backbone's input_2 is gone (input_1 feeds its first layer); its conv2d collides with
    // the outer conv2d, which keeps its name, so it becomes "backbone.conv2d".
    EXPECT_EQ(namesOf(s),
              (std::vector<std::string>{"input_1", "backbone.conv2d", "batch_normalization",
                                        "re_lu", "conv2d", "gap", "dense"}));
    EXPECT_EQ(s.find("backbone.conv2d")->inputs, (std::vector<std::string>{"input_1"}));
    EXPECT_EQ(s.find("backbone.conv2d")->filters, 4);
    EXPECT_EQ(s.find("batch_normalization")->inputs, (std::vector<std::string>{"backbone.conv2d"}));
    EXPECT_EQ(s.find("conv2d")->inputs, (std::vector<std::string>{"re_lu"}));
    EXPECT_EQ(s.find("conv2d")->filters, 2);
    EXPECT_EQ(s.output, "dense");
    ASSERT_EQ(nested.size(), 1u);
    EXPECT_EQ(nested[0].name, "backbone");
    EXPECT_EQ(namesOf(nested[0], false),
              (std::vector<std::string>{"backbone.conv2d", "batch_normalization", "re_lu"}));
    EXPECT_EQ(namesOf(nested[0], true),
              (std::vector<std::string>{"conv2d", "batch_normalization", "re_lu"}));
    Model m(s);
    EXPECT_EQ(m.outputShape("re_lu").dims, (std::vector<int64_t>{8, 8, 4}));
    EXPECT_EQ(m.numClasses(), 3);
    // Node 0 (the other Keras convention) and the model as the final output read the same.
    const std::string node0 = transferModel(backbone(), node("backbone"));
    EXPECT_EQ(namesOf(parseKerasModelConfig(node0, kSource)), namesOf(s));
    std::string direct = transferModel();
    direct.replace(direct.find(R"([["dense", 0, 0]])"), 17, R"([["backbone", 1, 0]])");
    EXPECT_EQ(parseKerasModelConfig(direct, kSource).output, "re_lu");
    // Without nesting nothing is reported.
    parseKerasModelConfig(functionalWith("Flatten", ""), kSource, nullptr, &nested);
    EXPECT_TRUE(nested.empty());
}

TEST(KerasConfig, NestedSequentialsWithAndWithoutInputLayerAreInlined) {
    // "augment" was built lazily (no InputLayer, called as node 0), "features" on an Input (its
    // own InputLayer, called as node 1).
    const std::string augment =
        R"({"class_name": "Sequential", "config": {"name": "augment", "layers": [)" +
        layerJson("Rescaling", "rescaling", R"("scale": 0.5, "offset": 0.0)", "-") +
        R"(]}, "name": "augment", "inbound_nodes": [[["input", 0, 0, {}]]]})";
    const std::string features =
        R"({"class_name": "Sequential", "config": {"name": "features", "layers": [)" +
        layerJson("InputLayer", "conv_input", R"("batch_input_shape": [null, 8, 6, 3])", "-") +
        ", " + layerJson("Conv2D", "conv", R"("filters": 2, "kernel_size": 3)", "-") + ", " +
        layerJson("MaxPooling2D", "pool", "", "-") + ", " + layerJson("Flatten", "flat", "", "-") +
        R"(]}, "name": "features", "inbound_nodes": [[["augment", 0, 0, {}]]]})";
    const std::string json =
        R"({"class_name": "Functional", "config": {"name": "m", "layers": [)" + kInput + ", " +
        augment + ", " + features + ", " +
        layerJson("Dense", "out", R"("units": 4)", R"([[["features", 1, 0, {}]]])") +
        R"(], "input_layers": [["input", 0, 0]], "output_layers": [["out", 0, 0]]}})";
    std::vector<KerasNestedModel> nested;
    const ModelSpec s = parseKerasModelConfig(json, kSource, nullptr, &nested);
    EXPECT_EQ(namesOf(s),
              (std::vector<std::string>{"input", "rescaling", "conv", "pool", "flat", "out"}));
    EXPECT_EQ(s.find("rescaling")->inputs, (std::vector<std::string>{"input"}));
    EXPECT_DOUBLE_EQ(s.find("rescaling")->scale, 0.5);
    EXPECT_EQ(s.find("conv")->inputs, (std::vector<std::string>{"rescaling"}));
    EXPECT_EQ(s.find("out")->inputs, (std::vector<std::string>{"flat"}));
    ASSERT_EQ(nested.size(), 2u);
    EXPECT_EQ(nested[0].name, "augment");
    EXPECT_EQ(namesOf(nested[0], false), (std::vector<std::string>{"rescaling"}));
    EXPECT_EQ(nested[1].name, "features");
    EXPECT_EQ(namesOf(nested[1], false), (std::vector<std::string>{"conv", "pool", "flat"}));
    Model m(s);
    EXPECT_EQ(m.outputShape("flat").dims, (std::vector<int64_t>{12})); // 3 x 2 x 2

    // A Sequential whose first layer is a Functional backbone: the backbone's InputLayer becomes
    // the model's input.
    std::string first = backbone();
    first.replace(
        first.find(R"(, "inbound_nodes": [[["input_1")"),
        std::string(R"(, "inbound_nodes": [[["input_1", 0, 0, {"training": false}]]])").size(), "");
    const std::string seq =
        R"({"class_name": "Sequential", "config": {"name": "seq", "layers": [)" + first + ", " +
        layerJson("GlobalAveragePooling2D", "gap", "", "-") + ", " +
        layerJson("Dense", "dense", R"("units": 2)", "-") + "]}}";
    const ModelSpec q = parseKerasModelConfig(seq, kSource, nullptr, &nested);
    EXPECT_EQ(q.name, "seq");
    EXPECT_EQ(namesOf(q), (std::vector<std::string>{"input_2", "conv2d", "batch_normalization",
                                                    "re_lu", "gap", "dense"}));
    EXPECT_EQ(q.layers[0].kind, LayerKind::Input);
    EXPECT_EQ(q.find("gap")->inputs, (std::vector<std::string>{"re_lu"}));
    ASSERT_EQ(nested.size(), 1u);
    EXPECT_EQ(nested[0].name, "backbone");
    EXPECT_EQ(Model(q).numClasses(), 2);

    // Keras 2.2: list forms, the input shape on the nested Sequential's first layer.
    const std::string old =
        R"({"class_name": "Sequential", "config": [{"class_name": "Sequential", "config": [)" +
        layerJson("Conv2D", "conv",
                  R"("filters": 2, "kernel_size": 1, )"
                  R"("batch_input_shape": [null, 4, 4, 1])",
                  "-") +
        R"(], "name": "inner"}, )" + layerJson("Flatten", "flat", "", "-") + "]}";
    const ModelSpec o = parseKerasModelConfig(old, kSource, nullptr, &nested);
    EXPECT_EQ(namesOf(o), (std::vector<std::string>{"conv_input", "conv", "flat"}));
    EXPECT_EQ(o.layers[0].inputShape, (std::array<int, 3>{4, 4, 1}));
    EXPECT_EQ(Model(o).outputShape("flat").dims, (std::vector<int64_t>{32}));
}

TEST(KerasConfig, ModelsNestedTwoDeepGetPathNamesOnCollision) {
    // outer(input_a -> block(input_b -> conv2d) -> conv2d) -> conv2d -> flat -> dense: three
    // layers called conv2d.
    const std::string block =
        R"({"class_name": "Functional", "config": {"name": "block", "layers": [)" +
        layerJson("InputLayer", "input_b", R"("batch_input_shape": [null, 8, 6, 3])", "[]") + ", " +
        layerJson("Conv2D", "conv2d", R"("filters": 3, "kernel_size": 1)", node("input_b")) +
        R"(], "input_layers": [["input_b", 0, 0]], "output_layers": [["conv2d", 0, 0]]},)"
        R"( "name": "block", "inbound_nodes": [[["input_a", 0, 0, {}]]]})";
    const std::string outer =
        R"({"class_name": "Model", "config": {"name": "outer", "layers": [)" +
        layerJson("InputLayer", "input_a", R"("batch_input_shape": [null, 8, 6, 3])", "[]") + ", " +
        block + ", " +
        layerJson("Conv2D", "conv2d", R"("filters": 2, "kernel_size": 1)",
                  R"([[["block", 1, 0, {}]]])") +
        R"(], "input_layers": [["input_a", 0, 0]], "output_layers": [["conv2d", 0, 0]]},)"
        R"( "name": "outer", "inbound_nodes": [[["input", 0, 0, {}]]]})";
    const std::string json =
        R"({"class_name": "Functional", "config": {"name": "m", "layers": [)" + kInput + ", " +
        outer + ", " +
        layerJson("Conv2D", "conv2d", R"("filters": 1, "kernel_size": 1)",
                  R"([[["outer", 1, 0, {}]]])") +
        ", " + layerJson("Flatten", "flat", "", node("conv2d")) + ", " +
        layerJson("Dense", "dense", R"("units": 2)", node("flat")) +
        R"(], "input_layers": [["input", 0, 0]], "output_layers": [["dense", 0, 0]]}})";
    std::vector<KerasNestedModel> nested;
    const ModelSpec s = parseKerasModelConfig(json, kSource, nullptr, &nested);
    EXPECT_EQ(namesOf(s), (std::vector<std::string>{"input", "outer.block.conv2d", "outer.conv2d",
                                                    "conv2d", "flat", "dense"}));
    EXPECT_EQ(s.find("outer.block.conv2d")->filters, 3);
    EXPECT_EQ(s.find("outer.conv2d")->inputs, (std::vector<std::string>{"outer.block.conv2d"}));
    EXPECT_EQ(s.find("conv2d")->inputs, (std::vector<std::string>{"outer.conv2d"}));
    ASSERT_EQ(nested.size(), 1u) << "only the top-level nested model has a weights group";
    EXPECT_EQ(namesOf(nested[0], false),
              (std::vector<std::string>{"outer.block.conv2d", "outer.conv2d"}));
    EXPECT_EQ(namesOf(nested[0], true), (std::vector<std::string>{"conv2d", "conv2d"}));

    // An unsupported layer two levels down names both models.
    std::string lambda = json;
    lambda.replace(
        lambda.find(R"("class_name": "Conv2D", "config": {"name": "conv2d", "filters": 3)"),
        std::string(R"("class_name": "Conv2D")").size(), R"("class_name": "Lambda")");
    expectRefused(lambda, {"layer 'outer.block.conv2d' (Lambda) in nested model 'outer' > 'block'",
                           "unsupported layer class"});
}

TEST(KerasConfig, NestedModelsThatAreRefusedNameTheModelAndLayer) {
    // Shared: the backbone called twice.
    expectRefused(transferModel(backbone(R"([[["input_1", 0, 0, {}]], [["input_1", 0, 0, {}]]])")),
                  {"nested model 'backbone' (Functional)", "shared", "called 2 times"});
    // An unsupported inner layer.
    expectRefused(transferModel(backbone(R"([[["input_1", 0, 0, {}]]])", "Lambda")),
                  {"layer 're_lu' (Lambda) in nested model 'backbone'", "unsupported layer class"});
    // Several outputs, several inputs.
    std::string twoOut = backbone();
    twoOut.replace(twoOut.find(R"([["re_lu", 0, 0]])"), 17,
                   R"([["re_lu", 0, 0], ["conv2d", 0, 0]])");
    expectRefused(transferModel(twoOut), {"nested model 'backbone'", "2 outputs"});
    expectRefused(transferModel(backbone(R"([[["input_1", 0, 0, {}], ["input_1", 0, 0, {}]]])")),
                  {"nested model 'backbone'", "2 inputs"});
    // A call argument the runtime would not honour, and a second output read by a layer.
    expectRefused(transferModel(backbone(R"([[["input_1", 0, 0, {"mask": null}]]])")),
                  {"nested model 'backbone'", "mask"});
    expectRefused(transferModel(backbone(), R"([[["backbone", 1, 1, {}]]])"),
                  {"layer 'conv2d' (Conv2D)", "output 1", "backbone"});
    // An inner layer reading a layer the nested model does not have.
    std::string unknown = backbone();
    unknown.replace(unknown.find(R"([[["conv2d", 0, 0, {}]]])"), 24, node("nowhere"));
    expectRefused(
        transferModel(unknown),
        {"layer 'batch_normalization' (BatchNormalization) in nested model 'backbone'", "nowhere"});
    // A nested model without layers.
    expectRefused(functionalWith("Sequential", "\"layers\": []"),
                  {"nested model 'probe' (Sequential)", "non-empty"});
}

TEST(KerasConfig, NestedSequentialHeadCanBeTheOutput) {
    // backbone(conv2d) -> head (a Sequential: gap, a Dense also called conv2d) is the output.
    const std::string head =
        R"({"class_name": "Sequential", "config": {"name": "head", "layers": [)" +
        layerJson("GlobalAveragePooling2D", "gap", "", "-") + ", " +
        layerJson("Dense", "conv2d", R"("units": 3)", "-") +
        R"(]}, "name": "head", "inbound_nodes": [[["backbone", 1, 0, {}]]]})";
    std::string json = transferModel();
    const size_t conv =
        json.find(R"(, {"class_name": "Conv2D", "config": {"name": "conv2d", "filters": 2)");
    json = json.substr(0, conv) + ", " + head +
           R"(], "input_layers": [["input_1", 0, 0]], "output_layers": [["head", 0, 0]]}})";
    std::vector<KerasNestedModel> nested;
    const ModelSpec s = parseKerasModelConfig(json, kSource, nullptr, &nested);
    EXPECT_EQ(namesOf(s), (std::vector<std::string>{"input_1", "conv2d", "batch_normalization",
                                                    "re_lu", "gap", "head.conv2d"}));
    EXPECT_EQ(s.output, "head.conv2d");
    EXPECT_EQ(s.find("gap")->inputs, (std::vector<std::string>{"re_lu"}));
    ASSERT_EQ(nested.size(), 2u);
    EXPECT_EQ(namesOf(nested[1], true), (std::vector<std::string>{"gap", "conv2d"}));
    EXPECT_EQ(Model(s).numClasses(), 3);
}
