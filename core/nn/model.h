#pragma once
/// @file model.h
/// Model: a Keras-semantics layer graph executed with LibTorch, with per-layer channel masks
/// (pruning) and an input scale. Images go in as (N, C, H, W) float32 raw pixel values as stored
/// in the data sets; the model multiplies by its input scale first.
///
/// Thread-safety: a Model is not shared between threads while it is being modified (masks,
/// weights, fine-tuning). Const calls (forward) may run concurrently from several threads.
/// Inference calls create their own NoGradGuard.
///
/// Device: a model's weights and masks live on one device (device()), chosen when it is made
/// (computeDevice(), runtime.h) and changed by to(). Forward calls take images on any device and
/// move them there; their results stay there. What goes out as plain data (kerasWeights,
/// layerTensors, channelMask) is on the CPU.
#include "core/nn/layer_exec.h"
#include "core/nn/model_spec.h"

#include <torch/types.h>

#include <map>
#include <string>
#include <vector>

namespace bdl::core {

/// Input scale a model expects: pixels / 255 (the CSAW-2020 nets) or raw 0..255.
enum class InputScale { Unit, Raw };
const char* inputScaleName(InputScale s);                       ///< "1/255" or "raw"
bool parseInputScale(const std::string& text, InputScale* out); ///< accepts "1/255", "unit", "raw"

/// Per-channel input normalisation applied after the input scale, as PyTorch data pipelines do
/// (transforms.Normalize): x' = (x * factor - mean[c]) / std[c]. Empty: none.
struct InputNormalization {
    std::vector<double> mean;
    std::vector<double> std;
    bool empty() const { return mean.empty(); }
    bool operator==(const InputNormalization& o) const { return mean == o.mean && std == o.std; }
};

/// Parses "none", "cifar10", "imagenet" (3 channels; the torchvision constants) or
/// "mean=m1,m2,m3;std=s1,s2,s3" (one value per channel, or one for all). `channels` is the
/// model's channel count. Returns false with *why set for unknown text, a count mismatch or a
/// non-positive std.
bool parseInputNormalization(const std::string& text, int channels, InputNormalization* out,
                             std::string* why);
/// The text parseInputNormalization() reads back: "none", a preset name, or "mean=...;std=...".
std::string inputNormalizationText(const InputNormalization& n);

/// The number format of inference forward passes (logits and probabilities; activations,
/// rankings and training stay float32). BFloat16 runs the model's convolutional trunk (see
/// Model::bf16Layers) in oneDNN with bfloat16 weights and activations, float32 accumulation, and
/// the rest in float32: about 1.5x faster on CPUs with AVX512-BF16, but not bit-identical; use
/// it through checkBFloat16() (metrics.h), which keeps it only where the predictions agree.
enum class InferencePrecision { Float32, BFloat16 };
const char* inferencePrecisionName(InferencePrecision p); ///< "fp32" or "bf16"
bool parseInferencePrecision(const std::string& text, InferencePrecision* out);

/// Per-layer output shape in Keras terms (H, W, C) for spatial layers, (units) for flat ones.
struct TensorShape {
    std::vector<int64_t> dims; ///< without the batch dimension, Keras order
    int64_t channels() const { return dims.empty() ? 0 : dims.back(); }
    bool spatial() const { return dims.size() == 3; }
};

class Model {
public:
    /// Builds the graph and allocates zero weights on computeDevice() (runtime.h; the CPU unless
    /// the program chose another). Throws Error on an inconsistent spec
    /// (unknown inbound layer, shape mismatch, Add of unequal shapes, more than one input...).
    explicit Model(ModelSpec spec);

    Model(const Model& other);            ///< deep copy of weights and masks, on other's device
    Model& operator=(const Model& other); ///< deep copy
    Model(Model&&) noexcept;
    Model& operator=(Model&&) noexcept;
    ~Model();

