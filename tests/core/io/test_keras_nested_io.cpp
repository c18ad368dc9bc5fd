// Keras whole-model files with a model nested as a layer (a transfer-learning backbone): files
// written by the test in Keras 2's layout (one /model_weights group for the nested model, its
// weight_names naming the inner layers), compared with a hand-built flat model of the same
// weights, refused when they do not match, and saved back in the same layout.
#include "tests/core/error_expect.h"
#include "core/base/errors.h"
#include "core/io/hdf5_file.h"
#include "core/io/keras_io.h"
#include "core/nn/model.h"
#include "tests/core/hdf5_test_util.h"

#include <gtest/gtest.h>
#include <torch/types.h>
#include <torch/utils.h>

using namespace bdl::core;
using bdl::test::H5TestFile;
using bdl::test::TempDir;

namespace {

/// The backbone: input_2 -> conv2d (4 filters, 3x3 same) -> batch_normalization -> re_lu ->
/// conv2d_1 (2 filters, 1x1). SEQUENTIAL_CALL is empty when it is the first layer of a Sequential.
const char* const kNestedBackbone = R"({"class_name": "Functional", "config": {"name": "backbone",
 "layers": [
  {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 8, 8, 3],
   "dtype": "float32", "sparse": false, "ragged": false, "name": "input_2"},
   "name": "input_2", "inbound_nodes": []},
  {"class_name": "Conv2D", "config": {"name": "conv2d", "trainable": true, "filters": 4,
   "kernel_size": [3, 3], "strides": [1, 1], "padding": "same", "activation": "linear",
   "use_bias": true}, "name": "conv2d", "inbound_nodes": [[["input_2", 0, 0, {}]]]},
  {"class_name": "BatchNormalization", "config": {"name": "batch_normalization",
   "trainable": true, "axis": [3], "momentum": 0.99, "epsilon": 0.001, "center": true,
   "scale": true}, "name": "batch_normalization", "inbound_nodes": [[["conv2d", 0, 0, {}]]]},
  {"class_name": "ReLU", "config": {"name": "re_lu", "trainable": true}, "name": "re_lu",
   "inbound_nodes": [[["batch_normalization", 0, 0, {}]]]},
  {"class_name": "Conv2D", "config": {"name": "conv2d_1", "trainable": true, "filters": 2,
   "kernel_size": [1, 1], "padding": "valid", "activation": "linear", "use_bias": true},
   "name": "conv2d_1", "inbound_nodes": [[["re_lu", 0, 0, {}]]]}],
 "input_layers": [["input_2", 0, 0]], "output_layers": [["conv2d_1", 0, 0]]},
 "name": "backbone"CALL})";

/// Transfer learning as Keras 2.4 writes it: input_1 -> backbone(training=False) -> conv2d (a
/// name the backbone uses too) -> global_average_pooling2d -> dense; or, for `sequential`, a
/// Sequential [backbone, global_average_pooling2d, dense] without an InputLayer of its own.
std::string modelConfig(bool sequential) {
    std::string backbone = kNestedBackbone;
    backbone.replace(
        backbone.find("CALL"), 4,
        sequential ? "" : R"(, "inbound_nodes": [[["input_1", 0, 0, {"training": false}]]])");
    const std::string head =
        R"({"class_name": "GlobalAveragePooling2D", "config": {"name": "global_average_pooling2d",
   "data_format": "channels_last"}, "name": "global_average_pooling2d"INBOUND_GAP},
  {"class_name": "Dense", "config": {"name": "dense", "units": 3, "activation": "softmax",
   "use_bias": true}, "name": "dense"INBOUND_DENSE})";
    std::string h = head;
    if (sequential) {
        h.replace(h.find("INBOUND_GAP"), 11, "");
        h.replace(h.find("INBOUND_DENSE"), 13, "");
        return R"({"class_name": "Sequential", "config": {"name": "sequential", "layers": [)" +
               backbone + ", " + h + "]}}";
    }
    h.replace(h.find("INBOUND_GAP"), 11, R"(, "inbound_nodes": [[["conv2d", 0, 0, {}]]])");
    h.replace(h.find("INBOUND_DENSE"), 13,
              R"(, "inbound_nodes": [[["global_average_pooling2d", 0, 0, {}]]])");
    return R"({"class_name": "Functional", "config": {"name": "transfer", "layers": [
  {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 8, 8, 3],
   "name": "input_1"}, "name": "input_1", "inbound_nodes": []}, )" +
           backbone + R"(,
  {"class_name": "Conv2D", "config": {"name": "conv2d", "filters": 3, "kernel_size": [1, 1],
   "activation": "relu"}, "name": "conv2d", "inbound_nodes": [[["backbone", 1, 0, {}]]]}, )" +
           h + R"(], "input_layers": [["input_1", 0, 0]], "output_layers": [["dense", 0, 0]]},
 "keras_version": "2.4.0", "backend": "tensorflow"})";
}

