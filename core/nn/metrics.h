#pragma once
/// @file metrics.h
/// Batched inference and the two numbers every defense reports: clean classification accuracy
/// (CCA) and attack success rate (ASR), plus input-scale detection.
///
/// Thread-safety: the functions only read the model and may run concurrently on one const Model.
/// Errors: bdl::core::Error for inputs that do not fit (shapes, a "poisoned" set without targets);
/// bdl::core::Cancelled when the Feedback is cancelled (checked between batches).
#include "core/nn/model.h"

#include <torch/types.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace bdl::core {

class Feedback;
class ProgressScope;
struct Dataset;

/// Inference batch size of the activation, ranking and defense passes. Measured on csaw-badnet
/// (2 cores, channels-last) before the allocator was tuned: 32 images per pass ran at ~12 000
/// img/s, 128 at ~6 000 and 512 at ~1 500 (a 512-image conv_1 output was mmap-allocated and
/// page-faulted afresh on every pass). predictLabels() and predictProbabilities() given this
/// default use the model's calibrated batch (Model::inferenceBatch) or kPredictBatch instead.
inline constexpr int64_t kDefaultBatch = 32;
/// Batch of predictLabels() and predictProbabilities() when neither the caller nor a calibration
/// chose one. With the tuned allocator (runtime.h) and OpenMP threads that sleep between
/// parallel regions (OMP_WAIT_POLICY=PASSIVE, as the app runs), fewer, larger passes win: the
/// sunglasses BadNet forwards 1000 images at 8 900 img/s in batches of 256 against 7 300 in
/// batches of 32 (`backdoorlab-cli bench`, 2 threads).
inline constexpr int64_t kPredictBatch = 256;

/// A batch of images in the memory format the model runs fastest in: channels-last, which
/// LibTorch's CPU convolutions (oneDNN) keep through the network.
torch::Tensor toChannelsLast(const torch::Tensor& images);

/// Error unless `images` is (N, C, H, W) with the height and width of `input` (H, W, C: a
/// model's inputShape()) and, when checkChannels, its channel count. The message names `source`
/// (the data file) and both shapes as height x width x channels, e.g. "data.h5: the images are
/// 28x28x1 (height x width x channels) but the model takes 55x47x3".
void checkImageShape(const torch::Tensor& images, const std::array<int, 3>& input,
                     const std::string& source, bool checkChannels = true);
/// checkImageShape() where a data set meets a model: evaluate(), detectInputScale(), and the
/// workspace open of both faces (through DataSpec::modelInput, data_io.h). Names data.source
/// (else data.name).
void checkDataFitsModel(const Model& model, const Dataset& data);

/// Arg-max class of every image, (N,) int64 on the CPU. images: (N, C, H, W) raw pixels on any
/// device (a data set's, on the CPU); each batch is moved to the model's device.
torch::Tensor predictLabels(const Model& model, const torch::Tensor& images, Feedback* fb = nullptr,
                            int64_t batch = kDefaultBatch);
/// Same, reporting through a sub-range of a parent job's progress.
torch::Tensor predictLabels(const Model& model, const torch::Tensor& images,
                            const ProgressScope& scope, int64_t batch = kDefaultBatch);
/// Softmax probabilities of every image, (N, classes) float32 on the CPU.
torch::Tensor predictProbabilities(const Model& model, const torch::Tensor& images,
                                   Feedback* fb = nullptr, int64_t batch = kDefaultBatch);

/// Percentage of rows with pred == labels (pred on any device), over the rows whose label is
/// known (>= 0).
/// NaN when no label is known. Throws Error when the lengths differ.
double accuracy(const torch::Tensor& pred, const torch::Tensor& labels);
/// Percentage of rows predicted as their attack target (pred == targets), over rows with a
/// target >= 0. NaN when there is none.
double attackSuccessRate(const torch::Tensor& pred, const torch::Tensor& targets);

/// The attack success rate of a model on one poisoned set.
struct SetScore {
    std::string name; ///< the data set's name
    double asr = 0.0; ///< % of images classified as their target
    int64_t n = 0;    ///< images in the set
};

/// What evaluate() measures.
struct EvalReport {
    std::string cleanName;     ///< name of the clean set
    double cca = 0.0;          ///< clean classification accuracy, %
    int64_t nClean = 0;        ///< images in the clean set
    std::vector<SetScore> asr; ///< one per poisoned set, in the order given
};

/// CCA on `clean` and ASR on every poisoned set. Every poisoned set must have targets
/// (Error naming the set otherwise). Progress is split over the sets by image count.
EvalReport evaluate(const Model& model, const Dataset& clean, const std::vector<Dataset>& poisoned,
                    Feedback* fb = nullptr);
/// Same, reporting through a sub-range of a parent job's progress.
EvalReport evaluate(const Model& model, const Dataset& clean, const std::vector<Dataset>& poisoned,
                    const ProgressScope& scope);

/// Result of detectInputScale().
struct ScaleDetection {
    InputScale chosen = InputScale::Unit; ///< the scale now set on the model
    double accUnit = 0.0;                 ///< clean accuracy (%) with pixels / 255
    double accRaw = 0.0;                  ///< clean accuracy (%) with raw 0..255 pixels
    int64_t imagesUsed = 0;               ///< images the decision was based on
};

/// Evaluates the model on (at most maxImages of) a clean set with both input scales and sets the
/// scale with the higher accuracy on the model (ties go to Unit, the CSAW-2020 convention).
/// The files do not record which scale a network was trained with; a wrong one costs about half
/// of the clean accuracy. On Cancelled the model's scale is left as it was.
ScaleDetection detectInputScale(Model& model, const Dataset& clean, Feedback* fb = nullptr,
                                int64_t maxImages = 1000);

} // namespace bdl::core
