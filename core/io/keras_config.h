#pragma once
/// @file keras_config.h
/// Parsing of a Keras 2 `model_config` JSON text (the architecture a whole-model .h5 file carries)
/// into a ModelSpec. The JSON library stays private to keras_config.cpp.
///
/// Accepted forms (Keras 2.2 - 2.7):
///  - "Sequential": `config` is a list of layers (Keras <= 2.2) or an object with `layers`; the
///    input comes from an InputLayer or from `batch_input_shape` of the first layer.
///  - "Functional" / "Model": layers with `inbound_nodes` [[["name", 0, 0, {}], ...]] and one
///    entry each in `input_layers` and `output_layers`.
/// Supported layer classes: InputLayer, Conv2D, MaxPooling2D, AveragePooling2D, Dense, Flatten,
/// Dropout, Add, Concatenate, Activation, ReLU, BatchNormalization, with activations linear,
/// relu, softmax, sigmoid and tanh. Anything else, or a setting the runtime would not honour
/// (dilation, groups, channels_first, a shared layer, several outputs), is refused: nothing is
/// skipped silently.
#include "core/nn/model_spec.h"

#include <string>

namespace bdl::core {

/// Parses `json` (the model_config attribute). `source` is the file named in errors.
/// Throws Error("<source>", "...layer '<name>' (<class>)...") for unsupported layers or
/// settings, and Error("<source>", "malformed model_config JSON: ...") for invalid JSON.
/// The returned spec is not yet validated for shapes; constructing a Model does that.
ModelSpec parseKerasModelConfig(const std::string& json, const std::string& source);

} // namespace bdl::core
