#pragma once
/// @file strip_fast.h
/// Internal to strip.cpp: STRIP superimpositions evaluated from the first convolution on.
///
/// Why: with the alpha blend, the first convolution's pre-activation is linear in its input and
/// its bias weights sum to one, so conv(a x + (1 - a) o) = a conv(x) + (1 - a) conv(o). The
/// overlays' conv outputs are computed once, each input's once, and each superimposition only
/// costs a blend of two cached maps. When a max-pooling layer follows (csaw-badnet: conv_1 ->
/// pool_1), blend, pooling and the (monotone) activation are fused in one pass that writes the
/// pooled maps channels-last, the memory format in which LibTorch's CPU convolutions are fastest;
/// the rest of the model runs through Model::logitsFrom. Not valid for the clipped additive blend.
#include "core/nn/model.h"

#include <torch/types.h>

#include <memory>
#include <string>

namespace bdl::core::detail {

class StripFastPath {
public:
    /// nullptr (and *why) when the model is not on the CPU (the blend kernels read raw CPU
    /// memory), does not start with Input -> valid Conv2D, or the layer after it is not a cut
    /// point. overlays: the N overlay images (raw pixels).
    static std::unique_ptr<StripFastPath>
    tryCreate(const Model& model, const torch::Tensor& overlays, double alpha, std::string* why);
    ~StripFastPath();

    /// Logits of every (input, overlay) pair, input-major: (B * N, classes).
    torch::Tensor logits(const torch::Tensor& inputs) const;

private:
    StripFastPath(const Model& model);
    /// conv pre-activation of raw images, channels-last physical layout (B, H1, W1, C1).
    torch::Tensor convOut(const torch::Tensor& images) const;

    const Model& m_model;
    torch::Tensor m_weight; ///< first conv (out, in, kh, kw)
    torch::Tensor m_bias;
    std::array<int64_t, 2> m_stride{1, 1};
    ActivationKind m_activation = ActivationKind::Linear;
    torch::Tensor m_convMask;
    bool m_fusePool = false;
    std::array<int64_t, 4> m_pool{2, 2, 2, 2}; ///< kh, kw, sh, sw
    std::string m_cutLayer;                    ///< where logitsFrom continues
    torch::Tensor m_overlayConv;
    double m_alpha = 0.5;
};

} // namespace bdl::core::detail
