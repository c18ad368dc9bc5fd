// bdl_fuzz_seeds OUTDIR [MODELS_DIR]: writes the seed corpora of the core fuzz targets into
// OUTDIR/<target>/, made by the writers the product itself uses (saveKerasWeights, saveCsawH5,
// cv::imencode, the import payload writers) so that the fuzzer starts from valid files. With
// MODELS_DIR (real Keras files), the model_config of every whole model found there is a
// keras_config seed too. scripts/fuzz.sh runs it; the real files themselves it copies.
#include "core/base/errors.h"
#include "core/io/data_io.h"
#include "core/io/import_format.h"
#include "core/io/keras_config.h"
#include "core/io/keras_io.h"
#include "core/io/torchscript_export.h"
#include "core/nn/architectures.h"
#include "core/nn/model.h"
#include "fuzz/fuzz_entries.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <torch/types.h>
#include <torch/utils.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace bdl;

namespace {

void writeFile(const fs::path& path, const std::string& bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), std::streamsize(bytes.size()));
    if (!out)
        throw core::Error(path.string(), "cannot write the seed");
}

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// ---- keras_config ------------------------------------------------------------------------------

/// Keras 2.2 Sequential, layer list, input shape on the first layer.
const char* const kSequentialList = R"({"class_name": "Sequential", "config": [
 {"class_name": "Conv2D", "config": {"name": "conv", "batch_input_shape": [null, 8, 6, 3],
  "filters": 4, "kernel_size": [3, 3], "strides": [1, 1], "padding": "same", "activation": "relu",
  "use_bias": true, "data_format": "channels_last", "dilation_rate": [1, 1]}},
 {"class_name": "MaxPooling2D", "config": {"name": "pool", "pool_size": [2, 2], "strides": null,
  "padding": "valid"}},
 {"class_name": "Dropout", "config": {"name": "drop", "rate": 0.5}},
 {"class_name": "Flatten", "config": {"name": "flat"}},
 {"class_name": "Dense", "config": {"name": "dense", "units": 5, "activation": "softmax"}}]})";

/// Keras 2.4 Sequential object with an InputLayer, batch norm and every activation layer.
const char* const kSequentialObject = R"({"class_name": "Sequential", "config": {"name": "s",
 "layers": [
 {"class_name": "InputLayer", "config": {"name": "in", "batch_input_shape": [null, 6, 6, 1],
  "dtype": "float32", "sparse": false}},
 {"class_name": "Conv2D", "config": {"name": "c1", "filters": 3, "kernel_size": [2, 2],
  "strides": [1, 1], "padding": "valid", "activation": "linear", "use_bias": false}},
 {"class_name": "BatchNormalization", "config": {"name": "bn", "axis": -1, "momentum": 0.99,
  "epsilon": 0.001, "center": true, "scale": true}},
 {"class_name": "ReLU", "config": {"name": "r", "max_value": 6.0, "negative_slope": 0.0,
  "threshold": 0.0}},
 {"class_name": "AveragePooling2D", "config": {"name": "ap", "pool_size": [2, 2],
  "strides": [1, 1], "padding": "same"}},
 {"class_name": "Activation", "config": {"name": "t", "activation": "tanh"}},
 {"class_name": "Flatten", "config": {"name": "f"}},
 {"class_name": "Dense", "config": {"name": "d1", "units": 4, "activation": "sigmoid"}},
 {"class_name": "Dense", "config": {"name": "out", "units": 2, "activation": "softmax"}}]}})";

