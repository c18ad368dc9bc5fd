#pragma once
/// @file inference_tuning.h
/// Choosing how a model runs inference on this machine: the number format (float32, or
/// bfloat16 where it gives the same answers) and the batch size, each by a short measurement on
/// clean images the user supplied.
#include "core/nn/model.h"

#include <torch/types.h>

#include <string>

namespace bdl::core {

class ProgressScope;

/// bfloat16 is kept only when at least this share (%) of the check images get the same top-1
/// class as in float32.
inline constexpr double kMinBf16Agreement = 99.9;
/// At most this many check images are compared.
inline constexpr int64_t kPrecisionCheckImages = 2000;

/// What applyInferencePrecision() found and chose.
struct PrecisionCheck {
    InferencePrecision requested = InferencePrecision::Float32;
    InferencePrecision used = InferencePrecision::Float32;
    int64_t images = 0;        ///< check images compared (0: no comparison ran)
    int64_t disagreements = 0; ///< of them, images whose top-1 differs between the formats
    double agreement = 0.0;    ///< % with the same top-1 (valid when images > 0)
    int64_t batch = 0;         ///< the inference batch size chosen (Model::inferenceBatch)
    /// One line for logs and reports: what ran and why, e.g. "bf16: same top-1 on 2000/2000
    /// check images (100.00 %), batch 256" or "fp32: bf16 changed the top-1 class of 4 of 2000
    /// check images (99.80 % < 99.9 %)".
    std::string note;
};

/// Sets `model` to run inference in `requested` precision if it can do so faithfully. For
/// BFloat16: refused (float32 kept, note says why) when the machine or the model cannot
/// (Model::bfloat16Available, Model::bf16Layers) or when fewer than kMinBf16Agreement % of up to
/// kPrecisionCheckImages of `check` (clean images, (N, C, H, W) raw pixels) keep their float32
/// top-1 class. Then calibrates the batch size (calibrateInferenceBatch). Float32 only resets the
/// precision and calibrates. Throws Error for an empty check set with BFloat16, Cancelled when
/// cancelled.
PrecisionCheck applyInferencePrecision(Model& model, InferencePrecision requested,
                                       const torch::Tensor& check, const ProgressScope& scope);

/// Times forward passes over up to 512 of `images` at batch sizes 32, 64, 128, 256 and 512
/// (best of two each) in the model's current precision, sets the fastest as
/// model.setInferenceBatch() and returns it. With fewer than 64 images it keeps the default.
int64_t calibrateInferenceBatch(Model& model, const torch::Tensor& images,
                                const ProgressScope& scope);

} // namespace bdl::core
