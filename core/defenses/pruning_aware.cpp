#include "core/defenses/pruning_aware.h"

#include "core/base/errors.h"

#include <string>

namespace bdl::core {

PruningAwareness pruningAwareness(const std::vector<PrunePoint>& points,
                                  const PruningAwareConfig& config) {
    if (points.empty())
        throw Error("pruning-aware check: the pruning curve has no points");
    if (points.front().k != 0)
        throw Error("pruning-aware check: the pruning curve starts at k = " +
                    std::to_string(points.front().k) + ", not at the unpruned model (k = 0)");
    if (!(config.ccaMargin >= 0.0))
        throw Error("pruning-aware check: the clean accuracy margin must be >= 0");
    const size_t sets = points.front().asr.size();
    for (size_t i = 1; i < points.size(); ++i) {
        if (points[i].k <= points[i - 1].k)
            throw Error("pruning-aware check: the pruning curve's k must increase (k = " +
                        std::to_string(points[i].k) +
                        " after k = " + std::to_string(points[i - 1].k) + ")");
        if (points[i].asr.size() != sets)
            throw Error("pruning-aware check: the point at k = " + std::to_string(points[i].k) +
                        " has " + std::to_string(points[i].asr.size()) + " ASR values, k = 0 has " +
                        std::to_string(sets));
    }

    const double floor = points.front().cca - config.ccaMargin;
    size_t star = 0;
    while (star + 1 < points.size() && points[star + 1].cca >= floor)
        ++star;

    PruningAwareness r;
    r.config = config;
    r.kStar = points[star].k;
    r.kLimit = points.back().k;
    r.baseCca = points.front().cca;
    r.ccaAtKStar = points[star].cca;
    r.baseAsr = points.front().asr;
    r.asrAtKStar = points[star].asr;
    for (double asr : r.asrAtKStar)
        r.aware.push_back(asr >= config.asrThreshold);
    return r;
}

} // namespace bdl::core
