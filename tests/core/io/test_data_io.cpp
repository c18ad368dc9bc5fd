// Data-set loaders and writer: CSAW h5, image folders, IDX, dispatch, and hostile inputs.
#include "core/io/data_io.h"
#include "core/base/errors.h"
#include "core/base/feedback.h"
#include "core/io/hdf5_file.h"

#include <gtest/gtest.h>
#include <hdf5.h>
#include <opencv2/imgcodecs.hpp>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <numeric>

using namespace bdl::core;
namespace fs = std::filesystem;

namespace {

struct DataIoDir {
    fs::path path;
    DataIoDir() {
        std::string tmpl = (fs::temp_directory_path() / "bdl_data_io_XXXXXX").string();
        path = ::mkdtemp(tmpl.data());
    }
    ~DataIoDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    std::string operator/(const std::string& name) const { return (path / name).string(); }
};

std::string readBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void writeBytes(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

/// Expects loadDataset to throw Error whose message names `path` and one of the keywords.
void expectLoadError(const DataSpec& spec, const std::string& path,
                     std::initializer_list<const char*> keywords) {
    try {
        loadDataset(spec);
        ADD_FAILURE() << "no error for " << path;
    } catch (const Error& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find(path), std::string::npos) << msg;
        bool found = false;
        for (const char* k : keywords)
            found = found || msg.find(k) != std::string::npos;
        EXPECT_TRUE(found) << msg;
    }
}

DataSpec spec(const std::string& path, DataSpec::Role role = DataSpec::Clean) {
    DataSpec s;
    s.path = path;
    s.role = role;
    return s;
}

/// Writes named tensors as datasets of a new h5 file.
void writeH5(const std::string& path,
             std::initializer_list<std::pair<const char*, torch::Tensor>> sets) {
    Hdf5Writer w(path);
    for (const auto& [name, t] : sets)
        w.writeDataset(std::string("/") + name, t);
    w.commit();
}

/// A `data` dataset created with a declared extent and type but never written (chunked, so no
/// storage), plus a valid `label` (0, 1, ...) when withLabels.
void writeUnwritten(const std::string& path, std::vector<hsize_t> dims, hid_t type = H5T_IEEE_F32LE,
                    bool withLabels = false) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    hid_t f = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    hid_t space = H5Screate_simple(int(dims.size()), dims.data(), nullptr);
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    std::vector<hsize_t> chunk(dims.size(), 1);
    H5Pset_chunk(dcpl, int(chunk.size()), chunk.data());
    H5Dclose(H5Dcreate2(f, "data", type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT));
    H5Pclose(dcpl);
    H5Sclose(space);
    if (withLabels) {
        std::vector<int64_t> labels(dims[0]);
        std::iota(labels.begin(), labels.end(), 0);
        hid_t ls = H5Screate_simple(1, dims.data(), nullptr);
        hid_t ds = H5Dcreate2(f, "label", H5T_STD_I64LE, ls, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        H5Dwrite(ds, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, labels.data());
        H5Dclose(ds), H5Sclose(ls);
    }
    H5Fclose(f);
}

/// A (3, 3, 5, 4) set with whole-number pixels and labels 0, 1, 2.
Dataset tinySet() {
    Dataset d;
    d.name = "tiny";
    d.images = torch::arange(3 * 3 * 5 * 4, torch::kFloat32).remainder(256).view({3, 3, 5, 4});
    d.labels = torch::tensor({0, 1, 2}, torch::kLong);
    d.itemNames = {"a", "b", "c"};
    return d;
}

cv::Mat solid(int w, int h, cv::Scalar bgr) { return cv::Mat(h, w, CV_8UC3, bgr); }

void writeIdx(const std::string& path, uint32_t magic, std::vector<uint32_t> dims, size_t payload,
              const std::string& extra = "") {
    gzFile f = gzopen(path.c_str(), "wb");
    std::string bytes;
    dims.insert(dims.begin(), magic);
    for (uint32_t v : dims) // big-endian header
        for (int s = 24; s >= 0; s -= 8)
            bytes += char((v >> s) & 0xFF);
    for (size_t i = 0; i < payload; ++i)
        bytes += char(i % 10);
    bytes += extra;
    gzwrite(f, bytes.data(), unsigned(bytes.size()));
    gzclose(f);
}

} // namespace

