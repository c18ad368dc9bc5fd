#pragma once
// Shared by the import-format tests (test_import_format.cpp: round trips;
// test_import_format_refusals.cpp: malformed payloads): encoding and decoding payloads, taking them
// apart and putting them together, and a model that uses every field.
#include "core/io/import_format.h"
#include "core/nn/architectures.h"
#include "core/nn/model.h"
#include "tests/core/synthetic.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <torch/types.h>

#include <string>
#include <utility>
#include <vector>

namespace bdl::test::import_format {

using namespace bdl::core;
using nlohmann::json;

inline const std::string kOrigin = "/home/user/opened file.h5";

template <typename W>
std::string encode(W&& write) {
    std::string bytes;
    write(
        [&](const void* data, size_t size) { bytes.append(static_cast<const char*>(data), size); });
    return bytes;
}

inline ImportedPayload decode(const std::string& bytes,
                              const ImportBudget& budget = ImportBudget()) {
    return decodeImportPayload(bytes, kOrigin, budget);
}

// ---- taking payloads apart and putting them together -------------------------------------------

inline std::string preamble(uint32_t magic, uint32_t version, uint64_t headerBytes) {
    std::string p(16, '\0');
    for (int i = 0; i < 4; ++i) {
        p[i] = static_cast<char>(magic >> (8 * i));
        p[4 + i] = static_cast<char>(version >> (8 * i));
    }
    for (int i = 0; i < 8; ++i)
        p[8 + i] = static_cast<char>(headerBytes >> (8 * i));
    return p;
}

inline std::string join(const std::string& header, const std::string& blobs,
                        uint32_t magic = kImportFormatMagic,
                        uint32_t version = kImportFormatVersion) {
    return preamble(magic, version, header.size()) + header + blobs;
}

inline std::string joinJson(const json& header, const std::string& blobs) {
    return join(header.dump(), blobs);
}

struct Parts {
    json header;
    std::string blobs;
    size_t headerBytes = 0;
};

inline Parts split(const std::string& payload) {
    Parts p;
    uint64_t h = 0;
    for (int i = 7; i >= 0; --i)
        h = (h << 8) | static_cast<unsigned char>(payload[8 + i]);
    p.headerBytes = static_cast<size_t>(h);
    p.header = json::parse(payload.substr(16, p.headerBytes));
    p.blobs = payload.substr(16 + p.headerBytes);
    return p;
}

inline size_t blobBytes(const json& tensor) {
    const std::string dtype = tensor["dtype"];
    size_t n = dtype == "uint8" ? 1 : dtype == "float32" ? 4 : 8;
    for (const auto& d : tensor["shape"])
        n *= d.get<size_t>();
    return n;
}

// ---- models ------------------------------------------------------------------------------------

inline LayerSpec layer(const std::string& name, LayerKind kind, std::vector<std::string> inputs) {
    return makeLayer(name, kind, std::move(inputs));
}

/// A small graph using every layer kind, with non-default values in every field.
inline ModelSpec everyFieldSpec() {
    ModelSpec s;
    s.name = "every-field";
    LayerSpec in = layer("in", LayerKind::Input, {});
    in.inputShape = {8, 8, 3};
    LayerSpec c1 = layer("c1", LayerKind::Conv2D, {"in"});
    c1.filters = 4;
    c1.kernel = {3, 2};
    c1.strides = {1, 1};
    c1.samePadding = true;
    c1.useBias = false;
    c1.activation = ActivationKind::Relu;
    LayerSpec bn = layer("bn", LayerKind::BatchNormalization, {"c1"});
    bn.epsilon = 1e-5;
    bn.momentum = 0.9;
    bn.bnCenter = false;
    LayerSpec relu = layer("relu", LayerKind::ReLU, {"bn"});
    relu.reluMaxValue = 6.0;
    relu.reluNegativeSlope = 0.1;
    relu.reluThreshold = 0.5;
    LayerSpec p1 = layer("p1", LayerKind::MaxPooling2D, {"relu"});
    p1.poolSize = {2, 2};
    p1.strides = {2, 2};
    LayerSpec c2 = layer("c2", LayerKind::Conv2D, {"p1"});
    c2.filters = 4;
    c2.activation = ActivationKind::Tanh;
    LayerSpec p2 = layer("p2", LayerKind::AveragePooling2D, {"p1"});
    p2.poolSize = {3, 3};
    p2.strides = {1, 1};
    p2.samePadding = true;
    LayerSpec add = layer("add", LayerKind::Add, {"c2", "p2"});
    LayerSpec cat = layer("cat", LayerKind::Concatenate, {"add", "p1"});
    cat.axis = 3;
    LayerSpec act = layer("act", LayerKind::Activation, {"cat"});
    act.activation = ActivationKind::Sigmoid;
    LayerSpec flat = layer("flat", LayerKind::Flatten, {"act"});
    LayerSpec drop = layer("drop", LayerKind::Dropout, {"flat"});
    drop.rate = 0.25;
    LayerSpec out = layer("out", LayerKind::Dense, {"drop"});
    out.units = 3;
    out.activation = ActivationKind::Softmax;
    s.layers = {in, c1, bn, relu, p1, c2, p2, add, cat, act, flat, drop, out};
    s.output = "out";
    return s;
}

inline void expectSameSpec(const ModelSpec& a, const ModelSpec& b) {
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.output, b.output);
    ASSERT_EQ(a.layers.size(), b.layers.size());
    for (size_t i = 0; i < a.layers.size(); ++i) {
        const LayerSpec& x = a.layers[i];
        const LayerSpec& y = b.layers[i];
        SCOPED_TRACE("layer " + x.name);
        EXPECT_EQ(x.name, y.name);
        EXPECT_EQ(x.kind, y.kind);
        EXPECT_EQ(x.inputs, y.inputs);
        EXPECT_EQ(x.inputShape, y.inputShape);
        EXPECT_EQ(x.filters, y.filters);
        EXPECT_EQ(x.kernel, y.kernel);
        EXPECT_EQ(x.strides, y.strides);
        EXPECT_EQ(x.samePadding, y.samePadding);
        EXPECT_EQ(x.units, y.units);
        EXPECT_EQ(x.useBias, y.useBias);
        EXPECT_EQ(x.activation, y.activation);
        EXPECT_EQ(x.poolSize, y.poolSize);
        EXPECT_EQ(x.rate, y.rate);
        EXPECT_EQ(x.axis, y.axis);
        EXPECT_EQ(x.reluMaxValue, y.reluMaxValue);
        EXPECT_EQ(x.reluNegativeSlope, y.reluNegativeSlope);
        EXPECT_EQ(x.reluThreshold, y.reluThreshold);
        EXPECT_EQ(x.epsilon, y.epsilon);
        EXPECT_EQ(x.momentum, y.momentum);
        EXPECT_EQ(x.bnCenter, y.bnCenter);
        EXPECT_EQ(x.bnScale, y.bnScale);
    }
}

