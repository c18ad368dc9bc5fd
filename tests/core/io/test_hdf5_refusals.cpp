// The HDF5 reader's refusals of files that reach outside themselves (external links, external
// raw storage, virtual datasets, user-defined links), of foreign filters and of absurd declared
// sizes; and reading from a memory image, which must equal reading the file. Every hostile file
// is first read with the raw HDF5 API to show that HDF5 alone would have followed it.
#include "tests/core/error_expect.h"
#include "core/base/errors.h"
#include "core/io/data_io.h"
#include "core/io/hdf5_file.h"
#include "core/io/keras_io.h"
#include "core/nn/architectures.h"
#include "core/nn/model.h"
#include "tests/core/hdf5_test_util.h"

#include <H5PLpublic.h>
#include <gtest/gtest.h>
#include <torch/types.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <functional>

using namespace bdl::core;
using bdl::test::H5TestFile;
using bdl::test::TempDir;
namespace fs = std::filesystem;

using bdl::test::errorOf;

namespace {

const char* const kKernel = "/conv_1/conv_1/kernel:0";

const Model& referenceBadnet() {
    static const Model m = [] {
        Model r(csawBadnetSpec());
        r.initialize(/*seed=*/11);
        return r;
    }();
    return m;
}

/// Reads a whole float dataset with the raw HDF5 API and default property lists: what HDF5
/// does with the file when nobody guards it. Empty when HDF5 fails.
std::vector<float> rawRead(const std::string& file, const std::string& dataset) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    std::vector<float> out;
    hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t ds = f < 0 ? -1 : H5Dopen2(f, dataset.c_str(), H5P_DEFAULT);
    hid_t space = ds < 0 ? -1 : H5Dget_space(ds);
    const hssize_t n = space < 0 ? -1 : H5Sget_simple_extent_npoints(space);
    if (n > 0) {
        out.resize(size_t(n));
        if (H5Dread(ds, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0)
            out.clear();
    }
    if (space >= 0)
        H5Sclose(space);
    if (ds >= 0)
        H5Dclose(ds);
    if (f >= 0)
        H5Fclose(f);
    H5Eclear2(H5E_DEFAULT);
    return out;
}

std::vector<float> valuesOf(const torch::Tensor& t) {
    const torch::Tensor c = t.to(torch::kFloat32).contiguous();
    return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

void expectSameModel(const LoadedModel& a, const LoadedModel& b) {
    EXPECT_EQ(a.architecture, b.architecture);
    EXPECT_EQ(a.format, b.format);
    EXPECT_EQ(a.layerNames, b.layerNames);
    EXPECT_EQ(a.weightNames, b.weightNames);
    EXPECT_EQ(a.rootAttributes, b.rootAttributes);
    ASSERT_EQ(a.model.weightedLayers(), b.model.weightedLayers());
    for (const auto& layer : a.model.weightedLayers()) {
        const auto wa = a.model.kerasWeights(layer), wb = b.model.kerasWeights(layer);
        ASSERT_EQ(wa.size(), wb.size());
        for (size_t i = 0; i < wa.size(); ++i)
            EXPECT_TRUE(torch::equal(wa[i], wb[i])) << layer << " weight " << i;
    }
}

/// The traversal function of the user-defined link class below: counts calls, then opens the
/// object named by the link's data, so HDF5 alone would follow the link.
int g_udTraversals = 0;
hid_t traverseTestLink(const char*, hid_t group, const void* data, size_t size, hid_t lapl, hid_t) {
    ++g_udTraversals;
    const std::string target(static_cast<const char*>(data), size);
    return H5Oopen(group, target.c_str(), lapl);
}

constexpr H5L_type_t kTestLinkType = H5L_type_t(100);

} // namespace

// ---- links ----------------------------------------------------------------------------------

TEST(Hdf5RefusalsLinks, KerasKernelBehindExternalLinkIsRefused) {
    TempDir dir;
    const std::string path = dir.file("model.h5"), other = dir.file("other.h5");
    saveKerasWeights(referenceBadnet(), path);
    bdl::test::writeBytes(other, bdl::test::readBytes(path)); // valid weights, another file
    {
        H5TestFile f(path, H5TestFile::Modify{});
        f.externalLink(kKernel, other, kKernel);
    }
    // HDF5 alone follows the link and finds valid weights: the file would load without the check.
    const auto expected = valuesOf(referenceBadnet().kerasWeights("conv_1")[0]);
    ASSERT_EQ(rawRead(path, kKernel), expected);

    EXPECT_ERROR_WITH(loadKerasModel(path), "model.h5", kKernel, "external link", "other.h5",
                      "refused");
    EXPECT_ERROR_WITH(loadKerasModelFromImage(bdl::test::readBytes(path), "image.h5"), "image.h5",
                      "external link");
    Hdf5Reader r(path);
    EXPECT_FALSE(r.exists(kKernel));
    EXPECT_FALSE(r.isDataset(kKernel));
    EXPECT_TRUE(r.exists("/conv_1/conv_1"));
    EXPECT_ERROR_WITH(r.checkLinks(kKernel), "model.h5", "external link");
    EXPECT_ERROR_WITH(r.readDataset(kKernel), "model.h5", "external link", kKernel);
    EXPECT_ERROR_WITH(r.datasetShape(kKernel), "external link");
    EXPECT_NO_THROW(r.checkLinks("/conv_1/conv_1/bias:0"));
    EXPECT_NO_THROW(r.checkLinks("/no/such/object"));
}

TEST(Hdf5RefusalsLinks, WholeLayerGroupBehindExternalLinkIsRefused) {
    TempDir dir;
    const std::string path = dir.file("model.h5"), other = dir.file("other.h5");
    saveKerasWeights(referenceBadnet(), path);
    bdl::test::writeBytes(other, bdl::test::readBytes(path));
    {
        H5TestFile f(path, H5TestFile::Modify{});
        f.externalLink("/conv_2", other, "/conv_2");
    }
    ASSERT_FALSE(rawRead(path, "/conv_2/conv_2/kernel:0").empty());
    EXPECT_ERROR_WITH(loadKerasModel(path), "model.h5", "'/conv_2' is an external link",
                      "other.h5:/conv_2");
    Hdf5Reader r(path);
    EXPECT_ERROR_WITH(r.members("/conv_2"), "external link");
    EXPECT_ERROR_WITH(r.attributeNames("/conv_2"), "external link");
    EXPECT_ERROR_WITH(r.readStringArrayAttribute("/conv_2", "weight_names"), "external link");
    EXPECT_FALSE(r.hasAttribute("/conv_2", "weight_names"));
    EXPECT_FALSE(r.isStringAttribute("/conv_2", "weight_names"));
}

TEST(Hdf5RefusalsLinks, SoftLinksInsideTheFileReadButNotThroughExternalOnes) {
    TempDir dir;
    const std::string path = dir.file("soft.h5"), other = dir.file("other.h5");
    {
        H5TestFile o(other);
        o.floatDataset("/g/x", {2}, {7.0f, 8.0f});
    }
    {
        H5TestFile f(path);
        f.floatDataset("/g/real", {3}, {1.0f, 2.0f, 3.0f});
        f.softLink("/abs", "/g/real");
        f.softLink("/g/rel", "real"); // relative to the group holding the link
        f.softLink("/chain", "/abs"); // a soft link to a soft link
        f.softLink("/loop", "/loop"); // never resolves
        f.externalLink("/ext", other, "/g");
        f.softLink("/sneaky", "/ext/x"); // reaches the other file through the external link
        f.softLink("/g/up", "/ext");
    }
    ASSERT_EQ(rawRead(path, "/sneaky"), (std::vector<float>{7.0f, 8.0f}));
    Hdf5Reader r(path);
    EXPECT_EQ(valuesOf(r.readDataset("/abs")), (std::vector<float>{1.0f, 2.0f, 3.0f}));
    EXPECT_EQ(valuesOf(r.readDataset("/g/rel")), (std::vector<float>{1.0f, 2.0f, 3.0f}));
    EXPECT_EQ(valuesOf(r.readDataset("/chain")), (std::vector<float>{1.0f, 2.0f, 3.0f}));
    EXPECT_FALSE(r.exists("/loop"));
    EXPECT_ERROR_WITH(r.readDataset("/loop"), "soft.h5", "/loop");
    EXPECT_FALSE(r.exists("/sneaky"));
    EXPECT_ERROR_WITH(r.readDataset("/sneaky"), "soft.h5", "'/sneaky' is a soft link to '/ext/x'",
                      "'/ext' is an external link", "other.h5:/g");
    EXPECT_ERROR_WITH(r.readDataset("/g/up/x"), "soft.h5", "external link");
    EXPECT_EQ(r.members("/g"), (std::vector<std::string>{"real", "rel", "up"}));
}

TEST(Hdf5RefusalsLinks, UserDefinedLinksAreNeverTraversed) {
    const H5L_class_t linkClass = {
        H5L_LINK_CLASS_T_VERS, kTestLinkType, "bdl test link", nullptr, nullptr, nullptr,
        traverseTestLink,      nullptr,       nullptr};
    ASSERT_GE(H5Lregister(&linkClass), 0);
    TempDir dir;
    const std::string path = dir.file("ud.h5");
    {
        H5TestFile f(path);
        f.floatDataset("/real", {2}, {1.0f, 2.0f});
        ASSERT_GE(H5Lcreate_ud(f.id(), "/ud", kTestLinkType, "real", 4, H5P_DEFAULT, H5P_DEFAULT),
                  0);
    }
    g_udTraversals = 0;
    {
        Hdf5Reader r(path);
        EXPECT_FALSE(r.exists("/ud"));
        EXPECT_ERROR_WITH(r.readDataset("/ud"), "ud.h5", "'/ud' is a user-defined link (type 100)");
    }
    EXPECT_EQ(g_udTraversals, 0) << "the reader must not call a user-defined traversal";
    EXPECT_EQ(rawRead(path, "/ud"), (std::vector<float>{1.0f, 2.0f})); // HDF5 alone follows it
    EXPECT_GT(g_udTraversals, 0);
    H5Lunregister(kTestLinkType);
}

// ---- storage outside the file -----------------------------------------------------------------

TEST(Hdf5RefusalsStorage, ExternalRawStorageIsRefusedWithoutReadingIt) {
    const std::string secret = bdl::test::readBytes("/etc/passwd");
    if (secret.size() < 32)
        GTEST_SKIP() << "no readable /etc/passwd on this system";
    TempDir dir;
    const std::string path = dir.file("ext.h5");
    const hsize_t n = std::min<hsize_t>(secret.size(), 4096);
    {
        H5TestFile f(path);
        hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
        ASSERT_GE(H5Pset_external(dcpl, "/etc/passwd", 0, n), 0);
        f.datasetWithPlist("/data", {n, 1, 1, 1}, H5T_STD_U8LE, H5T_NATIVE_UINT8, nullptr, dcpl);
        H5Pclose(dcpl);
        std::vector<int64_t> labels(n, 0);
        f.int64Dataset("/label", {n}, labels);
    }
    // HDF5 alone reads the other file's bytes as pixels.
    const std::vector<float> leaked = rawRead(path, "/data");
    ASSERT_EQ(leaked.size(), size_t(n));
    ASSERT_EQ(char(leaked[0]), secret[0]);

    std::vector<std::string> messages;
    DataSpec spec;
    spec.path = path;
    messages.push_back(errorOf([&] { loadCsawH5(spec); }));
    messages.push_back(errorOf([&] { loadCsawH5FromImage(bdl::test::readBytes(path), spec); }));
    Hdf5Reader r(path);
    messages.push_back(errorOf([&] { r.readDataset("/data", torch::kUInt8); }));
    messages.push_back(errorOf([&] { r.readDatasetRows("/data", 0, 1); }));
    messages.push_back(errorOf([&] { r.datasetShape("/data"); }));
    for (const auto& msg : messages) {
        EXPECT_NE(msg.find("ext.h5"), std::string::npos) << msg;
        EXPECT_NE(msg.find("external file"), std::string::npos) << msg;
        EXPECT_NE(msg.find("'/etc/passwd'"), std::string::npos) << msg;
        for (size_t i = 0; i + 8 <= size_t(n); i += 4) // no 8-byte run of the secret leaks
            ASSERT_EQ(msg.find(secret.substr(i, 8)), std::string::npos) << msg;
    }
}

TEST(Hdf5RefusalsStorage, VirtualDatasetsAreRefused) {
    TempDir dir;
    const std::string path = dir.file("vds.h5"), other = dir.file("source.h5");
    {
        H5TestFile o(other);
        o.floatDataset("/src", {4}, {1.0f, 2.0f, 3.0f, 4.0f});
    }
    {
        H5TestFile f(path);
        const hsize_t four = 4;
        hid_t space = H5Screate_simple(1, &four, nullptr);
        hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
        ASSERT_GE(H5Pset_virtual(dcpl, space, other.c_str(), "/src", space), 0);
        f.datasetWithPlist("/vds", {4}, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, nullptr, dcpl);
        H5Pclose(dcpl);
        // Unlimited, with printf-style source names: HDF5 opens the sources to find the extent.
        const hsize_t unlimited = H5S_UNLIMITED, start = 0, stride = 4, block = 4;
        hid_t vspace = H5Screate_simple(1, &four, &unlimited);
        H5Sselect_hyperslab(vspace, H5S_SELECT_SET, &start, &stride, &unlimited, &block);
        hid_t udcpl = H5Pcreate(H5P_DATASET_CREATE);
        const std::string pattern = dir.file("source%b.h5");
        ASSERT_GE(H5Pset_virtual(udcpl, vspace, pattern.c_str(), "/src", space), 0);
        hid_t vds = H5Dcreate2(f.id(), "/unlimited", H5T_IEEE_F32LE, vspace, H5P_DEFAULT, udcpl,
                               H5P_DEFAULT);
        ASSERT_GE(vds, 0);
        H5Dclose(vds), H5Pclose(udcpl), H5Sclose(vspace);
        H5Sclose(space);
    }
    ASSERT_EQ(rawRead(path, "/vds"), (std::vector<float>{1.0f, 2.0f, 3.0f, 4.0f}));
    Hdf5Reader r(path);
    EXPECT_TRUE(r.isDataset("/vds"));
    EXPECT_ERROR_WITH(r.readDataset("/vds"), "vds.h5", "'/vds' is a virtual dataset", "source.h5",
                      "refused");
    EXPECT_ERROR_WITH(r.datasetShape("/vds"), "virtual dataset");
    EXPECT_ERROR_WITH(r.readDatasetRows("/vds", 0, 2), "virtual dataset");
    EXPECT_ERROR_WITH(r.datasetShape("/unlimited"), "vds.h5", "virtual dataset", "source%b.h5");
}

// ---- filters ----------------------------------------------------------------------------------

TEST(Hdf5RefusalsFilters, OnlyDeflateShuffleAndFletcherAreAccepted) {
    TempDir dir;
    const std::string path = dir.file("filters.h5");
    std::vector<float> floats(200);
    std::vector<int32_t> ints(200);
    for (size_t i = 0; i < floats.size(); ++i) {
        floats[i] = std::sin(float(i)) * 100.0f;
        ints[i] = int32_t(i * 7 % 50);
    }
    {
        H5TestFile f(path);
        const hsize_t chunk[2] = {10, 10};
        auto make = [&](const char* name, hid_t fileType, hid_t memType, const void* data,
                        const std::function<void(hid_t)>& addFilters) {
            hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
            H5Pset_chunk(dcpl, 2, chunk);
            addFilters(dcpl);
            f.datasetWithPlist(name, {20, 10}, fileType, memType, data, dcpl);
            H5Pclose(dcpl);
        };
        make("/good", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, floats.data(), [](hid_t p) {
            H5Pset_shuffle(p);
            H5Pset_deflate(p, 9);
            H5Pset_fletcher32(p);
        });
        make("/good16", H5T_STD_I16LE, H5T_NATIVE_INT32, ints.data(), [](hid_t p) {
            H5Pset_fletcher32(p);
            H5Pset_shuffle(p);
            H5Pset_deflate(p, 1);
        });
        make("/nbit", H5T_STD_I32LE, H5T_NATIVE_INT32, ints.data(),
             [](hid_t p) { H5Pset_nbit(p); });
        make("/scaleoffset", H5T_STD_I32LE, H5T_NATIVE_INT32, ints.data(),
             [](hid_t p) { H5Pset_scaleoffset(p, H5Z_SO_INT, H5Z_SO_INT_MINBITS_DEFAULT); });
        // An optional filter HDF5 cannot load is skipped on write but recorded in the pipeline.
        make("/plugin", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, floats.data(),
             [](hid_t p) { H5Pset_filter(p, 32004, H5Z_FLAG_OPTIONAL, 0, nullptr); });
    }
    ASSERT_EQ(rawRead(path, "/nbit").size(), 200u); // HDF5 alone reads every one of them
    ASSERT_EQ(rawRead(path, "/scaleoffset").size(), 200u);
    ASSERT_EQ(rawRead(path, "/plugin"), floats);
    Hdf5Reader r(path);
    EXPECT_EQ(valuesOf(r.readDataset("/good")), floats);
    EXPECT_TRUE(
        torch::equal(r.readDatasetRows("/good", 5, 3), r.readDataset("/good").narrow(0, 5, 3)));
    EXPECT_TRUE(torch::equal(r.readDataset("/good16", torch::kInt32),
                             torch::tensor(ints, torch::kInt32).view({20, 10})));
    EXPECT_ERROR_WITH(r.readDataset("/nbit"), "filters.h5", "'/nbit'", "nbit (id 5)");
    EXPECT_ERROR_WITH(r.readDataset("/scaleoffset"), "filters.h5", "scaleoffset (id 6)");
    EXPECT_ERROR_WITH(r.datasetShape("/nbit"), "nbit");
    EXPECT_ERROR_WITH(r.readDataset("/plugin"), "filters.h5", "plugin filter id 32004");
    unsigned mask = 1;
    ASSERT_GE(H5PLget_loading_state(&mask), 0);
    EXPECT_EQ(mask, 0u) << "the reader must switch off HDF5's plugin loading";
}

TEST(Hdf5RefusalsFilters, CorruptChunkFailsItsChecksum) {
    TempDir dir;
    const std::string path = dir.file("sum.h5");
    std::vector<float> values(100, 0.0f);
    for (size_t i = 0; i < values.size(); ++i)
        values[i] = float(i) * 0.5f + 1000.0f;
    {
        H5TestFile f(path);
        hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
        const hsize_t chunk = 100;
        H5Pset_chunk(dcpl, 1, &chunk);
        H5Pset_fletcher32(dcpl);
        f.datasetWithPlist("/x", {100}, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, values.data(), dcpl);
        H5Pclose(dcpl);
    }
    std::string bytes = bdl::test::readBytes(path);
    const float probe = values[50];
    const size_t at = bytes.find(std::string(reinterpret_cast<const char*>(&probe), 4));
    ASSERT_NE(at, std::string::npos);
    bytes[at] ^= 0x55;
    EXPECT_ERROR_WITH(Hdf5Reader::fromImage(bytes, "sum.h5")->readDataset("/x"), "sum.h5",
                      "cannot read", "/x");
}

// ---- declared sizes ---------------------------------------------------------------------------

TEST(Hdf5RefusalsSize, GzipBombIsRefusedBeforeDecompressing) {
    TempDir dir;
    const std::string path = dir.file("bomb.h5");
    {
        H5TestFile f(path);
        hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
        const hsize_t chunk[4] = {1, 3, 100, 100};
        const float fill = 0.5f;
        H5Pset_chunk(dcpl, 4, chunk);
        H5Pset_deflate(dcpl, 9);
        H5Pset_fill_value(dcpl, H5T_NATIVE_FLOAT, &fill);
        f.datasetWithPlist("/data", {1000000, 3, 1000, 1000}, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT,
                           nullptr, dcpl);
        H5Pclose(dcpl);
        // A few real chunks, so there is stored data to decompress.
        hid_t ds = H5Dopen2(f.id(), "/data", H5P_DEFAULT);
        const hsize_t start[4] = {0, 0, 0, 0}, count[4] = {2, 3, 100, 100};
        std::vector<float> zeros(2 * 3 * 100 * 100, 0.0f);
        hid_t fileSpace = H5Dget_space(ds);
        hid_t memSpace = H5Screate_simple(4, count, nullptr);
        H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, start, nullptr, count, nullptr);
        ASSERT_GE(H5Dwrite(ds, H5T_NATIVE_FLOAT, memSpace, fileSpace, H5P_DEFAULT, zeros.data()),
                  0);
        H5Sclose(memSpace), H5Sclose(fileSpace), H5Dclose(ds);
        f.int64Dataset("/label", {3}, {0, 1, 2});
    }
    ASSERT_LT(fs::file_size(path), 64u * 1024) << "the bomb should be tiny on disk";
    const auto start = std::chrono::steady_clock::now();
    Hdf5Reader r(path);
    EXPECT_EQ(r.datasetShape("/data"), (std::vector<int64_t>{1000000, 3, 1000, 1000}));
    EXPECT_ERROR_WITH(r.readDataset("/data"), "bomb.h5", "too large", "1000000x3x1000x1000",
                      "12000000000000 bytes", "'/data'");
    EXPECT_ERROR_WITH(r.readDatasetRows("/data", 0, 1), "too large", "12000000000000 bytes");
    DataSpec spec;
    spec.path = path;
    EXPECT_ERROR_WITH(loadCsawH5(spec), "bomb.h5", "too large");
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(seconds, 3.0) << "refusals must come before any decompression";
}

