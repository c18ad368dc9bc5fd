// The seeded draws behind every protocol: deterministic, portable and independent of torch's RNG.
#include "core/base/random.h"

#include <gtest/gtest.h>
#include <torch/types.h>
#include <torch/utils.h>

#include <algorithm>
#include <set>

using namespace bdl::core;

TEST(Random, SeededDrawIsADeterministicPartialPermutation) {
    const auto a = seededDraw(50, 20, 7);
    EXPECT_EQ(a, seededDraw(50, 20, 7));
    EXPECT_NE(a, seededDraw(50, 20, 8));
    ASSERT_EQ(a.size(), 20u);
    EXPECT_EQ(std::set<int64_t>(a.begin(), a.end()).size(), 20u);
    for (int64_t v : a)
        EXPECT_TRUE(v >= 0 && v < 50);
    // A full draw is a permutation; its prefix is the shorter draw (one Fisher-Yates pass).
    const auto full = seededDraw(50, 50, 7);
    EXPECT_TRUE(std::equal(a.begin(), a.end(), full.begin()));
    auto sorted = full;
    std::sort(sorted.begin(), sorted.end());
    for (int64_t i = 0; i < 50; ++i)
        EXPECT_EQ(sorted[static_cast<size_t>(i)], i);
    EXPECT_TRUE(seededDraw(0, 5, 1).empty());
    EXPECT_EQ(seededDraw(3, 10, 1).size(), 3u);
}

TEST(Random, DrawsDoNotDependOnTheGlobalTorchGenerator) {
    torch::manual_seed(1);
    const auto a = seededDraw(1000, 100, 42);
    torch::manual_seed(2);
    (void)torch::rand({10});
    EXPECT_EQ(seededDraw(1000, 100, 42), a);
}

TEST(Random, FixedValuesKeepOldSessionsAndRunsReproducible) {
    // The generator is std::mt19937_64 (specified to the bit by the standard) with rejection
    // sampling: these values must never change, or saved STRIP runs would no longer reproduce.
    EXPECT_EQ(deriveSeed(0, 0), 0xE220A8397B1DCDAFULL);
    const std::vector<int64_t> expected = seededDraw(10, 3, 0);
    std::mt19937_64 rng(0);
    std::vector<int64_t> all{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    for (int64_t i = 0; i < 3; ++i) {
        const int64_t j = i + uniformIndex(rng, 10 - i);
        std::swap(all[static_cast<size_t>(i)], all[static_cast<size_t>(j)]);
    }
    EXPECT_EQ(expected, std::vector<int64_t>(all.begin(), all.begin() + 3));
}

TEST(Random, SampleSortedAndIndicesExcept) {
    const std::vector<int64_t> pool = indicesExcept(20, {3, 5, 19, 40, -1});
    EXPECT_EQ(pool.size(), 17u);
    EXPECT_EQ(std::count(pool.begin(), pool.end(), 5), 0);
    const auto s = sampleSorted(pool, 6, 9);
    ASSERT_EQ(s.size(), 6u);
    EXPECT_TRUE(std::is_sorted(s.begin(), s.end()));
    for (int64_t v : s)
        EXPECT_NE(std::find(pool.begin(), pool.end(), v), pool.end());
    EXPECT_EQ(sampleSorted(pool, 0, 9), pool);
    EXPECT_EQ(sampleSorted(pool, 100, 9), pool);
    EXPECT_NE(deriveSeed(5, 1), deriveSeed(5, 2));
    EXPECT_NE(deriveSeed(5, 1), deriveSeed(6, 1));
}
