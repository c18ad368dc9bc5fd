#include "core/io/keras_config_write.h"

#include "core/base/errors.h"
#include "core/io/keras_config.h"

#include <ATen/CPUGeneratorImpl.h>
#include <nlohmann/json.hpp>
#include <torch/types.h>
#include <torch/utils.h>

#include <cctype>
#include <cmath>
#include <map>
#include <set>

namespace bdl::core {

namespace {

using nlohmann::json;

/// Largest difference in class probability the translation check accepts (float32 rounding of
/// reordered sums is ~1e-7).
constexpr double kTolerance = 1e-4;
/// Images the translation check runs.
constexpr int64_t kCheckImages = 8;

/// TensorFlow's "same" padding (top, bottom, left, right) for a window of (dilated) size k and
/// stride s over an (h, w) input.
std::array<int, 4> tfSame(int64_t h, int64_t w, std::array<int64_t, 2> k, std::array<int, 2> s) {
    const auto amounts = [](int64_t in, int64_t kk, int64_t ss) {
        const int64_t out = (in + ss - 1) / ss;
        const int64_t total = std::max<int64_t>((out - 1) * ss + kk - in, 0);
        return std::array<int, 2>{int(total / 2), int(total - total / 2)};
    };
    const auto a = amounts(h, k[0], s[0]);
    const auto b = amounts(w, k[1], s[1]);
    return {a[0], a[1], b[0], b[1]};
}

bool allZero(const std::array<int, 4>& p) { return p == std::array<int, 4>{0, 0, 0, 0}; }

/// A Keras layer name from a model's: letters, digits, '_', '.' and '-' are kept.
std::string kerasName(const std::string& name) {
    std::string out;
    for (char c : name)
        out += std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-'
                   ? c
                   : '_';
    if (out.empty() || !std::isalnum(static_cast<unsigned char>(out[0])))
        out = "layer_" + out;
    return out;
}

class KerasWriter {
public:
    KerasWriter(const Model& model, std::string path) : m_model(model), m_path(std::move(path)) {
        for (const auto& l : model.spec().layers)
            for (const auto& in : l.inputs)
                m_consumers[in].push_back(&l);
        m_output =
            model.spec().output.empty() ? model.spec().layers.back().name : model.spec().output;
    }

    std::string write() {
        for (const auto& l : m_model.spec().layers) {
            layer(l);
            const torch::Tensor mask = m_model.channelMask(l.name);
            if (!mask.defined())
                continue;
            // A channel mask the weights could not carry (e.g. after a residual add): a Rescaling
            // by 0 or 1 per channel, which keras_config.h reads back as the mask.
            json c;
            json scale = json::array(), offset = json::array();
            const torch::Tensor m = mask.to(torch::kFloat64).contiguous();
            for (int64_t i = 0; i < m.numel(); ++i) {
                const double v = m.data_ptr<double>()[i];
                if (v != 0.0 && v != 1.0)
                    refuse(l, "has a channel mask with values other than 0 and 1");
                scale.push_back(v);
                offset.push_back(0.0);
            }
            c["scale"] = scale;
            c["offset"] = offset;
            outputs[l.name] = emit("Rescaling", l.name + "_mask", c, {outputs.at(l.name)});
        }
        json cfg;
        cfg["name"] = kerasName(m_model.spec().name);
        cfg["layers"] = m_layers;
        cfg["input_layers"] = json::array({json::array({m_inputName, 0, 0})});
        cfg["output_layers"] = json::array({json::array({outputs.at(m_output), 0, 0})});
        json root;
        root["class_name"] = "Functional";
        root["config"] = cfg;
        root["keras_version"] = "2.4.0";
        root["backend"] = "tensorflow";
        return root.dump();
    }

