// HDF5 features that reach outside the file or past any budget: external links, external raw
// storage, virtual datasets, link loops, unknown filters, and deflate bombs.
#include "hostile_corpus.h"
#include "hostile_h5.h"

#include <functional>
#include <stdexcept>

namespace bdl::hostile {

namespace {

const GoodWeight& weight(const Corpus& c, const std::string& layer, size_t index = 0) {
    size_t seen = 0;
    for (const auto& w : c.good().weights)
        if (w.layer == layer && seen++ == index)
            return w;
    throw std::runtime_error("the good model has no weight " + std::to_string(index) + " in " +
                             layer);
}

std::vector<hsize_t> featureDims(const GoodWeight& w) {
    return std::vector<hsize_t>(w.shape.begin(), w.shape.end());
}

hsize_t countOf(const std::vector<hsize_t>& dims) {
    hsize_t n = 1;
    for (hsize_t d : dims)
        n *= d;
    return n;
}

/// Replaces every occurrence of `from` (which must occur) by `to` (same length) in the file.
void patchBytes(const std::string& path, const std::string& from, const std::string& to) {
    std::string bytes = readBytes(path);
    size_t hits = 0;
    for (size_t at = bytes.find(from); at != std::string::npos; at = bytes.find(from, at + 1)) {
        bytes.replace(at, to.size(), to);
        ++hits;
    }
    if (hits == 0 || from.size() != to.size())
        throw std::runtime_error("cannot patch " + path);
    writeBytes(path, bytes);
}

/// A dataset whose raw data lives in `target` (e.g. /etc/passwd). It is created naming a
/// placeholder of the same length, which is patched afterwards: HDF5 never sees, let alone
/// touches, the real target while the corpus is written.
void externalDataset(H5Writer& f, const std::string& ds, const std::vector<hsize_t>& dims,
                     hid_t type, const std::string& target) {
    DatasetLayout l;
    l.externalFile = std::string(target.size(), 'Q');
    l.externalBytes = countOf(dims) * H5Tget_size(type);
    H5Handle d(f.create(ds, dims, type, l), H5Dclose);
}

void externalStorage(Corpus& c, const std::string& name, const std::string& target) {
    const GoodWeight& k = weight(c, "conv_1");
    const std::string path = copyGoodModel(c, name);
    {
        H5Writer f(path, H5Writer::Open);
        f.remove(k.dataset);
        externalDataset(f, k.dataset, featureDims(k), H5T_IEEE_F32LE, target);
    }
    patchBytes(path, std::string(target.size(), 'Q'), target);
    c.add(name, OpenAs::Model, "conv_1's kernel stored externally in " + target);
}

/// A dataset mapped (whole) from `sourceFile`:`sourceDataset` as a virtual dataset.
void virtualDataset(H5Writer& f, const std::string& ds, const std::vector<hsize_t>& dims,
                    hid_t type, const std::string& sourceFile, const std::string& sourceDataset) {
    H5Handle space(h5id(H5Screate_simple(int(dims.size()), dims.data(), nullptr), "space"),
                   H5Sclose);
    H5Handle dcpl(h5id(H5Pcreate(H5P_DATASET_CREATE), "dcpl"), H5Pclose);
    h5check(H5Pset_obj_track_times(dcpl.get(), false), "track times");
    h5check(H5Pset_virtual(dcpl.get(), space.get(), sourceFile.c_str(), sourceDataset.c_str(),
                           space.get()),
            "virtual mapping");
    H5Handle d(h5id(H5Dcreate2(f.id(), ds.c_str(), type, space.get(), H5P_DEFAULT, dcpl.get(),
                               H5P_DEFAULT),
                    "virtual dataset " + ds),
               H5Dclose);
}

void writeLinks(Corpus& c) {
    const GoodWeight& k1 = weight(c, "conv_1");
    const GoodWeight& k2 = weight(c, "conv_2");
    struct Link {
        std::string name, dataset, what;
        std::function<void(H5Writer&, const std::string&, const std::string&)> make;
    };
    const std::vector<Link> links = {
        {"link_external_passwd.h5", k1.dataset,
         "conv_1's kernel is an external link into "
         "/etc/passwd",
         [](H5Writer& f, const std::string&, const std::string& ds) {
             h5check(H5Lcreate_external("/etc/passwd", "/root", f.id(), ds.c_str(), H5P_DEFAULT,
                                        H5P_DEFAULT),
                     "external link");
         }},
        {"link_external_good_model.h5", "/fc_1",
         "layer group fc_1 is an external link into "
         "another (valid) model file",
         [&c](H5Writer& f, const std::string&, const std::string& ds) {
             h5check(H5Lcreate_external(c.good().model.c_str(), "/fc_1", f.id(), ds.c_str(),
                                        H5P_DEFAULT, H5P_DEFAULT),
                     "external link");
         }},
        {"link_external_self.h5", k2.dataset, "conv_2's kernel is an external link to itself",
         [](H5Writer& f, const std::string& path, const std::string& ds) {
             h5check(H5Lcreate_external(path.c_str(), ds.c_str(), f.id(), ds.c_str(), H5P_DEFAULT,
                                        H5P_DEFAULT),
                     "external link");
         }},
        {"link_soft_loop.h5", k1.dataset, "conv_1's kernel is a soft link into a soft-link loop",
         [](H5Writer& f, const std::string&, const std::string& ds) {
             h5check(H5Lcreate_soft("/loop_a", f.id(), ds.c_str(), H5P_DEFAULT, H5P_DEFAULT),
                     "soft link");
             h5check(H5Lcreate_soft("/loop_b", f.id(), "/loop_a", H5P_DEFAULT, H5P_DEFAULT),
                     "soft link");
             h5check(H5Lcreate_soft("/loop_a", f.id(), "/loop_b", H5P_DEFAULT, H5P_DEFAULT),
                     "soft link");
         }},
        {"link_soft_dangling.h5", k2.dataset, "conv_2's kernel is a dangling soft link",
         [](H5Writer& f, const std::string&, const std::string& ds) {
             h5check(
                 H5Lcreate_soft("/nowhere/kernel", f.id(), ds.c_str(), H5P_DEFAULT, H5P_DEFAULT),
                 "soft link");
         }},
    };
    for (const auto& l : links) {
        const std::string path = copyGoodModel(c, l.name);
        {
            H5Writer f(path, H5Writer::Open);
            f.remove(l.dataset);
            l.make(f, path, l.dataset);
        }
        c.add(l.name, OpenAs::Model, l.what);
    }
}

} // namespace

void writeHdf5Features(Corpus& c) {
    writeLinks(c);
    externalStorage(c, "external_storage_passwd.h5", "/etc/passwd");
    externalStorage(c, "external_storage_relative.h5", "../../../../../../../../../etc/passwd");
    {
        // CSAW data whose pixels are /etc/passwd's bytes.
        const std::vector<hsize_t> dims = {1, 1, 28, 28};
        H5Writer f(c.file("external_storage_data.h5"));
        externalDataset(f, "/data", dims, H5T_STD_U8LE, "/etc/passwd");
        f.int64s("/label", {1}, {0});
    }
    patchBytes(c.file("external_storage_data.h5"), std::string(11, 'Q'), "/etc/passwd");
    c.add("external_storage_data.h5", OpenAs::CleanData,
          "CSAW data whose pixels are stored externally in /etc/passwd");

    // Virtual datasets: the mapped data is valid, only where it lives is wrong.
    const GoodWeight& k1 = weight(c, "conv_1");
    {
        H5Writer src(c.file("vds_source.h5"));
        src.floats("/k", featureDims(k1), std::vector<float>(countOf(featureDims(k1)), 0.01f));
        src.bytes("/data", {4, 1, 28, 28}, std::vector<uint8_t>(4 * 28 * 28, 7));
    }
    const std::string vds = copyGoodModel(c, "vds_kernel.h5");
    {
        H5Writer f(vds, H5Writer::Open);
        f.remove(k1.dataset);
        virtualDataset(f, k1.dataset, featureDims(k1), H5T_IEEE_F32LE, "vds_source.h5", "/k");
    }
    c.add("vds_kernel.h5", OpenAs::Model, "conv_1's kernel is a virtual dataset of another file");
    {
        H5Writer f(c.file("vds_data.h5"));
        virtualDataset(f, "/data", {4, 1, 28, 28}, H5T_STD_U8LE, "vds_source.h5", "/data");
        f.int64s("/label", {4}, {0, 1, 2, 3});
    }
    c.add("vds_data.h5", OpenAs::CleanData, "CSAW data is a virtual dataset of another file");

    // A filter the reader does not have, marked mandatory.
    const std::string filtered = copyGoodModel(c, "unknown_filter.h5");
    {
        H5Writer f(filtered, H5Writer::Open);
        f.remove(k1.dataset);
        DatasetLayout l;
        l.chunk = featureDims(k1);
        l.deflate = true;
        l.extraFilter = registerUnknownFilter();
        const std::vector<float> v(countOf(featureDims(k1)), 0.02f);
        f.dataset(k1.dataset, featureDims(k1), H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, v.data(), l);
    }
    c.add("unknown_filter.h5", OpenAs::Model,
          "conv_1's kernel needs filter 32100, which no reader has");
}

// ---- deflate bombs: ~100 GB declared, a few hundred KB stored ----------------------------------

namespace {

/// A chunked deflate dataset of zeros whose first chunk only is stored (as compressed zeros).
void bombDataset(H5Writer& f, const std::string& ds, const std::vector<hsize_t>& dims,
                 const std::vector<hsize_t>& chunk, hid_t type) {
    DatasetLayout l;
    l.chunk = chunk;
    l.deflate = true;
    H5Handle d(f.create(ds, dims, type, l), H5Dclose);
    writeRawChunk(d.get(), std::vector<hsize_t>(dims.size(), 0),
                  deflateZeros(size_t(countOf(chunk) * H5Tget_size(type))));
}

} // namespace

void writeBombs(Corpus& c) {
    {
        H5Writer f(c.file("bomb_data_105gb.h5"));
        bombDataset(f, "/data", {hsize_t(1) << 27, 1, 28, 28}, {hsize_t(1) << 18, 1, 28, 28},
                    H5T_STD_U8LE);
        bombDataset(f, "/label", {hsize_t(1) << 27}, {hsize_t(1) << 20}, H5T_STD_I64LE);
    }
    c.add("bomb_data_105gb.h5", OpenAs::CleanData,
          "CSAW data (2^27, 1, 28, 28) uint8 deflate: 105 GB declared, one 205 MB chunk stored");
    {
        H5Writer f(c.file("bomb_data_rgb_103gb.h5"));
        bombDataset(f, "/data", {hsize_t(1) << 23, 3, 64, 64}, {hsize_t(1) << 14, 3, 64, 64},
                    H5T_STD_U8LE);
        bombDataset(f, "/label", {hsize_t(1) << 23}, {hsize_t(1) << 20}, H5T_STD_I64LE);
    }
    c.add("bomb_data_rgb_103gb.h5", OpenAs::CleanData,
          "CSAW data (2^23, 3, 64, 64) uint8 deflate: 103 GB declared");
    {
        H5Writer f(c.file("bomb_labels_128gb.h5"));
        f.bytes("/data", {20, 1, 28, 28}, std::vector<uint8_t>(20 * 28 * 28, 9));
        bombDataset(f, "/label", {hsize_t(1) << 34}, {hsize_t(1) << 24}, H5T_STD_I64LE);
    }
    c.add("bomb_labels_128gb.h5", OpenAs::CleanData,
          "CSAW labels (2^34,) int64 deflate: 128 GB declared beside 20 images");
    const GoodWeight& fc = weight(c, "fc_1");
    const std::string model = copyGoodModel(c, "bomb_model_kernel_128gb.h5");
    {
        H5Writer f(model, H5Writer::Open);
        f.remove(fc.dataset);
        bombDataset(f, fc.dataset, {hsize_t(1) << 17, hsize_t(1) << 18},
                    {hsize_t(1) << 12, hsize_t(1) << 12}, H5T_IEEE_F32LE);
    }
    c.add("bomb_model_kernel_128gb.h5", OpenAs::Model,
          "fc_1's kernel (2^17, 2^18) float32 deflate: 128 GB declared, one 64 MB chunk stored");
}

} // namespace bdl::hostile
