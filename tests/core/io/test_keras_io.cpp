// Keras .h5 reading and writing: the HDF5 wrapper, files written by the tests (valid and
// hostile), and the real CSAW-HackML models when ../shared is present.
#include "tests/core/error_expect.h"
#include "core/nn/architectures.h"
#include "core/base/errors.h"
#include "core/io/hdf5_file.h"
#include "core/io/keras_io.h"
#include "core/nn/model.h"
#include "tests/core/hdf5_test_util.h"

#include <gtest/gtest.h>
#include <torch/types.h>
#include <torch/utils.h>

#include <filesystem>

using namespace bdl::core;
using bdl::test::H5TestFile;
using bdl::test::TempDir;

using bdl::test::errorOf;

namespace {

std::vector<float> values(const torch::Tensor& t) {
    auto c = t.to(torch::kFloat32).contiguous();
    return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

std::vector<hsize_t> dimsOf(const torch::Tensor& t) {
    return std::vector<hsize_t>(t.sizes().begin(), t.sizes().end());
}

/// What to break in a weights-only csaw-badnet file written with the raw HDF5 API.
struct BadnetFile {
    bool layerNames = true;
    std::string skipLayer;       ///< left out of the file entirely
    std::string extraLayer;      ///< an extra weighted layer the architecture lacks
    std::string wrongShape;      ///< kernel transposed
    std::string nanIn;           ///< one NaN in the kernel
    std::string stringKernel;    ///< kernel stored as strings
    std::string hugeKernel;      ///< kernel declared (2^20)^2 x 16 x 16, chunked, never written
    std::string unwrittenKernel; ///< kernel of the right shape but never written
    std::string onlyKernel;      ///< weight_names lists the kernel only
    bool variableStrings = false;
};

/// The reference weights every test file is written from.
const Model& referenceKerasBadnet() {
    static const Model m = [] {
        Model r(csawBadnetSpec());
        r.initialize(/*seed=*/7);
        // initialize() zeroes the biases; give them distinct values so they are tested too.
        for (const auto& layer : r.weightedLayers()) {
            auto w = r.kerasWeights(layer);
            w[1] = torch::sin(torch::arange(w[1].numel(), torch::kFloat32)) * 0.05f;
            r.setKerasWeights(layer, w);
        }
        return r;
    }();
    return m;
}

void writeBadnet(const std::string& path, const BadnetFile& o) {
    const Model& ref = referenceKerasBadnet();
    H5TestFile f(path);
    std::vector<std::string> names;
    for (const auto& l : ref.spec().layers)
        if (l.name != o.skipLayer)
            names.push_back(l.name);
    if (!o.extraLayer.empty())
        names.push_back(o.extraLayer);
    f.stringAttr("/", "backend", "tensorflow");
    f.stringAttr("/", "keras_version", "2.2.4");
    if (o.layerNames)
        f.stringArrayAttr("/", "layer_names", names, o.variableStrings);
    for (const auto& layer : names) {
        f.group("/" + layer);
        std::vector<std::string> wn;
        std::vector<torch::Tensor> ws;
        if (layer == o.extraLayer) {
            wn = {layer + "/kernel:0"};
            ws = {torch::ones({2, 2})};
        } else {
            for (const auto& n : ref.weightNames(layer))
                wn.push_back(layer + "/" + n);
            ws = ref.kerasWeights(layer);
        }
        if (layer == o.onlyKernel)
            wn.resize(1);
        if (wn.empty()) {
            f.emptyFloat64Attr("/" + layer, "weight_names");
            continue;
        }
        f.stringArrayAttr("/" + layer, "weight_names", wn, o.variableStrings);
        for (size_t i = 0; i < wn.size(); ++i) {
            const std::string ds = "/" + layer + "/" + wn[i];
            torch::Tensor w = ws[i];
            const bool kernel = i == 0;
            if (kernel && layer == o.wrongShape)
                w = w.reshape({-1}).flip(0).reshape({w.numel() / w.size(0), w.size(0)});
            if (kernel && layer == o.nanIn) {
                w = w.clone();
                w.view({-1})[3] = std::nanf("");
            }
            if (kernel && layer == o.stringKernel)
                f.stringDataset(ds, {"1.0", "2.0"});
            else if (kernel && layer == o.hugeKernel)
                f.dataset(ds, {1u << 20, 1u << 20, 16, 16}, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT,
                          nullptr, {H5S_UNLIMITED, H5S_UNLIMITED, 16, 16}, {1, 1, 16, 16});
            else if (kernel && layer == o.unwrittenKernel)
                f.dataset(ds, dimsOf(w), H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, nullptr);
            else
                f.floatDataset(ds, dimsOf(w), values(w));
        }
    }
}

void expectSameWeights(const Model& a, const Model& b) {
    ASSERT_EQ(a.weightedLayers(), b.weightedLayers());
    for (const auto& layer : a.weightedLayers()) {
        auto wa = a.kerasWeights(layer);
        auto wb = b.kerasWeights(layer);
        ASSERT_EQ(wa.size(), wb.size()) << layer;
        for (size_t i = 0; i < wa.size(); ++i)
            EXPECT_TRUE(torch::equal(wa[i], wb[i])) << layer << " weight " << i;
    }
}

} // namespace

// ---- the HDF5 wrapper ---------------------------------------------------------------------

TEST(Hdf5File, ReadsStringAttributesOfEveryStorage) {
    TempDir dir;
    const std::string path = dir.file("attrs.h5");
    {
        H5TestFile f(path);
        f.group("/g");
        f.stringAttr("/", "var", "tensorflow", true);
        f.stringAttr("/", "fixed", "2.2.4", false);
        f.stringArrayAttr("/g", "fixedList", {"conv_1/kernel:0", "b"}, false);
        f.stringArrayAttr("/g", "varList", {"x", "", "yz"}, true);
        f.emptyFloat64Attr("/g", "none");
        f.float64ArrayAttr("/g", "numbers", {1.0, 2.0});
    }
    Hdf5Reader r(path);
    EXPECT_EQ(r.readStringAttribute("/", "var"), "tensorflow");
    EXPECT_EQ(r.readStringAttribute("/", "fixed"), "2.2.4");
    // Fixed-length strings filling their whole width keep their last character.
    EXPECT_EQ(r.readStringArrayAttribute("/g", "fixedList"),
              (std::vector<std::string>{"conv_1/kernel:0", "b"}));
    EXPECT_EQ(r.readStringArrayAttribute("/g", "varList"),
              (std::vector<std::string>{"x", "", "yz"}));
    EXPECT_TRUE(r.readStringArrayAttribute("/g", "none").empty());
    EXPECT_ERROR_WITH(r.readStringArrayAttribute("/g", "numbers"), "attrs.h5", "not a string");
    EXPECT_ERROR_WITH(r.readStringAttribute("/g", "varList"), "attrs.h5", "one string");
    EXPECT_ERROR_WITH(r.readStringAttribute("/g", "absent"), "attrs.h5", "missing", "absent");
    EXPECT_TRUE(r.isGroup("/g"));
    EXPECT_FALSE(r.exists("/g/h/i"));
    EXPECT_EQ(r.members("/"), (std::vector<std::string>{"g"}));
}

TEST(Hdf5File, ReadsNumericDatasetsIntoRequestedDtypes) {
    TempDir dir;
    const std::string path = dir.file("data.h5");
    {
        H5TestFile f(path);
        f.uint8Dataset("/data", {2, 1, 2, 3}, {0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255});
        f.int64Dataset("/label", {4}, {5, -1, 1282, 0});
        f.doubleDataset("/d", {2}, {0.25, -1.5});
        f.floatDataset("/empty", {0, 3}, {});
    }
    Hdf5Reader r(path);
    auto data = r.readDataset("/data");
    EXPECT_EQ(data.scalar_type(), torch::kFloat32);
    EXPECT_EQ(data.sizes(), (std::vector<int64_t>{2, 1, 2, 3}));
    EXPECT_FLOAT_EQ(data[1][0][1][2].item<float>(), 255.0f);
    auto labels = r.readDataset("/label", torch::kInt64);
    EXPECT_EQ(labels.scalar_type(), torch::kInt64);
    EXPECT_EQ(labels[1].item<int64_t>(), -1);
    EXPECT_EQ(labels[2].item<int64_t>(), 1282);
    EXPECT_DOUBLE_EQ(r.readDataset("/d", torch::kFloat64)[1].item<double>(), -1.5);
    auto rows = r.readDatasetRows("/data", 1, 1, torch::kUInt8);
    EXPECT_EQ(rows.sizes(), (std::vector<int64_t>{1, 1, 2, 3}));
    EXPECT_EQ(rows[0][0][0][0].item<uint8_t>(), 250);
    EXPECT_ERROR_WITH(r.readDatasetRows("/data", 1, 2), "data.h5", "out of range");
    EXPECT_EQ(r.datasetShape("/empty"), (std::vector<int64_t>{0, 3}));
    EXPECT_EQ(r.readDataset("/empty", torch::kFloat32, /*allowEmpty=*/true).numel(), 0);
    EXPECT_ERROR_WITH(r.readDataset("/empty"), "data.h5", "empty", "/empty");
    EXPECT_ERROR_WITH(r.readDataset("/nothing"), "data.h5", "missing", "/nothing");
}

TEST(Hdf5File, RefusesHostileDatasetsBeforeAllocating) {
    TempDir dir;
    const std::string path = dir.file("hostile.h5");
    {
        H5TestFile f(path);
        f.dataset("/huge", {1u << 20, 1u << 20, 64}, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, nullptr,
                  {H5S_UNLIMITED, H5S_UNLIMITED, 64}, {1, 1, 64});
        f.dataset("/unwritten", {1000, 1000, 100}, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, nullptr);
        // 2 GiB chunks (HDF5 allows up to 4 GiB), although the whole is under the limits.
        f.dataset("/bigchunk", {1u << 14, 1u << 14}, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, nullptr, {},
                  {1u << 14, 1u << 14});
        std::vector<hsize_t> rank9(9, 1);
        float one = 1.0f;
        f.dataset("/rank9", rank9, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, &one);
        f.stringDataset("/strings", {"a", "b"});
        // Links and storage that point outside the file.
        f.floatDataset("/real", {2}, {1.0f, 2.0f});
        H5Lcreate_external(dir.file("elsewhere.h5").c_str(), "/real", f.id(), "/ext", H5P_DEFAULT,
                           H5P_DEFAULT);
        hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
        H5Pset_external(dcpl, "/etc/hostname", 0, 16);
        hsize_t four = 4;
        hid_t space = H5Screate_simple(1, &four, nullptr);
        H5Dclose(
            H5Dcreate2(f.id(), "/external", H5T_IEEE_F32LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT));
        H5Sclose(space);
        H5Pclose(dcpl);
    }
    {
        H5TestFile other(dir.file("elsewhere.h5"));
        other.floatDataset("/real", {2}, {3.0f, 4.0f});
    }
    Hdf5Reader r(path);
    EXPECT_FALSE(r.exists("/ext")) << "external links must not be followed";
    EXPECT_ERROR_WITH(r.readDataset("/ext"), "hostile.h5", "missing");
    EXPECT_ERROR_WITH(r.readDataset("/external"), "hostile.h5", "other files");
    EXPECT_EQ(r.readDataset("/real")[1].item<float>(), 2.0f);
    EXPECT_ERROR_WITH(r.readDataset("/huge"), "hostile.h5", "too large", "/huge");
    EXPECT_ERROR_WITH(r.readDataset("/unwritten"), "hostile.h5", "no stored data");
    EXPECT_ERROR_WITH(r.readDataset("/bigchunk"), "hostile.h5", "chunk");
    EXPECT_ERROR_WITH(r.readDataset("/rank9"), "hostile.h5", "rank");
    EXPECT_ERROR_WITH(r.readDataset("/strings"), "hostile.h5", "not numeric");
    Hdf5Limits tight;
    tight.maxElements = 10;
    Hdf5Reader small(path, tight);
    EXPECT_ERROR_WITH(small.readDataset("/unwritten"), "too large");
}

TEST(Hdf5File, WriterIsAtomicAndRoundTrips) {
    TempDir dir;
    const std::string path = dir.file("out.h5");
    {
        Hdf5Writer w(path);
        w.writeDataset("/a/b/data", torch::arange(24, torch::kUInt8).reshape({2, 3, 4}));
        w.writeDataset("/labels", torch::tensor({3, -1}, torch::kInt64),
                       Hdf5DatasetOptions{/*gzipLevel=*/4, /*chunkRows=*/1});
        w.writeStringAttribute("/", "v", "x");
        w.writeStringAttribute("/a", "f", "fixed", Hdf5StringStorage::Fixed);
        w.writeStringArrayAttribute("/a/b", "names", {"ab", "c"});
        w.writeStringArrayAttribute("/a/b", "none", {});
        EXPECT_FALSE(std::filesystem::exists(path)) << "visible before commit";
        w.commit();
    }
    Hdf5Reader r(path);
    EXPECT_TRUE(torch::equal(r.readDataset("/a/b/data", torch::kUInt8),
                             torch::arange(24, torch::kUInt8).reshape({2, 3, 4})));
    EXPECT_TRUE(torch::equal(r.readDataset("/labels", torch::kInt64),
                             torch::tensor({3, -1}, torch::kInt64)));
    EXPECT_EQ(r.readStringAttribute("/", "v"), "x");
    EXPECT_EQ(r.readStringAttribute("/a", "f"), "fixed");
    EXPECT_EQ(r.readStringArrayAttribute("/a/b", "names"), (std::vector<std::string>{"ab", "c"}));
    EXPECT_TRUE(r.readStringArrayAttribute("/a/b", "none").empty());
    {
        Hdf5Writer abandoned(dir.file("never.h5"));
        abandoned.writeDataset("/x", torch::zeros({3}));
    }
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()),
                            std::filesystem::directory_iterator()),
              1)
        << "an uncommitted writer must leave nothing behind";
    EXPECT_ERROR_WITH(Hdf5Writer(dir.file("no/such/dir/x.h5")), "x.h5", "cannot create");
}

