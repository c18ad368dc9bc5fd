#include "core/defenses/strip_fast.h"

#include <ATen/Parallel.h>
#include <torch/types.h>
#include <torch/utils.h>

#include <cmath>
#include <limits>

namespace bdl::core::detail {

namespace {

/// Superimpositions handled per parallel task: enough work to amortise the task start.
constexpr int64_t kPairsPerTask = 4;

inline float activate(float v, ActivationKind a) {
    switch (a) {
    case ActivationKind::Relu:
        return v > 0.0f ? v : 0.0f;
    case ActivationKind::Sigmoid:
        return 1.0f / (1.0f + std::exp(-v));
    case ActivationKind::Tanh:
        return std::tanh(v);
    default:
        return v;
    }
}

bool monotone(ActivationKind a) {
    return a == ActivationKind::Relu || a == ActivationKind::Linear ||
           a == ActivationKind::Sigmoid || a == ActivationKind::Tanh;
}

/// Applies the activation to n values in place (the switch stays outside the loops).
void activateAll(float* v, int64_t n, ActivationKind act) {
    switch (act) {
    case ActivationKind::Relu:
        for (int64_t k = 0; k < n; ++k)
            v[k] = v[k] > 0.0f ? v[k] : 0.0f;
        break;
    case ActivationKind::Sigmoid:
    case ActivationKind::Tanh:
        for (int64_t k = 0; k < n; ++k)
            v[k] = activate(v[k], act);
        break;
    default:
        break;
    }
}

/// Pairs [begin, end) of blendPool. Cloned for AVX2 (picked at load time where the CPU has it):
/// the project builds for baseline x86-64 and this is the per-superimposition pixel work. Rows
/// are blended and max-reduced over the window's rows as long contiguous runs (W1 * C floats,
/// channels-last), then over the window's columns per output pixel.
__attribute__((target_clones("avx2", "default"))) void
blendPoolPairs(int64_t begin, int64_t end, const float* x, const float* o, float* out, int64_t n,
               int64_t w1, int64_t c, int64_t ph, int64_t pw, int64_t sh, int64_t sw, int64_t h2,
               int64_t w2, float a, float bw, int64_t mapSize, float* rowMax) {
    const int64_t rowLen = w1 * c;
    for (int64_t p = begin; p < end; ++p) {
        const float* xs = x + (p / n) * mapSize;
        const float* os = o + (p % n) * mapSize;
        float* dst = out + p * h2 * w2 * c;
        for (int64_t i = 0; i < h2; ++i) {
            for (int64_t di = 0; di < ph; ++di) {
                const float* xr = xs + (i * sh + di) * rowLen;
                const float* orow = os + (i * sh + di) * rowLen;
                if (di == 0) {
                    for (int64_t q = 0; q < rowLen; ++q)
                        rowMax[q] = a * xr[q] + bw * orow[q];
                } else {
                    for (int64_t q = 0; q < rowLen; ++q) {
                        const float v = a * xr[q] + bw * orow[q];
                        rowMax[q] = v > rowMax[q] ? v : rowMax[q];
                    }
                }
            }
            for (int64_t j = 0; j < w2; ++j) {
                float* d = dst + (i * w2 + j) * c;
                const float* r0 = rowMax + j * sw * c;
                for (int64_t k = 0; k < c; ++k)
                    d[k] = r0[k];
                for (int64_t dj = 1; dj < pw; ++dj) {
                    const float* r = r0 + dj * c;
                    for (int64_t k = 0; k < c; ++k)
                        d[k] = r[k] > d[k] ? r[k] : d[k];
                }
            }
        }
    }
}

/// out[p] = act(max over the window of a * x + b * o) * mask, for every (input, overlay) pair p.
/// x: (B, H1, W1, C), o: (N, H1, W1, C), out: (B * N, H2, W2, C), all contiguous. Max-pooling
/// before a monotone activation equals pooling after it, on four times fewer values.
void blendPool(const float* x, const float* o, float* out, int64_t b, int64_t n, int64_t h1,
               int64_t w1, int64_t c, const std::array<int64_t, 4>& pool, int64_t h2, int64_t w2,
               float a, ActivationKind act, const float* mask) {
    const int64_t outSize = h2 * w2 * c;
    at::parallel_for(0, b * n, kPairsPerTask, [&](int64_t begin, int64_t end) {
        std::vector<float> rowMax(static_cast<size_t>(w1 * c));
        blendPoolPairs(begin, end, x, o, out, n, w1, c, pool[0], pool[1], pool[2], pool[3], h2, w2,
                       a, 1.0f - a, h1 * w1 * c, rowMax.data());
        activateAll(out + begin * outSize, (end - begin) * outSize, act);
        if (mask)
            for (int64_t q = begin * outSize; q < end * outSize; ++q)
                out[q] *= mask[q % c];
    });
}

/// out[p] = act(a * x + b * o) for every pair (mask left to Model::logitsFrom).
void blendOnly(const float* x, const float* o, float* out, int64_t b, int64_t n, int64_t mapSize,
               float a, ActivationKind act) {
    const float bw = 1.0f - a;
    at::parallel_for(0, b * n, kPairsPerTask, [&](int64_t begin, int64_t end) {
        for (int64_t p = begin; p < end; ++p) {
            const float* xs = x + (p / n) * mapSize;
            const float* os = o + (p % n) * mapSize;
            float* d = out + p * mapSize;
            for (int64_t k = 0; k < mapSize; ++k)
                d[k] = activate(a * xs[k] + bw * os[k], act);
        }
    });
}

} // namespace

StripFastPath::StripFastPath(const Model& model) : m_model(model) {}
StripFastPath::~StripFastPath() = default;

std::unique_ptr<StripFastPath> StripFastPath::tryCreate(const Model& model,
                                                        const torch::Tensor& overlays, double alpha,
                                                        std::string* why) {
    const ModelSpec& spec = model.spec();
    auto decline = [&](const std::string& w) {
        if (why)
            *why = w;
        return std::unique_ptr<StripFastPath>();
    };
    if (!model.device().is_cpu()) // the blend kernels read raw CPU memory
        return decline("the fast path's kernels run on the CPU only; the model is on " +
                       model.device().str());
    const std::string input = spec.input().name;
    std::vector<const LayerSpec*> first;
    for (const auto& l : spec.layers)
        for (const auto& in : l.inputs)
            if (in == input)
                first.push_back(&l);
    if (first.size() != 1 || first[0]->kind != LayerKind::Conv2D || first[0]->samePadding ||
        first[0]->padding != std::array<int, 4>{0, 0, 0, 0} || first[0]->groups != 1 ||
        first[0]->dilation != std::array<int, 2>{1, 1})
        return decline("the input does not feed a single plain valid-padding convolution");
    const LayerSpec& conv = *first[0];
    if (conv.activation != ActivationKind::Linear && conv.activation != ActivationKind::Relu &&
        conv.activation != ActivationKind::Sigmoid && conv.activation != ActivationKind::Tanh)
        return decline(std::string("the first convolution ends in ") +
                       activationName(conv.activation));

    std::unique_ptr<StripFastPath> f(new StripFastPath(model));
    const auto w = model.kerasWeights(conv.name);
    f->m_weight = w[0].permute({3, 2, 0, 1}).contiguous();
    if (conv.useBias)
        f->m_bias = w[1];
    f->m_stride = {conv.strides[0], conv.strides[1]};
    f->m_activation = conv.activation;
    f->m_convMask = model.channelMask(conv.name);
    f->m_alpha = alpha;

    std::vector<const LayerSpec*> next;
    for (const auto& l : spec.layers)
        for (const auto& in : l.inputs)
            if (in == conv.name)
                next.push_back(&l);
    const bool maskNonNegative =
        !f->m_convMask.defined() || f->m_convMask.min().item<float>() >= 0.0f;
    if (next.size() == 1 && next[0]->kind == LayerKind::MaxPooling2D && !next[0]->samePadding &&
        next[0]->padding == std::array<int, 4>{0, 0, 0, 0} && !next[0]->ceilMode &&
        monotone(conv.activation) && maskNonNegative && model.isCutPoint(next[0]->name)) {
        f->m_fusePool = true;
        f->m_pool = {next[0]->poolSize[0], next[0]->poolSize[1], next[0]->strides[0],
                     next[0]->strides[1]};
        f->m_cutLayer = next[0]->name;
    } else if (model.isCutPoint(conv.name)) {
        f->m_cutLayer = conv.name;
    } else {
        return decline("the first convolution is not a cut point");
    }
    f->m_overlayConv = f->convOut(overlays);
    return f;
}

torch::Tensor StripFastPath::convOut(const torch::Tensor& images) const {
    torch::NoGradGuard guard;
    const auto x = m_model.prepareInput(images).contiguous(at::MemoryFormat::ChannelsLast);
    return torch::conv2d(x, m_weight, m_bias, {m_stride[0], m_stride[1]})
        .permute({0, 2, 3, 1})
        .contiguous();
}

torch::Tensor StripFastPath::logits(const torch::Tensor& inputs) const {
    torch::NoGradGuard guard;
    const auto xc = convOut(inputs);
    const int64_t b = xc.size(0);
    const int64_t n = m_overlayConv.size(0);
    const int64_t h1 = xc.size(1), w1 = xc.size(2), c = xc.size(3);
    const auto cl = torch::TensorOptions().dtype(torch::kFloat32);
    torch::Tensor out;
    if (m_fusePool) {
        const int64_t h2 = (h1 - m_pool[0]) / m_pool[2] + 1;
        const int64_t w2 = (w1 - m_pool[1]) / m_pool[3] + 1;
        out = torch::empty({b * n, h2, w2, c}, cl);
        const auto mask = m_convMask.defined() ? m_convMask.contiguous() : torch::Tensor();
        blendPool(xc.data_ptr<float>(), m_overlayConv.data_ptr<float>(), out.data_ptr<float>(), b,
                  n, h1, w1, c, m_pool, h2, w2, static_cast<float>(m_alpha), m_activation,
                  mask.defined() ? mask.data_ptr<float>() : nullptr);
    } else {
        out = torch::empty({b * n, h1, w1, c}, cl);
        blendOnly(xc.data_ptr<float>(), m_overlayConv.data_ptr<float>(), out.data_ptr<float>(), b,
                  n, h1 * w1 * c, static_cast<float>(m_alpha), m_activation);
    }
    // (P, H, W, C) memory viewed as (P, C, H, W): a channels-last tensor.
    return m_model.logitsFrom(m_cutLayer, out.permute({0, 3, 1, 2}));
}

} // namespace bdl::core::detail
