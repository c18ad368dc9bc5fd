// The import format (BDLX, core/io/import_format.h): round trips of models, data sets, inspector
// images and refusals. The decoder's refusals of malformed payloads are in
// test_import_format_refusals.cpp.
#include "tests/core/error_expect.h"
#include "tests/core/io/import_format_test_util.h"

#include "core/base/errors.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <torch/types.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

using namespace bdl::core;
using namespace bdl::test::import_format;
using bdl::test::errorOf;
using nlohmann::json;

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