TEST(Hdf5File, OpenErrorsNameTheFile) {
    TempDir dir;
    EXPECT_ERROR_WITH(Hdf5Reader(dir.file("absent.h5")), "absent.h5", "cannot open");
    bdl::test::writeBytes(dir.file("text.h5"), "this is not HDF5 at all");
    EXPECT_ERROR_WITH(Hdf5Reader(dir.file("text.h5")), "text.h5", "not an HDF5 file");
    EXPECT_ERROR_WITH(Hdf5Reader(dir.path()), "not a regular file");
}

// ---- Keras files written by the tests ------------------------------------------------------

TEST(KerasIo, LoadsWeightsOnlyFileOfEitherStringStorage) {
    TempDir dir;
    for (bool variable : {false, true}) {
        BadnetFile o;
        o.variableStrings = variable;
        const std::string path = dir.file(variable ? "var.h5" : "fixed.h5");
        writeBadnet(path, o);
        LoadedModel m = loadKerasModel(path);
        EXPECT_EQ(m.format, ModelFormat::WeightsOnly);
        EXPECT_EQ(m.architecture, "csaw-badnet");
        EXPECT_EQ(m.source, path);
        EXPECT_EQ(m.rootAttributes.at("keras_version"), "2.2.4");
        EXPECT_EQ(m.layerNames.size(), 15u);
        EXPECT_EQ(m.weightNames.at("fc_1"),
                  (std::vector<std::string>{"fc_1/kernel:0", "fc_1/bias:0"}));
        expectSameWeights(m.model, referenceKerasBadnet());
    }
}

