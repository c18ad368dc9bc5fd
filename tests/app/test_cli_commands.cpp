// backdoorlab-cli commands on the shared YouTube-Face models and images (skipped when absent),
// checked against the numbers Keras gives for the same files.
#include "cli_test_util.h"

#include <gtest/gtest.h>

#include <filesystem>

using bdl::test::runCli;
using bdl::test::TempDir;

namespace {

class SharedData : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = bdl::test::youtubeFaceDir();
        if (m_dir.empty())
            GTEST_SKIP() << "../shared/data/youtube_face is absent: skipping real-model CLI tests";
    }
    std::string model(const std::string& name) const { return m_dir + "/models/" + name; }
    std::string images(const std::string& name) const { return m_dir + "/images/" + name; }
    std::string m_dir;
};

} // namespace

TEST_F(SharedData, EvalSunglassesMatchesKeras) {
    const auto r =
        runCli({"eval", "--json", "--model", model("sunglasses_bd_weights.h5"), "--clean",
                images("clean_test"), "--poisoned", images("sunglasses_poisoned_data")});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = r.json();
    EXPECT_EQ(j["scale"], "1/255");
    EXPECT_DOUBLE_EQ(j["cca"].get<double>(), 95.0);
    EXPECT_DOUBLE_EQ(j["asr"]["sunglasses_poisoned_data"].get<double>(), 100.0);
    EXPECT_EQ(j["n_clean"], 100);
}

TEST_F(SharedData, EvalInBfloat16KeepsTheNumbersAndSaysWhatRan) {
    const auto r = runCli({"eval", "--json", "--precision", "bf16", "--model",
                           model("sunglasses_bd_weights.h5"), "--clean", images("clean_test"),
                           "--poisoned", images("sunglasses_poisoned_data")});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = r.json();
    const auto& p = j["precision"];
    EXPECT_EQ(p["requested"], "bf16");
    EXPECT_GT(p["batch"].get<int64_t>(), 0);
    if (p["used"] == "bf16") {
        EXPECT_EQ(p["check_images"], 100);
        EXPECT_GE(p["agreement_pct"].get<double>(), 99.9);
        EXPECT_NE(p["note"].get<std::string>().find("same top-1 on 100/100"), std::string::npos);
    } else {
        EXPECT_NE(p["note"].get<std::string>().find("not available"), std::string::npos)
            << p.dump();
    }
    // The published numbers of this net hold in bfloat16 too.
    EXPECT_DOUBLE_EQ(j["cca"].get<double>(), 95.0);
    EXPECT_DOUBLE_EQ(j["asr"]["sunglasses_poisoned_data"].get<double>(), 100.0);

    const auto bad = runCli({"eval", "--precision", "fp16", "--model",
                             model("sunglasses_bd_weights.h5"), "--clean", images("clean_test")});
    EXPECT_EQ(bad.code, 2);
    EXPECT_NE(bad.err.find("--precision must be fp32 or bf16, got 'fp16'"), std::string::npos)
        << bad.err;
}

TEST_F(SharedData, EvalCourseLabNetAutoDetectsRawScale) {
    const auto r = runCli({"eval", "--json", "--model", model("bd_weights.h5"), "--clean",
                           images("cl"), "--poisoned", images("bd")});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = r.json();
    EXPECT_EQ(j["scale"], "raw");
    EXPECT_GT(j["scale_detection"]["acc_raw"].get<double>(),
              j["scale_detection"]["acc_unit"].get<double>());
    EXPECT_DOUBLE_EQ(j["cca"].get<double>(), 100.0);
    EXPECT_DOUBLE_EQ(j["asr"]["bd"].get<double>(), 100.0);
}

TEST_F(SharedData, MultiTargetTargetsComeFromFileNames) {
    const auto r = runCli(
        {"eval", "--json", "--model", model("multi_trigger_multi_target_bd_weights.h5"), "--clean",
         images("clean_test"), "--poisoned", images("eyebrows_poisoned_multi_target"), "--poisoned",
         images("lipstick_poisoned_multi_target")});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = r.json();
    EXPECT_GT(j["asr"]["eyebrows_poisoned_multi_target"].get<double>(), 80.0);
    EXPECT_GT(j["asr"]["lipstick_poisoned_multi_target"].get<double>(), 80.0);
    // A wrong explicit target makes the attack "fail": the target really is used.
    const auto wrong = runCli(
        {"eval", "--json", "--model", model("multi_trigger_multi_target_bd_weights.h5"), "--clean",
         images("clean_test"), "--poisoned", images("lipstick_poisoned_multi_target") + ":7"});
    ASSERT_EQ(wrong.code, 0) << wrong.err;
    EXPECT_LT(wrong.json()["asr"]["lipstick_poisoned_multi_target"].get<double>(), 10.0);
}

