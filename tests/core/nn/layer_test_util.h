#pragma once
// Helpers of the exact-value layer tests (test_layers_exact.cpp, test_layers_more.cpp): tiny
// graphs fed raw values, images and outputs in Keras (H, W, C) order.
#include "core/nn/model.h"

#include <gtest/gtest.h>
#include <torch/types.h>

#include <string>
#include <vector>

namespace bdl::core::layer_test {

inline LayerSpec input(int h, int w, int c) {
    LayerSpec l = makeLayer("in", LayerKind::Input, {});
    l.inputShape = {h, w, c};
    return l;
}

/// input -> layers... -> "flat" (Flatten, the output: the Model needs a flat output; added
/// unless `last` is already "flat"). Inputs are fed as they are (raw scale).
inline Model build(int h, int w, int c, std::vector<LayerSpec> layers, const std::string& last) {
    ModelSpec s;
    s.name = "exact";
    s.layers.push_back(input(h, w, c));
    for (auto& l : layers)
        s.layers.push_back(std::move(l));
    if (last != "flat")
        s.layers.push_back(makeLayer("flat", LayerKind::Flatten, {last}));
    s.output = "flat";
    Model m(std::move(s));
    m.setInputScale(InputScale::Raw);
    return m;
}

/// A (1, C, H, W) image from values listed in Keras (H, W, C) order.
inline torch::Tensor imageHwc(int h, int w, int c, const std::vector<float>& hwc) {
    return torch::tensor(hwc).reshape({1, h, w, c}).permute({0, 3, 1, 2}).contiguous();
}

/// Output of `layer` converted back to Keras (H, W, C) order and flattened, for comparison
/// with hand-written lists.
inline std::vector<float> outHwc(const Model& m, const torch::Tensor& x, const std::string& layer) {
    torch::Tensor y = m.forwardTo(x, layer);
    if (y.dim() == 4)
        y = y.permute({0, 2, 3, 1});
    y = y.contiguous().reshape({-1});
    return std::vector<float>(y.data_ptr<float>(), y.data_ptr<float>() + y.numel());
}

inline void expectNear(const std::vector<float>& got, const std::vector<float>& want,
                       float tol = 1e-5f) {
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i)
        EXPECT_NEAR(got[i], want[i], tol) << "element " << i;
}

inline torch::Tensor t(std::vector<float> v, std::vector<int64_t> shape) {
    return torch::tensor(v).reshape(shape);
}

} // namespace bdl::core::layer_test
