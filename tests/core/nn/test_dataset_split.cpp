// The one hold-out split (Liu et al.'s validation set in both faces).
#include "core/base/errors.h"
#include "core/defenses/fine_pruning.h"
#include "core/nn/dataset.h"

#include <gtest/gtest.h>
#include <torch/types.h>

#include <set>

using namespace bdl::core;

namespace {

Dataset numbered(int64_t n) {
    Dataset d;
    d.name = "clean";
    // Image i holds the value i everywhere, so the rows of a part say where they came from.
    d.images = torch::arange(n, torch::kFloat32).view({n, 1, 1, 1}).expand({n, 1, 2, 2}).clone();
    d.labels = torch::arange(n, torch::kInt64) % 3;
    return d;
}

std::vector<int64_t> rows(const Dataset& d) {
    std::vector<int64_t> v;
    for (int64_t i = 0; i < d.size(); ++i)
        v.push_back(static_cast<int64_t>(d.images[i][0][0][0].item<float>()));
    return v;
}

} // namespace

TEST(HoldOutSplit, PartsAreDisjointCompleteSortedAndSeeded) {
    const Dataset d = numbered(103);
    const DataSplit s = holdOutSplit(d, 20, 11);
    EXPECT_EQ(s.held.size(), 20); // 103 * 20 / 100
    EXPECT_EQ(s.rest.size(), 83);
    EXPECT_EQ(s.held.name, "clean (20 % held out)");
    EXPECT_EQ(s.rest.name, "clean (80 %)");
    const auto h = rows(s.held);
    const auto r = rows(s.rest);
    EXPECT_TRUE(std::is_sorted(h.begin(), h.end()));
    EXPECT_TRUE(std::is_sorted(r.begin(), r.end()));
    std::set<int64_t> all(h.begin(), h.end());
    all.insert(r.begin(), r.end());
    EXPECT_EQ(all.size(), 103u);
    // Labels travel with their images.
    for (int64_t i = 0; i < s.held.size(); ++i)
        EXPECT_EQ(s.held.labels[i].item<int64_t>(), h[static_cast<size_t>(i)] % 3);
    EXPECT_EQ(rows(holdOutSplit(d, 20, 11).held), h);
    EXPECT_NE(rows(holdOutSplit(d, 20, 12).held), h);
    // Liu et al.'s split is this one at 20 %.
    EXPECT_EQ(rows(liuHoldOut(d, 11).held), h);
}

TEST(HoldOutSplit, TinySetsAndBadSharesAreErrorsNamingTheSet) {
    EXPECT_EQ(holdOutSplit(numbered(2), 20, 0).held.size(), 1);
    try {
        holdOutSplit(numbered(1), 20, 0);
        FAIL() << "a one-image set was split";
    } catch (const Error& e) {
        EXPECT_EQ(e.source(), "clean");
    }
    EXPECT_THROW(holdOutSplit(numbered(10), 0, 0), Error);
    EXPECT_THROW(holdOutSplit(numbered(10), 100, 0), Error);
}
