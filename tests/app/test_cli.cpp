// backdoorlab-cli, run in-process: usage, errors, JSON contract, on self-made tiny files.
#include "cli_test_util.h"

#include "core/io/data_io.h"

#include <gtest/gtest.h>
#include <torch/cuda.h>
#include <torch/types.h>

#include <filesystem>
#include <fstream>

using bdl::test::runCli;
using bdl::test::TempDir;

TEST(Cli, TopLevelHelpListsEveryCommand) {
    const auto r = runCli({"--help"});
    EXPECT_EQ(r.code, 0);
    for (const char* c : {"info", "eval", "prune", "fine-prune", "sweep", "goodnet", "strip",
                          "export", "audit", "merge", "bench"})
        EXPECT_NE(r.out.find(std::string("  ") + c), std::string::npos) << c;
}

TEST(Cli, EveryCommandHasHelp) {
    for (const char* c : {"info", "eval", "prune", "fine-prune", "sweep", "goodnet", "strip",
                          "export", "audit", "merge", "bench"}) {
        const auto r = runCli({c, "--help"});
        EXPECT_EQ(r.code, 0) << c;
        EXPECT_NE(r.out.find("Usage: backdoorlab-cli " + std::string(c)), std::string::npos) << c;
        EXPECT_NE(r.out.find("--"), std::string::npos) << c;
    }
}

TEST(Cli, UsageErrorsExitTwoAndNameTheProblem) {
    auto r = runCli({"eval", "--bogus"});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("--bogus"), std::string::npos);
    r = runCli({"eval", "--clean", "x"});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("--model"), std::string::npos);
    r = runCli({"eval", "--model", "m.h5", "--seed", "abc"});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("--seed"), std::string::npos);
    r = runCli({"nope"});
    EXPECT_EQ(r.code, 2);
}

TEST(Cli, MissingModelFileIsAnErrorNamingTheFileAsJson) {
    TempDir dir;
    const auto missing = dir.file("missing.h5");
    const auto r = runCli({"eval", "--json", "--model", missing, "--scale", "raw"});
    EXPECT_EQ(r.code, 1);
    const auto j = r.json();
    EXPECT_NE(j["error"].get<std::string>().find("missing.h5"), std::string::npos);
    EXPECT_NE(r.err.find("missing.h5"), std::string::npos);
}

TEST(Cli, NotAnHdf5ModelIsRefused) {
    TempDir dir;
    { std::ofstream(dir.file("fake.h5")) << "this is not hdf5"; }
    const auto r = runCli({"info", "--model", dir.file("fake.h5"), "--scale", "raw"});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("fake.h5"), std::string::npos);
}

