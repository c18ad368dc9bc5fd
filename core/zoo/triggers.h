#pragma once
/// @file triggers.h
/// Backdoor triggers for the demo zoo (zoo.h): each is an opacity mask and a pattern, stamped onto
/// raw 0..255 images as x' = round((1 - mask) * x + mask * pattern), so that poisoned images stay
/// integral and store exactly as uint8 in CSAW files.
///
/// Covers the three families the zoo mirrors: a visible BadNets patch (mask 1 on a square), a
/// Chen et al. blended pattern (mask = alpha everywhere over a random pattern) and sparse or thin
/// shapes (mask 1 on a few pixels). Builders are deterministic: random parts use std::mt19937_64
/// seeded by the caller, so a trigger is the same on every platform and LibTorch version.
#include "core/nn/dataset.h"

#include <cstdint>
#include <string>

namespace bdl::core {

struct Trigger {
    std::string name;        ///< short id, used in file names ("patch")
    std::string description; ///< one line for people ("4x4 white square, bottom-right corner")
    int64_t target = 0;      ///< the class the backdoor sends triggered inputs to
    torch::Tensor mask;      ///< (1, H, W) float32 in [0, 1]; broadcast over channels
    torch::Tensor pattern;   ///< (1, H, W) float32 in [0, 255]
};

/// Stamps the trigger on (N, C, H, W) raw images (any C; the H, W must match the trigger's).
/// @throws Error when the sizes differ.
torch::Tensor stampTrigger(const Trigger& t, const torch::Tensor& images);

/// BadNets: a size x size white square `margin` pixels from the bottom-right corner.
Trigger patchTrigger(int height, int width, int size, int margin, int64_t target);
/// Chen et al.: a uniform random 0..255 pattern blended over the whole image at opacity alpha.
Trigger blendTrigger(int height, int width, double alpha, uint64_t seed, int64_t target);
/// `count` white pixels at random distinct positions, at least `margin` pixels from the border.
Trigger pixelsTrigger(int height, int width, int count, int margin, uint64_t seed, int64_t target);
/// A size x size black-and-white checkerboard `margin` pixels from the top-left corner.
Trigger checkerTrigger(int height, int width, int size, int margin, int64_t target);
/// A one-pixel white horizontal line across the image at row `row`, `margin` pixels from the
/// left and right borders.
Trigger stripeTrigger(int height, int width, int row, int margin, int64_t target);
/// A size x size white "X" `margin` pixels from the top-right corner.
Trigger crossTrigger(int height, int width, int size, int margin, int64_t target);

/// A poisoned copy of a clean set: every image whose label differs from t.target, stamped with
/// the trigger; labels keep the true classes and targets are all t.target. Images of the target
/// class are left out (they say nothing about the attack). Item names get "+<trigger>".
Dataset poisonedCopy(const Dataset& clean, const Trigger& t, const std::string& name);

/// The fraction of pixels (of H x W) the trigger changes at full or partial opacity.
double triggerCoverage(const Trigger& t);

} // namespace bdl::core
