// backdoorlab-cli zoo and demo, and --model zoo:ID in the analysis commands, on a reduced zoo.
#include "cli_test_util.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace bdl::test;
namespace fs = std::filesystem;

namespace {

const char* kFashion = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";

#define NEED_FASHION()                                                                             \
    if (!fs::exists(kFashion))                                                                     \
    GTEST_SKIP() << "Fashion-MNIST is not installed (" << kFashion                                 \
                 << "; apt-get install dataset-fashion-mnist)"

const std::vector<std::string> kReduced{
    "--train-images", "2000", "--validation-images", "200", "--test-images", "300", "--epochs", "1",
    "--quiet"};

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

/// One reduced zoo per process, built through the CLI.
struct SharedZoo {
    TempDir dir;
    std::string zoo = dir.file("zoo");
    CliRun build = runCli(with({"zoo", "--out", zoo, "--json"}, kReduced));
};

const SharedZoo& sharedZoo() {
    static SharedZoo s;
    return s;
}

} // namespace

TEST(CliZoo, BuildsThenReuses) {
    NEED_FASHION();
    const auto& s = sharedZoo();
    ASSERT_EQ(s.build.code, 0) << s.build.err << s.build.out;
    const auto j = s.build.json();
    EXPECT_TRUE(j["built"].get<bool>());
    EXPECT_EQ(j["manifest"]["models"].size(), 6u); // five trained, and patch as TorchScript
    EXPECT_EQ(j["manifest"]["config"]["train_images"], 2000);
    EXPECT_TRUE(fs::exists(s.zoo + "/manifest.json"));

    const auto again = runCli(with({"zoo", "--out", s.zoo}, kReduced));
    ASSERT_EQ(again.code, 0) << again.err;
    EXPECT_NE(again.out.find("reused"), std::string::npos) << again.out;
    EXPECT_NE(again.out.find("3: pixel pattern -> 0"), std::string::npos) << again.out;
    EXPECT_NE(again.out.find("cross"), std::string::npos);
    EXPECT_NE(again.out.find("patch_bd.pt"), std::string::npos) << again.out;
}

TEST(CliZoo, ZooModelsAreTheDefaultWorkloadOfTheAnalysisCommands) {
    NEED_FASHION();
    const auto& s = sharedZoo();
    ASSERT_EQ(s.build.code, 0) << s.build.err;
    const auto manifest = s.build.json()["manifest"];
    const auto r = runCli({"eval", "--model", "zoo:multi", "--zoo", s.zoo, "--json", "--quiet"});
    ASSERT_EQ(r.code, 0) << r.err << r.out;
    const auto j = r.json();
    EXPECT_EQ(j["zoo"]["model"], "multi");
    EXPECT_EQ(j["scale"], "1/255");
    nlohmann::json multi;
    for (const auto& m : manifest["models"])
        if (m["id"] == "multi")
            multi = m;
    EXPECT_NEAR(j["cca"].get<double>(), multi["test"]["cca"].get<double>(), 1e-9);
    // its three poisoned test sets, with their targets, and the same ASR as the manifest
    ASSERT_EQ(j["asr"].size(), 3u) << j.dump();
    EXPECT_NEAR(j["asr"]["cross_poisoned_test"].get<double>(),
                multi["test"]["asr"]["cross"].get<double>(), 1e-9);

    // explicit data wins over the zoo's defaults
    const auto own = runCli({"eval", "--model", "zoo:patch", "--zoo", s.zoo, "--clean",
                             s.zoo + "/clean_validation.h5", "--json", "--quiet"});
    ASSERT_EQ(own.code, 0) << own.err;
    EXPECT_NE(own.out.find("clean_validation"), std::string::npos);

    const auto bad = runCli({"eval", "--model", "zoo:nope", "--zoo", s.zoo, "--quiet"});
    EXPECT_EQ(bad.code, 2);
    EXPECT_NE(bad.err.find("patch"), std::string::npos) << bad.err; // lists the known models
}

