#pragma once
/// @file relu_pool.h
/// Internal to the model executor: ReLU followed by 2x2 max pooling with stride 2, as one
/// autograd operation for training.
///
/// Why: LibTorch 1.13's CPU max_pool2d under autograd (max_pool2d_with_indices) is a slow
/// scalar kernel; on the CSAW BadNet it takes more time than the convolutions' forward pass
/// (18 % of a training step in PyTorch's profiler), and the ReLU before it reads and writes the
/// full-size tensor twice more (forward and backward). Fused, one pass reads the convolution's
/// output and writes the pooled result and a one-byte winner per window.
///
/// Exactness: the value is max(relu(x)) over each window, bit for bit. The gradient goes where
/// relu -> max_pool2d sends it: to the first maximum of the window in row-major order (as
/// PyTorch's kernel picks it, NaN counting as the maximum), and only when that value is not <= 0
/// (torch::relu's backward; a NaN passes). Windows whose values are all <= 0 get no gradient.
#include <torch/types.h>

namespace bdl::core::detail {

/// Whether reluMaxPool2x2 applies to `x`: float32, 4-D (N, C, H, W); H and W may be odd (the
/// last row or column is dropped, as max_pool2d's floor mode does).
bool reluMaxPool2x2Applies(const torch::Tensor& x);

/// max_pool2d(relu(x), 2, 2) with the gradient of that composition.
torch::Tensor reluMaxPool2x2(const torch::Tensor& x);

} // namespace bdl::core::detail
