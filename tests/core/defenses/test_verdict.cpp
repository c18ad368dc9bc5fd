// The three verdicts of the analysis report: each rule at and around its thresholds, and the
// evidence and thresholds named in the paragraph.
#include "core/defenses/verdict.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace bdl::core;

namespace {
const double kNaN = std::nan("");
}

TEST(Verdict, TrustIsNoOnceASetReachesTheBackdoorThreshold) {
    TrustEvidence e;
    e.cca = 91.5;
    e.sets = {"patch", "blend"};
    e.asr = {3.0, 20.0};
    const Verdict v = trustVerdict(e);
    EXPECT_EQ(v.level, VerdictLevel::No);
    EXPECT_NE(v.answer.find("1 of 2"), std::string::npos) << v.answer;
    EXPECT_NE(v.paragraph.find("'blend' 20.00 %"), std::string::npos) << v.paragraph;
    EXPECT_NE(v.paragraph.find("reaches 20.00 %"), std::string::npos) << v.paragraph;
    e.asr = {3.0, 19.99};
    EXPECT_EQ(trustVerdict(e).level, VerdictLevel::Yes);
    EXPECT_NE(trustVerdict(e).paragraph.find("not excluded"), std::string::npos);
}

TEST(Verdict, TrustNamesPruningAwareSetsAndStripsAuroc) {
    TrustEvidence e;
    e.cca = 90;
    e.sets = {"a", "b"};
    e.asr = {99, 98};
    e.auroc = {0.9771, 0.5};
    e.pruningAware = {false, true};
    const Verdict v = trustVerdict(e);
    EXPECT_NE(v.paragraph.find("'a' 0.977"), std::string::npos) << v.paragraph;
    EXPECT_NE(v.paragraph.find("'b' survives pruning alone"), std::string::npos) << v.paragraph;
    EXPECT_EQ(v.paragraph.find("'a' survives"), std::string::npos) << v.paragraph;
}

TEST(Verdict, TrustIsUnknownWithoutPoisonedData) {
    TrustEvidence e;
    e.cca = 90;
    EXPECT_EQ(trustVerdict(e).level, VerdictLevel::Unknown);
    e.asr = {kNaN};
    EXPECT_EQ(trustVerdict(e).level, VerdictLevel::Unknown);
}

TEST(Verdict, RepairNeedsBothALowAsrAndAKeptAccuracy) {
    RepairEvidence e;
    e.available = true;
    e.how = "pruned 6 channels";
    e.sets = {"patch"};
    e.ccaB = 90;
    e.asrB = {99};
    e.ccaBPrime = 85;
    e.asrBPrime = {5};
    EXPECT_EQ(repairVerdict(e).level,
              VerdictLevel::Yes); // drop 5.00 and ASR 5.00: both at the limit
    e.ccaBPrime = 84.9;
    EXPECT_EQ(repairVerdict(e).level, VerdictLevel::Partly); // removed, but too costly
    e.ccaBPrime = 89;
    e.asrBPrime = {40};
    EXPECT_EQ(repairVerdict(e).level, VerdictLevel::Partly); // halved at least
    e.asrBPrime = {60};
    EXPECT_EQ(repairVerdict(e).level, VerdictLevel::No);
    EXPECT_NE(repairVerdict(e).paragraph.find("-1.00 points"), std::string::npos)
        << repairVerdict(e).paragraph;
    e.inSample = true;
    EXPECT_NE(repairVerdict(e).paragraph.find("in-sample"), std::string::npos);
    EXPECT_EQ(repairVerdict(e).paragraph.find("on only"), std::string::npos);
    e.trainImages = 20;
    EXPECT_NE(repairVerdict(e).paragraph.find("on only 20 clean images"), std::string::npos)
        << repairVerdict(e).paragraph;
    e.trainImages = kFewTrainImages;
    EXPECT_EQ(repairVerdict(e).paragraph.find("on only"), std::string::npos);
    e.available = false;
    EXPECT_EQ(repairVerdict(e).level, VerdictLevel::Unknown);
}

TEST(Verdict, FilterNeedsLowRejectionAndLowAcceptanceOfEverySet) {
    FilterEvidence e;
    e.available = true;
    e.thresholdText = "normal fit, FRR 1 %: 0.214";
    e.frr = 1.2;
    e.sets = {"a", "b"};
    e.far = {0.5, 4.9};
    e.auroc = {0.99, 0.97};
    EXPECT_EQ(filterVerdict(e).level, VerdictLevel::Yes);
    EXPECT_NE(filterVerdict(e).paragraph.find("0.214"), std::string::npos);
    e.far = {0.5, 30};
    EXPECT_EQ(filterVerdict(e).level, VerdictLevel::Partly);
    EXPECT_NE(filterVerdict(e).answer.find("1 of 2"), std::string::npos);
    e.far = {50, 30};
    EXPECT_EQ(filterVerdict(e).level, VerdictLevel::No);
    e.far = {0.5, 1};
    e.frr = 12;
    EXPECT_EQ(filterVerdict(e).level, VerdictLevel::Partly);
}

TEST(Verdict, AnOracleThresholdIsNeverAFullYes) {
    FilterEvidence e;
    e.available = true;
    e.thresholdText = "equal error (oracle: uses poisoned data): 0.25";
    e.oracle = true;
    e.frr = 1;
    e.sets = {"a"};
    e.far = {1};
    const Verdict v = filterVerdict(e);
    EXPECT_EQ(v.level, VerdictLevel::Partly);
    EXPECT_NE(v.paragraph.find("poisoned test data"), std::string::npos);
}