    /// Source layer -> the Keras layer holding its weights.
    std::map<std::string, std::string> weighted;
    /// Source layer -> the Keras layer that computes its output.
    std::map<std::string, std::string> outputs;
    /// Dense layers (source names) after a channels-first flatten of (H, W, C): their kernel rows
    /// go from (C, H, W) to (H, W, C) order.
    std::map<std::string, std::vector<int64_t>> reorderRows;

private:
    [[noreturn]] void refuse(const LayerSpec& l, const std::string& why) const {
        throw Error(m_path, std::string("cannot be written as a Keras .h5 file: layer '") + l.name +
                                "' (" + layerKindName(l.kind) + ") " + why +
                                ". Export it as TorchScript instead (--torchscript FILE.pt, or "
                                "File > Export > TorchScript)");
    }

    std::string unique(const std::string& want) {
        std::string name = kerasName(want);
        for (int i = 1; m_used.count(name); ++i)
            name = kerasName(want) + "_" + std::to_string(i);
        m_used.insert(name);
        return name;
    }

    /// Appends a Keras layer reading `inputs` (Keras names); returns its name.
    std::string emit(const std::string& cls, const std::string& want, json config,
                     const std::vector<std::string>& inputs) {
        const std::string name = unique(want);
        config["name"] = name;
        config["trainable"] = true;
        config["dtype"] = "float32";
        json node = json::array();
        for (const auto& in : inputs)
            node.push_back(json::array({in, 0, 0, json::object()}));
        json layer;
        layer["class_name"] = cls;
        layer["config"] = config;
        layer["name"] = name;
        layer["inbound_nodes"] = inputs.empty() ? json::array() : json::array({node});
        m_layers.push_back(layer);
        return name;
    }

    std::vector<std::string> inputsOf(const LayerSpec& l) const {
        std::vector<std::string> in;
        for (const auto& i : l.inputs)
            in.push_back(outputs.at(i));
        return in;
    }

    const std::vector<int64_t>& inShape(const LayerSpec& l) const {
        return m_model.outputShape(l.inputs.at(0)).dims;
    }

    /// The Keras name of a fused activation, or "" when it needs a layer of its own (relu6).
    std::string activation(const LayerSpec& l, ActivationKind a) const {
        switch (a) {
        case ActivationKind::Linear:
        case ActivationKind::Relu:
        case ActivationKind::Softmax:
        case ActivationKind::Sigmoid:
        case ActivationKind::Tanh:
        case ActivationKind::Gelu:
        case ActivationKind::Elu:
        case ActivationKind::Softplus:
            return activationName(a);
        case ActivationKind::Silu:
            return "swish";
        case ActivationKind::Relu6:
            return "";
        case ActivationKind::LogSoftmax:
            if (l.name == m_output)
                return "softmax";
            refuse(l, "applies log_softmax before the output, which Keras has no activation for");
        case ActivationKind::GeluTanh:
        case ActivationKind::Hardswish:
        case ActivationKind::Hardsigmoid:
            break;
        }
        refuse(l, std::string("uses the activation ") + activationName(a) +
                      ", which Keras computes differently or not at all");
    }

    json reluMax(double maxValue) const {
        json c;
        c["max_value"] = maxValue;
        c["negative_slope"] = 0.0;
        c["threshold"] = 0.0;
        return c;
    }

    /// Emits `l`'s layer with a fused activation; relu6 gets a ReLU layer of its own.
    void withActivation(const LayerSpec& l, const std::string& cls, json config,
                        const std::vector<std::string>& inputs) {
        const std::string act = activation(l, l.activation);
        config["activation"] = act.empty() ? "linear" : act;
        const std::string name = emit(cls, l.name, config, inputs);
        outputs[l.name] =
            act.empty() ? emit("ReLU", l.name + "_relu6", reluMax(6.0), {name}) : name;
        if (hasWeights(l.kind))
            weighted[l.name] = name;
    }

