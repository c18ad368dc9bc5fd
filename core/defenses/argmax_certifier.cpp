#include "core/defenses/argmax_certifier.h"

#include <ATen/Parallel.h>
#include <torch/types.h>
#include <torch/utils.h>

#include <dlfcn.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

namespace bdl::core::detail {

bool preferOneDnnGemm() {
    static const bool prefer = [] {
        if (!at::hasMKLDNN())
            return false;
        // Looked up at run time: the BLAS behind LibTorch may not be OpenBLAS at all.
        using CoreName = char* (*)();
        const auto fn = reinterpret_cast<CoreName>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
        const char* core = fn ? fn() : nullptr;
        if (!core)
            return true;
        for (const char* avx512 : {"SkylakeX", "Cooperlake", "SapphireRapids"})
            if (strcasestr(core, avx512))
                return false;
        return true;
    }();
    return prefer;
}

namespace {

/// Relative slack below which two logits count as tied: then the exact GEMM decides, like the
/// reference path, instead of a dot product whose rounding differs by ~1e-6.
constexpr float kTieSlack = 1e-4f;
/// Rows per parallel task.
constexpr int64_t kRowsPerTask = 64;

float dot(const float* a, const float* b, int64_t n) {
    float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int k = 0; k < 8; ++k)
            acc[k] += a[i + k] * b[i + k];
    float s = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
    for (; i < n; ++i)
        s += a[i] * b[i];
    return s;
}

float distance(const float* a, const float* b, int64_t n) {
    float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int k = 0; k < 8; ++k)
            acc[k] += (a[i + k] - b[i + k]) * (a[i + k] - b[i + k]);
    float s = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
    for (; i < n; ++i)
        s += (a[i] - b[i]) * (a[i] - b[i]);
    return std::sqrt(s);
}

} // namespace

ArgmaxCertifier::ArgmaxCertifier(const torch::Tensor& weight, const torch::Tensor& bias, int64_t k)
    : m_weight(weight.detach().to(torch::kFloat32).contiguous()),
      m_bias(bias.defined() ? bias.detach().to(torch::kFloat32).contiguous()
                            : torch::zeros({weight.size(0)}, torch::kFloat32)),
      m_k(std::min<int64_t>(k, weight.size(0))) {
    torch::NoGradGuard guard;
    // Rounded up a little so that float rounding of the norms cannot make a bound too tight.
    m_norms = (m_weight.norm(2, 1) * (1.0f + 1e-5f)).contiguous();
    m_maxNorm = m_norms.max().item<float>();
    if (preferOneDnnGemm()) {
        m_mkldnnWeight = m_weight.to_mkldnn();
        m_mkldnnBias = m_bias.to_mkldnn();
    }
}

torch::Tensor ArgmaxCertifier::logits(const torch::Tensor& h) const {
    // oneDNN's AVX-512 GEMM runs about 1.8x faster than this OpenBLAS build's AVX2 kernel.
    if (m_mkldnnWeight.defined())
        return torch::mkldnn_linear(h.to(torch::kFloat32).contiguous().to_mkldnn(), m_mkldnnWeight,
                                    m_mkldnnBias)
            .to_dense();
    return torch::linear(h, m_weight, m_bias);
}

ArgmaxCertifier::Rows ArgmaxCertifier::initial(const torch::Tensor& h) const {
    torch::NoGradGuard guard;
    const int64_t n = h.size(0);
    Rows r;
    const auto hc = h.to(torch::kFloat32).contiguous();
    r.href = torch::empty_like(hc);
    r.topIdx = torch::zeros({n, m_k}, torch::kInt64);
    r.topVal = torch::zeros({n, m_k}, torch::kFloat32);
    r.thr = torch::full({n}, -std::numeric_limits<float>::infinity(), torch::kFloat32);
    auto pred = torch::zeros({n}, torch::kInt64);
    refresh(r, torch::arange(n, torch::kInt64), hc, pred);
    return r;
}

