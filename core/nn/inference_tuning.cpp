#include "core/nn/inference_tuning.h"

#include "core/base/errors.h"
#include "core/base/feedback.h"
#include "core/nn/metrics.h"

#include <torch/types.h>
#include <torch/utils.h>

#include <chrono>
#include <cstdio>

namespace bdl::core {

namespace {

std::string percentText(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

} // namespace

int64_t calibrateInferenceBatch(Model& model, const torch::Tensor& images,
                                const ProgressScope& scope) {
    const int64_t n = images.defined() ? std::min<int64_t>(images.size(0), 512) : 0;
    if (n < 64) {
        model.setInferenceBatch(0);
        return kDefaultBatch;
    }
    const auto sample = images.slice(0, 0, n);
    const std::vector<int64_t> candidates{32, 64, 128, 256, 512};
    int64_t best = kDefaultBatch;
    double bestRate = 0.0;
    for (size_t i = 0; i < candidates.size(); ++i) {
        const int64_t b = candidates[i];
        if (b > n)
            break;
        double fastest = 1e300;
        for (int r = 0; r < 2; ++r) {
            scope.check();
            const auto t0 = std::chrono::steady_clock::now();
            predictLabels(model, sample, ProgressScope(nullptr), b);
            fastest = std::min(
                fastest,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        }
        const double rate = static_cast<double>(n) / std::max(fastest, 1e-9);
        if (rate > bestRate) {
            bestRate = rate;
            best = b;
        }
        scope.set(static_cast<double>(i + 1) / static_cast<double>(candidates.size()),
                  "choosing the batch size");
    }
    model.setInferenceBatch(best);
    return best;
}

PrecisionCheck applyInferencePrecision(Model& model, InferencePrecision requested,
                                       const torch::Tensor& check, const ProgressScope& scope) {
    PrecisionCheck c;
    c.requested = requested;
    model.setInferencePrecision(InferencePrecision::Float32);
    model.setInferenceBatch(0);
    std::string why;
    if (requested == InferencePrecision::BFloat16) {
        const int64_t n = check.defined() ? std::min(check.size(0), kPrecisionCheckImages) : 0;
        if (n == 0)
            throw Error(model.spec().name,
                        "bfloat16 inference needs clean images to check its predictions on");
        if (!Model::bfloat16Available(&why)) {
            why = "bf16 is not available: " + why;
        } else if (model.bf16Layers().empty()) {
            why = "bf16 is not available: the model does not start with a plain convolution";
        } else if (!model.device().is_cpu()) {
            why = "bf16 is not available: it runs in oneDNN on the CPU, the model is on " +
                  model.device().str();
        } else {
            const auto images = check.slice(0, 0, n);
            const auto ref = predictLabels(model, images, scope.sub(0.0, 0.3));
            model.setInferencePrecision(InferencePrecision::BFloat16);
            const auto got = predictLabels(model, images, scope.sub(0.3, 0.5));
            c.images = n;
            c.disagreements = (got != ref).sum().item<int64_t>();
            c.agreement = 100.0 * static_cast<double>(n - c.disagreements) / static_cast<double>(n);
            if (c.agreement < kMinBf16Agreement) {
                model.setInferencePrecision(InferencePrecision::Float32);
                why = "bf16 changed the top-1 class of " + std::to_string(c.disagreements) +
                      " of " + std::to_string(n) + " check images (" + percentText(c.agreement) +
                      " % < " + percentText(kMinBf16Agreement) + " %)";
            }
        }
    }
    c.used = model.inferencePrecision();
    c.batch = calibrateInferenceBatch(model, check, scope.sub(0.5, 1.0));
    c.note = std::string(inferencePrecisionName(c.used)) + ": ";
    if (!why.empty())
        c.note += why + "; ";
    else if (c.images > 0)
        c.note += "same top-1 on " + std::to_string(c.images - c.disagreements) + "/" +
                  std::to_string(c.images) + " check images (" + percentText(c.agreement) + " %); ";
    c.note += "batch " + std::to_string(c.batch);
    scope.set(1.0);
    return c;
}

} // namespace bdl::core