    /// Can the layer's output be negative? Decides whether zero padding may stand in for -inf.
    bool nonNegative(const std::string& name) const {
        const LayerSpec* l = m_model.spec().find(name);
        const auto positiveAct = [](ActivationKind a) {
            return a == ActivationKind::Relu || a == ActivationKind::Relu6 ||
                   a == ActivationKind::Sigmoid || a == ActivationKind::Softmax ||
                   a == ActivationKind::Hardsigmoid || a == ActivationKind::Softplus;
        };
        switch (l->kind) {
        case LayerKind::ReLU:
            return l->reluNegativeSlope == 0.0 && l->reluThreshold >= 0.0;
        case LayerKind::Clip:
            return l->clipMin >= 0.0;
        case LayerKind::Activation:
        case LayerKind::Conv2D:
        case LayerKind::DepthwiseConv2D:
        case LayerKind::SeparableConv2D:
        case LayerKind::Dense:
            return positiveAct(l->activation);
        case LayerKind::MaxPooling2D:
        case LayerKind::AveragePooling2D:
        case LayerKind::ZeroPadding2D:
        case LayerKind::Dropout:
        case LayerKind::GlobalMaxPooling2D:
        case LayerKind::GlobalAveragePooling2D:
        case LayerKind::AdaptiveAveragePooling2D:
        case LayerKind::Add:
        case LayerKind::Multiply:
        case LayerKind::Concatenate:
            for (const auto& in : l->inputs)
                if (!nonNegative(in))
                    return false;
            return true;
        default:
            return false;
        }
    }

    /// A ZeroPadding2D layer before `l`; returns its name.
    std::string zeroPad(const LayerSpec& l, const std::array<int, 4>& p, const std::string& in) {
        json c;
        c["padding"] = json::array({json::array({p[0], p[1]}), json::array({p[2], p[3]})});
        c["data_format"] = "channels_last";
        return emit("ZeroPadding2D", l.name + "_pad", c, {in});
    }

    void conv(const LayerSpec& l) {
        std::string in = outputs.at(l.inputs[0]);
        const auto& s = inShape(l);
        json c;
        c["kernel_size"] = json::array({l.kernel[0], l.kernel[1]});
        c["strides"] = json::array({l.strides[0], l.strides[1]});
        c["dilation_rate"] = json::array({l.dilation[0], l.dilation[1]});
        c["data_format"] = "channels_last";
        c["use_bias"] = l.useBias;
        std::string padding = "valid";
        if (l.samePadding) {
            padding = "same";
        } else if (!allZero(l.padding)) {
            const std::array<int64_t, 2> k{int64_t(l.dilation[0]) * (l.kernel[0] - 1) + 1,
                                           int64_t(l.dilation[1]) * (l.kernel[1] - 1) + 1};
            if (tfSame(s[0], s[1], k, l.strides) == l.padding)
                padding = "same";
            else
                in = zeroPad(l, l.padding, in);
        }
        c["padding"] = padding;
        if (l.kind == LayerKind::Conv2D) {
            c["filters"] = l.filters;
            c["groups"] = l.groups;
            withActivation(l, "Conv2D", c, {in});
        } else {
            c["depth_multiplier"] = l.depthMultiplier;
            if (l.kind == LayerKind::SeparableConv2D)
                c["filters"] = l.filters;
            withActivation(
                l, l.kind == LayerKind::SeparableConv2D ? "SeparableConv2D" : "DepthwiseConv2D", c,
                {in});
        }
    }