TEST(KerasIo, HostileWeightsOnlyFilesGiveErrors) {
    TempDir dir;
    auto check = [&](const std::string& name, BadnetFile o, std::vector<std::string> words) {
        const std::string path = dir.file(name);
        writeBadnet(path, o);
        const std::string msg = errorOf([&] { loadKerasModel(path); });
        words.push_back(name);
        for (const auto& w : words)
            EXPECT_NE(msg.find(w), std::string::npos) << "'" << w << "' not in: " << msg;
    };
    BadnetFile o;
    o.layerNames = false;
    check("no_layer_names.h5", o, {"not a Keras model file", "layer_names"});
    o = {};
    o.skipLayer = "conv_2";
    check("missing_layer.h5", o, {"missing layer(s) conv_2"});
    o = {};
    o.extraLayer = "conv_9";
    check("extra_layer.h5", o, {"unexpected layer(s) conv_9"});
    o = {};
    o.wrongShape = "conv_3";
    check("wrong_shape.h5", o, {"conv_3", "shape"});
    o = {};
    o.nanIn = "fc_2";
    check("nan.h5", o, {"fc_2", "NaN"});
    o = {};
    o.stringKernel = "conv_1";
    check("string_kernel.h5", o, {"conv_1", "not numeric"});
    o = {};
    o.hugeKernel = "output";
    check("huge.h5", o, {"output", "too large"});
    o = {};
    o.unwrittenKernel = "conv_4";
    check("unwritten.h5", o, {"conv_4", "no stored data"});
    o = {};
    o.onlyKernel = "fc_1";
    check("one_weight.h5", o, {"fc_1", "1 weights", "expects 2"});
}

