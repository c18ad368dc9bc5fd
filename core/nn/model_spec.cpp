#include "core/nn/model_spec.h"

#include "core/base/errors.h"

namespace bdl::core {

const char* layerKindName(LayerKind kind) {
    switch (kind) {
    case LayerKind::Input:
        return "InputLayer";
    case LayerKind::Conv2D:
        return "Conv2D";
    case LayerKind::MaxPooling2D:
        return "MaxPooling2D";
    case LayerKind::AveragePooling2D:
        return "AveragePooling2D";
    case LayerKind::Dense:
        return "Dense";
    case LayerKind::Flatten:
        return "Flatten";
    case LayerKind::Dropout:
        return "Dropout";
    case LayerKind::Add:
        return "Add";
    case LayerKind::Concatenate:
        return "Concatenate";
    case LayerKind::Activation:
        return "Activation";
    case LayerKind::ReLU:
        return "ReLU";
    case LayerKind::BatchNormalization:
        return "BatchNormalization";
    }
    return "?";
}

const char* activationName(ActivationKind a) {
    switch (a) {
    case ActivationKind::Linear:
        return "linear";
    case ActivationKind::Relu:
        return "relu";
    case ActivationKind::Softmax:
        return "softmax";
    case ActivationKind::Sigmoid:
        return "sigmoid";
    case ActivationKind::Tanh:
        return "tanh";
    }
    return "?";
}

bool parseActivation(const std::string& name, ActivationKind* out) {
    static const std::pair<const char*, ActivationKind> kTable[] = {
        {"linear", ActivationKind::Linear},   {"relu", ActivationKind::Relu},
        {"softmax", ActivationKind::Softmax}, {"sigmoid", ActivationKind::Sigmoid},
        {"tanh", ActivationKind::Tanh},
    };
    for (const auto& [n, a] : kTable) {
        if (name == n) {
            *out = a;
            return true;
        }
    }
    return false;
}

LayerSpec makeLayer(const std::string& name, LayerKind kind, std::vector<std::string> inputs) {
    LayerSpec l;
    l.name = name;
    l.kind = kind;
    l.inputs = std::move(inputs);
    return l;
}

const LayerSpec* ModelSpec::find(const std::string& layerName) const {
    for (const auto& l : layers)
        if (l.name == layerName)
            return &l;
    return nullptr;
}

const LayerSpec& ModelSpec::input() const {
    for (const auto& l : layers)
        if (l.kind == LayerKind::Input)
            return l;
    throw Error(name, "model has no input layer");
}

} // namespace bdl::core