// info describes a model without any data: the scale is left undetermined (not an error), and
// other commands still need data or an explicit scale.
TEST(Cli, InfoDescribesAModelWithoutData) {
    TempDir dir;
    const auto model = bdl::test::writeTinyFixture(dir);
    const auto r = runCli({"info", "--model", model});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("Scale      not determined"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Prunable"), std::string::npos) << r.out;
    const auto j = runCli({"info", "--model", model, "--json"});
    ASSERT_EQ(j.code, 0) << j.err;
    EXPECT_TRUE(j.json()["scale"].is_null());
    EXPECT_FALSE(j.json().contains("scale_detection"));
    EXPECT_GT(j.json()["layers"].size(), 3u);
    const auto raw = runCli({"info", "--model", model, "--scale", "raw", "--json"});
    ASSERT_EQ(raw.code, 0) << raw.err;
    EXPECT_EQ(raw.json()["scale"], "raw");
    const auto eval = runCli({"eval", "--model", model});
    EXPECT_EQ(eval.code, 2);
    EXPECT_NE(eval.err.find("--clean"), std::string::npos) << eval.err;
}

TEST(Cli, EvalJsonOnTinyFixture) {
    TempDir dir;
    const auto model = bdl::test::writeTinyFixture(dir);
    const auto r =
        runCli({"eval", "--json", "--model", model, "--clean", dir.file("clean.h5"), "--poisoned",
                dir.file("poisoned.h5"), "--predictions", dir.file("pred.csv")});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = r.json();
    EXPECT_EQ(j["n_clean"], 12);
    EXPECT_TRUE(j["cca"].is_number());
    EXPECT_GE(j["cca"].get<double>(), 0.0);
    EXPECT_LE(j["cca"].get<double>(), 100.0);
    ASSERT_TRUE(j["asr"].contains("poisoned"));
    EXPECT_TRUE(j.contains("scale_detection"));
    std::ifstream csv(dir.file("pred.csv"));
    std::string line;
    int lines = 0;
    while (std::getline(csv, line))
        ++lines;
    EXPECT_EQ(lines, 1 + 12 + 12);
}

// --device: a name that is no device is a usage error; cuda on Debian's CPU-only LibTorch is an
// error that says why (exit 1, before the model is read); cpu runs as without the option.
TEST(Cli, DeviceOptionIsCheckedBeforeTheModelLoads) {
    TempDir dir;
    const auto model = bdl::test::writeTinyFixture(dir);
    const std::vector<std::string> eval{"eval", "--model", model, "--clean", dir.file("clean.h5")};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> args = eval;
        args.insert(args.end(), extra.begin(), extra.end());
        return runCli(args);
    };
    const auto bogus = with({"--device", "bogus"});
    EXPECT_EQ(bogus.code, 2);
    EXPECT_NE(bogus.err.find("--device: unknown device 'bogus' (cpu, cuda or cuda:N)"),
              std::string::npos)
        << bogus.err;
    const auto cpu = with({"--device", "cpu", "--json"});
    ASSERT_EQ(cpu.code, 0) << cpu.err;
    const auto plain = with({"--json"});
    ASSERT_EQ(plain.code, 0) << plain.err;
    EXPECT_EQ(cpu.json()["cca"], plain.json()["cca"]);

    if (torch::cuda::is_available())
        GTEST_SKIP() << "this LibTorch has CUDA and sees a GPU: --device cuda runs here";
    const auto cuda = with({"--device", "cuda", "--json"});
    EXPECT_EQ(cuda.code, 1);
    const std::string message = "--device cuda: this LibTorch build has no CUDA support "
                                "(Debian's libtorch-dev is CPU-only); build BackdoorLab against "
                                "a CUDA LibTorch to run on a GPU";
    const bool noCuda = cuda.err.find(message) != std::string::npos;
    const bool noGpu =
        cuda.err.find("--device cuda: no CUDA device visible (CUDA_VISIBLE_DEVICES=") !=
        std::string::npos;
    EXPECT_TRUE(noCuda || noGpu) << cuda.err;
    EXPECT_EQ(cuda.json()["kind"], "error");
    EXPECT_EQ(with({"--device", "cuda:1"}).code, 1);
}

TEST(Cli, LabelsOutOfRangeAreRefused) {
    TempDir dir;
    const auto model = bdl::test::writeTinyFixture(dir, /*classes=*/3, /*images=*/6);
    // the fixture's clean labels are 0..2; a 2-class view of the same file is impossible, so
    // write a model with fewer classes than the data's labels instead.
    TempDir dir2;
    const auto small = bdl::test::writeTinyFixture(dir2, /*classes=*/2, /*images=*/6);
    const auto r =
        runCli({"eval", "--model", small, "--clean", dir.file("clean.h5"), "--scale", "raw"});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("clean.h5"), std::string::npos) << r.err;
}

TEST(Cli, PruneOnTinyFixtureWritesCurveAndActivations) {
    TempDir dir;
    const auto model = bdl::test::writeTinyFixture(dir);
    const auto r = runCli({"prune", "--json", "--model", model, "--scale", "raw", "--clean",
                           dir.file("clean.h5"), "--poisoned", dir.file("poisoned.h5"),
                           "--activations", dir.file("acts.json")});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = r.json();
    EXPECT_EQ(j["layer"], "pool_3");
    EXPECT_EQ(j["curve"].size(), 61u);
    EXPECT_EQ(j["order"].size(), 60u);
    std::ifstream in(dir.file("acts.json"));
    const auto a = nlohmann::json::parse(in);
    ASSERT_EQ(a["sets"].size(), 2u);
    EXPECT_EQ(a["sets"][0]["mean_maps"].size(), 60u);
    EXPECT_EQ(a["sets"][0]["height"], 2); // 32 -> conv_1 29 -> 14 -> 12 -> 6 -> 4 -> pool_3 2
    EXPECT_EQ(a["sets"][0]["mean_maps"][0].size(), 4u);
    // The curve's channel order is the ranking by increasing mean activation on the clean set.
    const auto& means = a["sets"][0]["channel_means"];
    for (size_t i = 1; i < j["order"].size(); ++i)
        EXPECT_LE(means[j["order"][i - 1].get<int>()].get<double>(),
                  means[j["order"][i].get<int>()].get<double>());
}

