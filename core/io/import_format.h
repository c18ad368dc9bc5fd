#pragma once
/// @file import_format.h
/// The import format ("BDLX"): what the sandboxed import helper (backdoorlab-import) sends its
/// parent over a pipe after parsing a foreign file. The parent never parses a foreign file
/// itself; it only decodes this simple format, checking every size against the header and a
/// budget before it allocates anything.
///
/// Layout, version 1 (every integer little-endian):
///   u32 magic 0x584C4442 ("BDLX" in file order), u32 version = 1,
///   u64 H = byte length of the header, H bytes of UTF-8 JSON (the header),
///   then one blob per tensor named in the header, in header order: exactly
///   product(shape) x element size bytes each, C order, little-endian, no padding.
///   Nothing follows the last blob.
///
/// Header (one object; unknown members are ignored, missing ones are errors):
///   {"kind": "model" | "dataset" | "error", "source": "<the path the helper was given>", ...}
///   kind "error":   "problem": "<text>"                 (the reader's own clean refusal)
///   kind "model":   "model": {
///        "format": "weights-only" | "whole-model", "architecture": str,
///        "rootAttributes": {str: str}, "layerNames": [str], "weightNames": {layer: [str]},
///        "topLevelWeightsGroup": bool, "inputScale": "unit" | "raw" (Model::inputScale()),
///        "spec": {"name": str, "output": str, "layers": [LAYER]},
///        "weights": [{"layer": str, "tensors": [TENSOR]}],     (Keras layout, per layer)
///        "masks": [{"layer": str, "tensor": TENSOR}]}           (channel masks; may be empty)
///   kind "dataset": "dataset": {"name": str, "itemNames": [str], "images": TENSOR (N,C,H,W),
///        "labels": TENSOR (N,) int64, "targets": TENSOR (N,) int64 | null}
///   TENSOR = {"dtype": "float32" | "float64" | "int64" | "uint8", "shape": [int]}
///   LAYER  = every field of LayerSpec under its C++ name ("name", "kind" as the Keras class
///            name, "inputs", "inputShape", "filters", "kernel", "strides", "samePadding", "units",
///            "useBias", "activation" as the Keras name, "poolSize", "rate", "axis",
///            "reluMaxValue" (null = infinity), "reluNegativeSlope", "reluThreshold", "epsilon",
///            "momentum", "bnCenter", "bnScale").
/// Blob order: model: every weights[i].tensors[j] in order, then every masks[i].tensor;
/// dataset: images, labels, then targets when present.
/// Strings are UTF-8; the writer replaces bytes that are not (a Latin-1 file name) by U+FFFD.
///
/// What the writers send: weights and masks float32 (weights per weighted layer, in the order and
/// Keras shapes of Model::kerasWeights(); a mask for every layer that has one, shape (C,));
/// images uint8 when every value is an integer 0..255, else float32; labels/targets int64.
///
/// What the decoder accepts (anything else is an Error): a header of at most maxHeaderBytes,
/// nested at most 64 levels deep, every member of the right JSON type (integers are integers,
/// not 3.0); layer sizes within 0..2^24 (kernel, strides, pool sizes 1..2^24), axis -8..8,
/// rate in [0, 1), epsilon > 0, finite numbers; every tensor of a known dtype, rank <= maxRank,
/// dimensions >= 0, its size (overflow-checked) within maxTensorBytes, all of them within
/// maxTotalBytes and maxTensors (uint8 images count at their decoded float32 size), and the zero
/// weights Model allocates for the graph within the same budget - all checked before anything is
/// allocated.
/// Model: weights given for exactly the model's weightedLayers(), once each, float32 or float64
/// in the expected shapes, finite; masks on existing layers, (C,) float32/float64, finite; the
/// graph consistent (Model(spec)). Dataset: images (N, C, H, W) float32 or uint8 with C in
/// {1, 3}, 1 <= N <= maxItems, H, W >= 1, finite; labels (N,) int64 >= -1; targets (N,) int64
/// >= 0 or null; itemNames N names or none.
///
/// Thread-safety: pure functions of their arguments. Errors: decoding throws Error naming
/// `origin` and the first problem (wrong magic, other version, header over budget, malformed
/// JSON, a size over budget or disagreeing with the header, truncation, trailing bytes, NaN/Inf
/// weights, an inconsistent graph). Problems in the header name the member's path, e.g.
/// "<origin>: import header: model.spec.layers[3].filters: expected an integer".
/// The host must be little-endian (the build refuses others): blobs are copied as they are.
#include "core/io/data_io.h"
#include "core/io/image_file.h"
#include "core/io/keras_io.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace bdl::core {