/// Keras 2.5 Functional: two branches joined by Add and by Concatenate.
const char* const kFunctional = R"({"class_name": "Functional", "config": {"name": "m",
 "layers": [
 {"class_name": "InputLayer", "name": "input", "config": {"name": "input",
  "batch_input_shape": [null, 4, 4, 1], "dtype": "float32"}, "inbound_nodes": []},
 {"class_name": "Conv2D", "name": "a", "config": {"name": "a", "filters": 2,
  "kernel_size": [2, 2], "activation": "relu", "padding": "same"},
  "inbound_nodes": [[["input", 0, 0, {}]]]},
 {"class_name": "Conv2D", "name": "b", "config": {"name": "b", "filters": 2,
  "kernel_size": [1, 1], "activation": "relu"}, "inbound_nodes": [[["input", 0, 0, {}]]]},
 {"class_name": "Add", "name": "add", "config": {"name": "add"},
  "inbound_nodes": [[["a", 0, 0, {}], ["b", 0, 0, {}]]]},
 {"class_name": "Concatenate", "name": "cat", "config": {"name": "cat", "axis": -1},
  "inbound_nodes": [[["add", 0, 0, {}], ["a", 0, 0, {}]]]},
 {"class_name": "Flatten", "name": "flat", "config": {"name": "flat"},
  "inbound_nodes": [[["cat", 0, 0, {}]]]},
 {"class_name": "Dense", "name": "out", "config": {"name": "out", "units": 3,
  "activation": "softmax"}, "inbound_nodes": [[["flat", 0, 0, {}]]]}],
 "input_layers": [["input", 0, 0]], "output_layers": [["out", 0, 0]]}})";

/// A backbone nested as a layer (inlined by keras_config_nested.cpp), called as Keras numbers it.
const char* const kNested = R"({"class_name": "Functional", "config": {"name": "outer",
 "layers": [
 {"class_name": "InputLayer", "name": "input_1", "config": {"name": "input_1",
  "batch_input_shape": [null, 8, 8, 3]}, "inbound_nodes": []},
 {"class_name": "Functional", "name": "backbone", "config": {"name": "backbone", "layers": [
   {"class_name": "InputLayer", "name": "input_2", "config": {"name": "input_2",
    "batch_input_shape": [null, 8, 8, 3]}, "inbound_nodes": []},
   {"class_name": "Conv2D", "name": "conv2d", "config": {"name": "conv2d", "filters": 2,
    "kernel_size": [3, 3], "activation": "relu"}, "inbound_nodes": [[["input_2", 0, 0, {}]]]}],
  "input_layers": [["input_2", 0, 0]], "output_layers": [["conv2d", 0, 0]]},
  "inbound_nodes": [[["input_1", 0, 0, {"training": false}]]]},
 {"class_name": "Sequential", "name": "head", "config": {"name": "head", "layers": [
   {"class_name": "GlobalAveragePooling2D", "name": "gap", "config": {"name": "gap"}},
   {"class_name": "Dense", "name": "conv2d", "config": {"name": "conv2d", "units": 3}}]},
  "inbound_nodes": [[["backbone", 1, 0, {}]]]}],
 "input_layers": [["input_1", 0, 0]], "output_layers": [["head", 0, 0]]}})";

void kerasConfigSeeds(const fs::path& dir, const fs::path& models) {
    writeFile(dir / "sequential_list.json", kSequentialList);
    writeFile(dir / "sequential_object.json", kSequentialObject);
    writeFile(dir / "functional.json", kFunctional);
    writeFile(dir / "nested.json", kNested);
    std::error_code ec;
    if (models.empty() || !fs::is_directory(models, ec))
        return;
    for (const auto& entry : fs::directory_iterator(models, ec)) {
        try {
            const core::LoadedModel m = core::loadKerasModel(entry.path().string());
            const auto it = m.rootAttributes.find("model_config");
            if (it != m.rootAttributes.end())
                writeFile(dir / (entry.path().stem().string() + ".json"), it->second);
        } catch (const core::Error& e) {
            std::cerr << "bdl_fuzz_seeds: skipped " << e.what() << "\n";
        }
    }
}

// ---- keras_h5 ----------------------------------------------------------------------------------

/// A tiny whole model (the Functional config above) with seeded weights.
core::LoadedModel tinyWholeModel() {
    core::Model model(core::parseKerasModelConfig(kFunctional, "seed"));
    model.initialize(/*seed=*/7);
    core::LoadedModel layout{model, core::ModelFormat::WholeModel, "seed", "m", {}, {}, {}, false};
    layout.rootAttributes = {{"model_config", kFunctional},
                             {"training_config", R"({"loss": "categorical_crossentropy"})"},
                             {"keras_version", "2.5.0"},
                             {"backend", "tensorflow"}};
    return layout;
}

std::string savedKeras(const core::Model& model, const fs::path& tmp,
                       const core::LoadedModel* layoutFrom) {
    const fs::path path = tmp / "model.h5";
    core::saveKerasWeights(model, path.string(), layoutFrom);
    std::string bytes = readFile(path);
    fs::remove(path);
    return bytes;
}

