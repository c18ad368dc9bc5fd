#pragma once
/// @file keras_config_write.h
/// The reverse of keras_config.h: a graph Model, typically one read from TorchScript, written as a
/// Keras 2 Functional `model_config`, so a PyTorch-born B' can be saved as a Keras .h5 file.
///
/// Only exact translations are made, each layer into the Keras layers that compute the same:
///  - PyTorch's explicit convolution padding becomes Keras "same" where the amounts are
///    TensorFlow's, else a ZeroPadding2D layer before a "valid" convolution;
///  - max pooling padding (and the extra row or column of ceil_mode) the same way, with zero
///    padding only where the input cannot be negative (after a ReLU); average pooling with
///    count_include_pad through ZeroPadding2D, without it only where "same" matches;
///  - adaptive average pooling to 1 x 1 as GlobalAveragePooling2D, to an even division as
///    AveragePooling2D;
///  - PyTorch's (C, H, W) flatten order as a Keras Flatten with the next Dense layer's kernel rows
///    reordered to (H, W, C);
///  - relu6 and hardtanh(0, x) as a ReLU layer with max_value, a final log_softmax as softmax
///    (the same probabilities and predictions: Keras has no log-softmax activation);
///  - the model's input normalisation as a per-channel Rescaling layer right after the input
///    (which keras_config.h reads back as the input normalisation).
/// Anything else (hardswish, hardsigmoid and tanh-GELU, whose Keras namesakes compute something
/// else; clipping to other ranges; padding that only -inf would reproduce; uneven adaptive
/// pooling; a channels-first flatten feeding anything but Dense layers) is refused with an Error
/// naming the layer and the reason. Layer names are kept where Keras allows them (letters,
/// digits, '_', '.', '-'); other characters become '_'.
#include "core/nn/model.h"

#include <string>

namespace bdl::core {

struct KerasTranslation {
    std::string modelConfig; ///< the model_config JSON text (a Keras 2 Functional model)
    Model model;             ///< that config as a Model, holding the source model's weights
};

/// Translates `model` (channel masks must already be baked into its weights: masks are not
/// carried over) and checks the translation: on seeded random inputs its class probabilities must
/// equal the source model's within 1e-4. Throws Error(path, ...) naming the first layer without
/// an exact Keras equivalent, or the difference when the check fails.
KerasTranslation translateToKeras(const Model& model, const std::string& path);

} // namespace bdl::core