TEST(Hdf5RefusalsSize, OverflowingExtentsAndLimitsAreRefused) {
    TempDir dir;
    const std::string path = dir.file("over.h5");
    {
        H5TestFile f(path);
        const hsize_t big = hsize_t(1) << 40;
        f.dataset("/overflow", {big, big, big}, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, nullptr, {},
                  {1, 1, 1});
        f.uint8Dataset("/bytes", {4, 4}, std::vector<uint8_t>(16, 3));
    }
    Hdf5Reader r(path);
    EXPECT_ERROR_WITH(r.readDataset("/overflow"), "over.h5", "too large", "over 2^63 bytes");
    EXPECT_ERROR_WITH(r.readDatasetRows("/overflow", 0, 1), "too large");
    // The memory type counts: 16 uint8 elements are 64 bytes as float32, 16 as uint8.
    Hdf5Limits tight;
    tight.maxBytes = 32;
    Hdf5Reader small(path, tight);
    EXPECT_EQ(small.readDataset("/bytes", torch::kUInt8).numel(), 16);
    EXPECT_ERROR_WITH(small.readDataset("/bytes", torch::kFloat32), "too large", "4x4",
                      "elements of 4 bytes (64 bytes");
}

// ---- attributes -------------------------------------------------------------------------------

TEST(Hdf5RefusalsAttributes, StringsAreBoundedAndMissingObjectsGiveErrors) {
    TempDir dir;
    const std::string path = dir.file("attrs.h5");
    {
        H5TestFile f(path);
        f.group("/g");
        f.stringAttr("/g", "longVar", std::string(100, 'v'), true);
        f.stringAttr("/g", "longFixed", std::string(100, 'f'), false);
        f.stringArrayAttr("/g", "manyVar", std::vector<std::string>(10, "abcdef"), true);
        f.stringAttr("/g", "short", "ok", true);
    }
    Hdf5Limits tight;
    tight.maxStringBytes = 32;
    Hdf5Reader r(path, tight);
    EXPECT_EQ(r.readStringAttribute("/g", "short"), "ok");
    EXPECT_ERROR_WITH(r.readStringAttribute("/g", "longVar"), "attrs.h5", "too large", "longVar");
    EXPECT_ERROR_WITH(r.readStringAttribute("/g", "longFixed"), "attrs.h5", "too large");
    EXPECT_ERROR_WITH(r.readStringArrayAttribute("/g", "manyVar"), "attrs.h5", "too large");
    EXPECT_EQ(Hdf5Reader(path).readStringAttribute("/g", "longVar"), std::string(100, 'v'));
    // Attributes of objects that do not exist: answers and errors, never a crash.
    EXPECT_FALSE(r.hasAttribute("/nope", "x"));
    EXPECT_FALSE(r.isStringAttribute("/nope/deeper", "x"));
    EXPECT_ERROR_WITH(r.readStringAttribute("/nope", "x"), "attrs.h5", "missing", "/nope");
    EXPECT_ERROR_WITH(r.readStringArrayAttribute("/g/none", "x"), "attrs.h5", "missing");
    EXPECT_ERROR_WITH(r.attributeNames("/nope"), "attrs.h5", "missing", "/nope");
    EXPECT_ERROR_WITH(r.readStringAttribute("/g", "absent"), "attrs.h5", "missing", "absent");
}

