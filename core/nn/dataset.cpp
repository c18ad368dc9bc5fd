#include "core/nn/dataset.h"

#include "core/base/errors.h"
#include "core/base/random.h"

#include <algorithm>

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

namespace bdl::core {

DataSplit holdOutSplit(const Dataset& set, int percent, uint64_t seed) {
    const int64_t n = set.size();
    if (percent < 1 || percent > 99)
        throw Error(set.name, "the held-out share must be 1..99 %, got " + std::to_string(percent));
    if (n < 2)
        throw Error(set.name, "cannot hold out part of a set of " + std::to_string(n) +
                                  " image(s): it needs at least 2");
    const int64_t nHeld = std::max<int64_t>(1, n * percent / 100);
    std::vector<int64_t> perm = seededDraw(n, n, seed);
    std::vector<int64_t> held(perm.begin(), perm.begin() + nHeld);
    std::vector<int64_t> rest(perm.begin() + nHeld, perm.end());
    std::sort(held.begin(), held.end());
    std::sort(rest.begin(), rest.end());
    DataSplit split;
    split.held = set.select(torch::tensor(held, torch::kInt64));
    split.held.name = set.name + " (" + std::to_string(percent) + " % held out)";
    split.rest = set.select(torch::tensor(rest, torch::kInt64));
    split.rest.name = set.name + " (" + std::to_string(100 - percent) + " %)";
    return split;
}

} // namespace bdl::core
