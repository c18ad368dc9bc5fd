// The corpus registry, the good files every category derives from, and shared byte helpers.
#include "hostile_corpus.h"

#include "hostile_h5.h"

#include "core/io/data_io.h"
#include "core/io/keras_io.h"
#include "core/nn/architectures.h"
#include "core/nn/model.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <torch/types.h>
#include <torch/utils.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace bdl::hostile {

namespace fs = std::filesystem;

std::string readBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void writeBytes(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), std::streamsize(bytes.size()));
    if (!out)
        throw std::runtime_error("cannot write " + path);
}

std::string bigEndian32(uint32_t v) {
    return {char(v >> 24), char((v >> 16) & 0xff), char((v >> 8) & 0xff), char(v & 0xff)};
}

std::string gzip(const std::string& bytes) {
    z_stream z{};
    if (deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("deflateInit2 failed");
    std::string out(deflateBound(&z, uLong(bytes.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    z.avail_in = uInt(bytes.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = uInt(out.size());
    const int rc = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    if (rc != Z_STREAM_END)
        throw std::runtime_error("gzip failed");
    return out;
}

Corpus::Corpus(std::string category, std::string dir, const GoodFiles& good, uint64_t seed)
    : m_category(std::move(category)), m_dir(std::move(dir)), m_good(good), m_rng(seed) {}

std::string Corpus::file(const std::string& name) const { return m_dir + "/" + name; }

void Corpus::add(const std::string& name, OpenAs as, const std::string& what) {
    const std::string path = file(name);
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(path, ec)))
        throw std::runtime_error("corpus generator did not write " + path);
    for (const auto& f : m_files)
        if (fs::path(f.path).filename() == fs::path(path).filename())
            throw std::runtime_error("corpus file name used twice: " + name);
    m_files.push_back({m_category, path, as, what});
}

std::string copyGoodModel(Corpus& c, const std::string& name) {
    const std::string path = c.file(name);
    fs::copy_file(c.good().model, path, fs::copy_options::overwrite_existing);
    return path;
}

// ---- the tiny whole model --------------------------------------------------------------------

std::string tinyModelConfig() {
    return R"({"class_name": "Functional", "config": {"name": "tiny", "layers": [
 {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4, 4, 1], "name": "in"},
  "name": "in", "inbound_nodes": []},
 {"class_name": "Conv2D", "config": {"name": "c", "filters": 2, "kernel_size": [2, 2],
  "activation": "relu", "padding": "same"}, "name": "c", "inbound_nodes": [[["in", 0, 0, {}]]]},
 {"class_name": "Flatten", "config": {"name": "x"}, "name": "x",
  "inbound_nodes": [[["c", 0, 0, {}]]]},
 {"class_name": "Dense", "config": {"name": "out", "units": 3, "activation": "softmax"},
  "name": "out", "inbound_nodes": [[["x", 0, 0, {}]]]}],
 "input_layers": [["in", 0, 0]], "output_layers": [["out", 0, 0]]}})";
}

void writeWholeModel(const std::string& path, const std::string& config, float bias) {
    H5Writer f(path);
    f.stringAttr("/", "model_config", config);
    f.stringAttr("/", "training_config", "{\"loss\": \"categorical_crossentropy\"}");
    f.stringAttr("/", "keras_version", "2.7.0");
    f.stringAttr("/", "backend", "tensorflow");
    f.group("/model_weights");
    f.stringArrayAttr("/model_weights", "layer_names", {"in", "c", "x", "out"}, true);
    for (const char* l : {"in", "x"}) {
        f.group(std::string("/model_weights/") + l);
        f.doubleArrayAttr(std::string("/model_weights/") + l, "weight_names", {});
    }
    f.group("/model_weights/c");
    f.stringArrayAttr("/model_weights/c", "weight_names", {"c/kernel:0", "c/bias:0"}, true);
    std::vector<float> k(2 * 2 * 1 * 2);
    for (size_t i = 0; i < k.size(); ++i)
        k[i] = 0.1f * float(i) - 0.3f;
    f.floats("/model_weights/c/c/kernel:0", {2, 2, 1, 2}, k);
    f.floats("/model_weights/c/c/bias:0", {2}, {bias, -bias});
    f.group("/model_weights/out");
    f.stringArrayAttr("/model_weights/out", "weight_names", {"out/kernel:0", "out/bias:0"}, true);
    std::vector<float> d(32 * 3);
    for (size_t i = 0; i < d.size(); ++i)
        d[i] = 0.01f * float(int(i % 7) - 3);
    f.floats("/model_weights/out/out/kernel:0", {32, 3}, d);
    f.floats("/model_weights/out/out/bias:0", {3}, {0.0f, 0.1f, -0.1f});
}

