// The import format (BDLX): writing payloads, in the helper (import_format.cpp decodes them in
// the parent). See import_format.h.
#include "core/io/import_format.h"

#include "core/base/errors.h"
#include "core/io/import_format_internal.h"

#include <torch/types.h>

#include <algorithm>
#include <filesystem>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "import_format_write.cpp copies tensor bytes as they lie in memory: little-endian hosts only"
#endif

namespace bdl::core {

namespace {

using import_detail::DType;
using import_detail::info;
using import_detail::json;
using import_detail::kChunkBytes;

void putU32(unsigned char* p, uint32_t v) {
    for (int i = 0; i < 4; ++i)
        p[i] = static_cast<unsigned char>(v >> (8 * i));
}

void putU64(unsigned char* p, uint64_t v) {
    for (int i = 0; i < 8; ++i)
        p[i] = static_cast<unsigned char>(v >> (8 * i));
}

/// A header and the tensors whose bytes follow it, in header order.
struct Outgoing {
    json header;
    std::vector<torch::Tensor> blobs;

    /// Describes `t` (converted to `type`, CPU, contiguous) and queues its bytes.
    json add(const torch::Tensor& t, DType type) {
        auto c = t.detach().to(torch::kCPU, info(type).torchType).contiguous();
        blobs.push_back(c);
        return json{{"dtype", info(type).name}, {"shape", c.sizes().vec()}};
    }

    void send(const ImportSink& out) const {
        // Strings that are not UTF-8 (a Latin-1 file name) go with U+FFFD in place of the bad
        // bytes rather than failing the whole import.
        const std::string text = header.dump(-1, ' ', false, json::error_handler_t::replace);
        unsigned char pre[16];
        putU32(pre, kImportFormatMagic);
        putU32(pre + 4, kImportFormatVersion);
        putU64(pre + 8, text.size());
        out(pre, sizeof pre);
        out(text.data(), text.size());
        for (const auto& b : blobs) {
            const auto* p = static_cast<const char*>(b.data_ptr());
            for (size_t done = 0, n = b.nbytes(); done < n;) {
                const size_t piece = std::min(kChunkBytes, n - done);
                out(p + done, piece);
                done += piece;
            }
        }
    }
};

/// True when every value of the float tensor is an integer in 0..255 (NaN is not). One pass over
/// the values, without temporaries: the helper starts cold, and each temporary the size of a data
/// set would be paid in page faults.
bool fitsUInt8(const torch::Tensor& images) {
    if (images.numel() == 0)
        return true;
    const torch::Tensor t = images.scalar_type() == torch::kFloat32
                                ? images.contiguous()
                                : images.to(torch::kFloat32).contiguous();
    const float* v = t.data_ptr<float>();
    const int64_t n = t.numel();
    for (int64_t i = 0; i < n; ++i) {
        const float x = v[i];
        if (!(x >= 0.0f && x <= 255.0f) || x != float(int(x)))
            return false;
    }
    return true;
}

} // namespace

void writeImportedModel(const LoadedModel& loaded, const ImportSink& out) {
    const Model& model = loaded.model;
    Outgoing o;
    json weights = json::array();
    for (const auto& layer : model.weightedLayers()) {
        json tensors = json::array();
        for (const auto& t : model.kerasWeights(layer))
            tensors.push_back(o.add(t, DType::Float32));
        weights.push_back(json{{"layer", layer}, {"tensors", std::move(tensors)}});
    }
    json masks = json::array();
    for (const auto& l : model.spec().layers) {
        const auto mask = model.channelMask(l.name);
        if (mask.defined())
            masks.push_back(json{{"layer", l.name}, {"tensor", o.add(mask, DType::Float32)}});
    }
    json m = json::object();
    m["format"] = modelFormatName(loaded.format);
    m["inputNormalization"] = inputNormalizationText(model.inputNormalization());
    m["architecture"] = loaded.architecture;
    m["rootAttributes"] = loaded.rootAttributes;
    m["layerNames"] = loaded.layerNames;
    m["weightNames"] = loaded.weightNames;
    m["topLevelWeightsGroup"] = loaded.topLevelWeightsGroup;
    m["inputScale"] = model.inputScale() == InputScale::Raw ? "raw" : "unit";
    m["spec"] = import_detail::specToJson(model.spec());
    m["weights"] = std::move(weights);
    m["masks"] = std::move(masks);
    o.header = json{{"kind", "model"}, {"source", loaded.source}, {"model", std::move(m)}};
    o.send(out);
}

void writeImportedDataset(const Dataset& data, const ImportSink& out) {
    if (!data.images.defined() || !data.labels.defined())
        throw Error(data.source, "cannot send a data set without images or labels");
    Outgoing o;
    json d = json::object();
    d["name"] = data.name;
    d["itemNames"] = data.itemNames;
    const bool asUInt8 = data.images.scalar_type() == torch::kUInt8 ||
                         (data.images.is_floating_point() && fitsUInt8(data.images));
    d["images"] = o.add(data.images, asUInt8 ? DType::UInt8 : DType::Float32);
    d["labels"] = o.add(data.labels, DType::Int64);
    d["targets"] = data.targets.defined() ? o.add(data.targets, DType::Int64) : json(nullptr);
    o.header = json{{"kind", "dataset"}, {"source", data.source}, {"dataset", std::move(d)}};
    o.send(out);
}

void writeImportedImage(const ModelImage& image, const std::string& source, const ImportSink& out) {
    if (!image.image.defined() || image.image.dim() != 4 || image.image.size(0) != 1)
        throw Error(source, "cannot send an image that is not (1, C, H, W)");
    Outgoing o;
    json d = json::object();
    const std::string name = std::filesystem::path(source).filename().string();
    d["name"] = name;
    d["itemNames"] = json::array({name});
    const bool asUInt8 = image.image.is_floating_point() && fitsUInt8(image.image);
    d["images"] = o.add(image.image, asUInt8 ? DType::UInt8 : DType::Float32);
    d["labels"] = o.add(torch::full({1}, -1, torch::kInt64), DType::Int64);
    d["targets"] = nullptr;
    json info = json{{"originalWidth", image.originalWidth},
                     {"originalHeight", image.originalHeight},
                     {"originalChannels", image.originalChannels},
                     {"resized", image.resized},
                     {"toGrey", image.toGrey},
                     {"toColour", image.toColour},
                     {"droppedAlpha", image.droppedAlpha},
                     {"reducedDepth", image.reducedDepth}};
    o.header = json{{"kind", "image"},
                    {"source", source},
                    {"dataset", std::move(d)},
                    {"image", std::move(info)}};
    o.send(out);
}

void writeImportError(const std::string& source, const std::string& problem,
                      const ImportSink& out) {
    Outgoing o;
    o.header = json{{"kind", "error"}, {"source", source}, {"problem", problem}};
    o.send(out);
}

} // namespace bdl::core