TEST(KerasIo, NonHdf5AndTruncatedFilesGiveErrors) {
    TempDir dir;
    bdl::test::writeBytes(dir.file("fake.h5"), std::string(4096, 'x'));
    EXPECT_ERROR_WITH(loadKerasModel(dir.file("fake.h5")), "fake.h5", "HDF5");
    EXPECT_ERROR_WITH(loadKerasModel(dir.file("gone.h5")), "gone.h5");
    writeBadnet(dir.file("full.h5"), {});
    const std::string bytes = bdl::test::readBytes(dir.file("full.h5"));
    for (size_t keep : {size_t(1000), bytes.size() / 2, bytes.size() - 100}) {
        bdl::test::writeBytes(dir.file("cut.h5"), bytes.substr(0, keep));
        EXPECT_ERROR_WITH(loadKerasModel(dir.file("cut.h5")), "cut.h5");
    }
    EXPECT_ERROR_WITH(loadKerasModel(dir.file("full.h5"), "resnet"), "unknown architecture");
}

namespace {

const char* const kTinyConfig =
    R"({"class_name": "Functional", "config": {"name": "tiny", "layers": [
 {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4, 4, 1], "name": "in"},
  "name": "in", "inbound_nodes": []},
 {"class_name": "Conv2D", "config": {"name": "c", "filters": 2, "kernel_size": [2, 2],
  "activation": "relu", "padding": "same"}, "name": "c", "inbound_nodes": [[["in", 0, 0, {}]]]},
 {"class_name": "LAYER", "config": {"name": "x"}, "name": "x",
  "inbound_nodes": [[["c", 0, 0, {}]]]},
 {"class_name": "Dense", "config": {"name": "out", "units": 3, "activation": "softmax"},
  "name": "out", "inbound_nodes": [[["x", 0, 0, {}]]]}],
 "input_layers": [["in", 0, 0]], "output_layers": [["out", 0, 0]]}})";

