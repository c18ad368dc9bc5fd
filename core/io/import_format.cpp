// The import format (BDLX): decoding payloads in the parent (import_format_write.cpp writes them
// in the helper). The decoder trusts nothing: every header member is type- and range-checked and
// every tensor's size is checked against the budget before anything is allocated. See
// import_format.h.
#include "core/io/import_format.h"

#include "core/base/errors.h"
#include "core/io/import_format_internal.h"
#include "core/nn/model_spec.h"

#include <torch/types.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <set>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "import_format.cpp copies tensor bytes as they lie in memory: little-endian hosts only"
#endif

namespace bdl::core {

namespace {

using import_detail::bracketDepth;
using import_detail::DType;
using import_detail::HeaderReader;
using import_detail::info;
using import_detail::json;
using import_detail::kChunkBytes;
using import_detail::kDTypes;

/// The largest bracket depth a header may have; the header this build writes stays under 8.
constexpr int kMaxHeaderDepth = 64;

// ---- reading -----------------------------------------------------------------------------------

uint32_t getU32(const unsigned char* p) {
    uint32_t v = 0;
    for (int i = 3; i >= 0; --i)
        v = (v << 8) | p[i];
    return v;
}

uint64_t getU64(const unsigned char* p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i)
        v = (v << 8) | p[i];
    return v;
}

/// A tensor the header announces, checked against the budget.
struct TensorDesc {
    std::string path; ///< where the header describes it, for messages
    DType type = DType::Float32;
    std::vector<int64_t> shape;
    int64_t numel = 0;
    int64_t bytes = 0; ///< on the wire
};

class PayloadReader {
public:
    PayloadReader(const ImportSource& in, std::string origin, const ImportBudget& budget)
        : m_in(in), m_origin(std::move(origin)), m_budget(budget), m_r(m_origin) {}

    ImportedPayload read();

private:
    [[noreturn]] void fail(const std::string& problem) const { throw Error(m_origin, problem); }

    void readExact(void* data, size_t size);
    json readHeader();

    /// Parses a TENSOR object and counts it (and `allocBytes`, what decoding it allocates, when
    /// more than its wire size) against the budget. Allocates nothing.
    TensorDesc tensor(const json& v, const std::string& path, int64_t allocBytes = 0);
    /// Allocates the tensor and reads its bytes into the tensor's own storage.
    torch::Tensor readTensor(const TensorDesc& d);
    /// Reads uint8 images straight into a float32 tensor, piece by piece.
    torch::Tensor readUInt8AsFloat(const TensorDesc& d);

    ImportedPayload readModel(const json& header);
    ImportedPayload readDataset(const json& header);
    ImportedPayload readImage(const json& header);