// ---- the good files --------------------------------------------------------------------------

namespace {

constexpr int kSide = 28;
constexpr int kClasses = 10;
constexpr int64_t kGoodImages = 20;

std::vector<GoodWeight> writeGoodModel(const std::string& path) {
    core::Model m(core::csawBadnetSpec(kSide, kSide, /*channels=*/1, kClasses,
                                       /*samePadding=*/true));
    m.initialize(/*seed=*/7);
    core::saveKerasWeights(m, path);
    std::vector<GoodWeight> weights;
    for (const auto& layer : m.weightedLayers()) {
        const auto names = m.weightNames(layer);
        const auto tensors = m.kerasWeights(layer);
        for (size_t i = 0; i < names.size(); ++i)
            weights.push_back(
                {layer, "/" + layer + "/" + layer + "/" + names[i],
                 std::vector<int64_t>(tensors[i].sizes().begin(), tensors[i].sizes().end())});
    }
    return weights;
}

void writeGoodIdx(const std::string& dir) {
    std::string images =
        bigEndian32(2051) + bigEndian32(kGoodImages) + bigEndian32(kSide) + bigEndian32(kSide);
    std::string labels = bigEndian32(2049) + bigEndian32(kGoodImages);
    for (int64_t i = 0; i < kGoodImages; ++i) {
        for (int p = 0; p < kSide * kSide; ++p)
            images.push_back(char((p * 7 + i * 13) % 256));
        labels.push_back(char(i % kClasses));
    }
    writeBytes(dir + "/good-images-idx3-ubyte.gz", gzip(images));
    writeBytes(dir + "/good-labels-idx1-ubyte.gz", gzip(labels));
}

} // namespace

GoodFiles writeGoodFiles(const std::string& dir) {
    fs::create_directories(dir);
    GoodFiles g;
    g.dir = dir;
    g.model = dir + "/good_model.h5";
    g.weights = writeGoodModel(g.model);
    g.wholeModel = dir + "/good_whole.h5";
    writeWholeModel(g.wholeModel, tinyModelConfig());

    torch::manual_seed(3);
    core::Dataset d;
    d.images = torch::randint(0, 256, {kGoodImages, 1, kSide, kSide}).to(torch::kFloat32);
    d.labels = torch::arange(kGoodImages, torch::kLong) % kClasses;
    for (int64_t i = 0; i < kGoodImages; ++i)
        d.itemNames.push_back("row" + std::to_string(i));
    g.csaw = dir + "/good_data.h5";
    core::saveCsawH5(d, g.csaw);

    g.folder = dir + "/good_folder";
    fs::create_directories(g.folder);
    for (int i = 0; i < 4; ++i) {
        cv::Mat img(kSide, kSide, CV_8UC1);
        for (int p = 0; p < kSide * kSide; ++p)
            img.data[p] = uchar((p * 5 + i * 31) % 256);
        cv::imwrite(g.folder + "/img_" + std::to_string(i % kClasses) + "_" + std::to_string(i) +
                        ".png",
                    img);
    }
    writeGoodIdx(dir);
    g.idx = dir + "/good-images-idx3-ubyte.gz";
    return g;
}

// ---- the registry ----------------------------------------------------------------------------

namespace {

using Generator = void (*)(Corpus&);

const std::vector<std::pair<std::string, Generator>>& registry() {
    static const std::vector<std::pair<std::string, Generator>> all = {
        {"Truncated", writeTruncated},
        {"ByteFlips", writeByteFlips},
        {"AbsurdShapes", writeAbsurdShapes},
        {"WrongDtypes", writeWrongDtypes},
        {"NonFinite", writeNonFinite},
        {"Hdf5Features", writeHdf5Features},
        {"Bombs", writeBombs},
        {"ModelConfig", writeModelConfig},
        {"LayerGraph", writeLayerGraph},
        {"CsawData", writeCsawData},
        {"Images", writeImages},
        {"Folders", writeFolders},
        {"Idx", writeIdx},
    };
    return all;
}

} // namespace

std::vector<std::string> categoryNames() {
    std::vector<std::string> names;
    for (const auto& [name, fn] : registry())
        names.push_back(name);
    return names;
}

std::vector<HostileFile> writeCategory(const std::string& category, const std::string& dir,
                                       const GoodFiles& good, uint64_t seed) {
    for (const auto& [name, fn] : registry()) {
        if (name != category)
            continue;
        fs::create_directories(dir);
        // Each category has its own stream, so adding files to one leaves the others' bytes.
        Corpus c(category, dir, good, seed ^ std::hash<std::string>()(category));
        fn(c);
        return c.files();
    }
    throw std::runtime_error("unknown corpus category " + category);
}

} // namespace bdl::hostile