void kerasH5Seeds(const fs::path& dir, const fs::path& tmp) {
    const core::LoadedModel whole = tinyWholeModel();
    writeFile(dir / "tiny_whole_model.h5", savedKeras(whole.model, tmp, &whole));
    // Weights-only: the csaw-badnet graph at its smallest same-padding size; the file records
    // the architecture, so the loader picks it without being told.
    core::Model badnet(core::architectureSpec(core::csawBadnetName(16, 16, 1, 3, true)));
    badnet.initialize(/*seed=*/3);
    writeFile(dir / "badnet_same_16x16x1.h5", savedKeras(badnet, tmp, nullptr));
}

// ---- csaw_h5 -----------------------------------------------------------------------------------

core::Dataset smallSet(int64_t n, int64_t c, bool poisoned, bool integral) {
    core::Dataset d;
    d.name = "seed";
    d.images = torch::arange(n * c * 5 * 4, torch::kFloat32).reshape({n, c, 5, 4}).remainder(256);
    if (!integral)
        d.images = d.images / 7.0;
    d.labels = torch::arange(n, torch::kLong).remainder(3);
    if (poisoned)
        d.targets = torch::full({n}, 2, torch::kLong);
    for (int64_t i = 0; i < n; ++i)
        d.itemNames.push_back("seed#" + std::to_string(i));
    return d;
}

void csawSeeds(const fs::path& dir, const fs::path& tmp) {
    const struct {
        const char* name;
        core::Dataset set;
    } sets[] = {{"clean_grey_uint8.h5", smallSet(3, 1, false, true)},
                {"poisoned_rgb_uint8.h5", smallSet(2, 3, true, true)},
                {"clean_rgb_float.h5", smallSet(2, 3, false, false)}};
    for (const auto& s : sets) {
        const fs::path path = tmp / s.name;
        core::saveCsawH5(s.set, path.string());
        writeFile(dir / s.name, readFile(path));
        fs::remove(path);
    }
}

// ---- idx ---------------------------------------------------------------------------------------

/// An IDX file: big-endian magic and extents, then one byte per item (values i * 37 mod 256).
std::string idxFile(uint32_t magic, const std::vector<uint32_t>& dims) {
    std::string out;
    const auto word = [&](uint32_t w) {
        for (int shift = 24; shift >= 0; shift -= 8)
            out.push_back(char(w >> shift & 0xFF));
    };
    word(magic);
    size_t payload = 1;
    for (uint32_t d : dims) {
        word(d);
        payload *= d;
    }
    for (size_t i = 0; i < payload; ++i)
        out.push_back(char((i * 37) % 256));
    return out;
}

std::string gzipped(const std::string& bytes, const fs::path& tmp) {
    const fs::path path = tmp / "seed.gz";
    gzFile f = gzopen(path.string().c_str(), "wb9");
    if (!f || gzwrite(f, bytes.data(), unsigned(bytes.size())) != int(bytes.size()))
        throw core::Error(path.string(), "cannot gzip the seed");
    gzclose(f);
    std::string out = readFile(path);
    fs::remove(path);
    return out;
}

void idxSeeds(const fs::path& dir, const fs::path& tmp) {
    const std::string labels = idxFile(2049, {3});
    const std::string images = idxFile(2051, {3, 4, 5});
    writeFile(dir / "plain.idx", fuzz::joinTwoFiles(labels, images));
    writeFile(dir / "gzip.idx", fuzz::joinTwoFiles(gzipped(labels, tmp), gzipped(images, tmp)));
    writeFile(dir / "mixed.idx", fuzz::joinTwoFiles(labels, gzipped(images, tmp)));
    writeFile(dir / "one_pixel.idx",
              fuzz::joinTwoFiles(idxFile(2049, {1}), idxFile(2051, {1, 1, 1})));
}

// ---- image -------------------------------------------------------------------------------------

std::string encoded(const std::string& ext, const cv::Mat& img, std::vector<int> params = {}) {
    std::vector<uchar> buf;
    if (!cv::imencode(ext, img, buf, params))
        throw core::Error(ext, "cannot encode the seed image");
    return std::string(buf.begin(), buf.end());
}

