#pragma once
/// @file model_spec.h
/// A torch-free description of a Keras-style layer graph: what the loaders produce and the Model
/// is built from. Shapes follow Keras semantics (H, W, C); the Model runs channels-first inside.
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace bdl::core {

enum class LayerKind {
    Input,
    Conv2D,
    MaxPooling2D,
    AveragePooling2D,
    Dense,
    Flatten,
    Dropout,
    Add,
    Concatenate,
    Activation,
    ReLU,
    BatchNormalization,
    DepthwiseConv2D,          ///< Keras DepthwiseConv2D (grouped conv, one group per channel)
    SeparableConv2D,          ///< Keras SeparableConv2D: depthwise, then a 1x1 pointwise conv
    ZeroPadding2D,            ///< Keras ZeroPadding2D (padding: top, bottom, left, right)
    GlobalAveragePooling2D,   ///< mean over H and W: (C), or (1, 1, C) with keepDims
    GlobalMaxPooling2D,       ///< max over H and W: (C), or (1, 1, C) with keepDims
    AdaptiveAveragePooling2D, ///< PyTorch adaptive_avg_pool2d to outputSize
    Rescaling,                ///< x * scale + offset, scalars (Keras Rescaling)
    Clip,                     ///< clamp to [clipMin, clipMax] (PyTorch hardtanh)
    Multiply,                 ///< elementwise product of equal-shape inputs (Keras Multiply)
};

enum class ActivationKind {
    Linear,
    Relu,
    Softmax,
    Sigmoid,
    Tanh,
    Relu6,
    Silu,        ///< x * sigmoid(x) (Keras "swish")
    Gelu,        ///< exact (erf) GELU
    GeluTanh,    ///< tanh-approximated GELU
    Hardswish,   ///< x * relu6(x + 3) / 6
    Hardsigmoid, ///< relu6(x + 3) / 6 (PyTorch's definition)
    Elu,         ///< alpha 1
    Softplus,
    LogSoftmax, ///< over the class axis
};

/// Keras class name of a kind ("Conv2D", "MaxPooling2D", ...).
const char* layerKindName(LayerKind kind);
/// Keras activation name ("relu", ...).
const char* activationName(ActivationKind a);
/// Parses an activation name as activationName() writes it, plus the Keras aliases ("swish",
/// "hard_swish", "hard_silu"); returns false for unsupported ones.
bool parseActivation(const std::string& name, ActivationKind* out);
/// The names parseActivation() accepts, comma-separated (for error messages).
std::string supportedActivationNames();

/// A shape as error messages write it: "(1, 28, 28, 3)".
std::string shapeText(const std::vector<int64_t>& dims);

/// One layer. Only the fields of its kind are meaningful; defaults are Keras's defaults.
struct LayerSpec {
    std::string name;
    LayerKind kind = LayerKind::Input;
    std::vector<std::string> inputs; ///< names of inbound layers (empty for Input)

    // Input
    std::array<int, 3> inputShape{0, 0, 0}; ///< (H, W, C)
    // Conv2D, DepthwiseConv2D, SeparableConv2D
    int filters = 0;                  ///< output channels (DepthwiseConv2D: in * depthMultiplier)
    std::array<int, 2> kernel{1, 1};  ///< (kh, kw)
    std::array<int, 2> strides{1, 1}; ///< conv and pooling strides
    bool samePadding = false;         ///< TensorFlow "same" (conv and pooling); else `padding`
    /// Explicit zero padding (top, bottom, left, right) when not samePadding: PyTorch's conv and
    /// pooling padding, ZeroPadding2D's amounts. Pooling needs it symmetric.
    std::array<int, 4> padding{0, 0, 0, 0};
    std::array<int, 2> dilation{1, 1}; ///< conv dilation
    int groups = 1;                    ///< Conv2D groups (in and filters divisible by it)
    int depthMultiplier = 1;           ///< DepthwiseConv2D, SeparableConv2D
    // Pooling (PyTorch semantics for explicit padding)
    bool ceilMode = false;               ///< output size rounded up (PyTorch ceil_mode)
    bool countIncludePad = false;        ///< average pooling divides by the padded window (PyTorch)
    std::array<int, 2> outputSize{1, 1}; ///< AdaptiveAveragePooling2D
    bool keepDims = false;               ///< Global*Pooling2D
    // Flatten: PyTorch order (C, H, W) instead of Keras's (H, W, C)
    bool channelsFirst = false;
    // Rescaling
    double scale = 1.0;
    double offset = 0.0;
    // Clip
    double clipMin = 0.0;
    double clipMax = 0.0;
    // Dense
    int units = 0;
    // Conv2D / Dense
    bool useBias = true;
    ActivationKind activation = ActivationKind::Linear; ///< also the Activation layer's function
    // Pooling
    std::array<int, 2> poolSize{2, 2};
    // Dropout
    double rate = 0.0;
    // Concatenate (Keras axis over (N, H, W, C); -1 = channels)
    int axis = -1;
    // ReLU layer
    double reluMaxValue = std::numeric_limits<double>::infinity();
    double reluNegativeSlope = 0.0;
    double reluThreshold = 0.0;
    // BatchNormalization (axis must be the last axis: channels, or the features of a flat input)
    double epsilon = 1e-3;
    double momentum = 0.99;
    bool bnCenter = true; ///< has beta
    bool bnScale = true;  ///< has gamma
};

/// A layer with its name, kind and inbound layers; the other fields keep their defaults.
LayerSpec makeLayer(const std::string& name, LayerKind kind, std::vector<std::string> inputs);

/// A whole graph: layers in topological order, one input and one output.
struct ModelSpec {
    std::string name = "model";
    std::vector<LayerSpec> layers;
    std::string output; ///< name of the output layer (default: the last layer)

    const LayerSpec* find(const std::string& layerName) const;
    const LayerSpec& input() const; ///< the (single) Input layer; throws Error if absent
};

/// Output shape of `l` (Keras order (H, W, C) or (units), no batch) given its inputs' shapes, in
/// the same order as l.inputs. Pure, overflow-checked arithmetic shared by Model and the import
/// format's allocation bound. Throws Error(spec.name, "layer '<name>' (<Kind>): <problem>") when
/// the layer cannot take those inputs.
std::vector<int64_t> inferLayerShape(const ModelSpec& spec, const LayerSpec& l,
                                     const std::vector<const std::vector<int64_t>*>& in);

/// Keras weight names of a layer in Keras order ("kernel:0", "bias:0", ...); empty for
/// weightless layers.
std::vector<std::string> kerasWeightNames(const LayerSpec& l);
/// Shapes of those weights in Keras layout for a layer whose first input has shape `in`
/// (conv kernel (kh, kw, in / groups, out), depthwise (kh, kw, in, multiplier), dense (in, out)).
/// Dimensions are not multiplied here; callers check the products.
std::vector<std::vector<int64_t>> kerasWeightShapes(const LayerSpec& l,
                                                    const std::vector<int64_t>& in);
/// True for kinds that carry weights.
bool hasWeights(LayerKind kind);
/// Conv2D, DepthwiseConv2D and SeparableConv2D.
bool isConvolution(LayerKind kind);

} // namespace bdl::core
