#include "app/gui/job_types.h"

#include "app/gui/analysis_types.h"

#include <algorithm>
#include <mutex>

namespace bdl::app {

QVector<double> paperLearningRates() { return {1e-2, 1e-3, 1e-4, 1e-5, 1e-6}; }

WorkspaceRequest WorkspaceRequest::zoo(const QString& id, const QString& dir) {
    WorkspaceRequest r;
    r.zooModel = id;
    r.zooDir = dir;
    return r;
}

const CurvePoint* CurveData::point(int k) const {
    if (k < 0 || k >= points.size() || points[k].k != k)
        return nullptr;
    return &points[k];
}

const SweepCell* SweepData::cell(int lrIndex, int kIndex) const {
    for (const auto& c : cells)
        if (c.lrIndex == lrIndex && c.kIndex == kIndex)
            return &c;
    return nullptr;
}

std::optional<SweepCell> SweepData::bestTradeOff(double asrLimit) const {
    std::optional<SweepCell> best;
    for (const auto& c : cells) {
        const double worst = c.asr.isEmpty() ? 0.0 : *std::max_element(c.asr.begin(), c.asr.end());
        if (worst <= asrLimit && (!best || c.cca > best->cca))
            best = c;
    }
    return best;
}

void registerJobTypes() {
    static std::once_flag once;
    std::call_once(once, [] {
        qRegisterMetaType<WorkspaceRequest>();
        qRegisterMetaType<TuneSettings>();
        qRegisterMetaType<SweepRequest>();
        qRegisterMetaType<WorkspaceInfo>();
        qRegisterMetaType<CurvePoint>();
        qRegisterMetaType<CurveData>();
        qRegisterMetaType<SliderReadout>();
        qRegisterMetaType<FinePruneStep>();
        qRegisterMetaType<SweepCell>();
        qRegisterMetaType<SweepData>();
        qRegisterMetaType<RepairResult>();
        qRegisterMetaType<ActivationData>();
        qRegisterMetaType<ProgressInfo>();
        qRegisterMetaType<StripRequest>();
        qRegisterMetaType<StripSet>();
        qRegisterMetaType<StripData>();
        qRegisterMetaType<StripProgress>();
        qRegisterMetaType<StripDetailRequest>();
        qRegisterMetaType<StripDetail>();
        qRegisterMetaType<InspectRequest>();
        qRegisterMetaType<InspectResult>();
        qRegisterMetaType<GoodnetRequest>();
        qRegisterMetaType<GoodnetData>();
        qRegisterMetaType<RepairCandidate>();
        qRegisterMetaType<SessionState>();
    });
}

} // namespace bdl::app
