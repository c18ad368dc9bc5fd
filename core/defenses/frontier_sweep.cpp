#include "core/defenses/frontier_sweep.h"

#include "core/base/errors.h"
#include "core/base/stage_text.h"

#include <torch/types.h>
#include <torch/utils.h>

#include <algorithm>

namespace bdl::core {

FrontierSweep::FrontierSweep(const Model& model, const std::string& layer,
                             const std::vector<torch::Tensor>& sets, int64_t batch,
                             const ProgressScope& scope)
    : m_frontier(model, layer), m_base(model.channelMask(layer)), m_cancel(scope) {
    if (batch <= 0)
        throw Error(model.spec().name, "pruning layer '" + layer +
                                           "': batch size must be positive, got " +
                                           std::to_string(batch));
    const int64_t channels = model.outputShape(layer).channels();
    m_keep = torch::ones({channels}, torch::kFloat32); // on the CPU: prune() writes it in place
    m_offsets.push_back(0);
    for (const auto& images : sets)
        m_offsets.push_back(m_offsets.back() + (images.defined() ? images.size(0) : 0));
    const double total = static_cast<double>(std::max<int64_t>(m_offsets.back(), 1));
    m_pred = torch::empty({m_offsets.back()},
                          torch::TensorOptions(torch::kInt64).device(model.device()));
    torch::NoGradGuard guard;
    scope.check();
    const torch::Tensor mask = currentMask();
    for (size_t s = 0; s < sets.size(); ++s) {
        const int64_t n = m_offsets[s + 1] - m_offsets[s];
        // The batches of predictLabels(), so that every step reproduces it bit for bit.
        for (int64_t b = 0; b < n; b += batch) {
            const int64_t e = std::min(n, b + batch);
            Batch r;
            r.begin = m_offsets[s] + b;
            r.end = m_offsets[s] + e;
            // Recorded on the model's device (the batch itself stays where it is on the CPU).
            r.values = m_frontier.record(toChannelsLast(sets[s].slice(0, b, e).to(model.device())));
            const auto& a = r.values.layer;
            if (a.dim() < 2 || a.size(1) != channels)
                throw Error(model.spec().name, "layer '" + layer + "' does not have " +
                                                   std::to_string(channels) + " channels");
            const auto any =
                a.ne(0).transpose(0, 1).reshape({channels, -1}).any(1).to(torch::kCPU).contiguous();
            r.nonzero.assign(any.data_ptr<bool>(), any.data_ptr<bool>() + channels);
            predict(r, mask);
            m_batches.push_back(std::move(r));
            scope.set(static_cast<double>(m_batches.back().end) / total,
                      stage::format(stage::kActivationsOf, {layer}));
        }
    }
    scope.set(1.0);
}

torch::Tensor FrontierSweep::currentMask() const {
    // Once per step on the model's device, not once per batch (the same tensor on the CPU).
    return (m_base.defined() ? m_keep * m_base : m_keep).to(m_frontier.model().device());
}

void FrontierSweep::predict(const Batch& b, const torch::Tensor& mask) {
    m_pred.slice(0, b.begin, b.end).copy_(m_frontier.logits(b.values, mask).argmax(1));
}

void FrontierSweep::prune(int64_t channel) {
    const int64_t channels = m_keep.size(0);
    if (channel < 0 || channel >= channels)
        throw Error(m_frontier.model().spec().name,
                    "channel " + std::to_string(channel) + " is outside layer '" +
                        m_frontier.layer() + "' (" + std::to_string(channels) + " channels)");
    float* keep = m_keep.data_ptr<float>();
    if (keep[channel] == 0.0f)
        return;
    keep[channel] = 0.0f;
    ++m_prunedCount;
    // A channel the model already masks to zero: the mask, hence every prediction, is unchanged.
    if (m_base.defined() && m_base[channel].item<float>() == 0.0f)
        return;
    torch::NoGradGuard guard;
    const torch::Tensor mask = currentMask();
    for (const Batch& b : m_batches) {
        // All zero in this batch: zero times 1 and times 0 are the same bits, so are the logits.
        if (!b.nonzero[static_cast<size_t>(channel)])
            continue;
        m_cancel.check();
        predict(b, mask);
    }
}

torch::Tensor FrontierSweep::predictions(size_t set) const {
    if (set + 1 >= m_offsets.size())
        throw Error(m_frontier.model().spec().name, "pruning layer '" + m_frontier.layer() +
                                                        "': no data set " + std::to_string(set));
    return m_pred.slice(0, m_offsets[set], m_offsets[set + 1]);
}

std::string FrontierSweep::note() const {
    const size_t m = m_frontier.frontier().size();
    const int64_t n = m_frontier.downstreamLayers();
    return "layer '" + m_frontier.layer() + "' is " + (m == 0 ? "" : "not ") +
           "a cut point: re-running the " + std::to_string(n) + (n == 1 ? " layer" : " layers") +
           " after it from cached activations of it" +
           (m == 0 ? std::string()
                   : " and of " + std::to_string(m) + (m == 1 ? " other layer" : " other layers"));
}

} // namespace bdl::core
