#pragma once
/// @file layer_exec.h
/// Core-internal: one layer of a ModelSpec executed on channels-first tensors. The Model's
/// forward pass and the defenses' partial re-runs (prune_head.cpp) both call it, so a layer means
/// the same thing everywhere.
#include "core/nn/model_spec.h"

#include <torch/types.h>

#include <vector>

namespace bdl::core {

/// A layer's tensors in internal (PyTorch) layout; undefined where the kind has none.
struct LayerTensors {
    torch::Tensor weight;      ///< conv (out, in / groups, kh, kw); dense (out, in); BN gamma
    torch::Tensor bias;        ///< conv/dense bias; BN beta
    torch::Tensor runningMean; ///< BN moving mean
    torch::Tensor runningVar;  ///< BN moving variance
    torch::Tensor pointwise;   ///< SeparableConv2D (out, in * multiplier, 1, 1)
};

/// The activation function a over channels-first x; softmax and log-softmax act on dim 1.
/// skipSoftmax leaves a softmax out (an output layer's logits).
torch::Tensor applyActivation(const torch::Tensor& x, ActivationKind a, bool skipSoftmax);

/// Runs layer l on its inputs (same order as l.inputs; channels-first (N, C, H, W) or (N, F)).
/// training: dropout drops; batchNormTraining: batch norm uses and updates batch statistics
/// (else its moving statistics). skipSoftmax: a final softmax activation is left out. The Input
/// layer returns its input unchanged.
torch::Tensor runLayer(const LayerSpec& l, const LayerTensors& w,
                       const std::vector<const torch::Tensor*>& in, bool training, bool skipSoftmax,
                       bool batchNormTraining = false);

} // namespace bdl::core
