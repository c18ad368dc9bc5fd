// The protocols' hooks that let the desktop app drive them without a loop of its own: the pruning
// curve from a given ranking, the sweep's per-cell model and its replay, fine-tuning at k.
#include "core/base/errors.h"
#include "core/base/feedback.h"
#include "core/defenses/fine_pruning.h"
#include "core/defenses/pruning.h"
#include "core/nn/finetune.h"
#include "tests/core/synthetic.h"

#include <gtest/gtest.h>
#include <cmath>
#include <torch/types.h>

using namespace bdl::core;
using bdl::test::syntheticTask;

namespace {

bool sameWeights(const Model& a, const Model& b) {
    for (const auto& layer : a.weightedLayers()) {
        const auto wa = a.kerasWeights(layer);
        const auto wb = b.kerasWeights(layer);
        if (wa.size() != wb.size())
            return false;
        for (size_t i = 0; i < wa.size(); ++i)
            if (!torch::equal(wa[i], wb[i]))
                return false;
    }
    return true;
}

void expectSamePoints(const std::vector<PrunePoint>& a, const std::vector<PrunePoint>& b) {
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].k, b[i].k);
        EXPECT_EQ(a[i].channel, b[i].channel);
        EXPECT_EQ(a[i].cca, b[i].cca);
        EXPECT_EQ(a[i].asr, b[i].asr);
    }
}

} // namespace

TEST(Protocols, PruningCurveFromARankingEqualsThePruningCurveAndReportsEveryPoint) {
    const auto& t = syntheticTask();
    const auto reference = pruningCurve(t.model, t.cleanTrain, t.cleanTest, {t.poisonedTest});
    const ChannelRanking ranking = rankLayer(t.model, t.cleanTrain, "", ProgressScope(nullptr));
    EXPECT_EQ(ranking.order, reference.order);
    EXPECT_EQ(ranking.channelMeans, reference.channelMeans);
    EXPECT_EQ(ranking.dormant, reference.dormant);

    int starts = 0;
    std::vector<PrunePoint> streamed;
    PruneCurveHooks hooks;
    hooks.onStart = [&](const PruningCurve& header) {
        ++starts;
        EXPECT_TRUE(header.points.empty());
        EXPECT_EQ(header.order, reference.order);
        EXPECT_EQ(header.fastPath, reference.fastPath);
    };
    hooks.onPoint = [&](const PrunePoint& p) { streamed.push_back(p); };
    // Given activations (the desktop app's cache) and computed ones give the same curve.
    const auto acts = evaluationActivations(t.model, ranking.layer, t.cleanTest, {t.poisonedTest},
                                            ProgressScope(nullptr));
    const auto curve = pruningCurveFrom(t.model, ranking, acts, t.cleanTest, {t.poisonedTest},
                                        PruneConfig(), ProgressScope(nullptr), hooks);
    EXPECT_EQ(starts, 1);
    expectSamePoints(curve.points, reference.points);
    expectSamePoints(streamed, reference.points);
    const auto computed = pruningCurveFrom(t.model, ranking, {}, t.cleanTest, {t.poisonedTest},
                                           PruneConfig(), ProgressScope(nullptr));
    expectSamePoints(computed.points, reference.points);
    // A ranking of another size is refused.
    ChannelRanking wrong = ranking;
    wrong.order.pop_back();
    EXPECT_THROW(pruningCurveFrom(t.model, wrong, {}, t.cleanTest, {t.poisonedTest}, PruneConfig(),
                                  ProgressScope(nullptr)),
                 Error);
}