std::string tinyConfig(const std::string& cls) {
    std::string s = kTinyConfig;
    s.replace(s.find("LAYER"), 5, cls);
    return s;
}

/// A whole-model file with the tiny graph above (x = Flatten when valid).
void writeTinyWholeModel(const std::string& path, const std::string& config, bool weights = true,
                         float bias = 0.25f) {
    H5TestFile f(path);
    f.stringAttr("/", "model_config", config);
    f.stringAttr("/", "training_config", "{\"loss\": \"x\"}");
    f.stringAttr("/", "keras_version", "2.7.0");
    f.stringAttr("/", "backend", "tensorflow");
    if (!weights)
        return;
    f.group("/model_weights");
    f.stringArrayAttr("/model_weights", "layer_names", {"in", "c", "x", "out"}, true);
    for (const char* l : {"in", "x"}) {
        f.group(std::string("/model_weights/") + l);
        f.emptyFloat64Attr(std::string("/model_weights/") + l, "weight_names");
    }
    f.group("/model_weights/c");
    f.stringArrayAttr("/model_weights/c", "weight_names", {"c/kernel:0", "c/bias:0"}, true);
    std::vector<float> k(2 * 2 * 1 * 2);
    for (size_t i = 0; i < k.size(); ++i)
        k[i] = 0.1f * float(i) - 0.3f;
    f.floatDataset("/model_weights/c/c/kernel:0", {2, 2, 1, 2}, k);
    f.floatDataset("/model_weights/c/c/bias:0", {2}, {bias, -bias});
    f.group("/model_weights/out");
    f.stringArrayAttr("/model_weights/out", "weight_names", {"out/kernel:0", "out/bias:0"}, true);
    std::vector<float> d(32 * 3);
    for (size_t i = 0; i < d.size(); ++i)
        d[i] = 0.01f * float(int(i % 7) - 3);
    f.floatDataset("/model_weights/out/out/kernel:0", {32, 3}, d);
    f.floatDataset("/model_weights/out/out/bias:0", {3}, {0.0f, 0.1f, -0.1f});
}

} // namespace

