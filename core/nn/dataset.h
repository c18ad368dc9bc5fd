#pragma once
/// @file dataset.h
/// A labelled image set in memory: what every loader returns and every defense consumes.
#include <torch/types.h>

#include <string>
#include <vector>

namespace bdl::core {

struct Dataset {
    std::string name;   ///< short display name (file or folder base name, or a role name)
    std::string source; ///< path it was read from
    /// (N, C, H, W) float32, contiguous, pixel values as stored (0..255 for CSAW and images).
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

} // namespace bdl::core
