#pragma once
/// @file architectures.h
/// Built-in architectures for weights-only Keras files (which carry no graph).
#include "core/nn/model_spec.h"

#include <string>
#include <vector>

namespace bdl::core {

/// The CSAW-HackML BadNet ("csaw-badnet"): conv_1 20@4x4 relu, pool_1, conv_2 40@3x3 relu, pool_2,
/// conv_3 60@3x3 relu, pool_3, then [flatten_1 -> fc_1 160] + [conv_4 80@2x2 relu -> flatten_2 ->
/// fc_2 160] -> add_1 -> activation_1 relu -> output dense softmax. Layer names match the Keras
/// files. The default input is 55x47x3 with 1283 classes.
///
/// `samePadding` gives conv_1..conv_3 Keras padding="same" (pooling and conv_4 stay "valid"): the
/// adaptation to small inputs such as Fashion-MNIST's 28x28x1 (pool_3 is then 3x3x60 and conv_4
/// 2x2x80), which the all-"valid" stack cannot take (it needs at least 31x31).
ModelSpec csawBadnetSpec(int height = 55, int width = 47, int channels = 3, int classes = 1283,
                         bool samePadding = false);

/// The architecture name of a csaw-badnet variant: "csaw-badnet" for the default sizes, else
/// "csaw-badnet:HxWxC:CLASSES" (e.g. "csaw-badnet:64x64x3:10"), or with same padding
/// "csaw-badnet-same:HxWxC:CLASSES" (the zoo's "csaw-badnet-same:28x28x1:10"). architectureSpec()
/// accepts every name this returns.
std::string csawBadnetName(int height, int width, int channels, int classes,
                           bool samePadding = false);

/// Names accepted by --arch.
std::vector<std::string> architectureNames();
/// Spec for a named architecture; throws Error for an unknown name (listing the known ones).
ModelSpec architectureSpec(const std::string& name);

} // namespace bdl::core