/// The same graph built by hand, flat: the names the inlined layers get.
ModelSpec flatSpec(bool sequential) {
    ModelSpec s;
    s.name = "flat";
    LayerSpec in = makeLayer("in", LayerKind::Input, {});
    in.inputShape = {8, 8, 3};
    const std::string conv = sequential ? "conv2d" : "backbone.conv2d";
    LayerSpec c = makeLayer(conv, LayerKind::Conv2D, {"in"});
    c.filters = 4;
    c.kernel = {3, 3};
    c.samePadding = true;
    LayerSpec bn = makeLayer("batch_normalization", LayerKind::BatchNormalization, {conv});
    bn.axis = 3;
    LayerSpec relu = makeLayer("re_lu", LayerKind::ReLU, {"batch_normalization"});
    LayerSpec c1 = makeLayer("conv2d_1", LayerKind::Conv2D, {"re_lu"});
    c1.filters = 2;
    s.layers = {in, c, bn, relu, c1};
    std::string last = "conv2d_1";
    if (!sequential) {
        LayerSpec head = makeLayer("conv2d", LayerKind::Conv2D, {"conv2d_1"});
        head.filters = 3;
        head.activation = ActivationKind::Relu;
        s.layers.push_back(head);
        last = "conv2d";
    }
    s.layers.push_back(
        makeLayer("global_average_pooling2d", LayerKind::GlobalAveragePooling2D, {last}));
    LayerSpec dense = makeLayer("dense", LayerKind::Dense, {"global_average_pooling2d"});
    dense.units = 3;
    dense.activation = ActivationKind::Softmax;
    s.layers.push_back(dense);
    s.output = "dense";
    return s;
}

/// The reference weights: seeded kernels, and biases and batch-norm statistics that are not the
/// initial zeros and ones, so a weight read into the wrong place shows.
Model referenceModel(bool sequential) {
    Model m(flatSpec(sequential));
    m.initialize(/*seed=*/11);
    for (const auto& layer : m.weightedLayers()) {
        auto w = m.kerasWeights(layer);
        const bool bn = w.size() == 4; // gamma, beta, moving_mean, moving_variance
        for (size_t i = bn ? 0 : 1; i < w.size(); ++i) {
            const auto wave = torch::sin(torch::arange(w[i].numel(), torch::kFloat32) + float(i));
            w[i] = i == 0 || i == 3 ? 1.0f + 0.3f * wave.abs() : 0.2f * wave; // gamma, var > 0
        }
        m.setKerasWeights(layer, w);
    }
    return m;
}

