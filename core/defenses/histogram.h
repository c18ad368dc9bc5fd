#pragma once
/// @file histogram.h
/// Histograms of several value sets over one shared set of bins, so that their bars line up
/// (STRIP's entropy distributions of clean and poisoned inputs drawn over each other).
///
/// Bins are equal-width and half-open, [edge_i, edge_i+1), except the last, which is closed so
/// that the maximum falls into it. The same rule (histogramBin) counts the values and answers
/// "which inputs are in this bar", so both always agree.
///
/// Thread-safety: pure functions. Errors: Error for fewer than one bin.
#include <cstdint>
#include <vector>

namespace bdl::core {

/// Counts of several sets over shared bins.
struct Histogram {
    std::vector<double> edges;                ///< bins + 1 ascending edges
    std::vector<std::vector<int64_t>> counts; ///< per set (in the order given), per bin

    int bins() const { return edges.empty() ? 0 : static_cast<int>(edges.size()) - 1; }
};

/// `bins` equal-width bins spanning the smallest to the largest finite value of all `sets`
/// (null pointers count as empty sets), and each set's counts over them. Non-finite values are
/// not counted. A degenerate range (one distinct value) gets a small symmetric width around it
/// (kDegenerateHalfWidth, or that fraction of the value's magnitude when larger); no finite value
/// at all gives the range [0, 1].
/// @throws Error when bins < 1.
Histogram sharedHistogram(const std::vector<const std::vector<double>*>& sets, int bins);

/// Half the width given to a degenerate range (absolute, and relative to |value|).
inline constexpr double kDegenerateHalfWidth = 1e-3;

/// The bin of `value` under `edges` (ascending, at least two): i with edges[i] <= value <
/// edges[i + 1], or the last bin for value == edges.back(); -1 outside the range, for NaN, or
/// when there are fewer than two edges.
int histogramBin(const std::vector<double>& edges, double value);

} // namespace bdl::core