    void pool(const LayerSpec& l) {
        std::string in = outputs.at(l.inputs[0]);
        const auto& s = inShape(l);
        const bool max = l.kind == LayerKind::MaxPooling2D;
        json c;
        c["pool_size"] = json::array({l.poolSize[0], l.poolSize[1]});
        c["strides"] = json::array({l.strides[0], l.strides[1]});
        c["data_format"] = "channels_last";
        std::string padding = "valid";
        if (l.samePadding) {
            padding = "same";
        } else {
            // The padding PyTorch applies in effect: ceil_mode adds the overhang of its last
            // window at the bottom and the right.
            const auto& out = m_model.outputShape(l.name).dims;
            std::array<int, 4> eff = l.padding;
            const int64_t extraH =
                (out[0] - 1) * l.strides[0] + l.poolSize[0] - (s[0] + l.padding[0] + l.padding[1]);
            const int64_t extraW =
                (out[1] - 1) * l.strides[1] + l.poolSize[1] - (s[1] + l.padding[2] + l.padding[3]);
            eff[1] += int(std::max<int64_t>(extraH, 0));
            eff[3] += int(std::max<int64_t>(extraW, 0));
            const bool overhang = extraH > 0 || extraW > 0;
            const bool same = tfSame(s[0], s[1], {l.poolSize[0], l.poolSize[1]}, l.strides) == eff;
            if (allZero(eff)) {
                padding = "valid";
            } else if (max && same) {
                padding = "same"; // both ignore the padded cells
            } else if (max) {
                if (!nonNegative(l.inputs[0]))
                    refuse(l, "pads its input, which can be negative, with -inf in a way Keras's "
                              "\"same\" does not reproduce");
                in = zeroPad(l, eff, in);
            } else if (overhang) {
                refuse(l, "uses ceil_mode with a partial last window, which Keras cannot average");
            } else if (l.countIncludePad) {
                in = zeroPad(l, eff, in);
            } else if (same) {
                padding = "same"; // both divide by the cells inside the input
            } else {
                refuse(l, "averages over padding without counting it, which Keras's \"same\" "
                          "reproduces only for TensorFlow's padding amounts");
            }
        }
        c["padding"] = padding;
        outputs[l.name] = emit(max ? "MaxPooling2D" : "AveragePooling2D", l.name, c, {in});
    }

    void flatten(const LayerSpec& l) {
        const auto& s = inShape(l);
        if (l.channelsFirst && s.size() == 3 && s[0] * s[1] > 1) {
            // PyTorch's (C, H, W) order: every path must reach Dense layers through elementwise
            // layers only, whose kernel rows are then put in Keras's (H, W, C) order.
            std::vector<const LayerSpec*> todo{&l};
            while (!todo.empty()) {
                const LayerSpec* cur = todo.back();
                todo.pop_back();
                if (cur->name == m_output)
                    refuse(l, "flattens in PyTorch's (C, H, W) order straight to the output");
                for (const LayerSpec* next : m_consumers[cur->name]) {
                    if (next->kind == LayerKind::Dense) {
                        reorderRows[next->name] = s;
                        continue;
                    }
                    const bool elementwise = next->kind == LayerKind::Dropout ||
                                             next->kind == LayerKind::ReLU ||
                                             next->kind == LayerKind::Clip ||
                                             (next->kind == LayerKind::Activation &&
                                              next->activation != ActivationKind::Softmax &&
                                              next->activation != ActivationKind::LogSoftmax);
                    if (!elementwise)
                        refuse(l, "flattens in PyTorch's (C, H, W) order into layer '" +
                                      next->name +
                                      "', which has no Keras equivalent of that order");
                    todo.push_back(next);
                }
            }
        }
        json c;
        c["data_format"] = "channels_last";
        outputs[l.name] = emit("Flatten", l.name, c, inputsOf(l));
    }

    void input(const LayerSpec& l) {
        json c;
        c["batch_input_shape"] =
            json::array({nullptr, l.inputShape[0], l.inputShape[1], l.inputShape[2]});
        c["sparse"] = false;
        c["ragged"] = false;
        m_inputName = emit("InputLayer", l.name, c, {});
        outputs[l.name] = m_inputName;
        const InputNormalization& n = m_model.inputNormalization();
        if (n.empty())
            return;
        json r;
        json scale = json::array(), offset = json::array();
        for (size_t i = 0; i < n.mean.size(); ++i) {
            scale.push_back(1.0 / n.std[i]);
            offset.push_back(-n.mean[i] / n.std[i]);
        }
        r["scale"] = scale;
        r["offset"] = offset;
        outputs[l.name] = emit("Rescaling", "input_normalization", r, {m_inputName});
    }

