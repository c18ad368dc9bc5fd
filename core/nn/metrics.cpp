#include "core/nn/metrics.h"

#include "core/nn/dataset.h"
#include "core/base/errors.h"
#include "core/base/feedback.h"
#include "core/base/stage_text.h"

#include <torch/types.h>
#include <torch/utils.h>

#include <cmath>
#include <limits>

namespace bdl::core {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void checkBatch(int64_t batch) {
    if (batch <= 0)
        throw Error("batch size must be positive, got " + std::to_string(batch));
}

/// A batch as the model's forward pass wants it: on the model's device (the batch itself when it
/// is there, as on the CPU), channels-last for LibTorch's convolutions; as it is for the bfloat16
/// trunk, which reorders to oneDNN's layout from plain (N, C, H, W).
torch::Tensor batchInput(const Model& model, const torch::Tensor& batch) {
    const torch::Tensor onDevice = batch.to(model.device());
    return model.inferencePrecision() == InferencePrecision::BFloat16 ? onDevice
                                                                      : toChannelsLast(onDevice);
}

/// The batch an inference call runs when the caller left the default: the model's calibrated
/// one, else kPredictBatch.
int64_t batchFor(const Model& model, int64_t batch) {
    if (batch != kDefaultBatch)
        return batch;
    return model.inferenceBatch() > 0 ? model.inferenceBatch() : kPredictBatch;
}

/// Runs fn(rowsBegin, rowsEnd) over the rows in batches, reporting progress and checking cancel.
template <class Fn>
void forBatches(int64_t n, int64_t batch, const ProgressScope& scope, const std::string& stage,
                Fn&& fn) {
    scope.check();
    for (int64_t b = 0; b < n; b += batch) {
        const int64_t e = std::min(n, b + batch);
        fn(b, e);
        scope.set(static_cast<double>(e) / static_cast<double>(n), stage);
    }
}

double percentWhereEqual(const torch::Tensor& pred, const torch::Tensor& ref, const char* what) {
    if (!pred.defined() || !ref.defined() || pred.numel() != ref.numel())
        throw Error(std::string(what) + ": predictions and reference have different lengths");
    const auto r = ref.reshape({-1}).to(torch::kInt64);
    const auto known = r >= 0;
    const int64_t n = known.sum().item<int64_t>();
    if (n == 0)
        return kNaN;
    // Predictions kept on a GPU (a pruning sweep's) meet the data set's labels on the CPU.
    const auto hits = (pred.reshape({-1}).to(r.device(), torch::kInt64) == r).logical_and(known);
    return 100.0 * static_cast<double>(hits.sum().item<int64_t>()) / static_cast<double>(n);
}

} // namespace

torch::Tensor toChannelsLast(const torch::Tensor& images) {
    if (images.dim() != 4)
        return images;
    return images.to(torch::kFloat32).contiguous(at::MemoryFormat::ChannelsLast);
}

torch::Tensor predictLabels(const Model& model, const torch::Tensor& images,
                            const ProgressScope& scope, int64_t batch) {
    checkBatch(batch);
    batch = batchFor(model, batch);
    torch::NoGradGuard guard;
    const int64_t n = images.defined() ? images.size(0) : 0;
    auto out = torch::empty({n}, torch::kInt64);
    forBatches(n, batch, scope, stage::kPredicting, [&](int64_t b, int64_t e) {
        out.slice(0, b, e).copy_(model.logits(batchInput(model, images.slice(0, b, e))).argmax(1));
    });
    return out;
}

torch::Tensor predictLabels(const Model& model, const torch::Tensor& images, Feedback* fb,
                            int64_t batch) {
    return predictLabels(model, images, ProgressScope(fb), batch);
}

torch::Tensor predictProbabilities(const Model& model, const torch::Tensor& images, Feedback* fb,
                                   int64_t batch) {
    checkBatch(batch);
    batch = batchFor(model, batch);
    torch::NoGradGuard guard;
    const int64_t n = images.defined() ? images.size(0) : 0;
    auto out = torch::empty({n, model.numClasses()}, torch::kFloat32);
    forBatches(n, batch, ProgressScope(fb), stage::kPredicting, [&](int64_t b, int64_t e) {
        out.slice(0, b, e).copy_(model.probabilities(batchInput(model, images.slice(0, b, e))));
    });
    return out;
}