std::vector<float> nestedValues(const torch::Tensor& t) {
    auto c = t.to(torch::kFloat32).contiguous();
    return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

std::vector<hsize_t> nestedDims(const torch::Tensor& t) {
    return std::vector<hsize_t>(t.sizes().begin(), t.sizes().end());
}

/// One weight of the backbone group: the inner layer's Keras name, the reference layer, the index.
struct BackboneWeight {
    std::string keras;
    std::string ref;
    size_t index;
};

/// The backbone's weights in Keras's legacy order (what model.save writes): the trainable ones
/// layer by layer, then the batch-norm moving statistics.
std::vector<BackboneWeight> kerasOrder(bool sequential) {
    const std::string conv = sequential ? "conv2d" : "backbone.conv2d";
    const std::string bn = "batch_normalization";
    return {{"conv2d", conv, 0},         {"conv2d", conv, 1},         {bn, bn, 0}, {bn, bn, 1},
            {"conv2d_1", "conv2d_1", 0}, {"conv2d_1", "conv2d_1", 1}, {bn, bn, 2}, {bn, bn, 3}};
}

/// The Keras weight_names of the backbone group for a layout prefix ("backbone/" for a model
/// whose variables were made in its own name scope).
std::vector<std::string> backboneNames(bool sequential, const std::string& prefix = "") {
    const Model ref = referenceModel(sequential);
    std::vector<std::string> out;
    for (const auto& w : kerasOrder(sequential))
        out.push_back(prefix + w.keras + "/" + ref.weightNames(w.ref)[w.index]);
    return out;
}

struct NestedFile {
    bool sequential = false;    ///< the Sequential [backbone, gap, dense] instead of transfer
    std::string prefix;         ///< before every backbone weight name
    bool uniquified = false;    ///< names of no layer ("conv2d_7/..."): Keras's order decides
    bool perLayerOrder = false; ///< names in layer order instead of Keras's: names decide
    std::string wrongShape;     ///< inner layer whose kernel is written with its dimensions swapped
    bool dropOne = false;       ///< the backbone's weight_names lack its last weight
    bool omitBackbone = false;  ///< layer_names without the backbone
};

void writeNestedFile(const std::string& path, const Model& ref, const NestedFile& o) {
    H5TestFile f(path);
    f.stringAttr("/", "model_config", modelConfig(o.sequential));
    f.stringAttr("/", "training_config", "{\"loss\": \"categorical_crossentropy\"}");
    f.stringAttr("/", "keras_version", "2.4.0");
    f.stringAttr("/", "backend", "tensorflow");
    const std::string root = "/model_weights";
    f.group(root);
    std::vector<std::string> layers = {"backbone", "global_average_pooling2d", "dense"};
    if (!o.sequential)
        layers = {"input_1", "backbone", "conv2d", "global_average_pooling2d", "dense"};
    std::vector<std::string> listed;
    for (const auto& l : layers)
        if (!(o.omitBackbone && l == "backbone"))
            listed.push_back(l);
    f.stringArrayAttr(root, "layer_names", listed, true);
    f.stringAttr(root, "backend", "tensorflow");
    f.stringAttr(root, "keras_version", "2.4.0");
    for (const auto& layer : layers) {
        const std::string group = root + "/" + layer;
        f.group(group);
        if (layer == "backbone") {
            auto order = kerasOrder(o.sequential);
            if (o.perLayerOrder) // conv2d, batch_normalization (all four), conv2d_1
                order = {order[0], order[1], order[2], order[3],
                         order[6], order[7], order[4], order[5]};
            std::vector<std::string> names;
            for (const auto& w : order) {
                const std::string owner = o.uniquified ? w.keras + "_7" : w.keras;
                names.push_back(o.prefix + owner + "/" + ref.weightNames(w.ref)[w.index]);
                torch::Tensor t = ref.kerasWeights(w.ref)[w.index];
                if (w.index == 0 && w.keras == o.wrongShape)
                    t = t.transpose(2, 3).contiguous();
                f.floatDataset(group + "/" + names.back(), nestedDims(t), nestedValues(t));
            }
            if (o.dropOne)
                names.pop_back();
            f.stringArrayAttr(group, "weight_names", names, true);
        } else if (layer == "conv2d" || layer == "dense") {
            std::vector<std::string> names;
            const auto tensors = ref.kerasWeights(layer);
            for (size_t i = 0; i < tensors.size(); ++i) {
                names.push_back(layer + "/" + ref.weightNames(layer)[i]);
                f.floatDataset(group + "/" + names.back(), nestedDims(tensors[i]),
                               nestedValues(tensors[i]));
            }
            f.stringArrayAttr(group, "weight_names", names, true);
        } else {
            f.emptyFloat64Attr(group, "weight_names");
        }
    }
}

torch::Tensor images() {
    torch::manual_seed(5);
    return torch::rand({6, 3, 8, 8}) * 255;
}

float maxDifference(const torch::Tensor& a, const torch::Tensor& b) {
    return (a - b).abs().max().item<float>();
}

/// Every weight of `ref` equals the loaded model's layer of the same name.
void expectWeightsOf(const Model& ref, const Model& loaded) {
    ASSERT_EQ(ref.weightedLayers(), loaded.weightedLayers());
    for (const auto& layer : ref.weightedLayers()) {
        const auto a = ref.kerasWeights(layer);
        const auto b = loaded.kerasWeights(layer);
        ASSERT_EQ(a.size(), b.size()) << layer;
        for (size_t i = 0; i < a.size(); ++i)
            EXPECT_TRUE(torch::equal(a[i], b[i])) << layer << " weight " << i;
    }
}

} // namespace