// ---- memory images ----------------------------------------------------------------------------

TEST(Hdf5RefusalsImage, KerasImageReadsLikeTheFile) {
    TempDir dir;
    const std::string path = dir.file("model.h5");
    saveKerasWeights(referenceBadnet(), path);
    const std::string bytes = bdl::test::readBytes(path);
    const LoadedModel fromFile = loadKerasModel(path);
    const LoadedModel fromImage = loadKerasModelFromImage(bytes, "in-memory.h5");
    expectSameModel(fromFile, fromImage);
    EXPECT_EQ(fromImage.source, "in-memory.h5");
    // The name of an existing file is only a name: nothing is opened, the image is read.
    expectSameModel(fromFile, loadKerasModelFromImage(bytes, path));
    // The real CSAW models, when ../shared has them.
    const std::string models = std::string(BDL_SHARED_DIR) + "/data/youtube_face/models/";
    for (const char* name : {"bd_weights.h5", "Anti_RepairedNet_Sunglasses_Model.h5"}) {
        if (fs::exists(models + name))
            expectSameModel(loadKerasModel(models + name),
                            loadKerasModelFromImage(bdl::test::readBytes(models + name), name));
    }
}

TEST(Hdf5RefusalsImage, ImagesOfOneNameStayApart) {
    TempDir dir;
    {
        H5TestFile a(dir.file("a.h5")), b(dir.file("b.h5"));
        a.floatDataset("/x", {2}, {1.0f, 2.0f});
        b.floatDataset("/x", {3}, {5.0f, 6.0f, 7.0f});
    }
    const auto ra = Hdf5Reader::fromImage(bdl::test::readBytes(dir.file("a.h5")), "same.h5");
    const auto rb = Hdf5Reader::fromImage(bdl::test::readBytes(dir.file("b.h5")), "same.h5");
    EXPECT_EQ(valuesOf(ra->readDataset("/x")), (std::vector<float>{1.0f, 2.0f}));
    EXPECT_EQ(valuesOf(rb->readDataset("/x")), (std::vector<float>{5.0f, 6.0f, 7.0f}));
    EXPECT_EQ(ra->path(), "same.h5");
    EXPECT_ERROR_WITH(Hdf5Reader::fromImage("", "empty.h5"), "empty.h5", "not an HDF5 file");
    EXPECT_ERROR_WITH(Hdf5Reader::fromImage(std::string(4096, 'x'), "junk.h5"), "junk.h5",
                      "not an HDF5 file");
}

