#pragma once
/// @file keras_config.h
/// Parsing of a Keras 2 `model_config` JSON text (the architecture a whole-model .h5 file carries)
/// into a ModelSpec. The JSON library stays private to the keras_config*.cpp files.
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
///
/// Nested models: a layer of class Functional, Model or Sequential (a model used as a layer, e.g.
/// a transfer-learning backbone; its `config` is that model's config, nested to any depth) is
/// inlined: its InputLayer is replaced by what feeds it in the outer graph (a Sequential without
/// an InputLayer starts from that directly), and outer layers that read the nested model read its
/// output layer. Inlined layers keep their own Keras name when no other layer of the whole model
/// has it, else they are named "<nested>.<name>" (deeper: "<outer>.<inner>.<name>", then "_2",
/// "_3", ... if still taken). '.' and not '/': layer names become HDF5 group names in weights-only
/// files, where '/' would make groups inside groups, and '.' is already the separator of the
/// TorchScript importer's layer names. Outer layers keep their names. Refused, naming the nested
/// model (and the inner layer): a nested model called more than once (shared), with several
/// inputs or outputs, with call arguments other than `training=False`, nested more than 32 deep,
/// or holding an unsupported layer ("layer 'x' (Lambda) in nested model 'backbone': ...").
#include "core/nn/model_spec.h"

#include <map>
#include <string>
#include <vector>

namespace bdl::core {

/// Rescaling layers with one value per channel (lists for scale and offset), which BackdoorLab
/// writes for what its graph model holds outside the layers (keras_config_write.h) and reads back
/// as such instead of as layers:
///  - right after the input, x' = x * scale[c] + offset[c]: the model's input normalisation;
///  - after any other layer, scales of 0 or 1 and no offset: that layer's channel mask (its
///    pruned channels), when the Rescaling is the layer's only consumer.
/// Any other per-channel Rescaling is refused.
struct KerasFoldedLayers {
    std::vector<double> inputScale;                          ///< empty: the file has none
    std::vector<double> inputOffset;                         ///< same length as inputScale
    std::map<std::string, std::vector<double>> channelMasks; ///< layer -> its mask
};

/// A Keras model used as a layer of the model (see "Nested models" above), after inlining. A
/// whole-model .h5 file keeps its weights in one group named after it, listed in the group's
/// weight_names as "<inner layer>/<weight>:0" (keras_io.h maps them onto the inlined layers).
struct KerasNestedModel {
    struct Layer {
        std::string name;      ///< the inlined layer's name in the ModelSpec
        std::string kerasName; ///< its name inside its own model (what the weight names use)
        bool trainable = true; ///< its `trainable` setting (Keras orders the weights by it)
    };
    std::string name;          ///< the nested model's layer name: its group in the .h5 file
    std::vector<Layer> layers; ///< its layers, those of models nested in it included, in order
};

/// Parses `json` (the model_config attribute). `source` is the file named in errors.
/// Throws Error("<source>", "...layer '<name>' (<class>)...") for unsupported layers or
/// settings, and Error("<source>", "malformed model_config JSON: ...") for invalid JSON.
/// The returned spec is not yet validated for shapes; constructing a Model does that.
/// Per-channel Rescaling layers are taken out of the graph into *folded (see KerasFoldedLayers;
/// dropped when folded is null).
/// *nested (when not null) receives the models nested directly in the top-level model, in layer
/// order; deeper ones are part of them.
ModelSpec parseKerasModelConfig(const std::string& json, const std::string& source,
                                KerasFoldedLayers* folded = nullptr,
                                std::vector<KerasNestedModel>* nested = nullptr);

} // namespace bdl::core