TEST(KerasNestedIo, BackboneFileComputesWhatTheFlatModelComputes) {
    TempDir dir;
    const Model ref = referenceModel(false);
    struct Case {
        const char* what;
        NestedFile file;
    };
    std::vector<Case> cases = {{"Keras 2.4 names", {}},
                               {"scoped names", {}},
                               {"uniquified names", {}},
                               {"names in layer order", {}}};
    cases[1].file.prefix = "backbone/";
    cases[2].file.uniquified = true;
    cases[3].file.perLayerOrder = true;
    for (const auto& c : cases) {
        SCOPED_TRACE(c.what);
        const std::string path = dir.file("transfer.h5");
        writeNestedFile(path, ref, c.file);
        const LoadedModel m = loadKerasModel(path);
        EXPECT_EQ(m.format, ModelFormat::WholeModel);
        EXPECT_EQ(m.architecture, "transfer");
        EXPECT_EQ(m.layerNames, (std::vector<std::string>{"input_1", "backbone", "conv2d",
                                                          "global_average_pooling2d", "dense"}));
        EXPECT_EQ(m.weightNames.at("backbone").size(), 8u);
        expectWeightsOf(ref, m.model);
        EXPECT_LE(maxDifference(m.model.logits(images()), ref.logits(images())), 1e-6f);
    }
}

TEST(KerasNestedIo, SequentialStartingWithABackboneLoads) {
    TempDir dir;
    const Model ref = referenceModel(true);
    NestedFile seq;
    seq.sequential = true;
    writeNestedFile(dir.file("seq.h5"), ref, seq);
    const LoadedModel m = loadKerasModel(dir.file("seq.h5"));
    EXPECT_EQ(m.model.spec().layers.front().name, "input_2"); // the backbone's InputLayer
    EXPECT_EQ(m.model.inputShape(), (std::array<int, 3>{8, 8, 3}));
    expectWeightsOf(ref, m.model);
    EXPECT_LE(maxDifference(m.model.logits(images()), ref.logits(images())), 1e-6f);
    // Saved and read back: same layout (no input in layer_names, one backbone group).
    saveKerasWeights(m.model, dir.file("copy.h5"), &m);
    const LoadedModel back = loadKerasModel(dir.file("copy.h5"));
    EXPECT_EQ(back.layerNames, m.layerNames);
    EXPECT_EQ(back.weightNames, m.weightNames);
    expectWeightsOf(ref, back.model);
}

TEST(KerasNestedIo, MismatchedBackboneWeightsAreRefusedNamingFileAndLayer) {
    TempDir dir;
    const Model ref = referenceModel(false);
    NestedFile shape;
    shape.wrongShape = "conv2d_1";
    writeNestedFile(dir.file("shape.h5"), ref, shape);
    EXPECT_ERROR_WITH(loadKerasModel(dir.file("shape.h5")), "shape.h5", "nested model 'backbone'",
                      "layer 'conv2d_1'", "kernel:0", "(1, 1, 2, 4)", "expected (1, 1, 4, 2)");
    NestedFile count;
    count.dropOne = true;
    writeNestedFile(dir.file("count.h5"), ref, count);
    EXPECT_ERROR_WITH(loadKerasModel(dir.file("count.h5")), "count.h5", "nested model 'backbone'",
                      "the file has 7 weights", "expect 8", "batch_normalization 4");
    NestedFile missing;
    missing.omitBackbone = true;
    writeNestedFile(dir.file("missing.h5"), ref, missing);
    EXPECT_ERROR_WITH(loadKerasModel(dir.file("missing.h5")), "missing.h5",
                      "missing layer(s) backbone");
    // A weight listed but not stored.
    writeNestedFile(dir.file("gone.h5"), ref, NestedFile{});
    {
        H5TestFile f(dir.file("gone.h5"), H5TestFile::Modify{});
        ASSERT_GE(H5Ldelete(f.id(), "/model_weights/backbone/conv2d_1/bias:0", H5P_DEFAULT), 0);
    }
    EXPECT_ERROR_WITH(loadKerasModel(dir.file("gone.h5")), "gone.h5", "nested model 'backbone'",
                      "conv2d_1/bias:0");
}

