#pragma once
/// @file torchscript_import.h
/// Reading a TorchScript file (what `torch.jit.trace(...).save()` or `torch.jit.script(...).save()`
/// writes and LibTorch 1.13 can load) as the same graph Model that Keras files become, so every
/// defense, view and export works on it unchanged.
///
/// The file's code is compiled by LibTorch and its forward graph frozen (parameters become
/// constants), inlined and read node by node; the model is never run. Shape logic in the graph
/// (size(), dim(), shape assertions, if/else on sizes) is evaluated for the input shape. Only
/// operations listed in torchScriptSupportedOps() are accepted; anything else is refused with the
/// op's name and, where the file records it, its source line. Nothing is skipped silently.
///
/// Conventions: images go in NCHW as in PyTorch; Flatten/view keep PyTorch's (C, H, W) order; the
/// output may be logits, probabilities or log-probabilities (N, classes). PyTorch models usually
/// normalise in the data pipeline: the caller sets Model::setInputNormalization and the input
/// scale (the loader leaves InputScale::Unit, pixels / 255, and no normalisation).
///
/// Only the import helper calls this (app/import): a TorchScript file is hostile input, and
/// compiling its code must happen in the sandboxed process. Errors throw bdl::core::Error naming
/// the file and the problem.
#include "core/io/keras_io.h"

#include <array>
#include <string>

namespace bdl::core {

struct TorchScriptOptions {
    /// The input (H, W, C); all zero: inferred from the file. Channels come from the first
    /// convolution; height and width are inferred when exactly one square size fits the graph
    /// (a Linear layer after a flatten fixes it); otherwise the error asks for the shape.
    std::array<int, 3> inputShape{0, 0, 0};
};

/// Loads a TorchScript file. Throws Error naming the file: not a TorchScript archive (a torch.save
/// checkpoint or state_dict has no graph; the message says how to export one), unsupported op
/// (name and source line), several inputs or outputs, data-dependent control flow, an input
/// shape that cannot be inferred or does not fit.
LoadedModel loadTorchScriptModel(const std::string& path,
                                 const TorchScriptOptions& options = TorchScriptOptions());

/// The same from the bytes of a file held in memory; `name` stands for the path in messages.
LoadedModel loadTorchScriptModelFromBytes(const std::string& bytes, const std::string& name,
                                          const TorchScriptOptions& options = TorchScriptOptions());

/// True when the file starts like a zip archive (TorchScript files are zip archives). Looks at
/// regular files only.
bool isZipFile(const std::string& path);

/// The TorchScript ops the importer understands (for the docs and the closing note).
const char* torchScriptSupportedOps();

} // namespace bdl::core