    const ModelSpec& spec() const { return m_spec; }
    /// Where the weights and masks live and every forward pass runs.
    torch::Device device() const;
    /// Moves weights, batch-norm statistics and masks to `device` (trainable tensors stay
    /// trainable). A no-op when they are there already. bfloat16 inference runs on the CPU only:
    /// moving elsewhere sets the precision back to Float32.
    void to(torch::Device device);
    const TensorShape& outputShape(const std::string& layer) const;
    int64_t numClasses() const;
    std::array<int, 3> inputShape() const; ///< (H, W, C)

    InputScale inputScale() const { return m_scale; }
    void setInputScale(InputScale s) { m_scale = s; }
    float inputFactor() const { return m_scale == InputScale::Unit ? 1.0f / 255.0f : 1.0f; }
    const InputNormalization& inputNormalization() const { return m_norm; }
    /// Throws Error when the counts do not match the input channels or a std is not positive.
    void setInputNormalization(const InputNormalization& n);
    /// Images (N, C, H, W) as stored in the data sets -> the first layer's input: float32, times
    /// the input factor, normalised, on device(). What every forward pass starts with.
    torch::Tensor prepareInput(const torch::Tensor& images) const;

    InferencePrecision inferencePrecision() const { return m_precision; }
    /// Throws Error for BFloat16 when bfloat16Available() is false, the model has no layers
    /// bfloat16 would run (bf16Layers() empty) or it is not on the CPU (oneDNN runs there).
    void setInferencePrecision(InferencePrecision p);
    /// The layers a BFloat16 forward pass runs in bfloat16: the chain of convolutions, max
    /// pooling and ReLUs the model starts with (csaw-badnet: conv_1 .. pool_3). Empty when the
    /// model does not start with a plain convolution.
    std::vector<std::string> bf16Layers() const;
    /// The batch size inference calls use when given the default one (metrics.h kDefaultBatch);
    /// 0: the default. Set by calibrateInferenceBatch() (inference_tuning.h).
    int64_t inferenceBatch() const { return m_inferenceBatch; }
    void setInferenceBatch(int64_t batch) { m_inferenceBatch = batch > 0 ? batch : 0; }
    /// Whether this machine runs bfloat16 natively (oneDNN present, AVX512-BF16); *why says
    /// why not.
    static bool bfloat16Available(std::string* why = nullptr);

    // ---- weights (Keras layout) ------------------------------------------------------------
    /// Keras weight names of a layer in Keras order, e.g. {"kernel:0", "bias:0"} or
    /// {"gamma:0", "beta:0", "moving_mean:0", "moving_variance:0"}; empty for weightless layers.
    std::vector<std::string> weightNames(const std::string& layer) const;
    /// Expected Keras shapes of those weights (conv kernel (kh, kw, in, out), dense (in, out)).
    std::vector<std::vector<int64_t>> kerasWeightShapes(const std::string& layer) const;
    /// Sets a layer's weights from Keras-layout tensors (any float dtype, copied). Throws Error on a
    /// count or shape mismatch or a NaN/Inf value, naming the layer.
    void setKerasWeights(const std::string& layer, const std::vector<torch::Tensor>& keras);
    /// A layer's weights converted back to Keras layout (float32, contiguous, CPU, copies).
    std::vector<torch::Tensor> kerasWeights(const std::string& layer) const;
    /// A layer's tensors in internal layout (detached float32 CPU copies; masks not applied), for
    /// code that re-runs single layers on the CPU (runLayer in layer_exec.h) and for exports.
    LayerTensors layerTensors(const std::string& layer) const;
    /// Sets a layer's tensors from internal layout (copied as float32 to device()): the tensors
    /// the layer has must all be given, in the allocated shapes, finite; others must be
    /// undefined. Throws Error naming the layer otherwise.
    void setLayerTensors(const std::string& layer, const LayerTensors& t);
    /// Layers that carry weights, in graph order.
    std::vector<std::string> weightedLayers() const;
    /// Fills every weight with Glorot-uniform kernels and zero biases (BN: gamma 1, beta 0,
    /// mean 0, var 1), reproducibly from seed. For training new models.
    void initialize(uint64_t seed);