TEST(KerasNestedIo, SavingKeepsTheNestedLayoutAndRoundTrips) {
    TempDir dir;
    const Model ref = referenceModel(false);
    for (const std::string prefix : {"", "backbone/"}) {
        SCOPED_TRACE("prefix '" + prefix + "'");
        NestedFile o;
        o.prefix = prefix;
        writeNestedFile(dir.file("in.h5"), ref, o);
        const LoadedModel m = loadKerasModel(dir.file("in.h5"));
        // B': the backbone's first convolution fine-tuned (doubled) and its last one pruned.
        Model tuned = m.model;
        auto conv = tuned.kerasWeights("backbone.conv2d");
        conv[0] = conv[0] * 2;
        tuned.setKerasWeights("backbone.conv2d", conv);
        auto mask = torch::ones({2});
        mask[1] = 0;
        tuned.setChannelMask("conv2d_1", mask);
        saveKerasWeights(tuned, dir.file("out.h5"), &m);

        const LoadedModel back = loadKerasModel(dir.file("out.h5"));
        EXPECT_EQ(back.rootAttributes, m.rootAttributes);
        EXPECT_EQ(back.layerNames, m.layerNames);
        EXPECT_EQ(back.weightNames, m.weightNames);
        EXPECT_EQ(back.weightNames.at("backbone"), backboneNames(false, prefix));
        EXPECT_LE(maxDifference(back.model.logits(images()), tuned.logits(images())), 1e-6f);
        EXPECT_TRUE(torch::equal(back.model.kerasWeights("backbone.conv2d")[0], conv[0]));
        EXPECT_TRUE(back.model.kerasWeights("conv2d_1")[1][1].item<float>() == 0.0f);

        // The raw file: one group for the backbone, its datasets where Keras reads them.
        const Hdf5Reader r(dir.file("out.h5"));
        const std::string group = "/model_weights/backbone/" + prefix;
        EXPECT_EQ(r.readStringArrayAttribute("/model_weights/backbone", "weight_names"),
                  backboneNames(false, prefix));
        EXPECT_TRUE(torch::equal(r.readDataset(group + "conv2d/kernel:0"), conv[0]));
        EXPECT_TRUE(torch::equal(r.readDataset(group + "batch_normalization/moving_variance:0"),
                                 ref.kerasWeights("batch_normalization")[3]));
        EXPECT_FALSE(r.isGroup("/model_weights/backbone.conv2d"));
        EXPECT_FALSE(r.isGroup("/model_weights/batch_normalization"));
        EXPECT_EQ(r.readStringArrayAttribute("/model_weights", "layer_names"), m.layerNames);
    }
    // Without the source's names (a layout made elsewhere) Keras's own names and order are
    // written: the same list Keras 2.4 writes.
    writeNestedFile(dir.file("in.h5"), ref, NestedFile{});
    LoadedModel m = loadKerasModel(dir.file("in.h5"));
    m.weightNames.erase("backbone");
    saveKerasWeights(m.model, dir.file("fresh.h5"), &m);
    const Hdf5Reader r(dir.file("fresh.h5"));
    EXPECT_EQ(r.readStringArrayAttribute("/model_weights/backbone", "weight_names"),
              backboneNames(false));
    expectWeightsOf(ref, loadKerasModel(dir.file("fresh.h5")).model);
}
