#include "synthetic.h"

#include "core/nn/architectures.h"
#include "core/nn/finetune.h"
#include "core/base/runtime.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/types.h>

namespace bdl::test {

namespace {

constexpr int kBlock = 8;
constexpr int kTrigger = 4;
constexpr int kTriggerAt = 26; // rows/cols 26..29: no class block reaches past 21
const int kBlockAt[kSynthClasses][2] = {{3, 3}, {3, 14}, {14, 3}, {14, 14}};

} // namespace

torch::Tensor addTrigger(const torch::Tensor& images) {
    auto out = images.clone();
    for (int i = 0; i < kTrigger; ++i)
        for (int j = 0; j < kTrigger; ++j)
            out.select(2, kTriggerAt + i)
                .select(2, kTriggerAt + j)
                .fill_((i + j) % 2 ? 0.0 : 255.0);
    return out;
}

core::Dataset makeSyntheticSet(int64_t n, bool poisoned, uint64_t seed) {
    auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
    core::Dataset d;
    d.name = poisoned ? "synthetic-poisoned" : "synthetic-clean";
    d.images = torch::rand({n, 1, kSynthSize, kSynthSize}, gen) * 60.0;
    d.labels = torch::empty({n}, torch::kInt64);
    const auto jitter = torch::randint(-1, 2, {n, 2}, gen, torch::kInt64);
    for (int64_t i = 0; i < n; ++i) {
        const int64_t cls = poisoned ? 1 + i % (kSynthClasses - 1) : i % kSynthClasses;
        d.labels[i] = cls;
        const int64_t r = kBlockAt[cls][0] + jitter[i][0].item<int64_t>();
        const int64_t c = kBlockAt[cls][1] + jitter[i][1].item<int64_t>();
        d.images[i][0].slice(0, r, r + kBlock).slice(1, c, c + kBlock).fill_(200.0);
        d.itemNames.push_back(d.name + "#" + std::to_string(i));
    }
    if (poisoned) {
        d.images = addTrigger(d.images);
        d.targets = torch::full({n}, kSynthTarget, torch::kInt64);
    }
    d.images = d.images.contiguous();
    return d;
}

core::Model tinyModel(uint64_t seed) {
    core::Model m(core::csawBadnetSpec(kSynthSize, kSynthSize, 1, kSynthClasses));
    m.initialize(seed);
    m.setInputScale(core::InputScale::Unit);
    return m;
}

const SyntheticTask& syntheticTask() {
    static const SyntheticTask task = [] {
        core::setThreads(0);
        SyntheticTask t;
        const auto clean = makeSyntheticSet(600, false, 11);
        const auto poisoned = makeSyntheticSet(150, true, 12);
        t.trainMixed.name = "synthetic-train";
        t.trainMixed.images = torch::cat({clean.images, poisoned.images});
        t.trainMixed.labels = torch::cat({clean.labels, poisoned.targets});
        t.cleanTrain = makeSyntheticSet(400, false, 13);
        t.cleanTest = makeSyntheticSet(200, false, 14);
        t.poisonedTest = makeSyntheticSet(150, true, 15);
        core::FineTuneConfig cfg;
        cfg.lr = 2e-3;
        cfg.epochs = 5;
        cfg.seed = 3;
        core::fineTune(t.model, t.trainMixed, cfg);
        return t;
    }();
    return task;
}

} // namespace bdl::test