    const ImportSource& m_in;
    std::string m_origin;
    const ImportBudget& m_budget;
    HeaderReader m_r;
    int64_t m_tensors = 0;
    int64_t m_totalBytes = 0;
};

void PayloadReader::readExact(void* data, size_t size) {
    try {
        m_in(data, size);
    } catch (const Cancelled&) {
        throw;
    } catch (const Error& e) {
        if (!e.source().empty())
            throw;
        throw Error(m_origin, e.problem());
    } catch (const std::exception& e) {
        throw Error(m_origin, std::string("cannot read the import payload: ") + e.what());
    }
}

json PayloadReader::readHeader() {
    unsigned char pre[16];
    readExact(pre, sizeof pre);
    const uint32_t magic = getU32(pre);
    if (magic != kImportFormatMagic) {
        char hex[16];
        std::snprintf(hex, sizeof hex, "0x%08X", magic);
        fail(std::string("not an import payload (magic ") + hex + ", expected \"BDLX\")");
    }
    const uint32_t version = getU32(pre + 4);
    if (version != kImportFormatVersion)
        fail("import format version " + std::to_string(version) +
             " is not supported (this build reads version " + std::to_string(kImportFormatVersion) +
             ")");
    const uint64_t size = getU64(pre + 8);
    if (m_budget.maxHeaderBytes < 0 || size > static_cast<uint64_t>(m_budget.maxHeaderBytes))
        fail("import header of " + std::to_string(size) + " bytes exceeds the budget of " +
             std::to_string(m_budget.maxHeaderBytes) + " bytes");
    std::string text(static_cast<size_t>(size), '\0');
    for (size_t done = 0; done < text.size();) {
        const size_t piece = std::min(kChunkBytes, text.size() - done);
        readExact(&text[done], piece);
        done += piece;
    }
    if (bracketDepth(text, kMaxHeaderDepth) > kMaxHeaderDepth)
        fail("import header nested deeper than " + std::to_string(kMaxHeaderDepth) + " levels");
    json header = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (header.is_discarded())
        fail("import header is not valid JSON");
    m_r.object(header, "(root)");
    return header;
}

TensorDesc PayloadReader::tensor(const json& v, const std::string& path, int64_t allocBytes) {
    TensorDesc d;
    d.path = path;
    m_r.object(v, path);
    const std::string dp = HeaderReader::child(path, "dtype");
    const std::string dtype = m_r.string(m_r.member(v, path, "dtype"), dp);
    bool known = false;
    for (const auto& t : kDTypes) {
        if (dtype == t.name) {
            d.type = t.type;
            known = true;
        }
    }
    if (!known)
        m_r.fail(dp, "unknown dtype '" + dtype + "'");
    const std::string sp = HeaderReader::child(path, "shape");
    const json& shape = m_r.array(m_r.member(v, path, "shape"), sp);
    if (static_cast<int64_t>(shape.size()) > m_budget.maxRank)
        m_r.fail(sp, "rank " + std::to_string(shape.size()) + " exceeds the budget of " +
                         std::to_string(m_budget.maxRank));
    d.numel = 1;
    for (size_t i = 0; i < shape.size(); ++i) {
        const int64_t dim = m_r.integer(shape[i], HeaderReader::item(sp, i), 0,
                                        std::numeric_limits<int64_t>::max());
        d.shape.push_back(dim);
        if (__builtin_mul_overflow(d.numel, dim, &d.numel))
            m_r.fail(sp, "the size of shape " + shape.dump() + " overflows");
    }
    if (__builtin_mul_overflow(d.numel, info(d.type).size, &d.bytes))
        m_r.fail(sp, "the byte size of shape " + shape.dump() + " overflows");
    const int64_t alloc = std::max(d.bytes, allocBytes);
    if (alloc > m_budget.maxTensorBytes)
        m_r.fail(path, "a tensor of " + std::to_string(alloc) + " bytes exceeds the budget of " +
                           std::to_string(m_budget.maxTensorBytes) + " bytes per tensor");
    if (++m_tensors > m_budget.maxTensors)
        m_r.fail(path, "more than " + std::to_string(m_budget.maxTensors) + " tensors");
    if (__builtin_add_overflow(m_totalBytes, alloc, &m_totalBytes) ||
        m_totalBytes > m_budget.maxTotalBytes)
        m_r.fail(path, "the tensors exceed the budget of " +
                           std::to_string(m_budget.maxTotalBytes) + " bytes in all");
    return d;
}

torch::Tensor PayloadReader::readTensor(const TensorDesc& d) {
    torch::Tensor t;
    try {
        t = torch::empty(d.shape, torch::TensorOptions().dtype(info(d.type).torchType));
    } catch (const std::exception&) {
        fail("cannot allocate " + std::to_string(d.bytes) + " bytes for " + d.path);
    }
    auto* p = static_cast<char*>(t.data_ptr());
    for (int64_t done = 0; done < d.bytes;) {
        const int64_t piece = std::min<int64_t>(int64_t(kChunkBytes), d.bytes - done);
        readExact(p + done, static_cast<size_t>(piece));
        done += piece;
    }
    return t;
}

torch::Tensor PayloadReader::readUInt8AsFloat(const TensorDesc& d) {
    torch::Tensor t;
    try {
        t = torch::empty(d.shape, torch::kFloat32);
    } catch (const std::exception&) {
        fail("cannot allocate " + std::to_string(d.numel * 4) + " bytes for " + d.path);
    }
    float* out = t.data_ptr<float>();
    std::vector<unsigned char> buf(static_cast<size_t>(std::min<int64_t>(d.numel, 1 << 20)));
    for (int64_t done = 0; done < d.numel;) {
        const int64_t piece = std::min<int64_t>(static_cast<int64_t>(buf.size()), d.numel - done);
        readExact(buf.data(), static_cast<size_t>(piece));
        for (int64_t i = 0; i < piece; ++i)
            out[done + i] = static_cast<float>(buf[static_cast<size_t>(i)]);
        done += piece;
    }
    return t;
}

ImportedPayload PayloadReader::read() {
    const json header = readHeader();
    ImportedPayload p;
    p.source = m_r.string(m_r.member(header, "", "source"), "source");
    const std::string kind = m_r.string(m_r.member(header, "", "kind"), "kind");
    if (kind == "error") {
        p.kind = ImportedPayload::Kind::Error;
        p.problem = m_r.string(m_r.member(header, "", "problem"), "problem");
        return p;
    }
    if (kind == "model") {
        auto m = readModel(header);
        m.source = std::move(p.source);
        return m;
    }
    if (kind == "dataset") {
        auto d = readDataset(header);
        d.source = std::move(p.source);
        return d;
    }
    if (kind == "image") {
        auto d = readImage(header);
        d.source = std::move(p.source);
        return d;
    }
    m_r.fail("kind", "unknown kind '" + kind + "' (expected model, dataset, image or error)");
}

ImportedPayload PayloadReader::readModel(const json& header) {
    using H = HeaderReader;
    const json& m = m_r.member(header, "", "model");
    const std::string mp = "model";
    m_r.object(m, mp);
    auto member = [&](const char* key) -> const json& { return m_r.member(m, mp, key); };
    auto path = [&](const char* key) { return H::child(mp, key); };

    // ---- the header, checked completely before anything is allocated ----
    const std::string format = m_r.string(member("format"), path("format"));
    ModelFormat modelFormat = ModelFormat::WeightsOnly;
    bool knownFormat = false;
    for (ModelFormat f :
         {ModelFormat::WeightsOnly, ModelFormat::WholeModel, ModelFormat::TorchScript}) {
        if (format == modelFormatName(f)) {
            modelFormat = f;
            knownFormat = true;
        }
    }
    if (!knownFormat)
        m_r.fail(path("format"), "unknown format '" + format + "'");
    const std::string normText =
        m_r.string(member("inputNormalization"), path("inputNormalization"));
    const std::string architecture = m_r.string(member("architecture"), path("architecture"));
    std::map<std::string, std::string> rootAttributes;
    for (const auto& [k, v] : m_r.object(member("rootAttributes"), path("rootAttributes")).items())
        rootAttributes[k] = m_r.string(v, H::child(path("rootAttributes"), k));
    std::vector<std::string> layerNames;
    const json& ln = m_r.array(member("layerNames"), path("layerNames"));
    for (size_t i = 0; i < ln.size(); ++i)
        layerNames.push_back(m_r.string(ln[i], H::item(path("layerNames"), i)));
    std::map<std::string, std::vector<std::string>> weightNames;
    for (const auto& [k, v] : m_r.object(member("weightNames"), path("weightNames")).items()) {
        const std::string wp = H::child(path("weightNames"), k);
        auto& names = weightNames[k];
        for (size_t i = 0; i < m_r.array(v, wp).size(); ++i)
            names.push_back(m_r.string(v[i], H::item(wp, i)));
    }
    const bool topLevel = m_r.boolean(member("topLevelWeightsGroup"), path("topLevelWeightsGroup"));
    const std::string scaleText = m_r.string(member("inputScale"), path("inputScale"));
    if (scaleText != "unit" && scaleText != "raw")
        m_r.fail(path("inputScale"), "unknown input scale '" + scaleText + "' (unit or raw)");
    ModelSpec spec =
        import_detail::specFromJson(m_r, member("spec"), path("spec"), m_budget.maxLayers);

    struct LayerWeights {
        std::string layer;
        std::string path;
        std::vector<TensorDesc> tensors;
    };
    std::vector<LayerWeights> weights;
    const json& wl = m_r.array(member("weights"), path("weights"));
    for (size_t i = 0; i < wl.size(); ++i) {
        LayerWeights w;
        w.path = H::item(path("weights"), i);
        w.layer = m_r.string(m_r.member(wl[i], w.path, "layer"), H::child(w.path, "layer"));
        const std::string tp = H::child(w.path, "tensors");
        const json& ts = m_r.array(m_r.member(wl[i], w.path, "tensors"), tp);
        for (size_t j = 0; j < ts.size(); ++j)
            w.tensors.push_back(tensor(ts[j], H::item(tp, j)));
        weights.push_back(std::move(w));
    }
    std::vector<LayerWeights> masks; // one tensor each
    const json& ml = m_r.array(member("masks"), path("masks"));
    for (size_t i = 0; i < ml.size(); ++i) {
        LayerWeights w;
        w.path = H::item(path("masks"), i);
        w.layer = m_r.string(m_r.member(ml[i], w.path, "layer"), H::child(w.path, "layer"));
        w.tensors.push_back(
            tensor(m_r.member(ml[i], w.path, "tensor"), H::child(w.path, "tensor")));
        masks.push_back(std::move(w));
    }

    // ---- the graph (Model allocates its zero weights: bounded first) ----
    import_detail::checkModelAllocation(spec, m_budget, m_origin);
    std::optional<Model> built;
    try {
        built.emplace(std::move(spec));
    } catch (const Error& e) {
        fail(std::string("inconsistent model graph: ") + e.what());
    } catch (const std::exception& e) {
        fail(std::string("inconsistent model graph: ") + e.what());
    }
    Model& model = *built;
    model.setInputScale(scaleText == "raw" ? InputScale::Raw : InputScale::Unit);
    {
        InputNormalization norm;
        std::string why;
        if (!parseInputNormalization(normText, model.inputShape()[2], &norm, &why))
            m_r.fail(path("inputNormalization"), why);
        model.setInputNormalization(norm);
    }

    // ---- the weights named must be exactly the weighted layers, in the model's shapes ----
    const auto weighted = model.weightedLayers();
    const std::set<std::string> weightedSet(weighted.begin(), weighted.end());
    std::set<std::string> seen;
    for (const auto& w : weights) {
        const std::string lp = H::child(w.path, "layer");
        if (!weightedSet.count(w.layer))
            m_r.fail(lp, "'" + w.layer + "' is not a weighted layer of the model");
        if (!seen.insert(w.layer).second)
            m_r.fail(lp, "weights for layer '" + w.layer + "' given twice");
        const auto shapes = model.kerasWeightShapes(w.layer);
        if (w.tensors.size() != shapes.size())
            m_r.fail(H::child(w.path, "tensors"),
                     "layer '" + w.layer + "' needs " + std::to_string(shapes.size()) +
                         " weight arrays, got " + std::to_string(w.tensors.size()));
        for (size_t j = 0; j < shapes.size(); ++j) {
            const auto& d = w.tensors[j];
            if (d.type != DType::Float32 && d.type != DType::Float64)
                m_r.fail(d.path, "a weight must be float32 or float64, not " +
                                     std::string(info(d.type).name));
            if (d.shape != shapes[j])
                m_r.fail(d.path, "layer '" + w.layer + "' weight has shape " + shapeText(d.shape) +
                                     ", expected " + shapeText(shapes[j]));
        }
    }
    for (const auto& name : weighted)
        if (!seen.count(name))
            m_r.fail(path("weights"), "no weights for layer '" + name + "'");
    seen.clear();
    for (const auto& w : masks) {
        const std::string lp = H::child(w.path, "layer");
        if (!model.spec().find(w.layer))
            m_r.fail(lp, "no layer named '" + w.layer + "' to mask");
        if (!seen.insert(w.layer).second)
            m_r.fail(lp, "two masks for layer '" + w.layer + "'");
        const auto& d = w.tensors[0];
        if (d.type != DType::Float32 && d.type != DType::Float64)
            m_r.fail(d.path,
                     "a mask must be float32 or float64, not " + std::string(info(d.type).name));
        const std::vector<int64_t> want{model.outputShape(w.layer).channels()};
        if (d.shape != want)
            m_r.fail(d.path, "mask of layer '" + w.layer + "' has shape " + shapeText(d.shape) +
                                 ", expected " + shapeText(want));
    }

    // ---- the blobs, one layer at a time ----
    for (const auto& w : weights) {
        std::vector<torch::Tensor> ts;
        for (const auto& d : w.tensors)
            ts.push_back(readTensor(d));
        try {
            model.setKerasWeights(w.layer, ts); // checks NaN/Inf
        } catch (const Error& e) {
            fail(e.what());
        }
    }
    for (const auto& w : masks) {
        const auto t = readTensor(w.tensors[0]);
        if (!torch::isfinite(t).all().item<bool>())
            fail("the mask of layer '" + w.layer + "' contains NaN or Inf values");
        try {
            model.setChannelMask(w.layer, t);
        } catch (const Error& e) {
            fail(e.what());
        }
    }

    ImportedPayload p;
    p.kind = ImportedPayload::Kind::Model;
    p.model.emplace(LoadedModel{std::move(model), modelFormat, m_origin, architecture,
                                std::move(rootAttributes), std::move(layerNames),
                                std::move(weightNames), topLevel});
    return p;
}

ImportedPayload PayloadReader::readDataset(const json& header) {
    using H = HeaderReader;
    const json& d = m_r.member(header, "", "dataset");
    const std::string dp = "dataset";
    m_r.object(d, dp);
    auto member = [&](const char* key) -> const json& { return m_r.member(d, dp, key); };
    auto path = [&](const char* key) { return H::child(dp, key); };

    ImportedPayload p;
    p.kind = ImportedPayload::Kind::Dataset;
    Dataset& set = p.dataset;
    set.name = m_r.string(member("name"), path("name"));
    set.source = m_origin;

    // images: (N, C, H, W) float32 or uint8, decoded to float32 (counted at 4 bytes a value).
    const json& iv = member("images");
    const std::string ip = path("images");
    const json& ishape = m_r.member(iv, ip, "shape");
    int64_t alloc = 0;
    if (ishape.is_array()) { // the decoded size; tensor() checks the shape itself
        int64_t n = 1;
        for (const auto& x : ishape)
            if (!x.is_number_integer() || x.get<int64_t>() < 0 ||
                __builtin_mul_overflow(n, x.get<int64_t>(), &n))
                n = 0;
        if (__builtin_mul_overflow(n, int64_t(4), &alloc))
            alloc = 0;
    }
    const TensorDesc images = tensor(iv, ip, alloc);
    if (images.type != DType::Float32 && images.type != DType::UInt8)
        m_r.fail(H::child(ip, "dtype"),
                 "images must be float32 or uint8, not " + std::string(info(images.type).name));
    const std::string isp = H::child(ip, "shape");
    if (images.shape.size() != 4)
        m_r.fail(isp, "images must be (N, C, H, W), not " + shapeText(images.shape));
    const int64_t n = images.shape[0];
    if (n < 1)
        m_r.fail(isp, "the data set is empty");
    if (n > m_budget.maxItems)
        m_r.fail(isp, std::to_string(n) + " images exceed the budget of " +
                          std::to_string(m_budget.maxItems));
    if (images.shape[1] != 1 && images.shape[1] != 3)
        m_r.fail(isp, "images must have 1 or 3 channels, not " + std::to_string(images.shape[1]));
    if (images.shape[2] < 1 || images.shape[3] < 1)
        m_r.fail(isp, "images of size " + shapeText(images.shape) + " are empty");

    auto labelDesc = [&](const json& v, const std::string& lp) {
        TensorDesc l = tensor(v, lp);
        if (l.type != DType::Int64)
            m_r.fail(H::child(lp, "dtype"),
                     "expected int64, not " + std::string(info(l.type).name));
        if (l.shape != std::vector<int64_t>{n})
            m_r.fail(H::child(lp, "shape"), "expected (" + std::to_string(n) + ") for " +
                                                std::to_string(n) + " images, not " +
                                                shapeText(l.shape));
        return l;
    };
    const TensorDesc labels = labelDesc(member("labels"), path("labels"));
    std::optional<TensorDesc> targets;
    if (!member("targets").is_null())
        targets = labelDesc(member("targets"), path("targets"));

    const json& names = m_r.array(member("itemNames"), path("itemNames"));
    if (!names.empty() && static_cast<int64_t>(names.size()) != n)
        m_r.fail(path("itemNames"),
                 std::to_string(names.size()) + " names for " + std::to_string(n) + " images");
    set.itemNames.reserve(names.size());
    for (size_t i = 0; i < names.size(); ++i)
        set.itemNames.push_back(m_r.string(names[i], H::item(path("itemNames"), i)));

    // ---- the blobs ----
    if (images.type == DType::UInt8) {
        set.images = readUInt8AsFloat(images);
    } else {
        set.images = readTensor(images);
        if (!torch::isfinite(set.images).all().item<bool>())
            fail("the images contain NaN or Inf values");
    }
    set.labels = readTensor(labels);
    if (set.labels.numel() > 0 && set.labels.min().item<int64_t>() < -1)
        fail("a label is below -1 (unknown labels are -1)");
    if (targets) {
        set.targets = readTensor(*targets);
        if (set.targets.numel() > 0 && set.targets.min().item<int64_t>() < 0)
            fail("an attack target is negative");
    }
    return p;
}

ImportedPayload PayloadReader::readImage(const json& header) {
    const json& info = m_r.object(m_r.member(header, "", "image"), "image");
    ModelImage m;
    auto integer = [&](const char* key) {
        return static_cast<int>(m_r.integer(m_r.member(info, "image", key),
                                            HeaderReader::child("image", key), 0, 1 << 30));
    };
    auto flag = [&](const char* key) {
        return m_r.boolean(m_r.member(info, "image", key), HeaderReader::child("image", key));
    };
    m.originalWidth = integer("originalWidth");
    m.originalHeight = integer("originalHeight");
    m.originalChannels = integer("originalChannels");
    m.resized = flag("resized");
    m.toGrey = flag("toGrey");
    m.toColour = flag("toColour");
    m.droppedAlpha = flag("droppedAlpha");
    m.reducedDepth = flag("reducedDepth");
    ImportedPayload p = readDataset(header);
    if (p.dataset.size() != 1)
        fail("an image reply must hold exactly one image, not " + std::to_string(p.dataset.size()));
    m.image = p.dataset.images;
    p.kind = ImportedPayload::Kind::Image;
    p.image = std::move(m);
    return p;
}

} // namespace

