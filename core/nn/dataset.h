#pragma once
/// @file dataset.h
/// A labelled image set in memory: what every loader returns and every defense consumes.
#include <torch/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace bdl::core {

struct Dataset {
    std::string name;   ///< short display name (file or folder base name, or a role name)
    std::string source; ///< path it was read from
    /// (N, C, H, W) float32, contiguous, pixel values as stored (0..255 for CSAW and images);
    /// uint8 only when loaded with DataSpec::keepUInt8 (inside the import helper).
    torch::Tensor images;
    /// (N,) int64 true labels; -1 where unknown (e.g. poisoned h5 files that only store targets).
    torch::Tensor labels;
    /// (N,) int64 attack targets for a poisoned set; undefined for a clean set.
    torch::Tensor targets;
    /// One name per image (file name, or "<file>#<index>" for h5 rows).
    std::vector<std::string> itemNames;

    int64_t size() const { return images.defined() ? images.size(0) : 0; }
    bool poisoned() const { return targets.defined(); }
    /// Rows [begin, end) as a new Dataset sharing nothing with this one.
    Dataset slice(int64_t begin, int64_t end) const;
    /// Rows at the given indices (copies).
    Dataset select(const torch::Tensor& indices) const;
};

/// A data set cut in two parts that share no image.
struct DataSplit {
    Dataset held; ///< the held-out part, named "<name> (P % held out)"
    Dataset rest; ///< everything else, named "<name> (100-P %)"
};

/// Holds out max(1, N * percent / 100) images of `set` (integer division), chosen by a seeded
/// permutation (seededDraw(N, N, seed), random.h: the same on every platform, independent of the
/// global torch generator); both parts keep the set's order of the rows they get. This is the
/// one split every protocol uses (Liu et al.'s validation set: 20 % of the clean train set).
/// Error naming the set when it has fewer than 2 images or percent is outside 1..99.
DataSplit holdOutSplit(const Dataset& set, int percent, uint64_t seed);

} // namespace bdl::core