    void layer(const LayerSpec& l) {
        json c;
        switch (l.kind) {
        case LayerKind::Input:
            return input(l);
        case LayerKind::Conv2D:
        case LayerKind::DepthwiseConv2D:
        case LayerKind::SeparableConv2D:
            return conv(l);
        case LayerKind::MaxPooling2D:
        case LayerKind::AveragePooling2D:
            return pool(l);
        case LayerKind::Flatten:
            return flatten(l);
        case LayerKind::Dense:
            c["units"] = l.units;
            c["use_bias"] = l.useBias;
            return withActivation(l, "Dense", c, inputsOf(l));
        case LayerKind::Activation:
            if (activation(l, l.activation).empty()) {
                outputs[l.name] = emit("ReLU", l.name, reluMax(6.0), inputsOf(l));
                return;
            }
            c["activation"] = activation(l, l.activation);
            outputs[l.name] = emit("Activation", l.name, c, inputsOf(l));
            return;
        case LayerKind::ReLU:
            if (std::isfinite(l.reluMaxValue))
                c["max_value"] = l.reluMaxValue;
            else
                c["max_value"] = nullptr;
            c["negative_slope"] = l.reluNegativeSlope;
            c["threshold"] = l.reluThreshold;
            outputs[l.name] = emit("ReLU", l.name, c, inputsOf(l));
            return;
        case LayerKind::Clip:
            if (l.clipMin != 0.0 || !std::isfinite(l.clipMax))
                refuse(l, "clips to [" + std::to_string(l.clipMin) + ", " +
                              std::to_string(l.clipMax) + "], which Keras has no layer for");
            outputs[l.name] = emit("ReLU", l.name, reluMax(l.clipMax), inputsOf(l));
            return;
        case LayerKind::BatchNormalization:
            c["axis"] = -1;
            c["momentum"] = l.momentum;
            c["epsilon"] = l.epsilon;
            c["center"] = l.bnCenter;
            c["scale"] = l.bnScale;
            outputs[l.name] = weighted[l.name] = emit("BatchNormalization", l.name, c, inputsOf(l));
            return;
        case LayerKind::Dropout:
            c["rate"] = l.rate;
            outputs[l.name] = emit("Dropout", l.name, c, inputsOf(l));
            return;
        case LayerKind::Add:
        case LayerKind::Multiply:
            outputs[l.name] =
                emit(l.kind == LayerKind::Add ? "Add" : "Multiply", l.name, c, inputsOf(l));
            return;
        case LayerKind::Concatenate:
            c["axis"] = l.axis;
            outputs[l.name] = emit("Concatenate", l.name, c, inputsOf(l));
            return;
        case LayerKind::ZeroPadding2D:
            c["padding"] = json::array({json::array({l.padding[0], l.padding[1]}),
                                        json::array({l.padding[2], l.padding[3]})});
            c["data_format"] = "channels_last";
            outputs[l.name] = emit("ZeroPadding2D", l.name, c, inputsOf(l));
            return;
        case LayerKind::GlobalAveragePooling2D:
        case LayerKind::GlobalMaxPooling2D:
            c["keepdims"] = l.keepDims;
            c["data_format"] = "channels_last";
            outputs[l.name] =
                emit(l.kind == LayerKind::GlobalMaxPooling2D ? "GlobalMaxPooling2D"
                                                             : "GlobalAveragePooling2D",
                     l.name, c, inputsOf(l));
            return;
        case LayerKind::AdaptiveAveragePooling2D:
            return adaptive(l);
        case LayerKind::Rescaling:
            c["scale"] = l.scale;
            c["offset"] = l.offset;
            outputs[l.name] = emit("Rescaling", l.name, c, inputsOf(l));
            return;
        }
        refuse(l, "has no Keras equivalent");
    }