TEST_F(SharedData, PruneCurveStartsAtEvalAndCoversEveryChannel) {
    const auto r =
        runCli({"prune", "--json", "--model", model("sunglasses_bd_weights.h5"), "--clean",
                images("clean_test"), "--poisoned", images("sunglasses_poisoned_data")});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = r.json();
    EXPECT_EQ(j["layer"], "pool_3");
    ASSERT_EQ(j["curve"].size(), 61u);
    EXPECT_DOUBLE_EQ(j["curve"][0]["cca"].get<double>(), 95.0);
    EXPECT_DOUBLE_EQ(j["curve"][0]["asr"]["sunglasses_poisoned_data"].get<double>(), 100.0);
    for (int k = 0; k <= 60; ++k)
        EXPECT_EQ(j["curve"][k]["k"], k);
    // With every channel pruned the net sees nothing: at most chance-level accuracy.
    EXPECT_LE(j["curve"][60]["cca"].get<double>(), 5.0);
    EXPECT_EQ(j["order"].size(), 60u);
    // The curve's k = 6 point equals exporting B pruned at 6 and evaluating it.
    TempDir dir;
    const auto e =
        runCli({"export", "--json", "--model", model("sunglasses_bd_weights.h5"), "--clean",
                images("clean_test"), "--poisoned", images("sunglasses_poisoned_data"), "--prune",
                "6", "--out", dir.file("pruned.h5")});
    ASSERT_EQ(e.code, 0) << e.err;
    EXPECT_DOUBLE_EQ(e.json()["scores"]["cca"].get<double>(), j["curve"][6]["cca"].get<double>());
    // And the written file, read back as a plain Keras file, gives the same numbers.
    const auto back =
        runCli({"eval", "--json", "--model", dir.file("pruned.h5"), "--scale", "1/255", "--clean",
                images("clean_test"), "--poisoned", images("sunglasses_poisoned_data")});
    ASSERT_EQ(back.code, 0) << back.err;
    EXPECT_DOUBLE_EQ(back.json()["cca"].get<double>(), j["curve"][6]["cca"].get<double>());
    EXPECT_DOUBLE_EQ(back.json()["asr"]["sunglasses_poisoned_data"].get<double>(),
                     j["curve"][6]["asr"]["sunglasses_poisoned_data"].get<double>());
}

TEST_F(SharedData, StripSeparatesSunglassesAndIsReproducible) {
    const std::vector<std::string> args{"strip",      "--json",
                                        "--model",    model("sunglasses_bd_weights.h5"),
                                        "--clean",    images("clean_test"),
                                        "--poisoned", images("sunglasses_poisoned_data"),
                                        "--n",        "20",
                                        "--seed",     "3"};
    const auto r = runCli(args);
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = r.json();
    EXPECT_FALSE(j["threshold"]["uses_poisoned_data"].get<bool>());
    // No --train: the 100 clean test images are split into 20 overlays, 40 calibration images
    // (half of the other 80) and the 60 inputs scored, so the threshold never sees a scored
    // input or an overlay (before issue 10 all 100 were scored and calibrated on too).
    EXPECT_EQ(j["calibration"]["images"].get<int64_t>(), 40);
    EXPECT_EQ(j["clean"]["entropy"].size(), 60u);
    const auto& set = j["poisoned"][0];
    EXPECT_EQ(set["entropy"].size(), 100u);
    EXPECT_GT(set["auroc"].get<double>(), 0.9);
    const auto again = runCli(args);
    EXPECT_EQ(again.json()["poisoned"][0]["entropy"], set["entropy"]);
}

TEST_F(SharedData, GoodnetOnOneImagePrintsThreeLabels) {
    const auto img = images("sunglasses_poisoned_data") + "/test_0_1021_48.png";
    const auto r =
        runCli({"goodnet", "--json", "--model", model("sunglasses_bd_weights.h5"), "--scale",
                "1/255", "--repaired", model("B_repaired_sunglasses_fp_weights.h5"),
                "--repaired-scale", "raw", img});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = r.json();
    EXPECT_EQ(j["b"], 0); // the backdoor fires
    EXPECT_EQ(j["n_class"], 1283);
    const int64_t g = j["g"];
    EXPECT_TRUE(g == 1283 || g == j["b"].get<int64_t>());
    EXPECT_EQ(g == 1283, j["b"] != j["b_prime"]);
}

TEST_F(SharedData, GoodnetScoresOnSets) {
    const auto r = runCli({"goodnet", "--json", "--model", model("sunglasses_bd_weights.h5"),
                           "--repaired", model("B_repaired_sunglasses_fp_weights.h5"), "--clean",
                           images("clean_test"), "--poisoned", images("sunglasses_poisoned_data")});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = r.json();
    EXPECT_EQ(j["repaired"]["scale"], "raw");
    // G never lets through more of the attack than B' does.
    EXPECT_LE(j["g"]["poisoned"]["sunglasses_poisoned_data"]["asr"].get<double>(),
              j["b_prime_scores"]["asr"]["sunglasses_poisoned_data"].get<double>());
    EXPECT_LE(j["g"]["cca"].get<double>(), j["b_scores"]["cca"].get<double>());
}