inline void expectSameWeightsAndMasks(const Model& a, const Model& b) {
    ASSERT_EQ(a.weightedLayers(), b.weightedLayers());
    for (const auto& name : a.weightedLayers()) {
        const auto wa = a.kerasWeights(name);
        const auto wb = b.kerasWeights(name);
        ASSERT_EQ(wa.size(), wb.size()) << name;
        for (size_t i = 0; i < wa.size(); ++i)
            EXPECT_TRUE(torch::equal(wa[i], wb[i])) << name << " weight " << i;
    }
    for (const auto& l : a.spec().layers) {
        const auto ma = a.channelMask(l.name);
        const auto mb = b.channelMask(l.name);
        ASSERT_EQ(ma.defined(), mb.defined()) << l.name;
        if (ma.defined()) {
            EXPECT_TRUE(torch::equal(ma, mb)) << l.name;
        }
    }
}

/// The tiny csaw-badnet with a mask on pool_3, raw input scale, whole-model layout info.
inline LoadedModel badnet() {
    Model m = bdl::test::tinyModel(7);
    auto mask = torch::ones({60});
    mask.index_put_({torch::indexing::Slice(0, 60, 7)}, 0.0);
    mask[1] = 0.5;
    m.setChannelMask("pool_3", mask);
    m.setInputScale(InputScale::Raw);
    LoadedModel lm{std::move(m),
                   ModelFormat::WholeModel,
                   "/sandbox/view/model.h5",
                   "tiny_badnet",
                   {{"keras_version", "2.4.0"},
                    {"backend", "tensorflow"},
                    {"model_config", R"({"class_name": "Functional", "config": {"n": "\u00e9"}})"}},
                   {"input", "conv_1", "pool_1", "conv_2"},
                   {{"conv_1", {"conv_1/kernel:0", "conv_1/bias:0"}}, {"pool_1", {}}},
                   true};
    return lm;
}

inline const std::string& badnetPayload() {
    static const std::string bytes =
        encode([](const ImportSink& s) { writeImportedModel(badnet(), s); });
    return bytes;
}

/// Re-encodes the badnet payload after `edit` changed its header (and possibly its blobs).
template <typename F>
std::string editedBadnet(F&& edit) {
    Parts p = split(badnetPayload());
    edit(p.header, p.blobs);
    return joinJson(p.header, p.blobs);
}

} // namespace bdl::test::import_format