    void adaptive(const LayerSpec& l) {
        const auto& s = inShape(l);
        json c;
        c["data_format"] = "channels_last";
        if (l.outputSize == std::array<int, 2>{1, 1}) {
            c["keepdims"] = true;
            outputs[l.name] = emit("GlobalAveragePooling2D", l.name, c, inputsOf(l));
            return;
        }
        if (s[0] % l.outputSize[0] != 0 || s[1] % l.outputSize[1] != 0)
            refuse(l, "pools " + std::to_string(s[0]) + " x " + std::to_string(s[1]) + " to " +
                          std::to_string(l.outputSize[0]) + " x " +
                          std::to_string(l.outputSize[1]) +
                          " with unequal windows, which Keras has no layer for");
        const int ph = int(s[0] / l.outputSize[0]);
        const int pw = int(s[1] / l.outputSize[1]);
        c["pool_size"] = json::array({ph, pw});
        c["strides"] = json::array({ph, pw});
        c["padding"] = "valid";
        outputs[l.name] = emit("AveragePooling2D", l.name, c, inputsOf(l));
    }

    const Model& m_model;
    std::string m_path;
    std::string m_output;
    std::string m_inputName;
    std::map<std::string, std::vector<const LayerSpec*>> m_consumers;
    std::set<std::string> m_used;
    json m_layers = json::array();
};

/// Compares the translation with the source on seeded random images: the largest difference of
/// their class probabilities, and where it differs, the first layer (in graph order) whose feature
/// maps differ by more than the tolerance, for the message.
double maxDifference(const Model& a, const Model& b,
                     const std::map<std::string, std::string>& keras, std::string* firstLayer) {
    const auto shape = a.inputShape();
    auto gen = at::make_generator<at::CPUGeneratorImpl>(20261203);
    const torch::Tensor images =
        torch::rand({kCheckImages, shape[2], shape[0], shape[1]}, gen) * 255.0;
    torch::NoGradGuard guard;
    // Both models are normally on one device; to() is then the tensor itself.
    const auto pa = a.probabilities(images);
    const double diff = (pa - b.probabilities(images).to(pa.device())).abs().max().item<double>();
    if (diff <= kTolerance)
        return diff;
    for (const auto& l : a.spec().layers) {
        if (!a.outputShape(l.name).spatial() || l.kind == LayerKind::Input)
            continue;
        const auto x = a.forwardTo(images, l.name);
        const auto y = b.forwardTo(images, keras.at(l.name)).to(x.device());
        const double scale = std::max(1.0, x.abs().max().item<double>());
        if ((x - y).abs().max().item<double>() > kTolerance * scale) {
            *firstLayer = l.name;
            break;
        }
    }
    return diff;
}

} // namespace

KerasTranslation translateToKeras(const Model& model, const std::string& path) {
    KerasWriter writer(model, path);
    const std::string config = writer.write();
    KerasFoldedLayers folded;
    ModelSpec spec = parseKerasModelConfig(config, path, &folded);
    Model keras = [&] {
        try {
            return Model(std::move(spec));
        } catch (const Error& e) {
            throw Error(path, "the Keras translation is not a valid graph: " + e.problem());
        }
    }();
    keras.setInputScale(model.inputScale());
    keras.setInputNormalization(model.inputNormalization());
    for (const auto& [layer, mask] : folded.channelMasks) {
        std::vector<float> m(mask.begin(), mask.end());
        keras.setChannelMask(layer, torch::tensor(m));
    }
    for (const auto& [source, target] : writer.weighted) {
        std::vector<torch::Tensor> w = model.kerasWeights(source);
        auto it = writer.reorderRows.find(source);
        if (it != writer.reorderRows.end()) {
            const auto& s = it->second; // (H, W, C)
            const int64_t units = w[0].size(1);
            w[0] = w[0].view({s[2], s[0], s[1], units}).permute({1, 2, 0, 3}).reshape({-1, units});
        }
        keras.setKerasWeights(target, w);
    }
    std::string first;
    const double diff = maxDifference(model, keras, writer.outputs, &first);
    if (!(diff <= kTolerance))
        throw Error(path, "the Keras translation of the model does not reproduce its outputs "
                          "(class probabilities differ by up to " +
                              std::to_string(diff) +
                              (first.empty() ? std::string() : ", first at layer '" + first + "'") +
                              "); nothing was written. Export it as TorchScript instead");
    return KerasTranslation{config, std::move(keras)};
}

} // namespace bdl::core
