// The stage texts the core reports: one catalogue of templates (core/base/stage_text.h) that the
// desktop app translates, and the jobs report only texts made from it.
#include "core/base/stage_text.h"

#include "core/base/errors.h"
#include "core/base/feedback.h"
#include "core/defenses/fine_pruning.h"
#include "core/defenses/pruning.h"
#include "core/nn/activations.h"
#include "tests/core/synthetic.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

using namespace bdl;
using namespace bdl::core;

namespace {

/// True when `text` was made from one of the catalogue's templates.
bool known(const std::string& text) {
    for (const char* t : stage::templates())
        if (stage::match(t, text, nullptr))
            return true;
    return false;
}

} // namespace

TEST(StageText, FormatFillsPlaceholdersInOnePass) {
    EXPECT_EQ(stage::format(stage::kFinePruningStep, {"3", "10"}), "fine-pruning 3/10");
    EXPECT_EQ(stage::format(stage::kActivationsOf, {"%2"}), "activations of %2");
    EXPECT_EQ(stage::format(stage::kPruningStep, {"4"}), "pruning 4/%2"); // missing: kept
    EXPECT_EQ(stage::format(stage::kRanking), "ranking channels");
}

TEST(StageText, MatchInvertsFormatForEveryTemplate) {
    const std::vector<std::string> args{"a/b, epoch 1/2", "x y", "7"};
    for (const char* t : stage::templates()) {
        const std::string text = stage::format(t, args);
        std::vector<std::string> got;
        ASSERT_TRUE(stage::match(t, text, &got)) << t;
        EXPECT_EQ(stage::format(t, got), text) << t;
    }
    std::vector<std::string> got;
    ASSERT_TRUE(stage::match(stage::kTrainingModelEpoch, "training model a, b, epoch 2/3", &got));
    EXPECT_EQ(got, (std::vector<std::string>{"a, b", "2", "3"}));
    EXPECT_FALSE(stage::match(stage::kPruningStep, "pruning", &got));
    EXPECT_FALSE(stage::match(stage::kPruning, "pruning 1/2", &got));
    EXPECT_FALSE(stage::match(stage::kActivationsOf, "activations of ", &got)); // empty argument
}

TEST(StageText, CatalogueHasNoDuplicates) {
    const auto& all = stage::templates();
    EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), all.size());
    EXPECT_EQ(all.size(), 20u); // a new template also needs its line in app/gui/stage_text.cpp
}

// Every stage a fine-pruning, Liu et al. and pruning-curve run reports is in the catalogue.
TEST(StageText, JobsReportOnlyCatalogueStages) {
    const auto& t = test::syntheticTask();
    std::vector<std::string> stages;
    Feedback fb([&](double, const std::string& s) {
        if (stages.empty() || stages.back() != s)
            stages.push_back(s);
    });
    FinePruneConfig paper;
    paper.steps = 2;
    paper.tune.epochs = 1;
    finePrune(t.model, t.cleanTrain, t.cleanTest, {t.poisonedTest}, paper, &fb);
    LiuConfig liu;
    liu.tune.epochs = 1;
    const DataSplit split = liuHoldOut(t.cleanTrain, 0);
    liuFinePrune(t.model, split.rest, split.held, t.cleanTest, {t.poisonedTest}, liu, &fb);
    pruningCurve(t.model, t.cleanTrain, t.cleanTest, {t.poisonedTest}, PruneConfig(), &fb);
    ASSERT_FALSE(stages.empty());
    for (const auto& s : stages)
        EXPECT_TRUE(known(s)) << "stage '" << s << "' is not in core/base/stage_text.h";
}

// The ranking pass of the paper's and Liu et al.'s protocols checks the cancel flag per batch
// (it ran without a Feedback, so a long ranking could not be cancelled and reported nothing).
TEST(StageText, RankingPassReportsAndCancels) {
    const auto& t = test::syntheticTask();
    const std::string activations = stage::format(stage::kActivationsOf, {"pool_3"});
    for (int protocol = 0; protocol < 2; ++protocol) {
        std::vector<std::string> stages;
        Feedback* self = nullptr;
        Feedback fb([&](double, const std::string& s) {
            stages.push_back(s);
            if (s == activations)
                self->cancel(); // during the ranking pass, before B is scored
        });
        self = &fb;
        if (protocol == 0) {
            FinePruneConfig paper;
            paper.steps = 1;
            EXPECT_THROW(
                finePrune(t.model, t.cleanTrain, t.cleanTest, {t.poisonedTest}, paper, &fb),
                Cancelled);
        } else {
            LiuConfig liu;
            const DataSplit split = liuHoldOut(t.cleanTrain, 0);
            EXPECT_THROW(liuFinePrune(t.model, split.rest, split.held, t.cleanTest,
                                      {t.poisonedTest}, liu, &fb),
                         Cancelled);
        }
        ASSERT_FALSE(stages.empty());
        EXPECT_EQ(stages.front(), stage::kRanking) << protocol;
        EXPECT_EQ(stages.back(), activations) << protocol; // nothing ran after the cancel
    }
}

// A PruneSweep checks its cancel scope while it computes the initial predictions.
TEST(StageText, PruneSweepChecksItsCancelScope) {
    const auto& t = test::syntheticTask();
    const auto acts =
        layerActivations(t.model, t.cleanTest.images, "pool_3", ProgressScope(nullptr));
    Feedback fb;
    fb.cancel();
    EXPECT_THROW(PruneSweep(t.model, "pool_3", {acts}, true, kDefaultBatch, ProgressScope(&fb)),
                 Cancelled);
    PruneSweep ok(t.model, "pool_3", {acts}, true, kDefaultBatch, ProgressScope(nullptr));
    EXPECT_EQ(ok.setCount(), 1u);
}
