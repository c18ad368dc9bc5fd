#include "core/nn/dataset.h"

#include "core/base/errors.h"

namespace bdl::core {

namespace {

torch::Tensor copyRows(const torch::Tensor& t, const torch::Tensor& idx) {
    return t.defined() ? t.index_select(0, idx.to(t.device())).contiguous() : torch::Tensor();
}

} // namespace

Dataset Dataset::slice(int64_t begin, int64_t end) const {
    const int64_t n = size();
    if (begin < 0 || end < begin || end > n)
        throw Error(source.empty() ? name : source, "rows [" + std::to_string(begin) + ", " +
                                                        std::to_string(end) + ") are outside the " +
                                                        std::to_string(n) + " images of the set");
    return select(torch::arange(begin, end, torch::kLong));
}

Dataset Dataset::select(const torch::Tensor& indices) const {
    const int64_t n = size();
    const std::string src = source.empty() ? name : source;
    if (!indices.defined() || indices.dim() != 1 ||
        !at::isIntegralType(indices.scalar_type(), false))
        throw Error(src, "row indices must be a 1-D integer tensor");
    const torch::Tensor idx = indices.to(torch::kCPU, torch::kLong).contiguous();
    if (idx.numel() > 0) {
        const int64_t lo = idx.min().item<int64_t>();
        const int64_t hi = idx.max().item<int64_t>();
        if (lo < 0 || hi >= n)
            throw Error(src, "row index " + std::to_string(lo < 0 ? lo : hi) + " is outside the " +
                                 std::to_string(n) + " images of the set");
    }
    Dataset out;
    out.name = name;
    out.source = source;
    if (images.defined()) {
        out.images = copyRows(images, idx);
        out.labels = copyRows(labels, idx);
        out.targets = copyRows(targets, idx);
    }
    if (static_cast<int64_t>(itemNames.size()) == n) { // names are all or nothing
        const int64_t* p = idx.data_ptr<int64_t>();
        out.itemNames.reserve(static_cast<size_t>(idx.numel()));
        for (int64_t i = 0; i < idx.numel(); ++i)
            out.itemNames.push_back(itemNames[static_cast<size_t>(p[i])]);
    }
    return out;
}

} // namespace bdl::core