TEST(KerasIo, WholeModelFileLoadsAndRoundTrips) {
    TempDir dir;
    const std::string path = dir.file("tiny.h5");
    writeTinyWholeModel(path, tinyConfig("Flatten"));
    LoadedModel m = loadKerasModel(path, "ignored-for-whole-models");
    EXPECT_EQ(m.format, ModelFormat::WholeModel);
    EXPECT_EQ(m.architecture, "tiny");
    EXPECT_EQ(m.model.numClasses(), 3);
    EXPECT_EQ(m.rootAttributes.at("training_config"), "{\"loss\": \"x\"}");
    EXPECT_FLOAT_EQ(m.model.kerasWeights("c")[1][0].item<float>(), 0.25f);

    const std::string copy = dir.file("copy.h5");
    saveKerasWeights(m.model, copy, &m);
    LoadedModel back = loadKerasModel(copy);
    EXPECT_EQ(back.format, ModelFormat::WholeModel);
    EXPECT_EQ(back.rootAttributes, m.rootAttributes);
    EXPECT_EQ(back.layerNames, m.layerNames);
    EXPECT_EQ(back.weightNames, m.weightNames);
    expectSameWeights(back.model, m.model);

    // A model of another architecture cannot borrow this file's model_config.
    ModelSpec otherSpec;
    otherSpec.layers.resize(3);
    otherSpec.layers[0].name = "in";
    otherSpec.layers[0].inputShape = {4, 4, 1};
    otherSpec.layers[1].name = "f";
    otherSpec.layers[1].kind = LayerKind::Flatten;
    otherSpec.layers[1].inputs = {"in"};
    otherSpec.layers[2].name = "dense";
    otherSpec.layers[2].kind = LayerKind::Dense;
    otherSpec.layers[2].units = 3;
    otherSpec.layers[2].inputs = {"f"};
    Model other(otherSpec);
    EXPECT_ERROR_WITH(saveKerasWeights(other, dir.file("bad.h5"), &m), "bad.h5", "model_config");
    EXPECT_FALSE(std::filesystem::exists(dir.file("bad.h5")));
}

