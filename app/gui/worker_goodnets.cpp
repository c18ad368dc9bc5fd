// The goodnets of the defense comparison: G(B, B') and the paper's G'(B0, B'), with B, B' and B0
// scored on the same test sets, and the pruning-aware check (core::pruningAwareness on B's
// pruning curve: the ASR of B pruned alone at k*, where its clean accuracy starts to fall).
#include "app/gui/worker.h"
#include "app/gui/worker_state.h"

#include "core/base/errors.h"
#include "core/defenses/goodnet.h"
#include "core/defenses/pruning.h"
#include "core/defenses/pruning_aware.h"

#include <torch/types.h>

#include <QtCore/QFileInfo>

namespace bdl::app {

namespace {

DefenseScores defenseScores(const Scores& s) {
    DefenseScores d;
    d.cca = s.cca;
    d.asr = s.asr;
    return d;
}

DefenseScores defenseScores(const core::GoodnetReport& g) {
    DefenseScores d;
    d.cca = g.cca;
    d.cleanRejectRate = g.cleanRejectRate;
    for (const core::GoodnetSetScore& p : g.poisoned) {
        d.asr.push_back(p.asr);
        d.rejectRate.push_back(p.rejectRate);
    }
    return d;
}

core::PrunePoint corePoint(const CurvePoint& p) {
    core::PrunePoint c;
    c.k = p.k;
    c.channel = p.channel;
    c.cca = p.cca;
    c.asr.assign(p.asr.begin(), p.asr.end());
    return c;
}

/// The pruning-aware check on B's pruning curve: the cached one when complete, else computed
/// here from the cached ranking and activations (the curve job's core call, without its signals).
core::PruningAwareness pruningAwarenessOf(WorkerState& s, const core::ProgressScope& scope) {
    if (s.curve && s.curve->channels() > 0 && s.curve->points.size() == s.curve->channels() + 1) {
        std::vector<core::PrunePoint> points;
        for (const CurvePoint& p : s.curve->points)
            points.push_back(corePoint(p));
        return core::pruningAwareness(points);
    }
    scope.set(0.0, "pruning curve of B");
    ensureRanking(s, scope.sub(0.0, 0.2));
    std::vector<torch::Tensor> acts;
    if (s.b.model.isCutPoint(s.layer)) {
        ensureEvalActivations(s, scope.sub(0.2, 0.5));
        acts.push_back(s.cleanActs);
        acts.insert(acts.end(), s.poisonedActs.begin(), s.poisonedActs.end());
    }
    const core::PruningCurve curve =
        core::pruningCurveFrom(s.b.model, s.ranking, std::move(acts), s.cleanTest, s.poisoned,
                               core::PruneConfig(), scope.sub(0.5, 1.0));
    return core::pruningAwareness(curve.points);
}

bool sameTune(const TuneSettings& a, const TuneSettings& b) {
    return a.lr == b.lr && a.epochs == b.epochs && a.batchSize == b.batchSize && a.seed == b.seed &&
           a.updateBatchNorm == b.updateBatchNorm;
}

} // namespace

void Worker::doGoodnets(const GoodnetRequest& request, core::Feedback* feedback) {
    WorkerState& s = workspace();
    if (!s.repaired || !s.repairedInfo)
        throw core::Error(
            "no repaired model yet: the goodnets compare B' with B and B0; fine-tune, "
            "run a protocol or pick a sweep cell first");
    const int channels = s.info.pruneChannels;
    if (request.k0 < 0 || request.k0 > channels)
        throw core::Error("B0: cannot fine-prune " + std::to_string(request.k0) + " of the " +
                          std::to_string(channels) + " channels of " + s.layer);
    const core::ProgressScope root(feedback);
    const RepairResult& repaired = *s.repairedInfo;

    GoodnetData d;
    d.attack =
        !s.info.zooTitle.isEmpty() ? s.info.zooTitle : QFileInfo(s.info.modelPath).fileName();
    d.poisonedNames = s.info.poisonedNames;
    d.repairedDescription = repaired.description;
    d.k0 = request.k0;
    d.b = defenseScores(ensureBaseScores(s, root.sub(0.0, 0.05)));
    d.bPrime = defenseScores(Scores{repaired.ccaAfter, repaired.asrAfter});

    // Pruning-aware (core::pruningAwareness, Liu et al.): B pruned alone at k* of its curve.
    const core::PruningAwareness aware = pruningAwarenessOf(s, root.sub(0.05, 0.1));
    d.pruneOnlyK = static_cast<int>(aware.kStar);
    d.pruneOnlyCca = aware.ccaAtKStar;
    d.pruneOnlyAsr = toQVector(aware.asrAtKStar);
    for (bool a : aware.aware)
        d.pruningAware.push_back(a);
    d.pruningAwareMargin = aware.config.ccaMargin;
    d.pruningAwareAsr = aware.config.asrThreshold;

    root.set(0.1, "G(B, B')");
    {
        ScopedFeedback fb(root.sub(0.1, 0.25));
        d.g =
            defenseScores(core::goodnet(s.b.model, *s.repaired, s.cleanTest, s.poisoned, fb.get()));
    }
    // B0 is kept for the next request with the same k0 and tuning (it costs k0 fine-tunings).
    if (!s.b0 || s.b0K != request.k0 || !s.b0Tune || !sameTune(*s.b0Tune, request.tune)) {
        root.set(0.25, "B0: fine-pruning " + std::to_string(request.k0) + " channels");
        ScopedFeedback fb(root.sub(0.25, 0.8));
        core::Model b0 = core::makeB0(s.b.model, s.train, request.k0,
                                      fineTuneConfigOf(request.tune), s.layer, fb.get());
        root.check();
        s.b0 = std::move(b0);
        s.b0K = request.k0;
        s.b0Tune = request.tune;
    }
    root.set(0.8, "B0");
    d.b0 = defenseScores(
        scoresOf(core::evaluate(*s.b0, s.cleanTest, s.poisoned, root.sub(0.8, 0.88))));
    root.set(0.88, "G'(B0, B')");
    {
        ScopedFeedback fb(root.sub(0.88, 1.0));
        d.gPrime =
            defenseScores(core::goodnet(*s.b0, *s.repaired, s.cleanTest, s.poisoned, fb.get()));
    }
    root.set(1.0);
    Q_EMIT goodnetsReady(d);
}

} // namespace bdl::app