TEST(Cli, FinePrunePaperProtocolWritesLoadableRepairedModels) {
    TempDir dir;
    const auto model = bdl::test::writeTinyFixture(dir);
    const auto r = runCli({"fine-prune",
                           "--json",
                           "--model",
                           model,
                           "--scale",
                           "raw",
                           "--clean",
                           dir.file("clean.h5"),
                           "--poisoned",
                           dir.file("poisoned.h5"),
                           "--steps",
                           "2",
                           "--epochs",
                           "1",
                           "--out",
                           dir.file("bp.h5"),
                           "--torchscript",
                           dir.file("bp.pt"),
                           "--goodnet-torchscript",
                           dir.file("g.pt")});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = r.json();
    ASSERT_EQ(j["curve"].size(), 3u); // k = 0, 1, 2
    EXPECT_EQ(j["curve"][2]["k"], 2);
    EXPECT_TRUE(std::filesystem::exists(dir.file("bp.pt")));
    EXPECT_TRUE(std::filesystem::exists(dir.file("g.pt")));
    // B' read back (its architecture is recorded in the file) scores what the last step reported.
    const auto back =
        runCli({"eval", "--json", "--model", dir.file("bp.h5"), "--scale", "raw", "--clean",
                dir.file("clean.h5"), "--poisoned", dir.file("poisoned.h5")});
    ASSERT_EQ(back.code, 0) << back.err;
    EXPECT_DOUBLE_EQ(back.json()["cca"].get<double>(), j["curve"][2]["cca"].get<double>());
}

TEST(Cli, FinePruneLiuAndSweepOnTinyFixture) {
    TempDir dir;
    const auto model = bdl::test::writeTinyFixture(dir, /*classes=*/5, /*images=*/20);
    const auto liu = runCli({"fine-prune", "--json", "--protocol", "liu", "--model", model,
                             "--scale", "raw", "--clean", dir.file("clean.h5"), "--poisoned",
                             dir.file("poisoned.h5"), "--epochs", "1", "--max-drop", "10"});
    ASSERT_EQ(liu.code, 0) << liu.err;
    const auto l = liu.json();
    EXPECT_EQ(l["protocol"], "liu");
    EXPECT_GE(l["stop_k"].get<int>(), 0);
    EXPECT_NE(l["validation"].get<std::string>().find("held out"), std::string::npos);
    const auto sw = runCli({"sweep", "--json", "--model", model, "--scale", "raw", "--clean",
                            dir.file("clean.h5"), "--poisoned", dir.file("poisoned.h5"), "--lrs",
                            "1e-2,1e-4", "--ks", "1,3", "--epochs", "1"});
    ASSERT_EQ(sw.code, 0) << sw.err;
    const auto s = sw.json();
    ASSERT_EQ(s["cca"].size(), 2u);
    ASSERT_EQ(s["cca"][0].size(), 2u);
    ASSERT_EQ(s["asr"]["poisoned"].size(), 2u);
    const auto bad = runCli({"sweep", "--model", model, "--lrs", "1e-2,abc"});
    EXPECT_EQ(bad.code, 2);
}

