#include "core/nn/layer_frontier.h"

#include "core/base/errors.h"
#include "core/nn/metrics.h"
#include "core/nn/model_impl.h"

#include <torch/types.h>
#include <torch/utils.h>

#include <algorithm>

namespace bdl::core {

LayerFrontier::LayerFrontier(const Model& model, const std::string& layer)
    : m_model(model), m_layer(layer) {
    const Model::Impl& g = Model::Impl::of(model);
    const auto it = g.index.find(layer);
    if (it == g.index.end())
        throw Error(model.spec().name, "no layer named '" + layer + "'");
    m_node = it->second;
    const size_t n = g.nodes.size();
    const auto down = g.descendants(m_node);
    const auto toOutput = g.ancestors(g.outputNode);
    m_downActive.assign(n, 0);
    std::vector<char> isFrontier(n, 0);
    for (size_t i = 0; i < n; ++i) {
        if (!down[i] || !toOutput[i])
            continue;
        m_downActive[i] = 1;
        ++m_downstream;
        for (int in : g.nodes[i].inputs)
            if (in != m_node && !down[in])
                isFrontier[in] = 1;
    }
    // A layer the output does not depend on: pruning it changes nothing, the output is recorded.
    if (m_node != g.outputNode && !toOutput[m_node])
        isFrontier[g.outputNode] = 1;

    m_recordActive = g.ancestors(m_node);
    m_recordUntil = m_node;
    const auto bytes = [&](int node) {
        int64_t e = 1;
        for (int64_t d : g.nodes[node].shape.dims)
            e *= d;
        return e * static_cast<int64_t>(sizeof(float));
    };
    m_bytesPerImage = bytes(m_node);
    for (size_t i = 0; i < n; ++i) {
        if (!isFrontier[i])
            continue;
        const int f = static_cast<int>(i);
        m_frontier.push_back(f);
        m_frontierNames.push_back(model.spec().layers[g.nodes[i].specIndex].name);
        m_bytesPerImage += bytes(f);
        m_recordUntil = std::max(m_recordUntil, f);
        const auto up = g.ancestors(f);
        for (size_t j = 0; j < n; ++j)
            m_recordActive[j] = m_recordActive[j] || up[j];
    }
}

LayerFrontier::Values LayerFrontier::record(const torch::Tensor& images) const {
    checkImageShape(images, m_model.inputShape(), m_model.spec().name);
    const Model::Impl& g = Model::Impl::of(m_model);
    torch::NoGradGuard guard;
    std::vector<torch::Tensor> outs(g.nodes.size());
    outs[g.inputNode] = m_model.prepareInput(images);
    g.run(outs, g.inputNode, m_recordUntil, /*training=*/false, /*batchNormTraining=*/false,
          m_recordActive, m_model.spec(), /*unmasked=*/m_node);
    Values v;
    v.layer = outs[m_node];
    for (int f : m_frontier)
        v.frontier.push_back(outs[f]);
    return v;
}

torch::Tensor LayerFrontier::logits(const Values& values, const torch::Tensor& mask) const {
    const Model::Impl& g = Model::Impl::of(m_model);
    const int64_t channels = g.nodes[m_node].shape.channels();
    if (mask.defined() && (mask.dim() != 1 || mask.size(0) != channels))
        throw Error(m_model.spec().name, "a mask for layer '" + m_layer + "' must have " +
                                             std::to_string(channels) + " entries");
    if (!values.layer.defined() || values.frontier.size() != m_frontier.size())
        throw Error(m_model.spec().name,
                    "the recorded values do not belong to layer '" + m_layer + "'");
    torch::NoGradGuard guard;
    std::vector<torch::Tensor> outs(g.nodes.size());
    // The forward pass never masks the input layer; neither does this.
    outs[m_node] =
        m_node == g.inputNode || !mask.defined()
            ? values.layer
            : Model::Impl::masked(values.layer, mask.to(values.layer.device(), torch::kFloat32));
    for (size_t i = 0; i < m_frontier.size(); ++i)
        outs[m_frontier[i]] = values.frontier[i];
    g.run(outs, m_node, g.outputNode, /*training=*/false, /*batchNormTraining=*/false, m_downActive,
          m_model.spec());
    return outs[g.outputNode];
}

} // namespace bdl::core