    // ---- pruning masks ---------------------------------------------------------------------
    /// Multiplies the output channels of `layer` by mask (C floats, usually 0/1, any device; kept
    /// on device()) wherever the layer's output is used. Masking a pooling layer after a ReLU conv
    /// equals pruning that conv.
    void setChannelMask(const std::string& layer, const torch::Tensor& mask);
    void clearChannelMask(const std::string& layer);
    void clearChannelMasks();
    /// The mask of a layer (on the CPU), or an undefined tensor when unmasked.
    torch::Tensor channelMask(const std::string& layer) const;
    /// Bakes masks into the weights of the producing conv layer (zero kernel and bias of pruned
    /// channels) where possible, so a saved model carries the pruning; masks stay set.
    void bakeChannelMasks();

    // ---- running ---------------------------------------------------------------------------
    /// Pre-softmax outputs (N, classes), on device(). If the output layer ends in softmax it is
    /// left out; if it ends in another activation, that activation is applied and the result
    /// treated as logits.
    /// training: dropout drops (fine-tuning); updateBatchNorm (with training): batch norm uses
    /// and updates batch statistics, else its moving statistics stay frozen.
    torch::Tensor logits(const torch::Tensor& images, bool training = false,
                         bool updateBatchNorm = false) const;
    /// Class probabilities (softmax of logits).
    torch::Tensor probabilities(const torch::Tensor& images) const;
    /// Output of `layer` (channels-first (N, C, H, W) for spatial layers, masks applied).
    torch::Tensor forwardTo(const torch::Tensor& images, const std::string& layer) const;
    /// Runs the graph downstream of `layer`, given that layer's output (masks of `layer` are
    /// applied to it first). Valid only when every path from the input to the output passes
    /// through `layer` (isCutPoint); returns logits.
    torch::Tensor logitsFrom(const std::string& layer, const torch::Tensor& activation) const;
    /// True when every input→output path passes through `layer` (e.g. pool_3 of csaw-badnet).
    bool isCutPoint(const std::string& layer) const;

    // ---- introspection for defenses --------------------------------------------------------
    /// Convolution layers (Conv2D, DepthwiseConv2D, SeparableConv2D) in graph order.
    std::vector<std::string> convLayers() const;
    /// Where a convolution's channels leave its block: following the single consumer through
    /// batch norm, activations, clipping, dropout and (when a cut point) one pooling layer. That
    /// is where a pruned channel is masked, so conv -> BN -> ReLU prunes to exactly zero. Conv ->
    /// pooling gives the pooling layer (pool_3 for csaw-badnet, the paper's layer).
    std::string blockOutput(const std::string& conv) const;
    /// One prunable layer: a convolution and where its channels are masked.
    struct PrunableLayer {
        std::string conv;   ///< the convolution
        std::string output; ///< blockOutput(conv): the layer ranked, masked and shown
        int64_t channels = 0;
        bool cutPoint = false; ///< every input->output path passes through `output`
    };
    /// Every convolution in graph order.
    std::vector<PrunableLayer> prunableLayers() const;
    /// Default layer to prune (Liu et al.: the last convolutional layer before the classifier):
    /// the last layer after a convolution that every input->output path passes through and that
    /// is still a feature map larger than 1 x 1 (pool_3 for csaw-badnet, a VGG's last pooling, a
    /// ResNet's last block output), else the block output of the last convolution. Throws if the
    /// model has no convolution.
    std::string defaultPruneLayer() const;
    /// The layer a defense prunes when the user asks for `requested`: empty = the default, a
    /// convolution = its block output, any other layer with channels = itself. Throws Error for an
    /// unknown layer.
    std::string pruneLayer(const std::string& requested) const;

    /// Trainable tensors (internal layout, on device()), in a stable order. requires_grad is set
    /// on them.
    std::vector<torch::Tensor> parameters() const;
    /// Dropout and (optionally) batch-norm statistics updates happen in logits(..., true, ...).

    struct Impl;

private:
    ModelSpec m_spec;
    InputScale m_scale = InputScale::Unit;
    InputNormalization m_norm;
    InferencePrecision m_precision = InferencePrecision::Float32;
    int64_t m_inferenceBatch = 0;
    std::unique_ptr<Impl> m_impl;
};

} // namespace bdl::core
