#pragma once
/// @file prune_kernels.h
/// Internal to the pruning code: the per-row loops of LinearHead's state updates, written by hand
/// because each touches only the rows (and, after a ReLU, only the non-zero activations) that a
/// channel removal changes. All run over rows in parallel (at::parallel_for); `rows` must not
/// repeat an index.
#include <array>
#include <cstdint>

namespace bdl::core::detail {

/// Adds minus one input channel's contribution to a conv stem's channels-last state rows.
/// act: (R, H, W) the channel's activations; neg: (kh * kw, F) minus its weights;
/// z: (N, H' * W' * F), row rows[i] updated from act[i].
void convStemUpdate(const float* act, int64_t r, int64_t h, int64_t w, const int64_t* rows,
                    const float* neg, std::array<int64_t, 2> k, std::array<int64_t, 2> stride,
                    int64_t oh, int64_t ow, int64_t f, float* z);
/// Same for a dense stem: act (R, HW), neg (HW, out), z (N, out).
void denseStemUpdate(const float* act, int64_t r, int64_t hw, const int64_t* rows, const float* neg,
                     int64_t out, float* z);
/// out[i] = max(z[rows[i]], 0) (a plain copy when !relu), times mask[column % channels] when a
/// mask is given: gathering, activating and masking in one pass over the rows.
void gatherActivate(const float* z, const int64_t* rows, int64_t r, int64_t width, bool relu,
                    const float* mask, int64_t channels, float* out);

} // namespace bdl::core::detail