TEST(Protocols, SweepHandsOverEachCellsModelAndReplayRecreatesItExactly) {
    const auto& t = syntheticTask();
    const Dataset train = t.cleanTrain.slice(0, 64);
    LrSweepConfig cfg;
    cfg.lrs = {1e-3, 1e-4};
    cfg.ks = {1, 3};
    cfg.epochs = 1;
    cfg.seed = 5;
    std::vector<Model> cellModels;
    int starts = 0;
    LrSweepHooks hooks;
    hooks.onStart = [&](const LrSweepResult& header) {
        ++starts;
        EXPECT_EQ(header.ks, cfg.ks);
        EXPECT_FALSE(header.order.empty());
    };
    hooks.onCell = [&](const LrSweepCell&, const Model& m) { cellModels.push_back(m); };
    const auto r = learningRateSweep(t.model, train, t.cleanTest, {t.poisonedTest}, cfg,
                                     ProgressScope(nullptr), hooks);
    EXPECT_EQ(starts, 1);
    ASSERT_EQ(cellModels.size(), 4u);
    // The cell model scores as the matrices say.
    const auto e = evaluate(cellModels[3], t.cleanTest, {t.poisonedTest});
    EXPECT_EQ(e.cca, r.cca[1][1]);
    EXPECT_EQ(e.asr[0].asr, r.asr[0][1][1]);
    // Replay, with the sweep's ranking handed over, gives the same weights bit for bit.
    LrSweepConfig replay = cfg;
    replay.order = r.order;
    EXPECT_TRUE(sameWeights(replaySweepCell(t.model, train, replay, 1, 1, ProgressScope(nullptr)),
                            cellModels[3]));
    EXPECT_TRUE(sameWeights(replaySweepCell(t.model, train, replay, 0, 0, ProgressScope(nullptr)),
                            cellModels[0]));
    // A given ranking is used as is: the same sweep again.
    const auto again = learningRateSweep(t.model, train, t.cleanTest, {t.poisonedTest}, replay,
                                         ProgressScope(nullptr), {});
    EXPECT_EQ(again.cca, r.cca);
    EXPECT_THROW(replaySweepCell(t.model, train, replay, 2, 0, ProgressScope(nullptr)), Error);
    EXPECT_THROW(replaySweepCell(t.model, train, replay, 0, 2, ProgressScope(nullptr)), Error);
    LrSweepConfig bad = cfg;
    bad.ks = {3, 1};
    EXPECT_THROW(sweepChannelCounts(bad, 60), Error);
    bad.ks = {61};
    EXPECT_THROW(sweepChannelCounts(bad, 60), Error);
    bad.ks.clear();
    EXPECT_EQ(sweepChannelCounts(bad, 4), (std::vector<int64_t>{1, 2, 3, 4}));
}

TEST(Protocols, FineTuneAtEqualsPruningThenFineTuningOnce) {
    const auto& t = syntheticTask();
    const Dataset train = t.cleanTrain.slice(0, 64);
    const auto order = rankChannels(t.model, train, "");
    FineTuneConfig tune;
    tune.epochs = 1;
    tune.seed = 3;
    const auto r = fineTuneAt(t.model, train, order, "", 4, tune, ProgressScope(nullptr));
    Model manual(t.model);
    applyPruning(manual, manual.defaultPruneLayer(), order, 4);
    const auto ft = fineTune(manual, train, tune);
    EXPECT_TRUE(sameWeights(*r.model, manual));
    EXPECT_EQ(r.epochLoss, ft.epochLoss);
    EXPECT_TRUE(torch::equal(r.model->channelMask(manual.defaultPruneLayer()),
                             manual.channelMask(manual.defaultPruneLayer())));
    EXPECT_THROW(fineTuneAt(t.model, train, order, "", 1000, tune, ProgressScope(nullptr)), Error);
}