void ArgmaxCertifier::refresh(Rows& state, const torch::Tensor& rows, const torch::Tensor& h,
                              torch::Tensor& pred) const {
    const auto l = logits(h).contiguous();
    const auto hc = h.to(torch::kFloat32).contiguous();
    const auto rc = rows.contiguous();
    const int64_t classes = l.size(1);
    const int64_t d = hc.size(1);
    const int64_t k = m_k;
    const int64_t keep = std::min(k + 1, classes);
    const float* lp = l.data_ptr<float>();
    const float* hp = hc.data_ptr<float>();
    const int64_t* rowIdx = rc.data_ptr<int64_t>();
    float* href = state.href.data_ptr<float>();
    int64_t* topIdx = state.topIdx.data_ptr<int64_t>();
    float* topVal = state.topVal.data_ptr<float>();
    float* thr = state.thr.data_ptr<float>();
    int64_t* out = pred.data_ptr<int64_t>();
    // One pass per row keeps the K + 1 largest logits (a sorted insertion; torch::topk is several
    // times slower than the GEMM here). Strict comparisons keep the lowest index first among
    // equal values, like torch::argmax.
    at::parallel_for(0, rc.size(0), kRowsPerTask, [&](int64_t begin, int64_t end) {
        std::vector<float> val(static_cast<size_t>(keep));
        std::vector<int64_t> idx(static_cast<size_t>(keep));
        for (int64_t i = begin; i < end; ++i) {
            const float* row = lp + i * classes;
            int64_t n = 0;
            for (int64_t j = 0; j < classes; ++j) {
                const float v = row[j];
                if (n == keep && !(v > val[static_cast<size_t>(keep - 1)]))
                    continue;
                int64_t p = n < keep ? n++ : keep - 1;
                while (p > 0 && v > val[static_cast<size_t>(p - 1)]) {
                    val[static_cast<size_t>(p)] = val[static_cast<size_t>(p - 1)];
                    idx[static_cast<size_t>(p)] = idx[static_cast<size_t>(p - 1)];
                    --p;
                }
                val[static_cast<size_t>(p)] = v;
                idx[static_cast<size_t>(p)] = j;
            }
            const int64_t r = rowIdx[i];
            out[r] = idx[0];
            for (int64_t q = 0; q < k; ++q) {
                topIdx[r * k + q] = idx[static_cast<size_t>(q)];
                topVal[r * k + q] = val[static_cast<size_t>(q)];
            }
            thr[r] =
                keep > k ? val[static_cast<size_t>(k)] : -std::numeric_limits<float>::infinity();
            std::copy(hp + i * d, hp + (i + 1) * d, href + r * d);
        }
    });
}

void ArgmaxCertifier::update(Rows& state, const torch::Tensor& rows, const torch::Tensor& h,
                             torch::Tensor& pred) const {
    torch::NoGradGuard guard;
    const auto hc = h.to(torch::kFloat32).contiguous();
    const auto rc = rows.contiguous();
    const int64_t r = rc.size(0);
    const int64_t d = m_weight.size(1);
    const int64_t k = m_k;
    const float* w = m_weight.data_ptr<float>();
    const float* b = m_bias.data_ptr<float>();
    const float* norms = m_norms.data_ptr<float>();
    const float* hv = hc.data_ptr<float>();
    const int64_t* rowIdx = rc.data_ptr<int64_t>();
    const float* href = state.href.data_ptr<float>();
    const int64_t* topIdx = state.topIdx.data_ptr<int64_t>();
    const float* topVal = state.topVal.data_ptr<float>();
    const float* thr = state.thr.data_ptr<float>();
    int64_t* out = pred.data_ptr<int64_t>();
    std::vector<char> exact(static_cast<size_t>(r), 0);

    at::parallel_for(0, r, kRowsPerTask, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
            const int64_t row = rowIdx[i];
            const float* x = hv + i * d;
            const float dist = distance(x, href + row * d, d);
            int64_t best = out[row];
            float bestL = dot(w + best * d, x, d) + b[best];
            const float slack = kTieSlack * (1.0f + std::fabs(bestL));
            // Every class outside the reference top K is at most thr + maxNorm * dist now.
            if (!(bestL > thr[row] + m_maxNorm * dist + slack)) {
                exact[static_cast<size_t>(i)] = 1;
                continue;
            }
            bool tie = false;
            for (int64_t q = 0; q < k && !tie; ++q) {
                const int64_t j = topIdx[row * k + q];
                if (j == best || topVal[row * k + q] + norms[j] * dist < bestL - slack)
                    continue;
                const float lj = dot(w + j * d, x, d) + b[j];
                if (std::fabs(lj - bestL) <= slack)
                    tie = true;
                else if (lj > bestL) {
                    best = j;
                    bestL = lj;
                }
            }
            if (tie)
                exact[static_cast<size_t>(i)] = 1;
            else
                out[row] = best;
        }
    });

    std::vector<int64_t> redo;
    for (int64_t i = 0; i < r; ++i)
        if (exact[static_cast<size_t>(i)])
            redo.push_back(i);
    if (redo.empty())
        return;
    const auto sel = torch::tensor(redo, torch::kInt64);
    refresh(state, rc.index_select(0, sel), hc.index_select(0, sel), pred);
}

} // namespace bdl::core::detail
