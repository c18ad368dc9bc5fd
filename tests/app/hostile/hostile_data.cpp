// Data sets the CLI must refuse: CSAW .h5 files of the wrong layout, type or values, and IDX
// (Fashion-MNIST) files with bad headers, counts or gzip streams.
#include "hostile_corpus.h"
#include "hostile_h5.h"

#include <cmath>
#include <functional>
#include <limits>

namespace bdl::hostile {

namespace {

constexpr hsize_t kN = 20;        ///< images per CSAW file
constexpr hsize_t kDataSide = 28; ///< the good model's input side

std::vector<uint8_t> pixels(Corpus& c, size_t n) {
    std::vector<uint8_t> v(n);
    for (auto& p : v)
        p = uint8_t(c.rng()() & 0xff);
    return v;
}

std::vector<int64_t> labels(size_t n, int64_t classes = 10) {
    std::vector<int64_t> v(n);
    for (size_t i = 0; i < n; ++i)
        v[i] = int64_t(i) % classes;
    return v;
}

/// A CSAW file written by `body`.
void csaw(Corpus& c, const std::string& name, OpenAs as, const std::string& what,
          const std::function<void(H5Writer&)>& body) {
    {
        H5Writer f(c.file(name));
        body(f);
    }
    c.add(name, as, what);
}

/// A CSAW file with good (N, 1, 28, 28) pixels and the given label dataset.
void withLabels(Corpus& c, const std::string& name, const std::string& what,
                const std::function<void(H5Writer&)>& label, OpenAs as = OpenAs::CleanData) {
    const std::vector<uint8_t> px = pixels(c, kN * kDataSide * kDataSide);
    csaw(c, name, as, what, [&](H5Writer& f) {
        f.bytes("/data", {kN, 1, kDataSide, kDataSide}, px);
        label(f);
    });
}

/// A CSAW file with the given pixel dataset and good labels.
void withData(Corpus& c, const std::string& name, const std::string& what,
              const std::function<void(H5Writer&)>& data) {
    csaw(c, name, OpenAs::CleanData, what, [&](H5Writer& f) {
        data(f);
        f.int64s("/label", {kN}, labels(kN));
    });
}

void writeCsawLayouts(Corpus& c) {
    const size_t n = kN * kDataSide * kDataSide;
    withData(c, "csaw_rank3.h5", "data of rank 3 (20, 28, 28)", [&](H5Writer& f) {
        f.bytes("/data", {kN, kDataSide, kDataSide}, pixels(c, n));
    });
    withData(c, "csaw_two_channels.h5", "data with 2 channels", [&](H5Writer& f) {
        f.bytes("/data", {kN, 2, kDataSide, kDataSide}, pixels(c, 2 * n));
    });
    withData(c, "csaw_channels_last.h5", "data channels-last (20, 28, 28, 1)", [&](H5Writer& f) {
        f.bytes("/data", {kN, kDataSide, kDataSide, 1}, pixels(c, n));
    });
    csaw(c, "csaw_empty.h5", OpenAs::CleanData, "0 images", [&](H5Writer& f) {
        f.bytes("/data", {0, 1, kDataSide, kDataSide}, std::vector<uint8_t>(1));
        f.int64s("/label", {0}, std::vector<int64_t>(1));
    });
    csaw(c, "csaw_no_data.h5", OpenAs::CleanData, "no 'data' dataset",
         [&](H5Writer& f) { f.int64s("/label", {kN}, labels(kN)); });
    withLabels(c, "csaw_no_label.h5", "no 'label' dataset", [](H5Writer&) {});
    DatasetLayout late;
    late.lateAllocation = true;
    withData(c, "csaw_absurd_count.h5", "data declared (2^31, 1, 28, 28), nothing stored",
             [&](H5Writer& f) {
                 H5Handle d(f.create("/data", {hsize_t(1) << 31, 1, kDataSide, kDataSide},
                                     H5T_STD_U8LE, late),
                            H5Dclose);
             });
    withData(c, "csaw_absurd_side.h5", "data declared (20, 1, 2^31, 2^31), nothing stored",
             [&](H5Writer& f) {
                 DatasetLayout l;
                 l.chunk = {1, 1, 1024, 1024};
                 H5Handle d(f.create("/data", {kN, 1, hsize_t(1) << 31, hsize_t(1) << 31},
                                     H5T_STD_U8LE, l),
                            H5Dclose);
             });
    writeBytes(c.file("csaw_not_hdf5.h5"), "file,label\nimg.png,3\n");
    c.add("csaw_not_hdf5.h5", OpenAs::CleanData, "an .h5 file that is a CSV");
}

void writeCsawTypes(Corpus& c) {
    const size_t n = kN * kDataSide * kDataSide;
    withData(c, "csaw_data_compound.h5", "pixels are compound {u8 r, g}", [&](H5Writer& f) {
        H5Handle t(h5id(H5Tcreate(H5T_COMPOUND, 2), "compound"), H5Tclose);
        H5Tinsert(t.get(), "r", 0, H5T_NATIVE_UINT8);
        H5Tinsert(t.get(), "g", 1, H5T_NATIVE_UINT8);
        std::vector<uint8_t> v = pixels(c, 2 * n);
        f.dataset("/data", {kN, 1, kDataSide, kDataSide}, t.get(), t.get(), v.data());
    });
    withData(c, "csaw_data_nan.h5", "float32 pixels with a NaN", [&](H5Writer& f) {
        std::vector<float> v(n, 0.5f);
        v[c.rng()() % n] = std::nanf("");
        f.floats("/data", {kN, 1, kDataSide, kDataSide}, v);
    });
    withLabels(c, "csaw_labels_fractional.h5", "int labels stored as float 0.5, 1.5, ...",
               [](H5Writer& f) {
                   std::vector<float> v(kN);
                   for (size_t i = 0; i < kN; ++i)
                       v[i] = float(i % 10) + 0.5f;
                   f.floats("/label", {kN}, v);
               });
    withLabels(c, "csaw_labels_strings.h5", "labels are strings", [](H5Writer& f) {
        H5Handle t(h5id(H5Tcopy(H5T_C_S1), "string"), H5Tclose);
        H5Tset_size(t.get(), H5T_VARIABLE);
        std::vector<const char*> s(kN, "3");
        f.dataset("/label", {kN}, t.get(), t.get(), s.data());
    });
    withLabels(c, "csaw_labels_nan.h5", "a NaN label", [](H5Writer& f) {
        std::vector<double> v(kN, 1.0);
        v[7] = std::nan("");
        f.dataset("/label", {kN}, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, v.data());
    });
}

void writeCsawLabels(Corpus& c) {
    withLabels(c, "csaw_labels_negative.h5", "a label of -3", [&](H5Writer& f) {
        std::vector<int64_t> v = labels(kN);
        v[c.rng()() % kN] = -3;
        f.int64s("/label", {kN}, v);
    });
    withLabels(c, "csaw_labels_count.h5", "19 labels for 20 images",
               [](H5Writer& f) { f.int64s("/label", {kN - 1}, labels(kN - 1)); });
    withLabels(c, "csaw_labels_not_a_class.h5", "label 10 for a 10-class model", [](H5Writer& f) {
        std::vector<int64_t> v = labels(kN);
        v[kN - 1] = 10;
        f.int64s("/label", {kN}, v);
    });
    withLabels(
        c, "csaw_poisoned_target_99.h5", "poisoned set with attack target 99 (10 classes)",
        [](H5Writer& f) { f.int64s("/label", {kN}, std::vector<int64_t>(kN, 99)); },
        OpenAs::PoisonedData);
    withLabels(
        c, "csaw_poisoned_true_label_negative.h5", "poisoned set with a true_label of -5",
        [](H5Writer& f) {
            f.int64s("/label", {kN}, std::vector<int64_t>(kN, 0));
            std::vector<int64_t> t = labels(kN);
            t[2] = -5;
            f.int64s("/true_label", {kN}, t);
        },
        OpenAs::PoisonedData);
}

// ---- IDX ---------------------------------------------------------------------------------------

std::string idxHeader(uint32_t magic, const std::vector<uint32_t>& dims) {
    std::string s = bigEndian32(magic);
    for (uint32_t d : dims)
        s += bigEndian32(d);
    return s;
}

std::string idxImages(Corpus& c, uint32_t n, uint32_t magic = 2051) {
    std::string s = idxHeader(magic, {n, uint32_t(kDataSide), uint32_t(kDataSide)});
    for (uint8_t p : pixels(c, size_t(n) * kDataSide * kDataSide))
        s.push_back(char(p));
    return s;
}

std::string idxLabels(uint32_t n, uint32_t magic = 2049, uint8_t first = 0) {
    std::string s = idxHeader(magic, {n});
    for (uint32_t i = 0; i < n; ++i)
        s.push_back(char(i == 0 ? first : i % 10));
    return s;
}

/// Writes `<stem>-images-idx3-ubyte.gz` and, unless `labelsFile` is empty, the labels beside
/// it; both already encoded (gzip or not) by the caller.
void idx(Corpus& c, const std::string& stem, const std::string& imagesFile,
         const std::string& labelsFile, const std::string& what, bool gz = true) {
    const std::string ext = gz ? ".gz" : "";
    const std::string name = stem + "-images-idx3-ubyte" + ext;
    writeBytes(c.file(name), imagesFile);
    if (!labelsFile.empty())
        writeBytes(c.file(stem + "-labels-idx1-ubyte" + ext), labelsFile);
    c.add(name, OpenAs::CleanData, what);
}

} // namespace

void writeCsawData(Corpus& c) {
    writeCsawLayouts(c);
    writeCsawTypes(c);
    writeCsawLabels(c);
}

void writeIdx(Corpus& c) {
    const uint32_t n = 20;
    const std::string goodLabels = gzip(idxLabels(n));
    idx(c, "wrongmagic", gzip(idxImages(c, n, 2049)), goodLabels, "images magic 2049");
    idx(c, "labelmagic", gzip(idxImages(c, n)), gzip(idxLabels(n, 2051)), "labels magic 2051");
    idx(c, "countoverflow", gzip(idxHeader(2051, {0xFFFFFFFFu, 28, 28}) + std::string(64, '\0')),
        gzip(idxLabels(n)), "declares 2^32-1 images");
    idx(c, "sideoverflow", gzip(idxHeader(2051, {n, 0xFFFFFFFFu, 0xFFFFFFFFu})), goodLabels,
        "declares (2^32-1)^2 pixels per image");
    idx(c, "zeroimages", gzip(idxHeader(2051, {0, 28, 28})), gzip(idxLabels(0)), "0 images");
    idx(c, "countmismatch", gzip(idxImages(c, n)), gzip(idxLabels(n - 1)), "19 labels, 20 images");
    const std::string images = gzip(idxImages(c, n));
    idx(c, "gzcutpayload", images.substr(0, images.size() * 3 / 5), goodLabels,
        "gzip images cut at 60 %");
    idx(c, "gzcutlabels", images, goodLabels.substr(0, goodLabels.size() - 9),
        "gzip labels missing their last 9 bytes");
    std::string badCrc = images;
    badCrc[badCrc.size() - 6] = char(badCrc[badCrc.size() - 6] ^ 0x5a);
    idx(c, "gzbadcrc", badCrc, goodLabels, "gzip images with a wrong CRC");
    const std::string plain = idxImages(c, n);
    idx(c, "plaincut", plain.substr(0, plain.size() - 100), idxLabels(n),
        "plain images 100 bytes short", /*gz=*/false);
    idx(c, "nolabels", images, "", "no labels file beside the images");
    idx(c, "bomb", gzip(idxHeader(2051, {3000000, 28, 28})) + deflateZeros(64 << 20, true),
        gzip(idxLabels(n)), "declares 3 000 000 images (2.4 GB) over a gzip stream of zeros");
    idx(c, "labeloutofrange", gzip(idxImages(c, n)), gzip(idxLabels(n, 2049, 200)),
        "label 200 for a 10-class model");
}

} // namespace bdl::hostile
