#pragma once
/// @file model_spec.h
/// A torch-free description of a Keras-style layer graph: what the loaders produce and the Model
/// is built from. Shapes follow Keras semantics (H, W, C); the Model runs channels-first inside.
#include <array>
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
};

enum class ActivationKind { Linear, Relu, Softmax, Sigmoid, Tanh };

/// Keras class name of a kind ("Conv2D", "MaxPooling2D", ...).
const char* layerKindName(LayerKind kind);
/// Keras activation name ("relu", ...).
const char* activationName(ActivationKind a);
/// Parses a Keras activation name; returns false for unsupported ones.
bool parseActivation(const std::string& name, ActivationKind* out);

/// One layer. Only the fields of its kind are meaningful; defaults are Keras's defaults.
struct LayerSpec {
    std::string name;
    LayerKind kind = LayerKind::Input;
    std::vector<std::string> inputs; ///< names of inbound layers (empty for Input)

    // Input
    std::array<int, 3> inputShape{0, 0, 0}; ///< (H, W, C)
    // Conv2D
    int filters = 0;
    std::array<int, 2> kernel{1, 1};  ///< (kh, kw)
    std::array<int, 2> strides{1, 1}; ///< conv and pooling strides
    bool samePadding = false;         ///< "same" vs "valid" (conv and pooling)
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
    // BatchNormalization (axis must be the channel axis)
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

} // namespace bdl::core
