// The import format's decoder (BDLX, core/io/import_format.h) refuses every malformed payload:
// wrong preamble, hostile header, sizes over budget, truncation, trailing bytes, bad values,
// inconsistent graphs.
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