TEST(CliZoo, DemoRunsEvalPruneAndStripOnThePatchModel) {
    NEED_FASHION();
    const auto& s = sharedZoo();
    ASSERT_EQ(s.build.code, 0) << s.build.err;
    const auto r = runCli({"demo", "--zoo", s.zoo, "--json", "--quiet"});
    ASSERT_EQ(r.code, 0) << r.err << r.out;
    const auto j = r.json();
    EXPECT_FALSE(j["zoo"]["built"].get<bool>()); // the reduced zoo is taken as it is
    EXPECT_EQ(j["eval"]["zoo"]["model"], "patch");
    EXPECT_EQ(j["prune"]["ranked_on"], "clean_validation");
    ASSERT_EQ(j["strip"]["poisoned"].size(), 1u) << j["strip"].dump();
    EXPECT_EQ(j["strip"]["calibration"]["set"], "clean_validation"); // never the test sets
    // the sample is capped at 1000 per set; the reduced zoo's sets are smaller, so all are used
    EXPECT_EQ(j["strip"]["clean"]["n"], 300);
    const double auroc = j["strip"]["poisoned"][0]["auroc"].get<double>();
    EXPECT_TRUE(auroc >= 0.0 && auroc <= 1.0) << auroc;
    EXPECT_GT(j["prune"]["curve"].size(), 2u);
    const auto text = runCli({"demo", "--zoo", s.zoo, "--quiet"});
    ASSERT_EQ(text.code, 0) << text.err;
    EXPECT_NE(text.out.find("== eval"), std::string::npos);
    EXPECT_NE(text.out.find("== prune"), std::string::npos);
    EXPECT_NE(text.out.find("== strip"), std::string::npos);
}

// The zoo's PyTorch model, pruned and written as Keras: the written .h5 (a whole model the
// TorchScript graph was translated into, with the pruning) scores what the export reported.
TEST(CliZoo, ThePyTorchModelPrunedExportsAsAKerasFileWithTheSameScores) {
    NEED_FASHION();
    const auto& s = sharedZoo();
    ASSERT_EQ(s.build.code, 0) << s.build.err;
    TempDir out;
    const std::string h5 = out.file("patch_pruned.h5");
    const auto r = runCli({"export", "--model", "zoo:patch-pt", "--zoo", s.zoo, "--prune", "4",
                           "--out", h5, "--json", "--quiet"});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto e = r.json();
    EXPECT_EQ(e["model"]["format"], "torchscript");
    EXPECT_EQ(e["outputs"]["keras"], h5);
    const auto back = runCli({"eval", "--model", h5, "--scale", e["scale"].get<std::string>(),
                              "--clean", s.zoo + "/clean_test.h5", "--poisoned",
                              s.zoo + "/patch_poisoned_test.h5", "--json", "--quiet"});
    ASSERT_EQ(back.code, 0) << back.err;
    const auto b = back.json();
    EXPECT_EQ(b["model"]["format"], "whole-model");
    // (the same predictions; a tolerance of half an image of the 300 for float rounding)
    EXPECT_NEAR(b["cca"].get<double>(), e["scores"]["cca"].get<double>(), 0.15);
    EXPECT_NEAR(b["asr"]["patch_poisoned_test"].get<double>(),
                e["scores"]["asr"]["patch_poisoned_test"].get<double>(), 0.15);
    const auto text = runCli({"export", "--model", "zoo:patch-pt", "--zoo", s.zoo, "--out", h5});
    ASSERT_EQ(text.code, 0) << text.err;
    EXPECT_NE(text.out.find("translated from TorchScript"), std::string::npos) << text.out;
}

TEST(CliZoo, RefusesAForeignFolderWithExitCode1) {
    TempDir dir;
    std::ofstream(dir.file("notes.txt")) << "mine";
    const auto r = runCli(with({"zoo", "--out", dir.path().string()}, kReduced));
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("not a BackdoorLab zoo"), std::string::npos) << r.err;
    EXPECT_TRUE(fs::exists(dir.file("notes.txt")));
}

// The full demo zoo, as `scripts/run.sh` builds it (about 2.5 minutes on 2 cores): every
// backdoored model must reach the bars on the held-out test split, and STRIP must separate
// clean from patch-poisoned inputs of model 1 with a threshold taken from clean data only.
TEST(CliZooFull, DefaultZooMeetsTheAccuracyAndAttackBars) {
    NEED_FASHION();
    TempDir dir;
    const std::string zoo = dir.file("zoo");
    const auto r = runCli({"zoo", "--out", zoo, "--json", "--quiet"});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto m = r.json()["manifest"];
    EXPECT_EQ(m["config"]["train_images"], 55000);
    EXPECT_EQ(m["config"]["epochs"], 3);
    for (const auto& model : m["models"]) {
        const std::string id = model["id"];
        EXPECT_GE(model["test"]["cca"].get<double>(), 88.0) << id;
        for (const auto& [trigger, asr] : model["test"]["asr"].items()) {
            if (id == "clean")
                EXPECT_LE(asr.get<double>(), 10.0) << trigger; // no backdoor in the reference
            else
                EXPECT_GE(asr.get<double>(), 95.0) << id << " " << trigger;
        }
    }
    const auto s = runCli(
        {"strip", "--model", "zoo:patch", "--zoo", zoo, "--sample", "1000", "--json", "--quiet"});
    ASSERT_EQ(s.code, 0) << s.err;
    const auto j = s.json();
    EXPECT_EQ(j["calibration"]["set"], "clean_validation");
    EXPECT_GE(j["poisoned"][0]["auroc"].get<double>(), 0.95) << j["poisoned"][0].dump();
}
