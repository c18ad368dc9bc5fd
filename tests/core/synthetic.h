#pragma once
// Test helpers: a tiny csaw-shaped model and a synthetic backdoor task it learns in seconds.
//
// Images are 32x32x1 raw pixels (0..255; the smallest size the csaw-badnet layer stack accepts)
// with a low noise background and one bright 8x8 block whose position is the class. The trigger
// is a 4x4 checkerboard in the bottom-right corner, where no block ever is; poisoned images are
// relabelled to class 0. Training on clean + 20 % poisoned images gives a real backdoor: high
// clean accuracy and high attack success rate.
#include "core/nn/dataset.h"
#include "core/nn/model.h"

#include <cstdint>

namespace bdl::test {

inline constexpr int kSynthSize = 32;
inline constexpr int kSynthClasses = 4;
inline constexpr int64_t kSynthTarget = 0;

/// n images. Clean: classes cycle 0..3, labels set, no targets. Poisoned: classes 1..3 with the
/// trigger, labels = true class, targets = kSynthTarget.
core::Dataset makeSyntheticSet(int64_t n, bool poisoned, uint64_t seed);
/// Adds the trigger to every image (in place on a copy).
torch::Tensor addTrigger(const torch::Tensor& images);

/// The csaw-badnet graph at 32x32x1 with 4 classes, Glorot-initialised from seed.
core::Model tinyModel(uint64_t seed);

struct SyntheticTask {
    core::Model model{tinyModel(1)}; ///< the trained badnet
    core::Dataset trainMixed;        ///< what it was trained on (clean + poisoned as target)
    core::Dataset cleanTrain;        ///< clean images for ranking / fine-tuning
    core::Dataset cleanTest;         ///< clean test images (distinct seeds)
    core::Dataset poisonedTest;      ///< triggered test images (targets = 0)
};

/// Trained once per process (a few seconds on 2 cores), then shared.
const SyntheticTask& syntheticTask();

} // namespace bdl::test
