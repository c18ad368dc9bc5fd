#pragma once
/// @file keras_io.h
/// Reading and writing Keras 2 HDF5 model files.
///
/// Two layouts exist:
///  - weights-only (`model.save_weights`): root attributes `layer_names`, `backend`,
///    `keras_version`; one group per layer with a `weight_names` attribute and the datasets
///    `/<layer>/<layer>/kernel:0`, ... The graph is not in the file: an architecture name picks it.
///  - whole model (`model.save`): root attributes `model_config` (the graph as JSON),
///    `training_config`, `keras_version`, `backend`; the weights layout above under
///    `/model_weights`. A model nested as a layer (keras_config.h, "Nested models") is one entry
///    of layer_names: one group `/model_weights/<nested>` whose weight_names list its inner
///    layers' weights ("conv2d/kernel:0", ...), stored at `/model_weights/<nested>/<weight name>`;
///    they are read onto the inlined layers and written back in the same layout and order
///    (keras_nested_weights.h).
///
/// Both functions are synchronous and may be called from any thread (each call opens its own
/// file). Every failure throws bdl::core::Error naming the file and the problem (and the layer
/// where one is involved). Input files are only ever opened read-only.
#include "core/nn/model.h"

#include <map>
#include <string>
#include <vector>

namespace bdl::core {

/// How a model file was laid out: the two Keras layouts, or a TorchScript archive (read by
/// torchscript_import.h; saved as a Keras whole model only where the graph is expressible in
/// Keras).
enum class ModelFormat { WeightsOnly, WholeModel, TorchScript };
/// "weights-only", "whole-model" or "torchscript".
const char* modelFormatName(ModelFormat f);

/// A model read from a Keras file, with what the writer needs to reproduce the file's layout.
struct LoadedModel {
    Model model;
    ModelFormat format = ModelFormat::WeightsOnly;
    std::string source;       ///< the path it was read from
    std::string architecture; ///< architecture name (weights-only) or the model_config's name
    /// Scalar string attributes of the file's root: keras_version, backend, and for whole models
    /// model_config and training_config.
    std::map<std::string, std::string> rootAttributes;
    /// The file's layer_names attribute, in order.
    std::vector<std::string> layerNames;
    /// Each layer's weight_names attribute as written in the file (e.g. "conv_1/kernel:0"); a
    /// nested model's under its own name (e.g. "backbone": {"conv2d/kernel:0", ...}).
    std::map<std::string, std::vector<std::string>> weightNames;
    /// Keras >= 2.5 whole models carry an extra weightless `top_level_model_weights` group.
    bool topLevelWeightsGroup = false;
};

/// The architecture used for weights-only files when none is given.
inline constexpr const char* kDefaultArchitecture = "csaw-badnet";
/// Root attribute naming the built-in architecture of a weights-only file this app wrote
/// (e.g. "csaw-badnet:28x28x1:10"); used when no architecture is given explicitly.
inline constexpr const char* kArchitectureAttribute = "bdl_architecture";

/// Loads a Keras 2 .h5 file of either layout (detected from the root attributes).
/// A whole model takes its graph from model_config and ignores `arch`. A weights-only file takes
/// the graph of `arch` (default kDefaultArchitecture, see architectureSpec()); the names of its
/// layers that carry weights must equal the architecture's weighted layers (the error lists the
/// missing and unexpected ones). Weight shapes, counts and finiteness are checked per layer.
/// The input scale is left at the Model default (InputScale::Unit): files do not record it.
/// Throws Error naming the file (and layer) for a missing or non-HDF5 file, missing weights,
/// wrong shapes or dtypes, NaN/Inf values, or an unsupported model_config.
LoadedModel loadKerasModel(const std::string& path, const std::string& arch = std::string());

/// loadKerasModel() on a file held in memory (the bytes of a .h5 file; see
/// Hdf5Reader::fromImage). `name` stands for the path in messages and in LoadedModel::source; no
/// file is opened. Same checks, layouts and errors as loadKerasModel; the entry point for
/// fuzzing the Keras reader.
LoadedModel loadKerasModelFromImage(const std::string& bytes, const std::string& name,
                                    const std::string& arch = std::string());

/// Writes the model's weights as a Keras 2 .h5 file at `path`, atomically (temporary file in the
/// same folder, then rename; nothing is left behind on failure).
/// Without `layoutFrom`, or when it is a weights-only file, the weights-only layout is written
/// (layer order from the model's spec; keras_version/backend copied from `layoutFrom` when
/// given). When `layoutFrom` is a whole model, the whole-model layout is written with its root
/// attributes (model_config, training_config, keras_version, backend) copied; its model_config
/// must describe the same weighted layers and shapes as `model`, else Error.
/// A model read from TorchScript (layoutFrom->format == TorchScript) has no model_config to copy:
/// its Keras translation (keras_config_write.h) is written as a whole model, or an Error names the
/// layer Keras cannot express and the TorchScript export instead.
/// Channel masks are baked into the written weights (Model::bakeChannelMasks() on a copy; `model`
/// itself is not changed), so a pruned model is saved pruned.
void saveKerasWeights(const Model& model, const std::string& path,
                      const LoadedModel* layoutFrom = nullptr);

/// The bytes saveKerasWeights() would write, built in memory; nothing is written. `path` only
/// names the file in errors.
std::string kerasWeightsBytes(const Model& model, const std::string& path,
                              const LoadedModel* layoutFrom = nullptr);

} // namespace bdl::core
