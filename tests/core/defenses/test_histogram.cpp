// histogram.h: shared bins over several sets, the half-open/closed bin rule, degenerate ranges.
#include "core/base/errors.h"
#include "core/defenses/histogram.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numeric>
#include <random>

namespace bdl::core {
namespace {

int64_t total(const std::vector<int64_t>& c) {
    return std::accumulate(c.begin(), c.end(), int64_t{0});
}

TEST(Histogram, SharedBinsSpanEverySet) {
    const std::vector<double> a{0.0, 1.0, 2.0, 3.0};
    const std::vector<double> b{1.5, 4.0};
    const Histogram h = sharedHistogram({&a, &b}, 4);
    ASSERT_EQ(h.bins(), 4);
    EXPECT_EQ(h.edges, (std::vector<double>{0.0, 1.0, 2.0, 3.0, 4.0}));
    ASSERT_EQ(h.counts.size(), 2u);
    // Half-open bins: 1.0 starts bin 1, 2.0 bin 2, 3.0 bin 3; the maximum 4.0 is in the closed
    // last bin.
    EXPECT_EQ(h.counts[0], (std::vector<int64_t>{1, 1, 1, 1}));
    EXPECT_EQ(h.counts[1], (std::vector<int64_t>{0, 1, 0, 1}));
}

TEST(Histogram, DegenerateRangeGetsASmallSymmetricWidth) {
    const std::vector<double> a{2.0, 2.0, 2.0};
    const Histogram h = sharedHistogram({&a}, 3);
    // Half width max(1e-3, 1e-3 * |2|) = 2e-3 around 2.0.
    EXPECT_DOUBLE_EQ(h.edges.front(), 2.0 - 2e-3);
    EXPECT_DOUBLE_EQ(h.edges.back(), 2.0 + 2e-3);
    EXPECT_EQ(h.counts[0], (std::vector<int64_t>{0, 3, 0}));
    const std::vector<double> zero{0.0};
    const Histogram z = sharedHistogram({&zero}, 2);
    EXPECT_DOUBLE_EQ(z.edges.front(), -1e-3);
    EXPECT_DOUBLE_EQ(z.edges.back(), 1e-3);
    EXPECT_EQ(z.counts[0], (std::vector<int64_t>{0, 1})); // 0 is the middle edge: upper bin
}

TEST(Histogram, EmptyNullAndNonFiniteValues) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    const std::vector<double> a{nan, 1.0, inf, 3.0, -inf};
    const std::vector<double> empty;
    const Histogram h = sharedHistogram({&a, nullptr, &empty}, 2);
    EXPECT_EQ(h.edges, (std::vector<double>{1.0, 2.0, 3.0}));
    EXPECT_EQ(h.counts[0], (std::vector<int64_t>{1, 1}));
    EXPECT_EQ(h.counts[1], (std::vector<int64_t>{0, 0}));
    EXPECT_EQ(h.counts[2], (std::vector<int64_t>{0, 0}));
    const Histogram none = sharedHistogram({&empty}, 5);
    EXPECT_DOUBLE_EQ(none.edges.front(), 0.0);
    EXPECT_DOUBLE_EQ(none.edges.back(), 1.0);
    EXPECT_EQ(total(none.counts[0]), 0);
    EXPECT_THROW(sharedHistogram({&a}, 0), Error);
}

TEST(Histogram, BinRule) {
    const std::vector<double> e{0.0, 0.5, 1.0};
    EXPECT_EQ(histogramBin(e, 0.0), 0);
    EXPECT_EQ(histogramBin(e, 0.49), 0);
    EXPECT_EQ(histogramBin(e, 0.5), 1);
    EXPECT_EQ(histogramBin(e, 1.0), 1);
    EXPECT_EQ(histogramBin(e, -0.01), -1);
    EXPECT_EQ(histogramBin(e, 1.01), -1);
    EXPECT_EQ(histogramBin(e, std::numeric_limits<double>::quiet_NaN()), -1);
    EXPECT_EQ(histogramBin({1.0}, 1.0), -1);
}

TEST(Histogram, CountsSumToSetSizesAndAgreeWithTheBinRule) {
    std::mt19937_64 rng(3);
    std::normal_distribution<double> n1(1.0, 0.3), n2(0.2, 0.1);
    std::vector<double> a(500), b(120);
    for (auto& v : a)
        v = n1(rng);
    for (auto& v : b)
        v = n2(rng);
    const Histogram h = sharedHistogram({&a, &b}, 17);
    EXPECT_EQ(total(h.counts[0]), 500);
    EXPECT_EQ(total(h.counts[1]), 120);
    std::vector<int64_t> again(17, 0);
    for (double v : b)
        ++again[static_cast<size_t>(histogramBin(h.edges, v))];
    EXPECT_EQ(again, h.counts[1]);
    for (size_t i = 1; i < h.edges.size(); ++i)
        EXPECT_LT(h.edges[i - 1], h.edges[i]);
}

} // namespace
} // namespace bdl::core