double accuracy(const torch::Tensor& pred, const torch::Tensor& labels) {
    return percentWhereEqual(pred, labels, "accuracy");
}

double attackSuccessRate(const torch::Tensor& pred, const torch::Tensor& targets) {
    return percentWhereEqual(pred, targets, "attack success rate");
}

EvalReport evaluate(const Model& model, const Dataset& clean, const std::vector<Dataset>& poisoned,
                    Feedback* fb) {
    return evaluate(model, clean, poisoned, ProgressScope(fb));
}

void checkImageShape(const torch::Tensor& images, const std::array<int, 3>& input,
                     const std::string& source, bool checkChannels) {
    const bool fits = images.defined() && images.dim() == 4 && images.size(2) == input[0] &&
                      images.size(3) == input[1] && (!checkChannels || images.size(1) == input[2]);
    if (fits)
        return;
    std::string have = "missing";
    if (images.defined() && images.dim() == 4)
        have = std::to_string(images.size(2)) + "x" + std::to_string(images.size(3)) + "x" +
               std::to_string(images.size(1)) + " (height x width x channels)";
    else if (images.defined())
        have = "a " + std::to_string(images.dim()) + "-dimensional array, not (N, C, H, W)";
    throw Error(source, "the images are " + have + " but the model takes " +
                            std::to_string(input[0]) + "x" + std::to_string(input[1]) + "x" +
                            std::to_string(input[2]) +
                            ": choose data made for this model or the model for this data");
}

void checkDataFitsModel(const Model& model, const Dataset& data) {
    checkImageShape(data.images, model.inputShape(), data.source.empty() ? data.name : data.source);
}

EvalReport evaluate(const Model& model, const Dataset& clean, const std::vector<Dataset>& poisoned,
                    const ProgressScope& root) {
    if (clean.size() > 0)
        checkDataFitsModel(model, clean);
    for (const auto& p : poisoned)
        if (p.size() > 0)
            checkDataFitsModel(model, p);
    for (const auto& p : poisoned)
        if (!p.poisoned())
            throw Error(p.name, "a poisoned set needs attack targets");
    double total = static_cast<double>(std::max<int64_t>(clean.size(), 1));
    for (const auto& p : poisoned)
        total += static_cast<double>(p.size());
    double done = 0.0;
    auto scopeFor = [&](int64_t n) {
        const double a = done / total;
        done += static_cast<double>(n);
        return root.sub(a, done / total);
    };

    EvalReport r;
    r.cleanName = clean.name;
    r.nClean = clean.size();
    r.cca = clean.size() > 0
                ? accuracy(predictLabels(model, clean.images, scopeFor(clean.size())), clean.labels)
                : kNaN;
    for (const auto& p : poisoned) {
        SetScore s;
        s.name = p.name;
        s.n = p.size();
        s.asr = p.size() > 0 ? attackSuccessRate(predictLabels(model, p.images, scopeFor(p.size())),
                                                 p.targets)
                             : kNaN;
        r.asr.push_back(s);
    }
    root.set(1.0);
    return r;
}

ScaleDetection detectInputScale(Model& model, const Dataset& clean, Feedback* fb,
                                int64_t maxImages) {
    if (clean.size() == 0)
        throw Error(clean.name, "cannot detect the input scale on an empty data set");
    const int64_t n = maxImages > 0 ? std::min(maxImages, clean.size()) : clean.size();
    const auto images = clean.images.slice(0, 0, n);
    const auto labels = clean.labels.slice(0, 0, n);
    if ((labels >= 0).sum().item<int64_t>() == 0)
        throw Error(clean.name, "cannot detect the input scale: no image has a known label");
    checkDataFitsModel(model, clean);

    const InputScale before = model.inputScale();
    const ProgressScope root(fb);
    ScaleDetection d;
    d.imagesUsed = n;
    try {
        model.setInputScale(InputScale::Unit);
        d.accUnit = accuracy(predictLabels(model, images, root.sub(0.0, 0.5)), labels);
        model.setInputScale(InputScale::Raw);
        d.accRaw = accuracy(predictLabels(model, images, root.sub(0.5, 1.0)), labels);
    } catch (...) {
        model.setInputScale(before);
        throw;
    }
    d.chosen = d.accRaw > d.accUnit ? InputScale::Raw : InputScale::Unit;
    model.setInputScale(d.chosen);
    return d;
}

} // namespace bdl::core