TEST(Hdf5RefusalsImage, CsawImageReadsLikeTheFile) {
    TempDir dir;
    const std::string path = dir.file("set.h5");
    Dataset d;
    d.name = "set";
    d.images = torch::rand({6, 3, 7, 5}) * 3.0f; // float pixels: stored as float32
    d.labels = torch::tensor({0, 1, 2, 3, 4, -1}, torch::kLong);
    d.targets = torch::full({6}, 2, torch::kLong);
    saveCsawH5(d, path);
    DataSpec spec;
    spec.path = path;
    spec.role = DataSpec::Poisoned;
    const Dataset fromFile = loadCsawH5(spec);
    const Dataset fromImage = loadCsawH5FromImage(bdl::test::readBytes(path), spec);
    EXPECT_TRUE(torch::equal(fromFile.images, fromImage.images));
    EXPECT_TRUE(torch::equal(fromFile.labels, fromImage.labels));
    EXPECT_TRUE(torch::equal(fromFile.targets, fromImage.targets));
    EXPECT_TRUE(torch::equal(fromImage.images, d.images));
    EXPECT_EQ(fromFile.itemNames, fromImage.itemNames);
    EXPECT_EQ(fromFile.name, fromImage.name);
    EXPECT_EQ(fromImage.source, path);
}