ImportedPayload readImportPayload(const ImportSource& in, const std::string& origin,
                                  const ImportBudget& budget) {
    try {
        return PayloadReader(in, origin, budget).read();
    } catch (const Error&) {
        throw;
    } catch (const Cancelled&) {
        throw;
    } catch (const json::exception& e) { // not expected: every access is checked first
        throw Error(origin, std::string("import header: ") + e.what());
    } catch (const c10::Error& e) {
        throw Error(origin, std::string("import payload: ") + e.what_without_backtrace());
    } catch (const std::bad_alloc&) {
        throw Error(origin, "import payload: out of memory");
    } catch (const std::exception& e) {
        throw Error(origin, std::string("import payload: ") + e.what());
    }
}

ImportedPayload decodeImportPayload(const std::string& bytes, const std::string& origin,
                                    const ImportBudget& budget) {
    size_t pos = 0;
    const ImportSource source = [&](void* data, size_t size) {
        const size_t left = bytes.size() - pos;
        if (size > left)
            throw Error(origin, "truncated payload: expected " + std::to_string(size - left) +
                                    " more bytes");
        std::memcpy(data, bytes.data() + pos, size);
        pos += size;
    };
    ImportedPayload p = readImportPayload(source, origin, budget);
    if (pos != bytes.size())
        throw Error(origin, std::to_string(bytes.size() - pos) +
                                " trailing bytes after the import payload");
    return p;
}

} // namespace bdl::core
