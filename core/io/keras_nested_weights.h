#pragma once
/// @file keras_nested_weights.h
/// Private to keras_io.cpp: the weights of a Keras model nested as a layer (keras_config.h,
/// "Nested models"). Keras 2 `model.save` writes them in ONE group named after the nested model,
/// `/model_weights/<nested>`, whose weight_names list the inner layers' variables
/// ("conv2d/kernel:0", "batch_normalization/gamma:0", ...; a lazily built nested Sequential may
/// write "sequential/dense/kernel:0") and whose datasets sit at `<group>/<weight name>`. Keras
/// itself loads them by position, in its legacy order: every trainable weight of the inner layers
/// in layer order, then every non-trainable one (batch-norm moving statistics, and all weights of
/// layers with trainable=false).
///
/// The mapping onto the inlined layers goes by name (the weight name's last two parts, "<inner
/// layer>/<weight>"), and falls back to that legacy order when the names do not match the layers
/// (variables uniquified by an older TensorFlow, e.g. "conv2d_1_1/kernel:0"); shapes are checked
/// either way. Errors are Error(path, "nested model '<name>': ...").
#include "core/io/hdf5_file.h"
#include "core/io/keras_config.h"
#include "core/nn/model.h"

#include <map>
#include <string>
#include <vector>

namespace bdl::core::keras_detail {

/// The nested model named `layer` (a name of the file's layer_names), or null.
const KerasNestedModel* findNested(const std::vector<KerasNestedModel>& nested,
                                   const std::string& layer);

/// What the file's weighted groups must be: the model's weighted layers outside nested models,
/// and each nested model holding a weighted layer.
std::vector<std::string> weightedGroups(const Model& model,
                                        const std::vector<KerasNestedModel>& nested);

/// Each inlined layer's name -> the name of the (top-level) nested model it belongs to.
std::map<std::string, std::string> nestedOwners(const std::vector<KerasNestedModel>& nested);

/// Reads the weights of the nested model's group `group` (its weight_names `fileNames`) into the
/// inlined layers of `model`: count, shape, dtype and finiteness checked as for other layers.
void loadNestedWeights(const Hdf5Reader& file, const std::string& group,
                       const KerasNestedModel& nested, const std::vector<std::string>& fileNames,
                       Model& model);

/// The weight_names to write for a nested model: `source` (the names of the file it was read
/// from) when they map onto its layers, else the names Keras writes ("<inner layer>/<weight>" in
/// the legacy order).
std::vector<std::string> nestedWeightNames(const KerasNestedModel& nested, const Model& model,
                                           const std::vector<std::string>* source);

/// The nested model's weights (Keras layout, float32) in the order of `names`, which
/// nestedWeightNames() returned.
std::vector<torch::Tensor> nestedKerasWeights(const KerasNestedModel& nested, const Model& model,
                                              const std::vector<std::string>& names,
                                              const std::string& path);

} // namespace bdl::core::keras_detail