TEST(Cli, StripAndGoodnetOnTinyFixture) {
    TempDir dir;
    const auto model = bdl::test::writeTinyFixture(dir);
    const auto s = runCli({"strip", "--json", "--model", model, "--scale", "raw", "--clean",
                           dir.file("clean.h5"), "--poisoned", dir.file("poisoned.h5"), "--n", "8",
                           "--rule", "percentile", "--frr", "10"});
    ASSERT_EQ(s.code, 0) << s.err;
    const auto j = s.json();
    EXPECT_EQ(j["threshold"]["rule"], "percentile");
    EXPECT_TRUE(j["calibration"]["in_sample"].get<bool>());
    EXPECT_EQ(j["poisoned"][0]["entropy"].size(), 12u);
    const auto eer = runCli({"strip", "--json", "--model", model, "--scale", "raw", "--clean",
                             dir.file("clean.h5"), "--poisoned", dir.file("poisoned.h5"), "--n",
                             "8", "--rule", "eer"});
    ASSERT_EQ(eer.code, 0) << eer.err;
    EXPECT_TRUE(eer.json()["threshold"]["uses_poisoned_data"].get<bool>());
    // G(B, B) never rejects: a net always agrees with itself.
    const auto g = runCli({"goodnet", "--json", "--model", model, "--scale", "raw", "--repaired",
                           model, "--repaired-scale", "raw", "--clean", dir.file("clean.h5"),
                           "--poisoned", dir.file("poisoned.h5")});
    ASSERT_EQ(g.code, 0) << g.err;
    EXPECT_DOUBLE_EQ(g.json()["g"]["clean_rejected"].get<double>(), 0.0);
    EXPECT_DOUBLE_EQ(g.json()["g"]["cca"].get<double>(), g.json()["b_scores"]["cca"].get<double>());
}

TEST(Cli, ExportToAnUnwritableFolderFailsAndKeepsNothingHalfWritten) {
    TempDir dir;
    const auto model = bdl::test::writeTinyFixture(dir);
    const auto target = dir.file("no-such-folder/out.h5");
    const auto r = runCli({"export", "--model", model, "--scale", "raw", "--out", target});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("out.h5"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(target));
}

// Issue 11, point 5: without --n the core's automatic split keeps calibration inputs on a small
// clean set (12 images, no --train); a chosen --n that leaves none says why and what to do.
TEST(Cli, StripSplitsASmallCleanSetAutomaticallyOrSaysWhyNot) {
    TempDir dir;
    const auto model = bdl::test::writeTinyFixture(dir);
    const std::vector<std::string> base{"strip",      "--json",
                                        "--model",    model,
                                        "--scale",    "raw",
                                        "--clean",    dir.file("clean.h5"),
                                        "--poisoned", dir.file("poisoned.h5")};
    const auto r = runCli(base);
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = r.json();
    EXPECT_EQ(j["n"], 6); // the default 100, lowered to half of the 12 clean images
    EXPECT_EQ(j["n_requested"], 100);
    EXPECT_TRUE(j["auto_split"]["n_lowered"].get<bool>());
    EXPECT_NE(j["auto_split"]["note"].get<std::string>().find("100 to 6"), std::string::npos);
    EXPECT_EQ(j["calibration"]["images"], 3); // half of the 6 non-overlay images
    auto fixed = base;
    fixed.insert(fixed.end(), {"--n", "12"});
    const auto bad = runCli(fixed);
    EXPECT_EQ(bad.code, 1);
    EXPECT_NE(bad.err.find("clean.h5"), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find("Lower N to at most 10"), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find("omit --n"), std::string::npos) << bad.err;
}

// Issue 11, point 14: data of another shape than the model's input names the file and both.
TEST(Cli, ShapeMismatchNamesTheDataFileAndBothShapes) {
    TempDir dir;
    const auto model = bdl::test::writeTinyFixture(dir); // 32x32x1
    bdl::core::Dataset small;
    small.images = torch::zeros({3, 1, 28, 28});
    small.labels = torch::tensor({0, 1, 2}, torch::kLong);
    small.itemNames = {"a", "b", "c"};
    const std::string file = dir.file("mnist_like.h5");
    bdl::core::saveCsawH5(small, file);
    const auto r = runCli({"eval", "--model", model, "--scale", "raw", "--clean", file});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find(file), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("28x28x1"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("32x32x1"), std::string::npos) << r.err;
}
