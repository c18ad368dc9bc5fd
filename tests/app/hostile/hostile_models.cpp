// Model files broken at the byte level (truncations, seeded flips in HDF5's own structures) and
// at the dataset level (absurd shapes, wrong types, non-finite weights).
#include "hostile_corpus.h"
#include "hostile_h5.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <stdexcept>

namespace bdl::hostile {

namespace {

std::string hex(uint64_t v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
    return buf;
}

/// The first weight of `layer` in the good model (its kernel).
const GoodWeight& kernelOf(const Corpus& c, const std::string& layer) {
    for (const auto& w : c.good().weights)
        if (w.layer == layer)
            return w;
    throw std::runtime_error("the good model has no layer " + layer);
}

std::vector<hsize_t> dimsOf(const GoodWeight& w) {
    return std::vector<hsize_t>(w.shape.begin(), w.shape.end());
}

size_t weightCount(const GoodWeight& w) {
    size_t n = 1;
    for (int64_t d : w.shape)
        n *= size_t(d);
    return n;
}

DatasetLayout chunkedLayout(std::vector<hsize_t> chunk) {
    DatasetLayout l;
    l.chunk = std::move(chunk);
    return l;
}

/// Seeded small weights for `w`'s shape.
std::vector<float> weightsFor(Corpus& c, const GoodWeight& w) {
    std::uniform_real_distribution<float> u(-0.1f, 0.1f);
    std::vector<float> v(weightCount(w));
    for (auto& x : v)
        x = u(c.rng());
    return v;
}

} // namespace

// ---- truncations -------------------------------------------------------------------------------

void writeTruncated(Corpus& c) {
    const std::string model = readBytes(c.good().model);
    const std::string whole = readBytes(c.good().wholeModel);
    const size_t s = model.size();
    // Inside the signature, the superblock, the root group's structures, and throughout the
    // object headers and raw data that follow; then the last byte.
    const std::vector<size_t> cuts = {0, 8, 40, 96, 1024, s / 8, s / 3, s / 2, 3 * s / 4, s - 1};
    for (size_t cut : cuts) {
        const std::string name = "trunc_model_" + std::to_string(cut) + ".h5";
        writeBytes(c.file(name), model.substr(0, cut));
        c.add(name, OpenAs::Model,
              "weights-only model cut to " + std::to_string(cut) + " of " + std::to_string(s));
    }
    for (size_t cut : {whole.size() / 2, whole.size() - 1}) {
        const std::string name = "trunc_whole_" + std::to_string(cut) + ".h5";
        writeBytes(c.file(name), whole.substr(0, cut));
        c.add(name, OpenAs::Model,
              "whole model cut to " + std::to_string(cut) + " of " + std::to_string(whole.size()));
    }
}

// ---- seeded byte flips in HDF5's structures ------------------------------------------------------

namespace {

/// Byte offsets (relative to a structure's start) whose change the library must notice:
/// signatures, versions, sizes and addresses (low bytes, so the address often stays inside the
/// file, the harder case for the reader). Fields HDF5 does not check without strict format
/// checks (a v1 header's message count, a local heap's segment size, B-tree K) are left out:
/// a flip there may leave a readable file.
struct Region {
    std::string kind;
    std::vector<size_t> starts;   ///< where instances of the structure begin in the file
    std::vector<size_t> critical; ///< offsets within one instance
};

std::vector<size_t> findAll(const std::string& bytes, const std::string& signature) {
    std::vector<size_t> out;
    for (size_t at = bytes.find(signature); at != std::string::npos;
         at = bytes.find(signature, at + 1))
        out.push_back(at);
    return out;
}

uint64_t littleEndian(const std::string& bytes, size_t at, int size) {
    uint64_t v = 0;
    for (int i = size - 1; i >= 0; --i)
        v = v << 8 | uint8_t(bytes.at(at + size_t(i)));
    return v;
}

/// Only the structures of groups that have members: an empty group's B-tree and heap are never
/// read when the group is opened, so a flip there leaves the file readable.
std::vector<size_t> nonEmptyTrees(const std::string& bytes) {
    std::vector<size_t> out;
    for (size_t at : findAll(bytes, "TREE"))
        if (littleEndian(bytes, at + 6, 2) > 0)
            out.push_back(at);
    return out;
}

/// Local heaps holding at least one link name: in an empty group's heap the free list starts
/// right after the empty name at offset 0, i.e. at 8.
std::vector<size_t> namedHeaps(const std::string& bytes) {
    std::vector<size_t> out;
    for (size_t at : findAll(bytes, "HEAP"))
        if (littleEndian(bytes, at + 16, 8) != 8)
            out.push_back(at);
    return out;
}

herr_t collectHeader(hid_t, const char*, const H5O_info_t* info, void* data) {
    static_cast<std::vector<size_t>*>(data)->push_back(size_t(info->addr));
    return 0;
}

/// The addresses of every object header of a file (root group included).
std::vector<size_t> objectHeaders(const std::string& path) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    H5Handle file(h5id(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open " + path),
                  H5Fclose);
    std::vector<size_t> addrs;
    h5check(
        H5Ovisit2(file.get(), H5_INDEX_NAME, H5_ITER_NATIVE, collectHeader, &addrs, H5O_INFO_BASIC),
        "visit " + path);
    std::sort(addrs.begin(), addrs.end());
    addrs.erase(std::unique(addrs.begin(), addrs.end()), addrs.end());
    return addrs;
}

std::vector<Region> regionsOf(const std::string& path, const std::string& bytes) {
    std::vector<Region> r;
    if (bytes.size() > 8 && bytes[8] == 0) // version-0 superblock: no checksum
        // signature, version, sizes of offsets/lengths, base address, end-of-file address,
        // the root group's object header address
        r.push_back({"superblock", {0}, {0, 3, 7, 8, 13, 14, 24, 25, 42, 43, 64, 65}});
    else // versions 2/3 end in a checksum: any byte of the first 48 counts
        r.push_back({"superblock", {0}, {0, 8, 9, 12, 20, 28, 36, 44}});
    std::vector<size_t> headers = objectHeaders(path);
    if (!headers.empty() && uint8_t(bytes[headers[0]]) == 1)
        // version 1: version, header size, the first message's type and size
        r.push_back({"objheader", headers, {0, 8, 9, 16, 17, 18, 19}});
    else // version 2 headers carry a checksum
        r.push_back({"objheader", findAll(bytes, "OHDR"), {0, 2, 4, 5, 6, 7, 8}});
    // v1 B-tree nodes: signature, node type, level, entries used, the first child's address.
    r.push_back({"btree", nonEmptyTrees(bytes), {0, 2, 4, 5, 6, 32, 33, 34}});
    // Symbol-table nodes: signature, version, count, the first entry's name offset and address.
    r.push_back({"symnode", findAll(bytes, "SNOD"), {0, 3, 4, 6, 8, 16, 17, 18}});
    // Local heaps (the link names): signature, version, data segment address.
    r.push_back({"localheap", namedHeaps(bytes), {0, 1, 4, 24, 25}});
    // Global heaps (variable-length strings): signature, version, collection size, the first
    // object's index and size.
    r.push_back({"globalheap", findAll(bytes, "GCOL"), {0, 2, 4, 10, 11, 16, 17, 24, 25}});
    return r;
}

/// Writes `count` files, each `bytes` with one seeded byte of `region` changed.
void flipRegion(Corpus& c, const std::string& tag, const std::string& bytes, const Region& region,
                int count) {
    if (region.starts.empty())
        throw std::runtime_error("no " + region.kind + " found in the " + tag + " file");
    for (int i = 0; i < count; ++i) {
        const size_t start = region.starts[c.rng()() % region.starts.size()];
        const size_t offset = start + region.critical[c.rng()() % region.critical.size()];
        if (offset >= bytes.size())
            throw std::runtime_error(region.kind + " offset past the end of the file");
        const auto mask = uint8_t(1 + c.rng()() % 255);
        std::string flipped = bytes;
        flipped[offset] = char(uint8_t(flipped[offset]) ^ mask);
        const std::string name = "flip_" + tag + "_" + region.kind + "_" + std::to_string(i) +
                                 "_at" + std::to_string(offset) + ".h5";
        writeBytes(c.file(name), flipped);
        c.add(name, OpenAs::Model,
              region.kind + " byte " + std::to_string(offset) + " xor " + hex(mask) + " in the " +
                  tag + " file");
    }
}

} // namespace

void writeByteFlips(Corpus& c) {
    const std::string model = readBytes(c.good().model);
    const std::string whole = readBytes(c.good().wholeModel);
    const std::vector<Region> inModel = regionsOf(c.good().model, model);
    const std::vector<Region> inWhole = regionsOf(c.good().wholeModel, whole);
    // Flips per region kind, in the weights-only and in the whole-model file (the global heap
    // exists only there: its strings are variable-length).
    const std::map<std::string, std::pair<int, int>> plan = {
        {"superblock", {2, 1}}, {"objheader", {4, 2}}, {"btree", {2, 2}},
        {"symnode", {2, 1}},    {"localheap", {2, 1}}, {"globalheap", {0, 4}},
    };
    for (const auto& region : inModel)
        if (plan.at(region.kind).first > 0)
            flipRegion(c, "model", model, region, plan.at(region.kind).first);
    for (const auto& region : inWhole)
        if (plan.at(region.kind).second > 0)
            flipRegion(c, "whole", whole, region, plan.at(region.kind).second);
}

// ---- absurd shapes --------------------------------------------------------------------------------

namespace {

/// A kernel with a null dataspace (H5S_NULL: no elements at all, not even a scalar).
void writeNullSpaceKernel(Corpus& c, const GoodWeight& k1) {
    const std::string path = copyGoodModel(c, "shape_null_space.h5");
    {
        H5Writer f(path, H5Writer::Open);
        f.remove(k1.dataset);
        H5Handle space(h5id(H5Screate(H5S_NULL), "null space"), H5Sclose);
        H5Handle dcpl(h5id(H5Pcreate(H5P_DATASET_CREATE), "dcpl"), H5Pclose);
        h5check(H5Pset_obj_track_times(dcpl.get(), false), "track times");
        H5Handle d(h5id(H5Dcreate2(f.id(), k1.dataset.c_str(), H5T_IEEE_F32LE, space.get(),
                                   H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
                        "null dataset"),
                   H5Dclose);
    }
    c.add("shape_null_space.h5", OpenAs::Model, "kernel with a null dataspace");
}

} // namespace

void writeAbsurdShapes(Corpus& c) {
    const GoodWeight& k1 = kernelOf(c, "conv_1");
    const GoodWeight& fc = kernelOf(c, "fc_1");
    const hsize_t big = hsize_t(1) << 31;
    struct Shape {
        std::string name, layer;
        std::vector<hsize_t> dims;
        DatasetLayout layout;
        std::string what;
    };
    DatasetLayout late;
    late.lateAllocation = true;
    DatasetLayout unlimited = chunkedLayout({16, 16});
    unlimited.maxDims = {H5S_UNLIMITED, H5S_UNLIMITED};
    std::vector<Shape> shapes = {
        {"shape_2p31_squared.h5",
         "conv_1",
         {big, big},
         chunkedLayout({1, 1024}),
         "kernel declared (2^31, 2^31) float32, nothing stored"},
        {"shape_contig_2p31.h5",
         "conv_1",
         {big, big / 4},
         late,
         "kernel declared (2^31, 2^29) contiguous, late allocation, nothing stored"},
        {"shape_1d_2p40.h5",
         "fc_1",
         {hsize_t(1) << 40},
         chunkedLayout({1 << 16}),
         "kernel declared (2^40,) float32, nothing stored"},
        {"shape_last_dim_2p31.h5",
         "conv_1",
         {hsize_t(k1.shape[0]), hsize_t(k1.shape[1]), hsize_t(k1.shape[2]), big},
         chunkedLayout({1, 1, 1, 1024}),
         "kernel (4, 4, 1, 2^31): right rank, absurd filters"},
        {"shape_rank32.h5", "fc_1", std::vector<hsize_t>(32, 2),
         chunkedLayout(std::vector<hsize_t>(32, 1)), "kernel of rank 32 (2^32 elements)"},
        {"shape_unlimited.h5",
         "fc_1",
         {hsize_t(fc.shape[0]), hsize_t(fc.shape[1])},
         unlimited,
         "kernel extendible to unlimited, nothing stored"},
    };
    for (const auto& s : shapes) {
        const std::string path = copyGoodModel(c, s.name);
        H5Writer f(path, H5Writer::Open);
        const std::string ds = kernelOf(c, s.layer).dataset;
        f.remove(ds);
        H5Handle d(f.create(ds, s.dims, H5T_IEEE_F32LE, s.layout), H5Dclose);
        c.add(s.name, OpenAs::Model, s.what);
    }
    writeNullSpaceKernel(c, k1);
}

// ---- wrong types ---------------------------------------------------------------------------------

namespace {

/// Replaces `layer`'s kernel with a dataset of `type` and the kernel's shape, filled with zero
/// bytes (valid for every type used here except variable-length ones, which write `data`).
void replaceKernel(Corpus& c, const std::string& name, const std::string& layer, hid_t type,
                   const void* data, const std::string& what) {
    const GoodWeight& k = kernelOf(c, layer);
    const std::string path = copyGoodModel(c, name);
    {
        H5Writer f(path, H5Writer::Open);
        f.remove(k.dataset);
        std::vector<char> zeros(weightCount(k) * H5Tget_size(type), 0);
        f.dataset(k.dataset, dimsOf(k), type, type, data ? data : zeros.data());
    }
    c.add(name, OpenAs::Model, what);
}

/// The Keras attributes with the wrong types.
void writeWrongAttributeTypes(Corpus& c) {
    std::string path = copyGoodModel(c, "dtype_layer_names_double.h5");
    {
        H5Writer f(path, H5Writer::Open);
        f.removeAttr("/", "layer_names");
        f.doubleArrayAttr("/", "layer_names", {1.0, 2.0, 3.0});
    }
    c.add("dtype_layer_names_double.h5", OpenAs::Model, "root layer_names is a float64 array");
    path = copyGoodModel(c, "dtype_weight_names_double.h5");
    {
        H5Writer f(path, H5Writer::Open);
        f.removeAttr("/conv_2", "weight_names");
        f.doubleArrayAttr("/conv_2", "weight_names", {0.5, 1.5});
    }
    c.add("dtype_weight_names_double.h5", OpenAs::Model,
          "conv_2's weight_names is a non-empty float64 array");
}

} // namespace

void writeWrongDtypes(Corpus& c) {
    const GoodWeight& k = kernelOf(c, "conv_1");
    {
        H5Handle t(h5id(H5Tcopy(H5T_C_S1), "string"), H5Tclose);
        H5Tset_size(t.get(), H5T_VARIABLE);
        std::vector<const char*> strings(weightCount(k), "0.125");
        replaceKernel(c, "dtype_vlen_string.h5", "conv_1", t.get(), strings.data(),
                      "kernel of variable-length strings");
        H5Handle fixed(h5id(H5Tcopy(H5T_C_S1), "string"), H5Tclose);
        H5Tset_size(fixed.get(), 8);
        replaceKernel(c, "dtype_fixed_string.h5", "conv_1", fixed.get(), nullptr,
                      "kernel of 8-byte strings");
    }
    {
        H5Handle t(h5id(H5Tcreate(H5T_COMPOUND, 8), "compound"), H5Tclose);
        H5Tinsert(t.get(), "re", 0, H5T_NATIVE_FLOAT);
        H5Tinsert(t.get(), "im", 4, H5T_NATIVE_FLOAT);
        replaceKernel(c, "dtype_compound.h5", "conv_1", t.get(), nullptr,
                      "kernel of a compound {float re, im}");
    }
    {
        H5Handle t(h5id(H5Tenum_create(H5T_NATIVE_INT), "enum"), H5Tclose);
        const int zero = 0, one = 1;
        H5Tenum_insert(t.get(), "LOW", &zero);
        H5Tenum_insert(t.get(), "HIGH", &one);
        replaceKernel(c, "dtype_enum.h5", "fc_1", t.get(), nullptr, "kernel of an enum type");
    }
    {
        H5Handle t(h5id(H5Tcreate(H5T_OPAQUE, 4), "opaque"), H5Tclose);
        H5Tset_tag(t.get(), "raw float bits");
        replaceKernel(c, "dtype_opaque.h5", "conv_2", t.get(), nullptr, "kernel of opaque bytes");
    }
    {
        const hsize_t two = 2;
        H5Handle t(h5id(H5Tarray_create2(H5T_NATIVE_FLOAT, 1, &two), "array"), H5Tclose);
        replaceKernel(c, "dtype_array.h5", "conv_3", t.get(), nullptr,
                      "kernel of float[2] array elements");
    }
    replaceKernel(c, "dtype_reference.h5", "output", H5T_STD_REF_OBJ, nullptr,
                  "kernel of object references");
    {
        H5Handle t(h5id(H5Tvlen_create(H5T_NATIVE_FLOAT), "vlen"), H5Tclose);
        std::vector<hvl_t> seqs(weightCount(kernelOf(c, "fc_2")), hvl_t{0, nullptr});
        replaceKernel(c, "dtype_vlen_float.h5", "fc_2", t.get(), seqs.data(),
                      "kernel of variable-length float sequences");
    }
    writeWrongAttributeTypes(c);
}

// ---- NaN and Inf weights -----------------------------------------------------------------------

void writeNonFinite(Corpus& c) {
    struct Case {
        std::string name, layer;
        size_t index; ///< 0 kernel, 1 bias
        float value;
        std::string what;
    };
    const float inf = std::numeric_limits<float>::infinity();
    uint32_t snanBits = 0x7fa00001u; // a signalling NaN with payload
    float snan;
    std::memcpy(&snan, &snanBits, sizeof snan);
    const std::vector<Case> cases = {
        {"nonfinite_nan_kernel.h5", "conv_1", 0, std::nanf(""), "NaN in conv_1's kernel"},
        {"nonfinite_inf_bias.h5", "fc_1", 1, inf, "+Inf in fc_1's bias"},
        {"nonfinite_neg_inf_kernel.h5", "output", 0, -inf, "-Inf in the output kernel"},
        {"nonfinite_snan_kernel.h5", "conv_4", 0, snan, "signalling NaN in conv_4's kernel"},
    };
    for (const auto& k : cases) {
        std::vector<const GoodWeight*> ws;
        for (const auto& w : c.good().weights)
            if (w.layer == k.layer)
                ws.push_back(&w);
        const GoodWeight& w = *ws.at(k.index);
        std::vector<float> values = weightsFor(c, w);
        values[c.rng()() % values.size()] = k.value;
        const std::string path = copyGoodModel(c, k.name);
        {
            H5Writer f(path, H5Writer::Open);
            f.remove(w.dataset);
            f.floats(w.dataset, dimsOf(w), values);
        }
        c.add(k.name, OpenAs::Model, k.what);
    }
    writeWholeModel(c.file("nonfinite_whole_nan.h5"), tinyModelConfig(), std::nanf(""));
    c.add("nonfinite_whole_nan.h5", OpenAs::Model, "NaN bias in a whole-model file");
}

} // namespace bdl::hostile
