#include "core/nn/finetune.h"

#include "core/nn/dataset.h"
#include "core/base/errors.h"
#include "core/base/feedback.h"
#include "core/base/stage_text.h"
#include "core/nn/model.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/types.h>
#include <torch/optim/adam.h>
#include <torch/utils.h>

#include <cmath>

namespace bdl::core {

namespace {

void checkConfig(const FineTuneConfig& c) {
    if (!(c.lr > 0.0) || !std::isfinite(c.lr))
        throw Error("fine-tuning: the learning rate must be positive, got " + std::to_string(c.lr));
    if (c.epochs <= 0)
        throw Error("fine-tuning: the number of epochs must be positive, got " +
                    std::to_string(c.epochs));
    if (c.batchSize <= 0)
        throw Error("fine-tuning: the batch size must be positive, got " +
                    std::to_string(c.batchSize));
}

void checkLabels(const Model& model, const Dataset& train) {
    if (train.size() == 0)
        throw Error(train.name, "cannot fine-tune on an empty data set");
    if (!train.labels.defined() || train.labels.numel() != train.size())
        throw Error(train.name, "fine-tuning needs one label per image");
    const int64_t lo = train.labels.min().item<int64_t>();
    const int64_t hi = train.labels.max().item<int64_t>();
    if (lo < 0)
        throw Error(train.name, "fine-tuning needs known labels, but some images have none");
    if (hi >= model.numClasses())
        throw Error(train.name, "label " + std::to_string(hi) + " is not a class of the model (" +
                                    std::to_string(model.numClasses()) + " classes)");
}

} // namespace

FineTuneResult fineTune(Model& model, const Dataset& train, const FineTuneConfig& config,
                        const ProgressScope& scope, const EpochCallback& onEpoch) {
    checkConfig(config);
    checkLabels(model, train);
    scope.check();
    torch::AutoGradMode gradOn(true);
    torch::manual_seed(config.seed);
    auto gen = at::make_generator<at::CPUGeneratorImpl>(config.seed);

    Model work(model);
    work.bakeChannelMasks();
    std::vector<torch::Tensor> params = work.parameters();
    torch::optim::Adam optimizer(params, torch::optim::AdamOptions(config.lr));
    const int64_t n = train.size();
    const auto labels = train.labels.to(torch::kInt64);
    const int64_t batchesPerEpoch = (n + config.batchSize - 1) / config.batchSize;
    const double totalBatches = static_cast<double>(batchesPerEpoch) * config.epochs;

    FineTuneResult result;
    for (int epoch = 0; epoch < config.epochs; ++epoch) {
        const auto perm = torch::randperm(n, gen, torch::kInt64);
        double lossSum = 0.0;
        for (int64_t b = 0; b < batchesPerEpoch; ++b) {
            scope.check();
            const auto idx =
                perm.slice(0, b * config.batchSize, std::min(n, (b + 1) * config.batchSize));
            // Not channels-last: LibTorch 1.13's CPU convolution backward is ~35x slower on it.
            // The shuffle stays on the CPU (the same batches on every device); each batch moves
            // to the model's device (to() returns the batch itself on the CPU).
            const auto x = train.images.index_select(0, idx).to(work.device());
            const auto y = labels.index_select(0, idx).to(work.device());
            // Gradients dropped rather than zeroed: backward() then writes them instead of
            // adding to zeros (PyTorch's zero_grad(set_to_none=True)); Adam skips none.
            for (auto& p : params)
                p.mutable_grad().reset();
            const auto loss = torch::cross_entropy_loss(
                work.logits(x, /*training=*/true, config.updateBatchNorm), y);
            loss.backward();
            optimizer.step();
            work.bakeChannelMasks(); // pruned channels keep zero weights
            lossSum += loss.item<double>() * static_cast<double>(idx.size(0));
            ++result.steps;
            const double done = static_cast<double>(epoch * batchesPerEpoch + b + 1);
            scope.set(done / totalBatches, !config.stage.empty()
                                               ? config.stage
                                               : stage::format(stage::kFineTuningEpoch,
                                                               {std::to_string(epoch + 1),
                                                                std::to_string(config.epochs)}));
        }
        const double mean = lossSum / static_cast<double>(n);
        result.epochLoss.push_back(mean);
        if (onEpoch)
            onEpoch(epoch, mean);
    }
    scope.check();
    model = std::move(work);
    return result;
}

FineTuneResult fineTune(Model& model, const Dataset& train, const FineTuneConfig& config,
                        Feedback* fb, const EpochCallback& onEpoch) {
    return fineTune(model, train, config, ProgressScope(fb), onEpoch);
}

} // namespace bdl::core
