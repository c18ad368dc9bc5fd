#pragma once
/// @file torchscript_export.h
/// Export of a Model (weights, channel masks and input scale included) as a self-contained
/// TorchScript module that Python (`torch.jit.load`) or LibTorch (`torch::jit::load`) can run
/// without BackdoorLab.
///
/// The module's forward takes a float tensor (N, C, H, W) of raw pixel values as stored in the
/// data sets (0..255), multiplies by the model's input factor, runs the graph with the channel
/// masks applied, and returns class probabilities (N, classes) (softmax of Model::logits), so
/// its output equals Model::probabilities up to float rounding.
///
/// Calls are synchronous and only read the Model. Errors throw bdl::core::Error naming the
/// output path (or the model); files are written atomically (temporary file, then rename).
#include "core/nn/model.h"

#include <string>

namespace bdl::core {

/// Serialized TorchScript module (a zip archive as torch.jit.save writes it), built in memory.
std::string torchScriptBytes(const Model& model);

/// Writes torchScriptBytes(model) to `path` atomically.
void saveTorchScript(const Model& model, const std::string& path);

/// Serialized "GoodNet" G of the paper: forward(x) returns (N,) int64 labels, B's argmax where
/// B and B' agree and class N (= numClasses) where they disagree (the input is flagged as
/// poisoned). Both models must share the input shape and number of classes (else Error); each
/// keeps its own input scale and masks.
std::string goodnetTorchScriptBytes(const Model& b, const Model& bPrime);

/// Writes goodnetTorchScriptBytes(b, bPrime) to `path` atomically.
void saveGoodnetTorchScript(const Model& b, const Model& bPrime, const std::string& path);

} // namespace bdl::core