// A sharded sweep computes its own rows (paper) or cells (Liu) exactly as the whole sweep does,
// and nothing else; the shards together give the whole sweep's matrices bit for bit.
TEST(Protocols, SweepShardsComputeTheirRowsOrCellsExactlyAsTheWholeSweep) {
    const auto& t = syntheticTask();
    const Dataset train = t.cleanTrain.slice(0, 64);
    for (auto protocol : {SweepProtocol::Paper, SweepProtocol::Liu}) {
        LrSweepConfig cfg;
        cfg.protocol = protocol;
        cfg.lrs = {1e-3, 1e-4, 3e-3};
        cfg.ks = {1, 3};
        cfg.epochs = 1;
        cfg.seed = 5;
        const auto whole =
            learningRateSweep(t.model, train, t.cleanTest, {t.poisonedTest}, cfg, nullptr);
        EXPECT_EQ(whole.itemsTotal, protocol == SweepProtocol::Paper ? 3 : 6);
        auto joined = whole.cca;
        for (auto& row : joined)
            for (auto& v : row)
                v = -1.0;
        int computedCells = 0;
        for (int64_t i = 0; i < 2; ++i) {
            cfg.shard = Shard{i, 2};
            const auto part =
                learningRateSweep(t.model, train, t.cleanTest, {t.poisonedTest}, cfg, nullptr);
            EXPECT_EQ(part.order, whole.order);
            for (size_t li = 0; li < 3; ++li)
                for (size_t ki = 0; ki < 2; ++ki) {
                    if (!sweepCellComputed(part, li, ki)) {
                        EXPECT_TRUE(std::isnan(part.cca[li][ki]));
                        EXPECT_TRUE(std::isnan(part.asr[0][li][ki]));
                        continue;
                    }
                    ++computedCells;
                    EXPECT_EQ(joined[li][ki], -1.0) << "cell computed by two shards";
                    joined[li][ki] = part.cca[li][ki];
                    EXPECT_EQ(part.asr[0][li][ki], whole.asr[0][li][ki]);
                }
        }
        EXPECT_EQ(computedCells, 6);
        EXPECT_EQ(joined, whole.cca) << sweepProtocolName(protocol);
    }
    // Liu's cells start from B: cell (lr, k) is B pruned to k and fine-tuned once, which is what
    // fineTuneAt() makes.
    LrSweepConfig liu;
    liu.protocol = SweepProtocol::Liu;
    liu.lrs = {1e-3};
    liu.ks = {2};
    liu.epochs = 1;
    liu.seed = 5;
    std::vector<Model> cells;
    LrSweepHooks hooks;
    hooks.onCell = [&](const LrSweepCell&, const Model& m) { cells.push_back(m); };
    const auto r = learningRateSweep(t.model, train, t.cleanTest, {t.poisonedTest}, liu,
                                     ProgressScope(nullptr), hooks);
    FineTuneConfig tune;
    tune.lr = 1e-3;
    tune.epochs = 1;
    tune.batchSize = liu.batchSize;
    tune.seed = 5;
    const auto at = fineTuneAt(t.model, train, r.order, r.layer, 2, tune, ProgressScope(nullptr));
    ASSERT_EQ(cells.size(), 1u);
    EXPECT_TRUE(sameWeights(cells[0], *at.model));
    liu.order = r.order;
    EXPECT_TRUE(
        sameWeights(replaySweepCell(t.model, train, liu, 0, 0, ProgressScope(nullptr)), cells[0]));
    EXPECT_EQ(parseSweepProtocol("liu"), SweepProtocol::Liu);
    EXPECT_THROW(parseSweepProtocol("paper2"), Error);
}

// A paper-protocol run split in two: the second pruner resumes from the first one's state and
// takes exactly the same steps; a state of another step count is refused.
TEST(Protocols, FinePrunerResumedFromAStateTakesTheSameSteps) {
    const auto& t = syntheticTask();
    const Dataset train = t.cleanTrain.slice(0, 64);
    FinePruneConfig cfg;
    cfg.steps = 3;
    cfg.tune.epochs = 1;
    cfg.tune.seed = 9;
    FinePruner whole(t.model, train, t.cleanTest, {t.poisonedTest}, cfg);
    whole.step();
    const Model afterOne = whole.model();
    whole.step();
    whole.step();
    FinePruner rest(t.model, train, t.cleanTest, {t.poisonedTest}, cfg);
    FinePruner wrong(t.model, train, t.cleanTest, {t.poisonedTest}, cfg);
    EXPECT_THROW(wrong.resume(afterOne, 2), Error);
    EXPECT_THROW(wrong.resume(afterOne, 4), Error);
    EXPECT_THROW(wrong.resume(t.model, 1), Error);
    rest.resume(afterOne, 1);
    EXPECT_TRUE(rest.points().empty());
    rest.step();
    const auto& last = rest.step();
    EXPECT_TRUE(rest.isDone());
    EXPECT_TRUE(sameWeights(rest.model(), whole.model()));
    EXPECT_EQ(last.cca, whole.points().back().cca);
    EXPECT_EQ(last.channel, whole.points().back().channel);
    EXPECT_EQ(last.trainLoss, whole.points().back().trainLoss);
}