/// The format version this build writes and reads.
inline constexpr uint32_t kImportFormatVersion = 1;
/// "BDLX" read as a little-endian u32.
inline constexpr uint32_t kImportFormatMagic = 0x584C4442;

/// What the decoder accepts before allocating. Defaults fit the CSAW data sets (12830 x 3 x 55 x
/// 47 float32, about 400 MB) and models of a few hundred million weights.
struct ImportBudget {
    int64_t maxHeaderBytes = int64_t(64) << 20; ///< JSON header
    int64_t maxTensorBytes = int64_t(4) << 30;  ///< one tensor
    int64_t maxTotalBytes = int64_t(8) << 30;   ///< all tensors together
    int64_t maxTensors = 100000;                ///< tensors in one payload
    int maxRank = 8;                            ///< dimensions of one tensor
    int64_t maxItems = 10'000'000;              ///< images in one data set
    int64_t maxLayers = 100000;                 ///< layers of one graph
};

/// Writes bytes somewhere (a pipe, a string); throws on failure.
using ImportSink = std::function<void(const void* data, size_t size)>;

/// Reads exactly `size` bytes into `data`; throws Error (or Cancelled) when they cannot all be
/// read (end of stream, time-out, cancel).
using ImportSource = std::function<void(void* data, size_t size)>;

/// Writes the payload of a loaded model (spec, Keras-layout weights, channel masks, layout info).
void writeImportedModel(const LoadedModel& model, const ImportSink& out);
/// Writes the payload of a loaded data set. Images whose every value is an integer 0..255 are
/// sent as uint8 (4x fewer bytes), others as float32.
void writeImportedDataset(const Dataset& data, const ImportSink& out);
/// Writes the payload of one picture made ready for a model (the input inspector's image file):
/// kind "image", a one-image "dataset" (label -1) plus "image": {"originalWidth",
/// "originalHeight", "originalChannels" (integers), "resized", "toGrey", "toColour",
/// "droppedAlpha", "reducedDepth" (booleans)}.
void writeImportedImage(const ModelImage& image, const std::string& source, const ImportSink& out);
/// Writes a clean refusal: the reader checked the file and found `problem`.
void writeImportError(const std::string& source, const std::string& problem, const ImportSink& out);

/// What a payload held: exactly one of model, dataset, or a refusal.
struct ImportedPayload {
    enum class Kind { Model, Dataset, Image, Error };
    Kind kind = Kind::Error;
    std::string source;               ///< the header's source (the path the helper was given)
    std::optional<LoadedModel> model; ///< Kind::Model (its source set to `origin`)
    Dataset dataset;                  ///< Kind::Dataset (images float32 contiguous, labels/targets
                                      ///< int64; its source set to `origin`)
    std::optional<ModelImage> image;  ///< Kind::Image (also in `dataset` as its one image)
    std::string problem;              ///< Kind::Error
};

/// Decodes one payload from `in`, checking the header and every size against `budget` before
/// allocating; each tensor's bytes are then read straight into its own storage. `origin` names
/// the file in errors (the file the user opened). An Error thrown by `in` without a source is
/// re-labelled with origin.
/// @throws Error naming origin for anything malformed; Cancelled when `in` throws it.
ImportedPayload readImportPayload(const ImportSource& in, const std::string& origin,
                                  const ImportBudget& budget = ImportBudget());

/// The same from memory; also an Error when bytes are left over after the payload, and
/// "<origin>: truncated payload: expected N more bytes" when it ends early.
ImportedPayload decodeImportPayload(const std::string& bytes, const std::string& origin,
                                    const ImportBudget& budget = ImportBudget());

} // namespace bdl::core
