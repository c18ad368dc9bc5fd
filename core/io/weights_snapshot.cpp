#include "core/io/weights_snapshot.h"

#include "core/base/errors.h"
#include "core/nn/model.h"

#include <torch/types.h>

#include <cstring>

namespace bdl::core {

namespace {

constexpr uint32_t kMagic = 0x574C4442; // "BDLW" when written little-endian
/// Bounds checked before allocating: no layer of a supported net comes near them.
constexpr uint32_t kMaxTensors = 64;
constexpr uint32_t kMaxDims = 8;
constexpr uint32_t kMaxNameBytes = 4096;

class Writer {
public:
    void u32(uint32_t v) { le(v, 4); }
    void i64(int64_t v) { le(static_cast<uint64_t>(v), 8); }
    void name(const std::string& s) {
        u32(static_cast<uint32_t>(s.size()));
        m_out += s;
    }
    void tensor(const torch::Tensor& t) {
        const torch::Tensor c = t.detach().to(torch::kCPU, torch::kFloat32).contiguous();
        u32(static_cast<uint32_t>(c.dim()));
        for (int64_t d = 0; d < c.dim(); ++d)
            i64(c.size(d));
        const float* p = c.data_ptr<float>();
        for (int64_t i = 0; i < c.numel(); ++i) {
            uint32_t bits = 0;
            std::memcpy(&bits, p + i, sizeof bits);
            u32(bits);
        }
    }
    std::string take() { return std::move(m_out); }

private:
    void le(uint64_t v, int bytes) {
        for (int i = 0; i < bytes; ++i)
            m_out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
    }
    std::string m_out;
};

class Reader {
public:
    Reader(const std::string& bytes, const std::string& origin) : m_b(bytes), m_origin(origin) {}

    uint32_t u32(const std::string& what) { return static_cast<uint32_t>(le(4, what)); }
    int64_t i64(const std::string& what) { return static_cast<int64_t>(le(8, what)); }
    std::string name(const std::string& what) {
        const uint32_t n = u32(what);
        if (n > kMaxNameBytes || n > left())
            fail(what + " is truncated or too long");
        std::string s = m_b.substr(m_pos, n);
        m_pos += n;
        return s;
    }
    /// A tensor that must have `shape`: dims and sizes are compared before the data is allocated.
    torch::Tensor tensor(const std::vector<int64_t>& shape, const std::string& what) {
        const uint32_t dims = u32(what);
        if (dims > kMaxDims || dims != shape.size())
            fail(what + " has the wrong number of dimensions");
        int64_t numel = 1;
        for (uint32_t d = 0; d < dims; ++d) {
            if (i64(what) != shape[d])
                fail(what + " has the wrong shape for this model");
            numel *= shape[d];
        }
        if (static_cast<uint64_t>(numel) * 4 > left())
            fail(what + " is truncated");
        torch::Tensor t = torch::empty(shape, torch::kFloat32);
        float* p = t.data_ptr<float>();
        for (int64_t i = 0; i < numel; ++i) {
            const uint32_t bits = static_cast<uint32_t>(le(4, what));
            std::memcpy(p + i, &bits, sizeof bits);
        }
        if (!torch::isfinite(t).all().item<bool>())
            fail(what + " holds NaN or infinite values");
        return t;
    }
    bool atEnd() const { return m_pos == m_b.size(); }
    [[noreturn]] void fail(const std::string& problem) const {
        throw Error(m_origin, "B' weights: " + problem);
    }

private:
    size_t left() const { return m_b.size() - m_pos; }
    uint64_t le(int bytes, const std::string& what) {
        if (left() < static_cast<size_t>(bytes))
            fail(what + " is truncated");
        uint64_t v = 0;
        for (int i = 0; i < bytes; ++i)
            v |= static_cast<uint64_t>(static_cast<unsigned char>(m_b[m_pos + i])) << (8 * i);
        m_pos += static_cast<size_t>(bytes);
        return v;
    }
    const std::string& m_b;
    const std::string& m_origin;
    size_t m_pos = 0;
};

} // namespace

std::string encodeWeightsSnapshot(const Model& model, const std::string& maskLayer) {
    Writer w;
    w.u32(kMagic);
    w.u32(kWeightsSnapshotVersion);
    const std::vector<std::string> layers = model.weightedLayers();
    w.u32(static_cast<uint32_t>(layers.size()));
    for (const std::string& layer : layers) {
        const std::vector<torch::Tensor> weights = model.kerasWeights(layer);
        w.name(layer);
        w.u32(static_cast<uint32_t>(weights.size()));
        for (const torch::Tensor& t : weights)
            w.tensor(t);
    }
    const torch::Tensor mask = model.channelMask(maskLayer);
    w.name(maskLayer);
    w.u32(mask.defined() ? 1 : 0);
    if (mask.defined())
        w.tensor(mask);
    return w.take();
}

Model decodeWeightsSnapshot(const Model& base, const std::string& maskLayer,
                            const std::string& bytes, const std::string& origin) {
    Reader in(bytes, origin);
    if (bytes.size() < 4 || in.u32("the header") != kMagic)
        throw Error(origin, "B' weights are not in BackdoorLab's format");
    const uint32_t version = in.u32("the header");
    if (version != kWeightsSnapshotVersion)
        throw Error(origin, "B' weights have format version " + std::to_string(version) +
                                "; this build reads version " +
                                std::to_string(kWeightsSnapshotVersion));
    Model model(base);
    const std::vector<std::string> layers = model.weightedLayers();
    const uint32_t layerCount = in.u32("the layer count");
    if (layerCount != layers.size())
        in.fail("they have " + std::to_string(layerCount) + " layers; the model has " +
                std::to_string(layers.size()));
    for (const std::string& layer : layers) {
        const std::string name = in.name("a layer name");
        const uint32_t count = in.u32("layer " + layer);
        const auto shapes = model.kerasWeightShapes(layer);
        if (name != layer || count != shapes.size() || count > kMaxTensors)
            in.fail("they do not match layer " + layer + " of the model");
        std::vector<torch::Tensor> w;
        for (uint32_t i = 0; i < count; ++i)
            w.push_back(in.tensor(shapes[i], layer + " weight " + std::to_string(i)));
        model.setKerasWeights(layer, w);
    }
    const std::string savedMaskLayer = in.name("the mask layer");
    const uint32_t hasMask = in.u32("the pruning mask");
    if (savedMaskLayer != maskLayer || hasMask > 1)
        in.fail("the pruning mask is not for layer " + maskLayer);
    model.clearChannelMasks();
    if (hasMask == 1) {
        const int64_t channels = model.outputShape(maskLayer).channels();
        model.setChannelMask(maskLayer, in.tensor({channels}, "the pruning mask"));
    }
    if (!in.atEnd())
        in.fail("unexpected bytes after the pruning mask");
    return model;
}

} // namespace bdl::core
