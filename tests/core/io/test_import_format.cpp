// The import format (BDLX, core/io/import_format.h): round trips of models, data sets and
// refusals, and the decoder's refusal of every malformed payload (wrong preamble, hostile
// header, sizes over budget, truncation, trailing bytes, bad values, inconsistent graphs).
#include "core/base/errors.h"
#include "core/io/import_format.h"
#include "core/nn/architectures.h"
#include "core/nn/model.h"
#include "tests/core/synthetic.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

using namespace bdl::core;
using nlohmann::json;

namespace {

const std::string kOrigin = "/home/user/opened file.h5";

/// Runs f and returns the Error's message, failing the test when nothing is thrown.
template <typename F>
std::string errorOf(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    ADD_FAILURE() << "no bdl::core::Error thrown";
    return std::string();
}

#define EXPECT_ERROR_WITH(stmt, ...)                                                               \
    do {                                                                                           \
        const std::string bdlMsg_ = errorOf([&] { stmt; });                                        \
        for (const std::string& bdlFrag_ : std::vector<std::string>{__VA_ARGS__})                  \
            EXPECT_NE(bdlMsg_.find(bdlFrag_), std::string::npos)                                   \
                << "'" << bdlFrag_ << "' not in: " << bdlMsg_;                                     \
    } while (0)

template <typename W>
std::string encode(W&& write) {
    std::string bytes;
    write(
        [&](const void* data, size_t size) { bytes.append(static_cast<const char*>(data), size); });
    return bytes;
}

ImportedPayload decode(const std::string& bytes, const ImportBudget& budget = ImportBudget()) {
    return decodeImportPayload(bytes, kOrigin, budget);
}

// ---- taking payloads apart and putting them together -------------------------------------------

std::string preamble(uint32_t magic, uint32_t version, uint64_t headerBytes) {
    std::string p(16, '\0');
    for (int i = 0; i < 4; ++i) {
        p[i] = static_cast<char>(magic >> (8 * i));
        p[4 + i] = static_cast<char>(version >> (8 * i));
    }
    for (int i = 0; i < 8; ++i)
        p[8 + i] = static_cast<char>(headerBytes >> (8 * i));
    return p;
}

std::string join(const std::string& header, const std::string& blobs,
                 uint32_t magic = kImportFormatMagic, uint32_t version = kImportFormatVersion) {
    return preamble(magic, version, header.size()) + header + blobs;
}

std::string joinJson(const json& header, const std::string& blobs) {
    return join(header.dump(), blobs);
}

struct Parts {
    json header;
    std::string blobs;
    size_t headerBytes = 0;
};

Parts split(const std::string& payload) {
    Parts p;
    uint64_t h = 0;
    for (int i = 7; i >= 0; --i)
        h = (h << 8) | static_cast<unsigned char>(payload[8 + i]);
    p.headerBytes = static_cast<size_t>(h);
    p.header = json::parse(payload.substr(16, p.headerBytes));
    p.blobs = payload.substr(16 + p.headerBytes);
    return p;
}

size_t blobBytes(const json& tensor) {
    const std::string dtype = tensor["dtype"];
    size_t n = dtype == "uint8" ? 1 : dtype == "float32" ? 4 : 8;
    for (const auto& d : tensor["shape"])
        n *= d.get<size_t>();
    return n;
}

// ---- models ------------------------------------------------------------------------------------

LayerSpec layer(const std::string& name, LayerKind kind, std::vector<std::string> inputs) {
    return makeLayer(name, kind, std::move(inputs));
}

/// A small graph using every layer kind, with non-default values in every field.
ModelSpec everyFieldSpec() {
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

void expectSameSpec(const ModelSpec& a, const ModelSpec& b) {
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

void expectSameWeightsAndMasks(const Model& a, const Model& b) {
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
LoadedModel badnet() {
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

const std::string& badnetPayload() {
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

} // namespace

// ---- round trips -------------------------------------------------------------------------------

TEST(ImportFormatModel, BadnetRoundTripKeepsSpecWeightsMaskScaleAndLayout) {
    const LoadedModel original = badnet();
    const ImportedPayload p = decode(badnetPayload());
    ASSERT_EQ(p.kind, ImportedPayload::Kind::Model);
    ASSERT_TRUE(p.model.has_value());
    EXPECT_EQ(p.source, "/sandbox/view/model.h5");
    const LoadedModel& lm = *p.model;
    EXPECT_EQ(lm.source, kOrigin);
    EXPECT_EQ(lm.format, ModelFormat::WholeModel);
    EXPECT_EQ(lm.architecture, original.architecture);
    EXPECT_EQ(lm.rootAttributes, original.rootAttributes);
    EXPECT_EQ(lm.layerNames, original.layerNames);
    EXPECT_EQ(lm.weightNames, original.weightNames);
    EXPECT_TRUE(lm.topLevelWeightsGroup);
    EXPECT_EQ(lm.model.inputScale(), InputScale::Raw);
    expectSameSpec(original.model.spec(), lm.model.spec());
    expectSameWeightsAndMasks(original.model, lm.model);
    ASSERT_TRUE(lm.model.channelMask("pool_3").defined());
    EXPECT_FLOAT_EQ(lm.model.channelMask("pool_3")[1].item<float>(), 0.5f);
    // The decoded model computes what the original does.
    const auto images = torch::rand({3, 1, 32, 32}) * 255.0;
    EXPECT_TRUE(torch::equal(original.model.logits(images), lm.model.logits(images)));
}

TEST(ImportFormatModel, EveryLayerFieldAndKindRoundTrips) {
    Model m(everyFieldSpec());
    m.initialize(3);
    const auto bnShapes = m.kerasWeightShapes("bn");
    ASSERT_EQ(bnShapes.size(), 3u); // gamma, moving mean, moving variance (no beta)
    m.setKerasWeights("bn", {torch::rand({4}) + 0.5, torch::randn({4}), torch::rand({4}) + 0.1});
    m.setChannelMask("c1", torch::tensor({1.0f, 0.0f, 1.0f, 1.0f}));
    m.setChannelMask("cat", torch::tensor({1.0f, 1.0f, 0.0f, 1.0f, 0.0f, 1.0f, 1.0f, 0.25f}));
    LoadedModel lm{m, ModelFormat::WeightsOnly, "x.h5", "every-field", {}, {}, {}, false};
    const auto bytes = encode([&](const ImportSink& s) { writeImportedModel(lm, s); });
    const auto header = split(bytes).header;
    EXPECT_EQ(header["model"]["inputScale"], "unit");
    EXPECT_TRUE(header["model"]["spec"]["layers"][0]["reluMaxValue"].is_null()); // infinity
    EXPECT_EQ(header["model"]["spec"]["layers"][3]["reluMaxValue"], 6.0);

    const ImportedPayload p = decode(bytes);
    ASSERT_TRUE(p.model.has_value());
    EXPECT_EQ(p.model->format, ModelFormat::WeightsOnly);
    EXPECT_FALSE(p.model->topLevelWeightsGroup);
    EXPECT_TRUE(p.model->rootAttributes.empty());
    EXPECT_EQ(p.model->model.inputScale(), InputScale::Unit);
    expectSameSpec(m.spec(), p.model->model.spec());
    EXPECT_TRUE(std::isinf(p.model->model.spec().layers[0].reluMaxValue));
    expectSameWeightsAndMasks(m, p.model->model);
}

TEST(ImportFormatModel, StreamsThroughExactReadsAndPassesCancelledOn) {
    const std::string& bytes = badnetPayload();
    size_t pos = 0, calls = 0, largest = 0;
    const ImportSource in = [&](void* data, size_t size) {
        if (size > bytes.size() - pos)
            throw Error("pipe closed early");
        std::memcpy(data, bytes.data() + pos, size);
        pos += size;
        ++calls;
        largest = std::max(largest, size);
    };
    const auto p = readImportPayload(in, kOrigin);
    EXPECT_EQ(p.kind, ImportedPayload::Kind::Model);
    EXPECT_EQ(pos, bytes.size());
    EXPECT_GT(calls, 3u);
    // No blob is read piecemeal into a staging buffer: the conv_3 kernel comes in one read.
    EXPECT_GE(largest, size_t(3 * 3 * 40 * 60 * 4));

    // A source's own error is labelled with the origin; Cancelled stays Cancelled.
    auto failingAfter = [&bytes](int goodReads, bool cancel) {
        return ImportSource([&bytes, goodReads, cancel, at = size_t(0),
                             reads = 0](void* data, size_t size) mutable {
            if (++reads > goodReads) {
                if (cancel)
                    throw Cancelled();
                throw Error("pipe closed early");
            }
            std::memcpy(data, bytes.data() + at, size);
            at += size;
        });
    };
    EXPECT_ERROR_WITH(readImportPayload(failingAfter(3, false), kOrigin),
                      kOrigin + ": pipe closed early");
    EXPECT_THROW(readImportPayload(failingAfter(3, true), kOrigin), Cancelled);
}

TEST(ImportFormatDataset, IntegerImagesGoAsUInt8AndComeBackFloat) {
    Dataset d;
    d.name = "clean-test";
    d.source = "/sandbox/view/data.h5";
    d.images = torch::randint(0, 256, {6, 3, 5, 4}).to(torch::kFloat32);
    d.labels = torch::tensor({0, 1, 2, -1, 4, 5}, torch::kInt64);
    d.itemNames = {"a#0", "a#1", "a#2", "a#3", "a#4", "a#5"};
    const auto bytes = encode([&](const ImportSink& s) { writeImportedDataset(d, s); });
    EXPECT_EQ(split(bytes).header["dataset"]["images"]["dtype"], "uint8");

    Dataset f = d;
    f.images = d.images + 0.5;
    const auto floatBytes = encode([&](const ImportSink& s) { writeImportedDataset(f, s); });
    EXPECT_EQ(split(floatBytes).header["dataset"]["images"]["dtype"], "float32");
    const size_t u8Blobs = split(bytes).blobs.size(), f32Blobs = split(floatBytes).blobs.size();
    EXPECT_EQ(u8Blobs, size_t(6 * 3 * 5 * 4 + 6 * 8));
    EXPECT_EQ(f32Blobs, size_t(6 * 3 * 5 * 4 * 4 + 6 * 8));

    const auto p = decode(bytes);
    ASSERT_EQ(p.kind, ImportedPayload::Kind::Dataset);
    EXPECT_EQ(p.source, d.source);
    const Dataset& r = p.dataset;
    EXPECT_EQ(r.source, kOrigin);
    EXPECT_EQ(r.name, d.name);
    EXPECT_EQ(r.itemNames, d.itemNames);
    EXPECT_EQ(r.images.scalar_type(), torch::kFloat32);
    EXPECT_TRUE(r.images.is_contiguous());
    EXPECT_TRUE(torch::equal(r.images, d.images));
    EXPECT_TRUE(torch::equal(r.labels, d.labels));
    EXPECT_FALSE(r.poisoned());

    const auto pf = decode(floatBytes);
    EXPECT_TRUE(torch::equal(pf.dataset.images, f.images));
}

TEST(ImportFormatDataset, LargeUInt8SetIsAboutFourTimesSmallerOnTheWire) {
    Dataset d;
    d.images = torch::randint(0, 256, {40, 3, 32, 32}).to(torch::kFloat32);
    d.labels = torch::zeros({40}, torch::kInt64);
    Dataset f = d;
    f.images = torch::rand({40, 3, 32, 32}) * 255.0; // not integral
    const auto u8 = encode([&](const ImportSink& s) { writeImportedDataset(d, s); });
    const auto f32 = encode([&](const ImportSink& s) { writeImportedDataset(f, s); });
    const double ratio = double(f32.size()) / double(u8.size());
    EXPECT_GT(ratio, 3.8);
    EXPECT_LT(ratio, 4.01);
    EXPECT_TRUE(torch::equal(decode(u8).dataset.images, d.images));
    EXPECT_TRUE(torch::equal(decode(f32).dataset.images, f.images));
}

TEST(ImportFormatDataset, PoisonedSetKeepsTargetsAndGreyImages) {
    const Dataset d = bdl::test::makeSyntheticSet(9, /*poisoned=*/true, 5);
    const auto bytes = encode([&](const ImportSink& s) { writeImportedDataset(d, s); });
    EXPECT_EQ(split(bytes).header["dataset"]["images"]["dtype"], "float32"); // noisy background
    const auto p = decode(bytes);
    ASSERT_TRUE(p.dataset.poisoned());
    EXPECT_TRUE(torch::equal(p.dataset.images, d.images));
    EXPECT_TRUE(torch::equal(p.dataset.labels, d.labels));
    EXPECT_TRUE(torch::equal(p.dataset.targets, d.targets));
    EXPECT_EQ(p.dataset.itemNames, d.itemNames);
}

TEST(ImportFormatDataset, RefusesBadShapesTypesAndValues) {
    Dataset d;
    d.images = torch::randint(0, 256, {4, 1, 3, 3}).to(torch::kFloat32);
    d.labels = torch::tensor({0, 1, 2, 3}, torch::kInt64);
    d.targets = torch::tensor({1, 1, 1, 1}, torch::kInt64);
    d.itemNames = {"0", "1", "2", "3"};
    const auto good = encode([&](const ImportSink& s) { writeImportedDataset(d, s); });
    ASSERT_NO_THROW(decode(good));
    ASSERT_EQ(split(good).header["dataset"]["images"]["dtype"], "uint8"); // blob offsets below
    auto edited = [&](auto&& edit) {
        Parts p = split(good);
        edit(p.header["dataset"], p.blobs);
        return joinJson(p.header, p.blobs);
    };
    EXPECT_ERROR_WITH(decode(edited([](json& h, std::string&) {
                          h["images"]["shape"] = {4, 2, 3, 3};
                      })),
                      kOrigin, "1 or 3 channels");
    EXPECT_ERROR_WITH(decode(edited([](json& h, std::string&) {
                          h["images"]["shape"] = {36, 4};
                      })),
                      "(N, C, H, W)");
    EXPECT_ERROR_WITH(decode(edited([](json& h, std::string&) { h["labels"]["shape"] = {3}; })),
                      "dataset.labels.shape", "expected (4)");
    EXPECT_ERROR_WITH(
        decode(edited([](json& h, std::string&) { h["labels"]["dtype"] = "float64"; })),
        "dataset.labels.dtype", "int64");
    EXPECT_ERROR_WITH(decode(edited([](json& h, std::string&) { h["itemNames"] = {"x"}; })),
                      "dataset.itemNames", "1 names for 4 images");
    EXPECT_ERROR_WITH(decode(edited([](json& h, std::string& b) {
                          h["images"]["dtype"] = "float64"; // 8 bytes each
                          b = std::string(36 * 7, '\0') + b;
                      })),
                      "images must be float32 or uint8");
    EXPECT_ERROR_WITH(decode(edited([](json& h, std::string& b) {
                          h["images"]["dtype"] = "float32";
                          const float v[2] = {std::nanf(""), 1.0f};
                          b = std::string(reinterpret_cast<const char*>(v), 8) +
                              std::string(34 * 4, '\0') + b.substr(36);
                      })),
                      kOrigin, "NaN");
    EXPECT_ERROR_WITH(decode(edited([](json&, std::string& b) {
                          const int64_t minus = -1;
                          std::memcpy(&b[b.size() - 8], &minus, 8); // last target
                      })),
                      "target is negative");
    EXPECT_ERROR_WITH(decode(edited([](json&, std::string& b) {
                          const int64_t minus = -2;
                          std::memcpy(&b[36], &minus, 8); // first label
                      })),
                      "below -1");
    EXPECT_ERROR_WITH(decode(edited([](json& h, std::string& b) {
                          h["images"]["shape"][0] = 0;
                          h["labels"]["shape"][0] = 0;
                          h["targets"]["shape"][0] = 0;
                          h["itemNames"] = json::array();
                          b.clear();
                      })),
                      "empty");
    ImportBudget few;
    few.maxItems = 3;
    EXPECT_ERROR_WITH(decode(good, few), "4 images exceed the budget of 3");
    // uint8 images decode to float32: the budget counts the decoded 4 bytes per value.
    ImportBudget small;
    small.maxTensorBytes = 36 * 2;
    EXPECT_ERROR_WITH(decode(good, small), "dataset.images", "144 bytes exceeds the budget");
}

TEST(ImportFormatImage, InspectorImageKeepsPixelsAndWhatWasDoneToIt) {
    ModelImage m;
    m.image = torch::arange(2 * 5 * 4, torch::kFloat32).reshape({1, 2 * 1, 5, 4}).slice(1, 0, 1);
    m.image = torch::cat({m.image, m.image + 0.5f, m.image}, 1); // (1, 3, 5, 4), not integral
    m.originalWidth = 640;
    m.originalHeight = 480;
    m.originalChannels = 4;
    m.resized = true;
    m.droppedAlpha = true;
    m.reducedDepth = true;
    const auto bytes = encode([&](const ImportSink& s) { writeImportedImage(m, "/x/cat.png", s); });
    const auto p = decode(bytes);
    ASSERT_EQ(p.kind, ImportedPayload::Kind::Image);
    ASSERT_TRUE(p.image.has_value());
    EXPECT_TRUE(torch::equal(p.image->image, m.image));
    EXPECT_EQ(p.image->originalWidth, 640);
    EXPECT_EQ(p.image->originalHeight, 480);
    EXPECT_EQ(p.image->originalChannels, 4);
    EXPECT_TRUE(p.image->resized && p.image->droppedAlpha && p.image->reducedDepth);
    EXPECT_FALSE(p.image->toGrey || p.image->toColour);
    EXPECT_EQ(p.dataset.itemNames, std::vector<std::string>{"cat.png"});

    // A reply holding two images is not an image.
    std::string two = bytes;
    const std::string from = "\"shape\":[1,3,5,4]";
    const size_t at = two.find(from);
    ASSERT_NE(at, std::string::npos);
    EXPECT_THROW(decode(two.replace(at, from.size(), "\"shape\":[2,3,5,4]")), Error);
}

TEST(ImportFormatError, RefusalRoundTrips) {
    const std::string problem = "not an HDF5 file: \"x\"\n\u00e9\u2192";
    const auto bytes =
        encode([&](const ImportSink& s) { writeImportError("/sandbox/view/f.h5", problem, s); });
    const auto p = decode(bytes);
    EXPECT_EQ(p.kind, ImportedPayload::Kind::Error);
    EXPECT_EQ(p.source, "/sandbox/view/f.h5");
    EXPECT_EQ(p.problem, problem);
    EXPECT_FALSE(p.model.has_value());
    EXPECT_FALSE(p.dataset.images.defined());
}

TEST(ImportFormatError, NonUtf8TextIsSentReplacedNotRefused) {
    const auto bytes =
        encode([&](const ImportSink& s) { writeImportError("caf\xe9.h5", "bad \xff byte", s); });
    const auto p = decode(bytes);
    EXPECT_EQ(p.source, "caf\xef\xbf\xbd.h5");
    EXPECT_EQ(p.problem, "bad \xef\xbf\xbd byte");
}

// ---- refusals: preamble and header -------------------------------------------------------------

TEST(ImportFormatRefusal, WrongMagicAndVersion) {
    const std::string header = R"({"kind": "error", "source": "s", "problem": "p"})";
    ASSERT_NO_THROW(decode(join(header, "")));
    EXPECT_ERROR_WITH(decode(join(header, "", 0x46444850)), kOrigin, "not an import payload");
    EXPECT_ERROR_WITH(decode("\x89HDF\r\n\x1a\n" + std::string(100, '\0')), kOrigin,
                      "not an import payload");
    EXPECT_ERROR_WITH(decode(join(header, "", kImportFormatMagic, 2)), kOrigin, "version 2");
}

TEST(ImportFormatRefusal, HeaderOverBudgetBeforeReadingIt) {
    // Only the preamble is there: a decoder that tried to read 2^62 bytes would say "truncated".
    EXPECT_ERROR_WITH(decode(preamble(kImportFormatMagic, 1, uint64_t(1) << 62)), kOrigin,
                      "exceeds the budget");
    EXPECT_ERROR_WITH(decode(preamble(kImportFormatMagic, 1, ~uint64_t(0))), "exceeds the budget");
    ImportBudget small;
    small.maxHeaderBytes = 20;
    EXPECT_ERROR_WITH(decode(badnetPayload(), small), "import header of",
                      "exceeds the budget of 20 bytes");
}

TEST(ImportFormatRefusal, HeaderThatIsNotJsonOrNotAnObject) {
    EXPECT_ERROR_WITH(decode(join(std::string("{\"kind\": \"error\", "), "")), kOrigin,
                      "not valid JSON");
    EXPECT_ERROR_WITH(decode(join(std::string("\xff\xfe"), "")), "not valid JSON");
    EXPECT_ERROR_WITH(decode(join(std::string(""), "")), "not valid JSON");
    EXPECT_ERROR_WITH(decode(join(std::string("[1, 2]"), "")), "expected an object");
    EXPECT_ERROR_WITH(decode(join(R"({"kind": "model2", "source": "s"})", "")),
                      "import header: kind: unknown kind 'model2'");
    EXPECT_ERROR_WITH(decode(join(R"({"kind": "error", "problem": "p"})", "")),
                      "import header: source: missing");
}

TEST(ImportFormatRefusal, DeeplyNestedHeader) {
    const int depth = 100000;
    EXPECT_ERROR_WITH(decode(join(std::string(depth, '[') + std::string(depth, ']'), "")), kOrigin,
                      "nested deeper than 64");
    const std::string objects = [&] {
        std::string s;
        for (int i = 0; i < depth; ++i)
            s += "{\"a\":";
        return s + "1" + std::string(depth, '}');
    }();
    EXPECT_ERROR_WITH(decode(join(objects, "")), "nested deeper than 64");
    // Brackets inside strings do not count.
    const std::string inString =
        json{{"kind", "error"}, {"source", std::string(1000, '[')}, {"problem", "\\\"[[["}}.dump();
    EXPECT_EQ(decode(join(inString, "")).source, std::string(1000, '['));
}

TEST(ImportFormatRefusal, WrongMemberTypesNameTheirPath) {
    EXPECT_ERROR_WITH(decode(editedBadnet([](json& h, std::string&) {
                          h["model"]["spec"]["layers"][3]["filters"] = "40";
                      })),
                      kOrigin +
                          ": import header: model.spec.layers[3].filters: expected an integer");
    EXPECT_ERROR_WITH(decode(editedBadnet([](json& h, std::string&) {
                          h["model"]["spec"]["layers"][3]["filters"] = 40.0;
                      })),
                      "model.spec.layers[3].filters: expected an integer");
    EXPECT_ERROR_WITH(decode(editedBadnet([](json& h, std::string&) {
                          h["model"]["spec"]["layers"][3]["filters"] = -40;
                      })),
                      "model.spec.layers[3].filters: integer -40 out of range");
    EXPECT_ERROR_WITH(decode(editedBadnet([](json& h, std::string&) {
                          h["model"]["spec"]["layers"][1]["kernel"] = {4, 4, 4};
                      })),
                      "model.spec.layers[1].kernel: expected 2 integers");
    EXPECT_ERROR_WITH(decode(editedBadnet([](json& h, std::string&) {
                          h["model"]["spec"]["layers"][2]["samePadding"] = 0;
                      })),
                      "model.spec.layers[2].samePadding: expected true or false");
    EXPECT_ERROR_WITH(decode(editedBadnet([](json& h, std::string&) {
                          h["model"]["spec"]["layers"][5]["kind"] = "Conv3D";
                      })),
                      "model.spec.layers[5].kind: unknown layer kind 'Conv3D'");
    EXPECT_ERROR_WITH(decode(editedBadnet([](json& h, std::string&) {
                          h["model"]["spec"]["layers"][5].erase("momentum");
                      })),
                      "model.spec.layers[5].momentum: missing");
    EXPECT_ERROR_WITH(decode(editedBadnet([](json& h, std::string&) {
                          h["model"]["rootAttributes"]["keras_version"] = 2;
                      })),
                      "model.rootAttributes.keras_version: expected a string");
    EXPECT_ERROR_WITH(decode(editedBadnet([](json& h, std::string&) {
                          h["model"]["weightNames"]["conv_1"][1] = nullptr;
                      })),
                      "model.weightNames.conv_1[1]: expected a string");
    EXPECT_ERROR_WITH(
        decode(editedBadnet([](json& h, std::string&) { h["model"]["inputScale"] = "1/255"; })),
        "model.inputScale: unknown input scale");
    EXPECT_ERROR_WITH(decode(editedBadnet([](json& h, std::string&) {
                          h["model"]["weights"][0]["tensors"][0]["shape"][0] = "4";
                      })),
                      "model.weights[0].tensors[0].shape[0]: expected an integer");
    EXPECT_ERROR_WITH(decode(editedBadnet([](json& h, std::string&) {
                          h["model"]["spec"]["layers"][11]["rate"] = 1.5;
                      })),
                      "model.spec.layers[11].rate: must be in [0, 1)");
    EXPECT_ERROR_WITH(decode(editedBadnet([](json& h, std::string&) {
                          h["model"]["spec"]["layers"][0]["inputShape"][0] =
                              uint64_t(1) << 63; // number_unsigned above INT64_MAX
                      })),
                      "model.spec.layers[0].inputShape[0]: integer", "out of range");
}

// ---- refusals: tensors -------------------------------------------------------------------------

TEST(ImportFormatRefusal, UnknownDTypeAndWeightDType) {
    EXPECT_ERROR_WITH(decode(editedBadnet([](json& h, std::string&) {
                          h["model"]["weights"][0]["tensors"][0]["dtype"] = "float16";
                      })),
                      kOrigin, "model.weights[0].tensors[0].dtype: unknown dtype 'float16'");
    EXPECT_ERROR_WITH(decode(editedBadnet([](json& h, std::string& b) {
                          h["model"]["weights"][0]["tensors"][1]["dtype"] = "int64";
                          b.insert(4 * 4 * 1 * 20 * 4, std::string(20 * 4, '\0'));
                      })),
                      "model.weights[0].tensors[1]: a weight must be float32 or float64");
}

TEST(ImportFormatRefusal, ShapeProductOverflow) {
    const int64_t big = int64_t(1) << 40;
    EXPECT_ERROR_WITH(decode(editedBadnet([&](json& h, std::string&) {
                          h["model"]["weights"][0]["tensors"][0]["shape"] = {big, big};
                      })),
                      kOrigin, "model.weights[0].tensors[0].shape", "overflows");
    // Elements fit in int64, bytes do not.
    EXPECT_ERROR_WITH(
        decode(editedBadnet([&](json& h, std::string&) {
            h["model"]["weights"][0]["tensors"][0]["shape"] = {int64_t(1) << 31, int64_t(1) << 31};
        })),
        "byte size", "overflows");
    EXPECT_ERROR_WITH(decode(editedBadnet([&](json& h, std::string&) {
                          h["model"]["weights"][0]["tensors"][0]["shape"] = {4, -4};
                      })),
                      "shape[1]: integer -4 out of range");
}

TEST(ImportFormatRefusal, TensorsOverBudget) {
    ImportBudget b;
    b.maxTensorBytes = 3 * 3 * 40 * 60 * 4 - 1; // conv_3's kernel is just too big
    EXPECT_ERROR_WITH(decode(badnetPayload(), b), kOrigin, "model.weights[2].tensors[0]",
                      "86400 bytes exceeds the budget");
    ImportBudget total;
    total.maxTotalBytes = 100000;
    EXPECT_ERROR_WITH(decode(badnetPayload(), total), "exceed the budget of 100000 bytes in all");
    ImportBudget count;
    count.maxTensors = 5;
    EXPECT_ERROR_WITH(decode(badnetPayload(), count), "more than 5 tensors");
    ImportBudget rank;
    rank.maxRank = 3;
    EXPECT_ERROR_WITH(decode(badnetPayload(), rank), "model.weights[0].tensors[0].shape",
                      "rank 4 exceeds the budget of 3");
    ImportBudget layers;
    layers.maxLayers = 10;
    EXPECT_ERROR_WITH(decode(badnetPayload(), layers), "15 layers exceed the budget of 10");
    // The zero weights Model(spec) allocates for the graph are bounded before it runs: fc_1 as
    // 2^14 units on its 240 inputs would take 15.7 MB, over a 1 MB budget, although the tensors
    // the header announces (fc_1 still 240 x 160) fit in it.
    ImportBudget mb;
    mb.maxTotalBytes = 1 << 20;
    ASSERT_NO_THROW(decode(badnetPayload(), mb));
    EXPECT_ERROR_WITH(decode(editedBadnet([](json& h, std::string&) {
                                 h["model"]["spec"]["layers"][10]["units"] = 1 << 14;
                             }),
                             mb),
                      kOrigin, "layer 'fc_1' (Dense)", "exceed the budget of 1048576 bytes");
}

TEST(ImportFormatRefusal, TruncatedAnywhere) {
    const std::string& bytes = badnetPayload();
    std::mt19937_64 gen(20240611);
    std::uniform_int_distribution<size_t> cut(0, bytes.size() - 1);
    std::vector<size_t> cuts{0, 3, 15, 16, 17};
    while (cuts.size() < 25)
        cuts.push_back(cut(gen));
    for (size_t c : cuts) {
        SCOPED_TRACE("cut at " + std::to_string(c) + " of " + std::to_string(bytes.size()));
        const std::string msg = errorOf([&] { decode(bytes.substr(0, c)); });
        EXPECT_EQ(msg.rfind(kOrigin + ": truncated payload: expected ", 0), 0u) << msg;
    }
    // The count is what was missing from the read that failed.
    const size_t end = bytes.size();
    EXPECT_ERROR_WITH(decode(bytes.substr(0, end - 3)), "truncated payload: expected 3 more bytes");
}

TEST(ImportFormatRefusal, TrailingBytes) {
    EXPECT_ERROR_WITH(decode(badnetPayload() + "x"), kOrigin, "1 trailing bytes");
    const auto err = encode([](const ImportSink& s) { writeImportError("s", "p", s); });
    EXPECT_ERROR_WITH(decode(err + std::string(7, '\0')), "7 trailing bytes");
}

TEST(ImportFormatRefusal, NaNWeightOrMask) {
    std::string bytes = badnetPayload();
    const size_t blobs = 16 + split(bytes).headerBytes;
    const float nan = std::numeric_limits<float>::quiet_NaN();
    std::string withNaN = bytes;
    std::memcpy(&withNaN[blobs + 4 * 7], &nan, 4); // an element of conv_1's kernel
    EXPECT_ERROR_WITH(decode(withNaN), kOrigin, "conv_1", "NaN or Inf");
    std::string withInf = bytes;
    const float inf = std::numeric_limits<float>::infinity();
    std::memcpy(&withInf[bytes.size() - 4], &inf, 4); // the last value of the pool_3 mask
    EXPECT_ERROR_WITH(decode(withInf), kOrigin, "mask of layer 'pool_3'", "NaN or Inf");
}

TEST(ImportFormatRefusal, WeightsMustBeExactlyTheWeightedLayers) {
    EXPECT_ERROR_WITH(decode(editedBadnet([](json& h, std::string&) {
                          h["model"]["weights"][1]["layer"] = "conv_9";
                      })),
                      kOrigin, "model.weights[1].layer: 'conv_9' is not a weighted layer");
    EXPECT_ERROR_WITH(decode(editedBadnet([](json& h, std::string&) {
                          h["model"]["weights"][1]["layer"] = "pool_1";
                      })),
                      "'pool_1' is not a weighted layer");
    // conv_2 left out entirely (header entry and its bytes).
    EXPECT_ERROR_WITH(
        decode(editedBadnet([](json& h, std::string& b) {
            auto& w = h["model"]["weights"];
            const size_t start = blobBytes(w[0]["tensors"][0]) + blobBytes(w[0]["tensors"][1]);
            b.erase(start, blobBytes(w[1]["tensors"][0]) + blobBytes(w[1]["tensors"][1]));
            w.erase(1);
        })),
        "model.weights: no weights for layer 'conv_2'");
    EXPECT_ERROR_WITH(decode(editedBadnet([](json& h, std::string& b) {
                          auto& w = h["model"]["weights"];
                          w[1] = w[0];
                      })),
                      "weights for layer 'conv_1' given twice");
    EXPECT_ERROR_WITH(decode(editedBadnet([](json& h, std::string&) {
                          h["model"]["weights"][0]["tensors"][0]["shape"] = {4, 4, 20, 1};
                      })),
                      "model.weights[0].tensors[0]", "shape (4, 4, 20, 1), expected (4, 4, 1, 20)");
    EXPECT_ERROR_WITH(decode(editedBadnet([](json& h, std::string&) {
                          h["model"]["masks"][0]["layer"] = "nowhere";
                      })),
                      "model.masks[0].layer: no layer named 'nowhere'");
}

TEST(ImportFormatRefusal, InconsistentGraph) {
    // Dense with 0 units (its weights still announced as 160 wide).
    EXPECT_ERROR_WITH(decode(editedBadnet([](json& h, std::string&) {
                          h["model"]["spec"]["layers"][10]["units"] = 0;
                      })),
                      kOrigin, "inconsistent model graph", "fc_1", "units must be positive");
    EXPECT_ERROR_WITH(decode(editedBadnet([](json& h, std::string&) {
                          h["model"]["spec"]["layers"][3]["inputs"][0] = "ghost";
                      })),
                      kOrigin, "inconsistent model graph", "inbound layer 'ghost'");
    EXPECT_ERROR_WITH(decode(editedBadnet(
                          [](json& h, std::string&) { h["model"]["spec"]["output"] = "pool_3"; })),
                      "inconsistent model graph", "flat class vector");
    EXPECT_ERROR_WITH(decode(editedBadnet([](json& h, std::string&) {
                          h["model"]["spec"]["layers"] = json::array();
                      })),
                      "inconsistent model graph", "no layers");
}

TEST(ImportFormatRefusal, RandomCorruptionGivesAModelOrAnErrorNeverAnythingElse) {
    const std::string& bytes = badnetPayload();
    const size_t headerEnd = 16 + split(bytes).headerBytes;
    ImportBudget budget; // corrupted sizes stay small, whatever the flips
    budget.maxTotalBytes = 64 << 20;
    std::mt19937_64 gen(7);
    int errors = 0, decoded = 0;
    for (int round = 0; round < 300; ++round) {
        std::string bad = bytes;
        const int flips = 1 + int(gen() % 3);
        for (int i = 0; i < flips; ++i) {
            // Mostly the preamble and header, where the structure is.
            const size_t at = gen() % 4 ? gen() % headerEnd : gen() % bad.size();
            bad[at] = static_cast<char>(gen() % 2 ? gen() : bad[at] ^ (1 << (gen() % 8)));
        }
        try {
            decode(bad, budget);
            ++decoded;
        } catch (const Error& e) {
            EXPECT_EQ(std::string(e.what()).rfind(kOrigin + ": ", 0), 0u) << e.what();
            ++errors;
        } catch (const std::exception& e) {
            ADD_FAILURE() << "round " << round << ": not a bdl::core::Error: " << e.what();
        }
    }
    EXPECT_GT(errors, 150);
    EXPECT_EQ(errors + decoded, 300);
}