TEST(KerasIo, HostileWholeModelFilesGiveErrors) {
    TempDir dir;
    writeTinyWholeModel(dir.file("lambda.h5"), tinyConfig("Lambda"));
    EXPECT_ERROR_WITH(loadKerasModel(dir.file("lambda.h5")), "lambda.h5", "'x'", "Lambda",
                      "unsupported");
    writeTinyWholeModel(dir.file("json.h5"), "{\"class_name\": \"Functional\", \"config\": [");
    EXPECT_ERROR_WITH(loadKerasModel(dir.file("json.h5")), "json.h5", "malformed");
    writeTinyWholeModel(dir.file("noweights.h5"), tinyConfig("Flatten"), /*weights=*/false);
    EXPECT_ERROR_WITH(loadKerasModel(dir.file("noweights.h5")), "noweights.h5", "missing weights");
    writeTinyWholeModel(dir.file("nan.h5"), tinyConfig("Flatten"), true, std::nanf(""));
    EXPECT_ERROR_WITH(loadKerasModel(dir.file("nan.h5")), "nan.h5", "'c'", "NaN");
    writeTinyWholeModel(dir.file("inf.h5"), tinyConfig("Flatten"), true, INFINITY);
    EXPECT_ERROR_WITH(loadKerasModel(dir.file("inf.h5")), "inf.h5", "'c'", "Inf");
}

TEST(KerasIo, SaveWritesWeightsOnlyLayoutAndRoundTrips) {
    TempDir dir;
    const std::string path = dir.file("saved.h5");
    saveKerasWeights(referenceKerasBadnet(), path);
    LoadedModel back = loadKerasModel(path);
    expectSameWeights(back.model, referenceKerasBadnet());
    Hdf5Reader r(path);
    EXPECT_EQ(r.readStringAttribute("/", "backend"), "tensorflow");
    EXPECT_EQ(r.readStringArrayAttribute("/", "layer_names").front(), "input");
    EXPECT_TRUE(r.readStringArrayAttribute("/pool_1", "weight_names").empty());
    EXPECT_EQ(r.datasetShape("/conv_1/conv_1/kernel:0"), (std::vector<int64_t>{4, 4, 3, 20}));
    EXPECT_EQ(r.datasetShape("/output/output/bias:0"), (std::vector<int64_t>{1283}));
    // Overwriting an existing file replaces it whole.
    saveKerasWeights(back.model, path, &back);
    expectSameWeights(loadKerasModel(path).model, referenceKerasBadnet());
    EXPECT_ERROR_WITH(saveKerasWeights(back.model, dir.file("missing/dir/x.h5")), "x.h5");
}

TEST(KerasIo, SavingBakesChannelMasks) {
    TempDir dir;
    Model pruned = referenceKerasBadnet();
    auto mask = torch::ones({60});
    mask.slice(0, 0, 30).zero_();
    pruned.setChannelMask("pool_3", mask);
    saveKerasWeights(pruned, dir.file("pruned.h5"));
    LoadedModel back = loadKerasModel(dir.file("pruned.h5"));
    auto prunedKernel = [](const Model& m) {
        return m.kerasWeights("conv_3")[0].slice(3, 0, 30).eq(0).all().item<bool>();
    };
    EXPECT_FALSE(prunedKernel(pruned)) << "the caller's model must be left unchanged";
    EXPECT_TRUE(prunedKernel(back.model));
    EXPECT_TRUE(back.model.kerasWeights("conv_3")[1].slice(0, 0, 30).eq(0).all().item<bool>());
    EXPECT_FALSE(back.model.channelMask("pool_3").defined());
    torch::manual_seed(3);
    auto images = torch::rand({4, 3, 55, 47}) * 255;
    EXPECT_TRUE(torch::allclose(back.model.probabilities(images), pruned.probabilities(images),
                                1e-5, 1e-6));
}
