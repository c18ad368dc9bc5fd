// backdoorlab-cli, run in-process: usage, errors, JSON contract, on self-made tiny files.
#include "cli_test_util.h"

#include <gtest/gtest.h>

#include <fstream>

using bdl::test::runCli;
using bdl::test::TempDir;

TEST(Cli, TopLevelHelpListsEveryCommand) {
    const auto r = runCli({"--help"});
    EXPECT_EQ(r.code, 0);
    for (const char* c : {"info", "eval", "prune", "fine-prune", "sweep", "goodnet", "strip",
                          "export", "bench"})
        EXPECT_NE(r.out.find(std::string("  ") + c), std::string::npos) << c;
}

TEST(Cli, EveryCommandHasHelp) {
    for (const char* c : {"info", "eval", "prune", "fine-prune", "sweep", "goodnet", "strip",
                          "export", "bench"}) {
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

TEST(Cli, EvalJsonOnTinyFixture) {
    TempDir dir;
    const auto model = bdl::test::writeTinyFixture(dir);
    const auto r = runCli({"eval", "--json", "--model", model, "--clean", dir.file("clean.h5"),
                           "--poisoned", dir.file("poisoned.h5"), "--predictions",
                           dir.file("pred.csv")});
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

TEST(Cli, LabelsOutOfRangeAreRefused) {
    TempDir dir;
    const auto model = bdl::test::writeTinyFixture(dir, /*classes=*/3, /*images=*/6);
    // the fixture's clean labels are 0..2; a 2-class view of the same file is impossible, so
    // write a model with fewer classes than the data's labels instead.
    TempDir dir2;
    const auto small = bdl::test::writeTinyFixture(dir2, /*classes=*/2, /*images=*/6);
    const auto r = runCli({"eval", "--model", small, "--clean", dir.file("clean.h5"),
                           "--scale", "raw"});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("clean.h5"), std::string::npos) << r.err;
}
