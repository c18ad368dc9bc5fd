#include "core/defenses/histogram.h"

#include "core/base/errors.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace bdl::core {

Histogram sharedHistogram(const std::vector<const std::vector<double>*>& sets, int bins) {
    if (bins < 1)
        throw Error("histogram: the number of bins must be at least 1, got " +
                    std::to_string(bins));
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (const auto* set : sets)
        if (set)
            for (double v : *set)
                if (std::isfinite(v)) {
                    lo = std::min(lo, v);
                    hi = std::max(hi, v);
                }
    if (!(lo <= hi)) { // no finite value at all
        lo = 0.0;
        hi = 1.0;
    } else if (lo == hi) {
        const double half = std::max(kDegenerateHalfWidth, kDegenerateHalfWidth * std::fabs(lo));
        lo -= half;
        hi += half;
    }

    Histogram h;
    h.edges.resize(static_cast<size_t>(bins) + 1);
    for (int i = 0; i <= bins; ++i)
        h.edges[static_cast<size_t>(i)] =
            lo + (hi - lo) * static_cast<double>(i) / static_cast<double>(bins);
    h.edges.back() = hi; // exactly, so the maximum is inside the closed last bin

    h.counts.reserve(sets.size());
    for (const auto* set : sets) {
        std::vector<int64_t> c(static_cast<size_t>(bins), 0);
        if (set)
            for (double v : *set) {
                const int b = histogramBin(h.edges, v);
                if (b >= 0)
                    ++c[static_cast<size_t>(b)];
            }
        h.counts.push_back(std::move(c));
    }
    return h;
}

int histogramBin(const std::vector<double>& edges, double value) {
    if (edges.size() < 2 || std::isnan(value) || value < edges.front() || value > edges.back())
        return -1;
    const int bins = static_cast<int>(edges.size()) - 1;
    if (value == edges.back())
        return bins - 1;
    // Binary search on the stored edges (not arithmetic on the width), so rounding can never put
    // a value on the other side of an edge than the comparisons below say.
    const auto it = std::upper_bound(edges.begin(), edges.end(), value);
    return std::clamp(static_cast<int>(it - edges.begin()) - 1, 0, bins - 1);
}

} // namespace bdl::core