TEST(Hdf5RefusalsImage, TruncatedImagesGiveErrors) {
    TempDir dir;
    saveKerasWeights(referenceBadnet(), dir.file("model.h5"));
    Dataset d;
    d.images = torch::randint(0, 256, {40, 3, 9, 8}).to(torch::kFloat32);
    d.labels = torch::arange(40, torch::kLong).remainder(5);
    saveCsawH5(d, dir.file("set.h5"));
    const std::string model = bdl::test::readBytes(dir.file("model.h5"));
    const std::string set = bdl::test::readBytes(dir.file("set.h5"));
    DataSpec spec;
    spec.path = "cut-set.h5";
    for (int i = 0; i < 30; ++i) {
        const size_t modelCut = model.size() * size_t(i) / 30, setCut = set.size() * size_t(i) / 30;
        SCOPED_TRACE("cut at " + std::to_string(i) + "/30");
        EXPECT_ERROR_WITH(loadKerasModelFromImage(model.substr(0, modelCut), "cut-model.h5"),
                          "cut-model.h5");
        EXPECT_ERROR_WITH(loadCsawH5FromImage(set.substr(0, setCut), spec), "cut-set.h5");
    }
    EXPECT_NO_THROW(loadKerasModelFromImage(model, "whole.h5"));
    EXPECT_NO_THROW(loadCsawH5FromImage(set, spec));
}
