#include "core/nn/relu_pool.h"

#include <ATen/Parallel.h>
#include <torch/autograd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace bdl::core::detail {

namespace {

/// No gradient: the window's maximum is not > 0.
constexpr uint8_t kNoWinner = 255;
/// Planes (one channel of one image) per parallel task.
constexpr int64_t kPlanesPerTask = 4;

// The row kernels are branch-free so that the compiler vectorises them, and built for AVX-512,
// AVX2 and the baseline, chosen at load time by the CPU (the project compiles for baseline
// x86-64).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) &&                             \
    !defined(__SANITIZE_ADDRESS__)
#define BDL_VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define BDL_VECTOR_CLONES
#endif

/// PyTorch's relu: max(v, 0), NaN kept.
inline float relu(float v) { return v > 0.0f || std::isnan(v) ? v : 0.0f; }

/// Whether rows r0 and r1 (n values each) hold a NaN.
BDL_VECTOR_CLONES
bool anyNan(const float* __restrict r0, const float* __restrict r1, int64_t n) {
    int nan = 0;
    for (int64_t i = 0; i < n; ++i)
        nan |= (r0[i] != r0[i]) | (r1[i] != r1[i]);
    return nan != 0;
}

/// One output row from input rows r0 and r1, ow windows, without NaN: the first maximum of the
/// raw values is the first maximum after the ReLU whenever it is > 0 (the ReLU is monotone and
/// keeps positive values), and a window whose maximum is <= 0 pools to 0 with no winner.
BDL_VECTOR_CLONES
void forwardRowFinite(const float* __restrict r0, const float* __restrict r1, int64_t ow,
                      float* __restrict out, uint8_t* __restrict win) {
    for (int64_t x = 0; x < ow; ++x) {
        const float a = r0[2 * x], b = r0[2 * x + 1], c = r1[2 * x], d = r1[2 * x + 1];
        const float m = std::max(std::max(a, b), std::max(c, d));
        // The first of the window (row-major) equal to the maximum: what max_pool2d's scan,
        // which replaces its pick only by a strictly greater value, ends with. Arithmetic
        // instead of branches, so that the loop vectorises.
        const int e0 = a == m, e1 = b == m, e2 = c == m;
        const int k = (1 - e0) * (1 + (1 - e1) * (1 + (1 - e2)));
        const int positive = m > 0.0f;
        out[x] = positive ? m : 0.0f;
        win[x] = static_cast<uint8_t>(positive * k + (1 - positive) * kNoWinner);
    }
}

/// The same with NaN as max_pool2d treats it (NaN wins and propagates, and takes the gradient).
void forwardRowExact(const float* r0, const float* r1, int64_t ow, float* out, uint8_t* win) {
    for (int64_t x = 0; x < ow; ++x) {
        const float v[4] = {relu(r0[2 * x]), relu(r0[2 * x + 1]), relu(r1[2 * x]),
                            relu(r1[2 * x + 1])};
        float m = v[0];
        uint8_t k = 0;
        for (uint8_t q = 1; q < 4; ++q)
            if (v[q] > m || std::isnan(v[q])) {
                m = v[q];
                k = q;
            }
        out[x] = m;
        // torch::relu's backward passes the gradient where its result is not <= 0: NaN too.
        win[x] = m > 0.0f || std::isnan(m) ? k : kNoWinner;
    }
}

void forwardRow(const float* r0, const float* r1, int64_t ow, float* out, uint8_t* win) {
    if (anyNan(r0, r1, 2 * ow))
        forwardRowExact(r0, r1, ow, out, win);
    else
        forwardRowFinite(r0, r1, ow, out, win);
}

/// The gradient of one output row into input rows g0 and g1 (every one of the 2 * ow columns).
BDL_VECTOR_CLONES
void backwardRow(const float* __restrict g, const uint8_t* __restrict win, int64_t ow,
                 float* __restrict g0, float* __restrict g1) {
    for (int64_t x = 0; x < ow; ++x) {
        const int k = win[x];
        const float v = g[x];
        // Named values first: stored straight from the selects, the loop does not vectorise.
        const float e0 = k == 0 ? v : 0.0f, o0 = k == 1 ? v : 0.0f;
        const float e1 = k == 2 ? v : 0.0f, o1 = k == 3 ? v : 0.0f;
        g0[2 * x] = e0;
        g0[2 * x + 1] = o0;
        g1[2 * x] = e1;
        g1[2 * x + 1] = o1;
    }
}

class ReluMaxPool2x2 : public torch::autograd::Function<ReluMaxPool2x2> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x) {
        const auto xc = x.contiguous();
        const int64_t n = xc.size(0), c = xc.size(1), h = xc.size(2), w = xc.size(3);
        const int64_t oh = h / 2, ow = w / 2;
        auto out = torch::empty({n, c, oh, ow}, xc.options());
        auto winner = torch::empty({n, c, oh, ow}, xc.options().dtype(torch::kUInt8));
        const float* in = xc.data_ptr<float>();
        float* o = out.data_ptr<float>();
        uint8_t* win = winner.data_ptr<uint8_t>();
        at::parallel_for(0, n * c, kPlanesPerTask, [&](int64_t begin, int64_t end) {
            for (int64_t p = begin; p < end; ++p)
                for (int64_t y = 0; y < oh; ++y) {
                    const float* r0 = in + p * h * w + (2 * y) * w;
                    forwardRow(r0, r0 + w, ow, o + (p * oh + y) * ow, win + (p * oh + y) * ow);
                }
        });
        ctx->save_for_backward({winner});
        ctx->saved_data["h"] = h;
        ctx->saved_data["w"] = w;
        return out;
    }

    static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::tensor_list grads) {
        const auto winner = ctx->get_saved_variables()[0];
        const int64_t h = ctx->saved_data["h"].toInt(), w = ctx->saved_data["w"].toInt();
        const auto go = grads[0].contiguous();
        const int64_t n = go.size(0), c = go.size(1), oh = go.size(2), ow = go.size(3);
        // Every element is written below; an odd last row or column (dropped by the pool)
        // gets zeros.
        auto gx = torch::empty({n, c, h, w}, go.options());
        const float* g = go.data_ptr<float>();
        const uint8_t* win = winner.data_ptr<uint8_t>();
        float* gi = gx.data_ptr<float>();
        at::parallel_for(0, n * c, kPlanesPerTask, [&](int64_t begin, int64_t end) {
            for (int64_t p = begin; p < end; ++p) {
                float* plane = gi + p * h * w;
                for (int64_t y = 0; y < oh; ++y) {
                    float* g0 = plane + (2 * y) * w;
                    backwardRow(g + (p * oh + y) * ow, win + (p * oh + y) * ow, ow, g0, g0 + w);
                    if (w % 2) {
                        g0[w - 1] = 0.0f;
                        g0[2 * w - 1] = 0.0f;
                    }
                }
                if (h % 2)
                    std::fill(plane + (h - 1) * w, plane + h * w, 0.0f);
            }
        });
        return {gx};
    }
};

} // namespace

bool reluMaxPool2x2Applies(const torch::Tensor& x) {
    return x.defined() && x.dim() == 4 && x.scalar_type() == torch::kFloat32 &&
           x.device().is_cpu() && x.layout() == torch::kStrided && x.size(2) >= 2 && x.size(3) >= 2;
}

torch::Tensor reluMaxPool2x2(const torch::Tensor& x) { return ReluMaxPool2x2::apply(x); }

} // namespace bdl::core::detail

#undef BDL_VECTOR_CLONES