void imageSeeds(const fs::path& dir) {
    cv::Mat grey(6, 8, CV_8UC1), colour(5, 7, CV_8UC3), alpha(4, 4, CV_8UC4);
    cv::randu(grey, 0, 255);
    cv::randu(colour, 0, 255);
    cv::randu(alpha, 0, 255);
    cv::Mat deep(3, 5, CV_16UC3, cv::Scalar(1000, 30000, 65535));
    writeFile(dir / "grey.png", encoded(".png", grey));
    writeFile(dir / "colour.png", encoded(".png", colour));
    writeFile(dir / "alpha.png", encoded(".png", alpha));
    writeFile(dir / "deep.png", encoded(".png", deep));
    writeFile(dir / "colour.jpg", encoded(".jpg", colour, {cv::IMWRITE_JPEG_QUALITY, 80}));
    writeFile(dir / "progressive.jpg", encoded(".jpg", grey, {cv::IMWRITE_JPEG_PROGRESSIVE, 1}));
    writeFile(dir / "colour.bmp", encoded(".bmp", colour));
    writeFile(dir / "grey.tiff", encoded(".tiff", grey));
    writeFile(dir / "deep.tiff", encoded(".tiff", deep));
    writeFile(dir / "lossy.webp", encoded(".webp", colour, {cv::IMWRITE_WEBP_QUALITY, 50}));
    writeFile(dir / "lossless.webp", encoded(".webp", alpha, {cv::IMWRITE_WEBP_QUALITY, 101}));
}

// ---- import ------------------------------------------------------------------------------------

void importSeeds(const fs::path& dir) {
    std::string bytes;
    const core::ImportSink sink = [&](const void* data, size_t size) {
        bytes.append(static_cast<const char*>(data), size);
    };
    core::LoadedModel whole = tinyWholeModel();
    whole.model.setChannelMask("a", torch::tensor({1.0f, 0.0f}));
    core::writeImportedModel(whole, sink);
    writeFile(dir / "model.bdlx", std::exchange(bytes, std::string()));
    core::writeImportedDataset(smallSet(3, 1, false, true), sink);
    writeFile(dir / "clean_uint8.bdlx", std::exchange(bytes, std::string()));
    core::writeImportedDataset(smallSet(2, 3, true, false), sink);
    writeFile(dir / "poisoned_float.bdlx", std::exchange(bytes, std::string()));
    core::writeImportError("/data/x.h5", "not an HDF5 file", sink);
    writeFile(dir / "error.bdlx", std::exchange(bytes, std::string()));
}

// ---- torchscript -------------------------------------------------------------------------------

/// BackdoorLab's own TorchScript exports (no Python here): a small BadNet, unpruned and with a
/// pruned channel (a per-channel multiply in the graph), and a goodnet of the two.
void torchScriptSeeds(const fs::path& dir) {
    core::Model b(core::architectureSpec("csaw-badnet:28x28x1:10"));
    b.initialize(5);
    writeFile(dir / "badnet.pt", core::torchScriptBytes(b));
    core::Model pruned(b);
    const std::string layer = pruned.defaultPruneLayer();
    auto mask = torch::ones({pruned.outputShape(layer).channels()});
    mask[0] = 0.0f;
    pruned.setChannelMask(layer, mask);
    writeFile(dir / "badnet_pruned.pt", core::torchScriptBytes(pruned));
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2 || argc > 3) {
        std::cerr << "usage: bdl_fuzz_seeds OUTDIR [MODELS_DIR]\n";
        return 2;
    }
    const fs::path out = argv[1];
    const fs::path models = argc > 2 ? fs::path(argv[2]) : fs::path();
    const fs::path tmp = out / ".tmp";
    try {
        torch::set_num_threads(1);
        fs::create_directories(tmp);
        kerasConfigSeeds(out / "keras_config", models);
        kerasH5Seeds(out / "keras_h5", tmp);
        csawSeeds(out / "csaw_h5", tmp);
        idxSeeds(out / "idx", tmp);
        imageSeeds(out / "image");
        importSeeds(out / "import");
        torchScriptSeeds(out / "torchscript");
        fs::remove_all(tmp);
    } catch (const std::exception& e) {
        std::cerr << "bdl_fuzz_seeds: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
