// BackdoorLab's weights snapshot ("BDLW"): round trip, and every damaged or foreign snapshot is
// refused with an error naming the origin, before anything of its size is allocated.
#include "core/base/errors.h"
#include "core/defenses/pruning.h"
#include "core/nn/architectures.h"
#include "core/io/weights_snapshot.h"
#include "tests/core/synthetic.h"

#include <gtest/gtest.h>
#include <torch/types.h>

#include <cstring>
#include <limits>

using namespace bdl::core;
using bdl::test::tinyModel;

namespace {

/// A model with changed weights and a pruning mask, as a B' would be.
Model repairedModel() {
    Model m = tinyModel(3);
    const std::string layer = m.defaultPruneLayer();
    const int64_t c = m.outputShape(layer).channels();
    std::vector<int64_t> order(static_cast<size_t>(c));
    for (int64_t i = 0; i < c; ++i)
        order[static_cast<size_t>(i)] = c - 1 - i;
    applyPruning(m, layer, order, 5);
    return m;
}

void expectError(const Model& base, const std::string& bytes, const std::string& needle) {
    try {
        decodeWeightsSnapshot(base, base.defaultPruneLayer(), bytes, "s.bdlsession");
        FAIL() << "decoded a bad snapshot (" << needle << ")";
    } catch (const Error& e) {
        EXPECT_EQ(e.source(), "s.bdlsession");
        EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
}

} // namespace

TEST(WeightsSnapshot, RoundTripRestoresWeightsAndMaskExactly) {
    const Model b = tinyModel(1);
    const Model bPrime = repairedModel();
    const std::string layer = b.defaultPruneLayer();
    const std::string bytes = encodeWeightsSnapshot(bPrime, layer);
    EXPECT_EQ(bytes.substr(0, 4), "BDLW");
    const Model back = decodeWeightsSnapshot(b, layer, bytes, "x");
    for (const auto& l : b.weightedLayers()) {
        const auto w0 = bPrime.kerasWeights(l);
        const auto w1 = back.kerasWeights(l);
        ASSERT_EQ(w0.size(), w1.size());
        for (size_t i = 0; i < w0.size(); ++i)
            EXPECT_TRUE(torch::equal(w0[i], w1[i])) << l;
    }
    EXPECT_TRUE(torch::equal(back.channelMask(layer), bPrime.channelMask(layer)));
    // Same predictions on the same inputs.
    const auto x = torch::rand({4, 1, 32, 32}) * 255;
    EXPECT_TRUE(torch::equal(back.logits(x), bPrime.logits(x)));
    // Writing it again gives the same bytes; a model without a mask round-trips too.
    EXPECT_EQ(encodeWeightsSnapshot(back, layer), bytes);
    const Model plain = decodeWeightsSnapshot(b, layer, encodeWeightsSnapshot(b, layer), "x");
    EXPECT_FALSE(plain.channelMask(layer).defined());
}

TEST(WeightsSnapshot, EveryTruncationIsRefused) {
    const Model b = tinyModel(1);
    const std::string bytes = encodeWeightsSnapshot(repairedModel(), b.defaultPruneLayer());
    for (size_t cut : {size_t{0}, size_t{3}, size_t{4}, size_t{8}, size_t{11}, size_t{20},
                       size_t{100}, bytes.size() / 2, bytes.size() - 5, bytes.size() - 1}) {
        SCOPED_TRACE(cut);
        EXPECT_THROW(decodeWeightsSnapshot(b, b.defaultPruneLayer(), bytes.substr(0, cut), "t"),
                     Error);
    }
    expectError(b, bytes.substr(0, bytes.size() - 1), "truncated");
    expectError(b, bytes + "x", "unexpected bytes");
}

TEST(WeightsSnapshot, WrongMagicVersionShapesLayerAndValuesAreRefused) {
    const Model b = tinyModel(1);
    const std::string layer = b.defaultPruneLayer();
    const std::string good = encodeWeightsSnapshot(repairedModel(), layer);
    std::string magic = good;
    magic[0] = 'X';
    expectError(b, magic, "not in BackdoorLab's format");
    std::string version = good;
    version[4] = 2;
    expectError(b, version, "format version 2");
    // A snapshot of a model with other shapes (8 classes instead of 4) does not fit.
    Model other(csawBadnetSpec(32, 32, 1, 8));
    other.initialize(2);
    expectError(b, encodeWeightsSnapshot(other, layer), "wrong shape");
    // Another mask layer.
    expectError(b, encodeWeightsSnapshot(repairedModel(), "conv_1"), "pruning mask");
    // A NaN weight.
    std::string nan = good;
    const float q = std::numeric_limits<float>::quiet_NaN();
    std::memcpy(&nan[nan.size() - 4], &q, 4);
    expectError(b, nan, "NaN");
    // An absurd dimension is refused before allocating.
    std::string huge = good;
    const size_t firstDim = 12 + 4 + b.weightedLayers().front().size() + 4 + 4;
    const int64_t big = int64_t{1} << 50;
    std::memcpy(&huge[firstDim], &big, 8);
    expectError(b, huge, "wrong shape");
}