// ---- CSAW h5 ------------------------------------------------------------------------------

TEST(DataIo, H5RoundTripStoresWholePixelsAsUint8) {
    DataIoDir tmp;
    const Dataset d = tinySet();
    saveCsawH5(d, tmp / "set.h5");
    const std::string dataType = [&] {
        hid_t f = H5Fopen((tmp / "set.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
        hid_t ds = H5Dopen2(f, "data", H5P_DEFAULT);
        hid_t t = H5Dget_type(ds);
        std::string s = std::to_string(int(H5Tget_class(t))) + "/" + std::to_string(H5Tget_size(t));
        H5Tclose(t), H5Dclose(ds), H5Fclose(f);
        return s;
    }();
    EXPECT_EQ(dataType, std::to_string(int(H5T_INTEGER)) + "/1");
    const Dataset back = loadDataset(spec(tmp / "set.h5"));
    EXPECT_TRUE(torch::equal(back.images, d.images));
    EXPECT_TRUE(torch::equal(back.labels, d.labels));
    EXPECT_FALSE(back.poisoned());
    EXPECT_EQ(back.name, "set");
    EXPECT_EQ(back.itemNames[2], "set.h5#2");
    for (const auto& e : fs::directory_iterator(tmp.path)) // the temporary is gone
        EXPECT_EQ(e.path().filename(), "set.h5");
}

TEST(DataIo, KeepUInt8LeavesBytePixelsAsStoredAndFloatPixelsAsFloat) {
    DataIoDir tmp;
    const Dataset d = tinySet(); // whole pixels: stored as uint8
    saveCsawH5(d, tmp / "bytes.h5");
    Dataset f = tinySet();
    f.images = f.images + 0.5f; // stored as float32
    saveCsawH5(f, tmp / "floats.h5");

    DataSpec keep = spec(tmp / "bytes.h5");
    keep.keepUInt8 = true;
    const Dataset bytes = loadDataset(keep);
    EXPECT_EQ(bytes.images.scalar_type(), torch::kUInt8);
    EXPECT_TRUE(bytes.images.is_contiguous());
    EXPECT_TRUE(torch::equal(bytes.images.to(torch::kFloat32), d.images));
    EXPECT_TRUE(torch::equal(bytes.labels, d.labels));
    // RGB to grey needs the luma weights: float32, the same values as the float32 load gives.
    keep.channels = 1;
    DataSpec grey = spec(tmp / "bytes.h5");
    grey.channels = 1;
    const Dataset luma = loadDataset(keep);
    EXPECT_EQ(luma.images.scalar_type(), torch::kFloat32);
    EXPECT_TRUE(torch::allclose(luma.images, loadDataset(grey).images));
    EXPECT_EQ(loadDataset(spec(tmp / "bytes.h5")).images.scalar_type(), torch::kFloat32);

    DataSpec floats = spec(tmp / "floats.h5");
    floats.keepUInt8 = true;
    const Dataset fl = loadDataset(floats);
    EXPECT_EQ(fl.images.scalar_type(), torch::kFloat32);
    EXPECT_TRUE(torch::equal(fl.images, f.images));
}

TEST(DataIo, H5RoundTripPoisonedFloatPixels) {
    DataIoDir tmp;
    Dataset d = tinySet();
    d.images = d.images + 0.25f; // not whole numbers: written as float32, still exact
    d.targets = torch::tensor({5, 5, 6}, torch::kLong);
    saveCsawH5(d, tmp / "p.h5");
    const Dataset back = loadDataset(spec(tmp / "p.h5", DataSpec::Poisoned));
    EXPECT_TRUE(torch::equal(back.images, d.images));
    EXPECT_TRUE(torch::equal(back.targets, d.targets));
    EXPECT_TRUE(torch::equal(back.labels, d.labels)); // from true_label
    // Read as clean, the CSAW `label` of a poisoned file is its targets.
    EXPECT_TRUE(torch::equal(loadDataset(spec(tmp / "p.h5")).labels, d.targets));
}

TEST(DataIo, H5AcceptsAnyNumericDtypeAndGivenTarget) {
    DataIoDir tmp;
    const torch::Tensor pixels = torch::rand({4, 1, 3, 2}, torch::kFloat64) * 255;
    writeH5(tmp / "f64.h5",
            {{"data", pixels}, {"label", torch::tensor({1.0, 2.0, 0.0, 7.0}, torch::kFloat64)}});
    const Dataset a = loadDataset(spec(tmp / "f64.h5"));
    EXPECT_TRUE(torch::allclose(a.images, pixels.to(torch::kFloat32)));
    EXPECT_EQ(a.labels[3].item<int64_t>(), 7);
    writeH5(tmp / "u8.h5", {{"data", torch::full({2, 3, 4, 4}, 200, torch::kUInt8)},
                            {"label", torch::tensor({{3}, {4}}, torch::kInt32)}}); // (N, 1) labels
    DataSpec p = spec(tmp / "u8.h5", DataSpec::Poisoned);
    p.target = 9;
    const Dataset b = loadDataset(p);
    EXPECT_EQ(b.images[1][2][3][3].item<float>(), 200.0f);
    EXPECT_TRUE(torch::equal(b.targets, torch::tensor({9, 9}, torch::kLong)));
    EXPECT_TRUE(torch::equal(b.labels, torch::tensor({-1, -1}, torch::kLong)));
    p.channels = 1;
    EXPECT_EQ(loadDataset(p).images.size(1), 1);
}

TEST(DataIo, H5HostileFilesGiveErrorsNamingFileAndProblem) {
    DataIoDir tmp;
    const auto px = [](std::vector<int64_t> s) { return torch::zeros(s, torch::kFloat32); };
    const auto lab = [](std::vector<double> v) { return torch::tensor(v, torch::kFloat64); };
    const std::string missing = tmp / "missing.h5";
    expectLoadError(spec(missing), missing, {"no such file"});
    writeBytes(tmp / "text.h5", "just some text, not HDF5");
    expectLoadError(spec(tmp / "text.h5"), tmp / "text.h5", {"not an HDF5"});
    writeH5(tmp / "nodata.h5", {{"label", lab({0})}});
    expectLoadError(spec(tmp / "nodata.h5"), tmp / "nodata.h5", {"missing dataset 'data'"});
    writeH5(tmp / "nolabel.h5", {{"data", px({1, 3, 2, 2})}});
    expectLoadError(spec(tmp / "nolabel.h5"), tmp / "nolabel.h5", {"missing dataset 'label'"});
    writeH5(tmp / "rank.h5", {{"data", px({2, 2, 2})}, {"label", lab({0, 1})}});
    expectLoadError(spec(tmp / "rank.h5"), tmp / "rank.h5", {"rank 4"});
    writeH5(tmp / "chan.h5", {{"data", px({1, 5, 2, 3})}, {"label", lab({0})}});
    expectLoadError(spec(tmp / "chan.h5"), tmp / "chan.h5", {"C 1 or 3", "(is it channels-last?)"});
    writeH5(tmp / "count.h5", {{"data", px({2, 3, 2, 2})}, {"label", lab({0, 1, 2})}});
    expectLoadError(spec(tmp / "count.h5"), tmp / "count.h5", {"label count mismatch"});
    writeH5(tmp / "frac.h5", {{"data", px({2, 3, 2, 2})}, {"label", lab({0, 2.5})}});
    expectLoadError(spec(tmp / "frac.h5"), tmp / "frac.h5", {"not a whole number"});
    writeH5(tmp / "neg.h5", {{"data", px({2, 3, 2, 2})}, {"label", lab({-3, 1})}});
    expectLoadError(spec(tmp / "neg.h5"), tmp / "neg.h5", {"negative"});
    torch::Tensor nan = px({2, 3, 2, 2});
    nan[1][0][1][1] = std::nanf("");
    writeH5(tmp / "nan.h5", {{"data", nan}, {"label", lab({0, 1})}});
    expectLoadError(spec(tmp / "nan.h5"), tmp / "nan.h5", {"not finite"});
    torch::Tensor inf = px({2, 3, 2, 2});
    inf[0][2][0][0] = INFINITY;
    writeH5(tmp / "inf.h5", {{"data", inf}, {"label", lab({0, 1})}});
    expectLoadError(spec(tmp / "inf.h5"), tmp / "inf.h5", {"not finite"});
    writeUnwritten(tmp / "empty.h5", {0, 3, 2, 2});
    expectLoadError(spec(tmp / "empty.h5"), tmp / "empty.h5", {"empty"});
    writeUnwritten(tmp / "absurd.h5", {2'000'000'000, 3, 55, 47});
    expectLoadError(spec(tmp / "absurd.h5"), tmp / "absurd.h5", {"absurd"});
    writeUnwritten(tmp / "huge.h5", {4096, 3, 4096, 4096});
    expectLoadError(spec(tmp / "huge.h5"), tmp / "huge.h5", {"too large"});
    {
        Hdf5Writer w(tmp / "group.h5");
        w.createGroup("/data");
        w.writeDataset("/label", lab({0}));
        w.commit();
    }
    expectLoadError(spec(tmp / "group.h5"), tmp / "group.h5", {"missing dataset 'data'"});
    writeH5(tmp / "trunc.h5",
            {{"data", torch::rand({64, 3, 20, 20})}, {"label", torch::zeros({64})}});
    const std::string bytes = readBytes(tmp / "trunc.h5");
    writeBytes(tmp / "trunc.h5", bytes.substr(0, bytes.size() / 2));
    expectLoadError(spec(tmp / "trunc.h5"), tmp / "trunc.h5",
                    {"truncated", "corrupt", "cannot", "not an HDF5", "missing"});
}

TEST(DataIo, H5UnwrittenOrNonNumericPixelsAreRefused) {
    DataIoDir tmp;
    const std::string unwritten = tmp / "unwritten.h5", text = tmp / "strings.h5";
    writeUnwritten(unwritten, {3, 3, 5, 4}, H5T_IEEE_F32LE, /*withLabels=*/true);
    expectLoadError(spec(unwritten), unwritten, {"no stored data"});
    writeUnwritten(text, {3, 3, 5, 4}, H5T_C_S1, /*withLabels=*/true);
    expectLoadError(spec(text), text, {"not numeric"});
}

TEST(DataIo, LoadingNeverModifiesTheInput) {
    DataIoDir tmp;
    saveCsawH5(tinySet(), tmp / "in.h5");
    const std::string before = readBytes(tmp / "in.h5");
    const auto mtime = fs::last_write_time(tmp / "in.h5");
    loadDataset(spec(tmp / "in.h5"));
    EXPECT_EQ(readBytes(tmp / "in.h5"), before);
    EXPECT_EQ(fs::last_write_time(tmp / "in.h5"), mtime);
}

TEST(DataIo, WriterRefusesBadSetsAndLeavesNothingBehind) {
    DataIoDir tmp;
    Dataset unknown = tinySet();
    unknown.labels[1] = -1;
    EXPECT_THROW(saveCsawH5(unknown, tmp / "u.h5"), Error);
    EXPECT_THROW(saveCsawH5(Dataset(), tmp / "e.h5"), Error);
    try {
        saveCsawH5(tinySet(), tmp / "no/such/dir/x.h5");
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("no/such/dir/x.h5"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(fs::is_empty(tmp.path));
    saveCsawH5(tinySet(), tmp / "x.h5");
    Dataset other = tinySet();
    other.labels = torch::tensor({2, 2, 2}, torch::kLong);
    saveCsawH5(other, tmp / "x.h5"); // replaces the old file
    EXPECT_TRUE(torch::equal(loadDataset(spec(tmp / "x.h5")).labels, other.labels));
}

// ---- image folders ------------------------------------------------------------------------

TEST(DataIo, ImageFolderLabelsFromNamesInRgbOrder) {
    DataIoDir tmp;
    cv::imwrite(tmp / "test_7_1.png", solid(4, 5, {0, 0, 255})); // pure red (OpenCV is BGR)
    cv::imwrite(tmp / "test_3_0.png", solid(4, 5, {255, 0, 0})); // pure blue
    cv::imwrite(tmp / "photo.jpg", solid(4, 5, {0, 255, 0}));
    writeBytes(tmp / "notes.txt", "ignored");
    const Dataset d = loadDataset(spec(tmp.path.string()));
    ASSERT_EQ(d.size(), 3);
    EXPECT_EQ(d.images.sizes(), torch::IntArrayRef({3, 3, 5, 4}));
    EXPECT_EQ(d.itemNames, (std::vector<std::string>{"photo.jpg", "test_3_0.png", "test_7_1.png"}));
    EXPECT_TRUE(torch::equal(d.labels, torch::tensor({-1, 3, 7}, torch::kLong)));
    EXPECT_EQ(d.images[2][0][0][0].item<float>(), 255.0f); // red is channel 0
    EXPECT_EQ(d.images[2][2][4][3].item<float>(), 0.0f);
    EXPECT_EQ(d.images[1][2][0][0].item<float>(), 255.0f); // blue is channel 2
    EXPECT_EQ(d.name, tmp.path.filename().string());
    DataSpec grey = spec(tmp.path.string() + "/");
    grey.channels = 1;
    EXPECT_EQ(loadDataset(grey).images.sizes(), torch::IntArrayRef({3, 1, 5, 4}));
}

TEST(DataIo, PoisonedNamesGiveTargetsAndTrueLabels) {
    DataIoDir tmp;
    cv::imwrite(tmp / "test_0_12_1.png", solid(3, 3, {1, 2, 3}));
    cv::imwrite(tmp / "test_4_15_2.png", solid(3, 3, {1, 2, 3}));
    const Dataset p = loadDataset(spec(tmp.path.string(), DataSpec::Poisoned));
    EXPECT_TRUE(torch::equal(p.targets, torch::tensor({0, 4}, torch::kLong)));
    EXPECT_TRUE(torch::equal(p.labels, torch::tensor({12, 15}, torch::kLong)));
    const Dataset c = loadDataset(spec(tmp.path.string()));
    EXPECT_FALSE(c.poisoned());
    EXPECT_TRUE(torch::equal(c.labels, torch::tensor({12, 15}, torch::kLong)));
    const Dataset one = loadDataset(parseDataArg(tmp / "test_4_15_2.png:8", DataSpec::Poisoned));
    EXPECT_EQ(one.targets[0].item<int64_t>(), 8);
    EXPECT_EQ(one.labels[0].item<int64_t>(), 15);
    // Clean-style names carry no target: a poisoned load needs one.
    cv::imwrite(tmp / "test_9_3.png", solid(3, 3, {1, 2, 3}));
    expectLoadError(spec(tmp.path.string(), DataSpec::Poisoned), "test_9_3.png",
                    {"no attack target"});
}

TEST(DataIo, LabelsCsvFoundInFolderOrGivenExplicitly) {
    DataIoDir tmp;
    fs::create_directory(tmp.path / "img");
    const std::string dir = tmp / "img";
    cv::imwrite(dir + "/a.png", solid(2, 2, {0, 0, 0}));
    cv::imwrite(dir + "/b.png", solid(2, 2, {0, 0, 0}));
    writeBytes(dir + "/labels.csv", "file,label,target\r\nb.png,5,1\r\na.png,4,\r\n");
    const Dataset c = loadDataset(spec(dir));
    EXPECT_TRUE(torch::equal(c.labels, torch::tensor({4, 5}, torch::kLong)));
    expectLoadError(spec(dir, DataSpec::Poisoned), "a.png", {"no attack target"});
    writeBytes(tmp / "other.csv", "label,file\n1,a.png\n2,b.png\n");
    DataSpec s = spec(dir);
    s.labelsCsv = tmp / "other.csv";
    EXPECT_TRUE(torch::equal(loadDataset(s).labels, torch::tensor({1, 2}, torch::kLong)));
    writeBytes(tmp / "short.csv", "file,label\na.png,1\n");
    s.labelsCsv = tmp / "short.csv";
    expectLoadError(s, tmp / "short.csv", {"b.png' of"});
    writeBytes(tmp / "extra.csv", "file,label\na.png,1\nb.png,1\nc.png,2\n");
    s.labelsCsv = tmp / "extra.csv";
    expectLoadError(s, tmp / "extra.csv", {"c.png"});
    writeBytes(tmp / "nohead.csv", "a.png,1\nb.png,2\n");
    s.labelsCsv = tmp / "nohead.csv";
    expectLoadError(s, tmp / "nohead.csv", {"header"});
    writeBytes(tmp / "bad.csv", "file,label\na.png,x\nb.png,2\n");
    s.labelsCsv = tmp / "bad.csv";
    expectLoadError(s, tmp / "bad.csv", {"line 2"});
}

TEST(DataIo, HostileImageFolders) {
    DataIoDir tmp;
    for (const char* sub : {"sizes", "corrupt", "empty"})
        fs::create_directory(tmp.path / sub);
    cv::imwrite(tmp / "sizes/a.png", solid(5, 4, {0, 0, 0}));
    cv::imwrite(tmp / "sizes/b.png", solid(6, 4, {0, 0, 0}));
    expectLoadError(spec(tmp / "sizes"), tmp / "sizes/b.png", {"6x4 but a.png is 5x4"});
    cv::imwrite(tmp / "corrupt/a.png", solid(5, 4, {0, 0, 0}));
    writeBytes(tmp / "corrupt/b.PNG", "\x89PNG\r\n\x1a\n garbage");
    expectLoadError(spec(tmp / "corrupt"), tmp / "corrupt/b.PNG", {"decode", "corrupt"});
    writeBytes(tmp / "empty/readme.txt", "no images");
    expectLoadError(spec(tmp / "empty"), tmp / "empty", {"empty"});
    DataSpec twoChannels = spec(tmp / "sizes");
    twoChannels.channels = 2;
    expectLoadError(twoChannels, tmp / "sizes", {"2 channels"});
    writeBytes(tmp / "data.bin", "?");
    expectLoadError(spec(tmp / "data.bin"), tmp / "data.bin", {"unknown data format"});
    DataSpec cleanWithTarget = spec(tmp / "corrupt/a.png");
    cleanWithTarget.target = 3;
    expectLoadError(cleanWithTarget, tmp / "corrupt/a.png", {"only to poisoned"});
}

TEST(DataIo, LoadIsCancellable) {
    DataIoDir tmp;
    cv::imwrite(tmp / "a.png", solid(2, 2, {0, 0, 0}));
    Feedback fb;
    fb.cancel();
    EXPECT_THROW(loadDataset(spec(tmp.path.string()), &fb), Cancelled);
}

// ---- IDX ------------------------------------------------------------------------------------

TEST(DataIo, IdxTinyFilesAndHostileHeaders) {
    DataIoDir tmp;
    const std::string images = tmp / "x-images-idx3-ubyte.gz",
                      labels = tmp / "x-labels-idx1-ubyte.gz";
    writeIdx(images, 2051, {3, 2, 4}, 24);
    writeIdx(labels, 2049, {3}, 3);
    const Dataset d = loadDataset(spec(images));
    EXPECT_EQ(d.images.sizes(), torch::IntArrayRef({3, 1, 2, 4}));
    EXPECT_EQ(d.images[2][0][1][3].item<float>(), float(23 % 10));
    EXPECT_TRUE(torch::equal(d.labels, torch::tensor({0, 1, 2}, torch::kLong)));
    writeIdx(images, 2051, {3, 2, 4}, 20); // truncated payload
    expectLoadError(spec(images), images, {"truncated"});
    writeIdx(images, 2051, {3, 2, 4}, 24, "x"); // trailing bytes
    expectLoadError(spec(images), images, {"longer than its header"});
    writeIdx(images, 2049, {3, 2, 4}, 24); // labels magic on the images file
    expectLoadError(spec(images), images, {"bad magic"});
    writeIdx(images, 2051, {3, 100000, 4}, 24);
    expectLoadError(spec(images), images, {"absurd"});
    writeIdx(images, 2051, {4, 2, 4}, 32);
    expectLoadError(spec(images), labels, {"label count mismatch"});
    writeBytes(images, readBytes(images).substr(0, 20)); // cut inside the gzip stream
    expectLoadError(spec(images), images, {"truncated"});
    fs::remove(labels);
    writeIdx(images, 2051, {3, 2, 4}, 24);
    expectLoadError(spec(images), labels, {"labels file not found"});
}

TEST(DataIo, FashionMnistTestSet) {
    const std::string path = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";
    if (!fs::exists(path))
        GTEST_SKIP() << "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)";
    const Dataset d = loadDataset(spec(path));
    EXPECT_EQ(d.images.sizes(), torch::IntArrayRef({10000, 1, 28, 28}));
    EXPECT_EQ(d.images.max().item<float>(), 255.0f);
    EXPECT_TRUE(torch::equal(torch::bincount(d.labels), torch::full({10}, 1000, torch::kLong)));
}

// ---- the real CSAW image folders ------------------------------------------------------------

TEST(DataIo, SharedYoutubeFaceFolders) {
    const std::string root = std::string(BDL_SHARED_DIR) + "/data/youtube_face/images/";
    if (!fs::is_directory(root + "clean_test"))
        GTEST_SKIP() << "shared data absent: " << root;
    const Dataset clean = loadDataset(spec(root + "clean_test"));
    EXPECT_EQ(clean.images.sizes(), torch::IntArrayRef({100, 3, 55, 47}));
    EXPECT_EQ(clean.name, "clean_test");
    EXPECT_EQ(clean.itemNames[0], "test_1021_48.png");
    EXPECT_EQ(clean.labels[0].item<int64_t>(), 1021);
    EXPECT_GE(clean.labels.min().item<int64_t>(), 0);
    EXPECT_NO_THROW(validateLabels(clean, 1283));
    const Dataset sun = loadDataset(spec(root + "sunglasses_poisoned_data", DataSpec::Poisoned));
    EXPECT_EQ(sun.size(), 100);
    EXPECT_TRUE((sun.targets == 0).all().item<bool>());
    EXPECT_GE(sun.labels.min().item<int64_t>(), 0);
    const Dataset lip =
        loadDataset(parseDataArg(root + "lipstick_poisoned_multi_target", DataSpec::Poisoned));
    EXPECT_TRUE((lip.targets == 1).all().item<bool>());
}

// ---- arguments, label checks, slicing -------------------------------------------------------

TEST(DataIo, ParseDataArg) {
    DataSpec s = parseDataArg("dir/set.h5:5", DataSpec::Poisoned);
    EXPECT_EQ(s.path, "dir/set.h5");
    EXPECT_EQ(s.target, 5);
    EXPECT_EQ(s.role, DataSpec::Poisoned);
    EXPECT_EQ(parseDataArg("a:b/set.h5", DataSpec::Clean).path, "a:b/set.h5");
    EXPECT_FALSE(parseDataArg("a:b/set.h5", DataSpec::Clean).target);
    EXPECT_EQ(parseDataArg("x:", DataSpec::Clean).path, "x:");
    EXPECT_EQ(parseDataArg("x:-1", DataSpec::Clean).path, "x:-1");
    EXPECT_THROW(parseDataArg("x:99999999999999999999999", DataSpec::Poisoned), Error);
    EXPECT_THROW(parseDataArg("", DataSpec::Clean), Error);
    DataIoDir tmp;
    writeBytes(tmp / "odd:3", "");
    EXPECT_EQ(parseDataArg(tmp / "odd:3", DataSpec::Poisoned).path, tmp / "odd:3");
    EXPECT_FALSE(parseDataArg(tmp / "odd:3", DataSpec::Poisoned).target);
}

TEST(DataIo, ValidateLabelsNamesSetValueAndClassCount) {
    Dataset d = tinySet();
    d.source = "/data/tiny.h5";
    EXPECT_NO_THROW(validateLabels(d, 3));
    try {
        validateLabels(d, 2);
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("/data/tiny.h5"), std::string::npos) << msg;
        EXPECT_NE(msg.find("label 2 of c"), std::string::npos) << msg;
        EXPECT_NE(msg.find("2 classes"), std::string::npos) << msg;
    }
    d.targets = torch::tensor({0, 0, 3}, torch::kLong);
    EXPECT_THROW(validateLabels(d, 3), Error);
    d.labels[0] = -1; // unknown labels are allowed
    d.targets[2] = 1;
    EXPECT_NO_THROW(validateLabels(d, 3));
}

TEST(DataIo, SliceAndSelectCopyRows) {
    Dataset d = tinySet();
    d.targets = torch::tensor({4, 5, 6}, torch::kLong);
    Dataset s = d.slice(1, 3);
    EXPECT_EQ(s.size(), 2);
    EXPECT_EQ(s.itemNames, (std::vector<std::string>{"b", "c"}));
    EXPECT_TRUE(torch::equal(s.images, d.images.slice(0, 1, 3)));
    EXPECT_EQ(s.targets[0].item<int64_t>(), 5);
    s.images.fill_(-1);
    EXPECT_GE(d.images.min().item<float>(), 0.0f); // shares nothing
    const Dataset sel = d.select(torch::tensor({2, 0}, torch::kLong));
    EXPECT_EQ(sel.labels[0].item<int64_t>(), 2);
    EXPECT_EQ(sel.itemNames[1], "a");
    EXPECT_EQ(d.slice(1, 1).size(), 0);
    EXPECT_THROW(d.slice(2, 4), Error);
    EXPECT_THROW(d.select(torch::tensor({3}, torch::kLong)), Error);
}
