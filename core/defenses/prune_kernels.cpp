#include "core/defenses/prune_kernels.h"

#include <ATen/Parallel.h>

#include <algorithm>

namespace bdl::core::detail {

namespace {

/// Rows per parallel task in the state updates.
constexpr int64_t kRowsPerTask = 64;

/// Row-range workers of the state updates. Cloned for AVX2 (picked at load time where the CPU
/// has it): the project builds for baseline x86-64, and these loops are most of a channel removal.
/// The inner axpy loops must stay inside the cloned function to be vectorised with it.
__attribute__((target_clones("avx2", "default"))) void
convStemRows(int64_t begin, int64_t end, const float* act, int64_t h, int64_t w,
             const int64_t* rows, const float* neg, int64_t kh, int64_t kw, int64_t sh, int64_t sw,
             int64_t oh, int64_t ow, int64_t f, float* z) {
    for (int64_t i = begin; i < end; ++i) {
        const float* a = act + i * h * w;
        float* zr = z + rows[i] * oh * ow * f;
        for (int64_t oi = 0; oi < oh; ++oi)
            for (int64_t oj = 0; oj < ow; ++oj) {
                float* y = zr + (oi * ow + oj) * f;
                for (int64_t di = 0; di < kh; ++di)
                    for (int64_t dj = 0; dj < kw; ++dj) {
                        const float v = a[(oi * sh + di) * w + oj * sw + dj];
                        if (v == 0.0f) // most activations after a ReLU are zero
                            continue;
                        const float* x = neg + (di * kw + dj) * f;
                        for (int64_t q = 0; q < f; ++q)
                            y[q] += v * x[q];
                    }
            }
    }
}

__attribute__((target_clones("avx2", "default"))) void
denseStemRows(int64_t begin, int64_t end, const float* act, int64_t hw, const int64_t* rows,
              const float* neg, int64_t out, float* z) {
    for (int64_t i = begin; i < end; ++i) {
        float* y = z + rows[i] * out;
        for (int64_t p = 0; p < hw; ++p) {
            const float v = act[i * hw + p];
            if (v == 0.0f)
                continue;
            const float* x = neg + p * out;
            for (int64_t q = 0; q < out; ++q)
                y[q] += v * x[q];
        }
    }
}

} // namespace

void convStemUpdate(const float* act, int64_t r, int64_t h, int64_t w, const int64_t* rows,
                    const float* neg, std::array<int64_t, 2> k, std::array<int64_t, 2> stride,
                    int64_t oh, int64_t ow, int64_t f, float* z) {
    at::parallel_for(0, r, kRowsPerTask, [&](int64_t begin, int64_t end) {
        convStemRows(begin, end, act, h, w, rows, neg, k[0], k[1], stride[0], stride[1], oh, ow, f,
                     z);
    });
}

void denseStemUpdate(const float* act, int64_t r, int64_t hw, const int64_t* rows, const float* neg,
                     int64_t out, float* z) {
    at::parallel_for(0, r, kRowsPerTask, [&](int64_t begin, int64_t end) {
        denseStemRows(begin, end, act, hw, rows, neg, out, z);
    });
}

void gatherActivate(const float* z, const int64_t* rows, int64_t r, int64_t width, bool relu,
                    const float* mask, int64_t channels, float* out) {
    at::parallel_for(0, r, kRowsPerTask, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
            const float* src = z + rows[i] * width;
            float* dst = out + i * width;
            if (relu)
                for (int64_t j = 0; j < width; ++j)
                    dst[j] = src[j] > 0.0f ? src[j] : 0.0f;
            else
                std::copy(src, src + width, dst);
            if (mask)
                for (int64_t j = 0; j < width; ++j)
                    dst[j] *= mask[j % channels];
        }
    });
}

} // namespace bdl::core::detail
