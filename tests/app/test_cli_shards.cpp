// Sharded jobs (--shard I/N) and `merge`, in-process on self-made tiny files: the merged result is
// the unsharded command's JSON byte for byte, and parts that do not belong together are refused.
#include "cli_test_util.h"

#include "core/io/keras_io.h"
#include "core/nn/architectures.h"
#include "core/nn/model.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using bdl::test::runCli;
using bdl::test::TempDir;

namespace {

std::string readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void writeText(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

std::vector<std::string> plus(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

/// Runs `command` whole (--json) and as `shards` parts merged; expects the merged file to hold
/// exactly what the whole run printed. Returns the merged JSON.
nlohmann::json expectMergedEqualsWhole(const TempDir& dir, const std::vector<std::string>& command,
                                       int shards, const std::string& unit) {
    const auto whole = runCli(plus(command, {"--json"}));
    EXPECT_EQ(whole.code, 0) << whole.err << whole.out;
    std::vector<std::string> merge{"merge"};
    // Given out of order: merge sorts the parts by shard.
    for (int i = shards; i >= 1; --i) {
        const std::string part = dir.file("part-" + std::to_string(i) + ".json");
        const auto r =
            runCli(plus(command, {"--shard", std::to_string(i) + "/" + std::to_string(shards),
                                  "--out", part, "--quiet"}));
        EXPECT_EQ(r.code, 0) << r.err << r.out;
        EXPECT_NE(r.out.find("shard " + std::to_string(i) + "/" + std::to_string(shards)),
                  std::string::npos)
            << r.out;
        const auto p = nlohmann::json::parse(readText(part));
        EXPECT_EQ(p["backdoorlab_partial"], 1);
        EXPECT_EQ(p["shard"]["index"], i);
        EXPECT_EQ(p["items"]["unit"], unit);
        merge.push_back(part);
    }
    const std::string out = dir.file("merged.json");
    merge.push_back("--out");
    merge.push_back(out);
    const auto m = runCli(merge);
    EXPECT_EQ(m.code, 0) << m.err << m.out;
    EXPECT_EQ(readText(out), whole.out) << "the merged result differs from the unsharded run";
    return nlohmann::json::parse(readText(out));
}

std::vector<std::string> tinyData(const TempDir& dir, const std::string& model) {
    return {"--model",    model,
            "--scale",    "raw",
            "--clean",    dir.file("clean.h5"),
            "--poisoned", dir.file("poisoned.h5")};
}

} // namespace

TEST(CliShards, SweepRowsAndLiuCellsMergeToTheUnshardedResult) {
    TempDir dir;
    const auto model = bdl::test::writeTinyFixture(dir, /*classes=*/5, /*images=*/20);
    const auto sweep = plus(plus({"sweep"}, tinyData(dir, model)),
                            {"--lrs", "1e-2,1e-3,1e-4", "--ks", "1,3", "--epochs", "1"});
    const auto paper = expectMergedEqualsWhole(dir, sweep, 2, "rows");
    EXPECT_EQ(paper["command"], "sweep");
    EXPECT_EQ(paper["protocol"], "paper");
    ASSERT_EQ(paper["cca"].size(), 3u);
    for (const auto& row : paper["cca"])
        for (const auto& v : row)
            EXPECT_TRUE(v.is_number());
    // Liu's protocol shards cells: 6 cells in 4 shards (rows split in the middle).
    const auto liu = expectMergedEqualsWhole(dir, plus(sweep, {"--protocol", "liu"}), 4, "cells");
    EXPECT_EQ(liu["protocol"], "liu");
    // More shards than rows: some shards own none and still write their (empty) part.
    expectMergedEqualsWhole(dir, sweep, 5, "rows");
}

TEST(CliShards, StripInputsInChunksMergeToTheUnshardedResult) {
    TempDir dir;
    const auto model = bdl::test::writeTinyFixture(dir, /*classes=*/5, /*images=*/200);
    // n = 8: 64 inputs per STRIP batch, chunks of 64 inputs; 200 clean + 200 poisoned images.
    const auto strip = plus(plus({"strip"}, tinyData(dir, model)), {"--n", "8"});
    const auto j = expectMergedEqualsWhole(dir, strip, 3, "inputs");
    EXPECT_EQ(j["command"], "strip");
    EXPECT_EQ(j["poisoned"][0]["entropy"].size(), 200u);
    EXPECT_TRUE(j["threshold"]["value"].is_number());
}

TEST(CliShards, AuditOfTwoModelsMergesToTheUnshardedResult) {
    TempDir dir;
    const auto first = bdl::test::writeTinyFixture(dir, /*classes=*/5, /*images=*/40);
    bdl::core::Model other(bdl::core::csawBadnetSpec(32, 32, 1, 5));
    other.initialize(/*seed=*/11);
    const std::string second = dir.file("other.h5");
    bdl::core::saveKerasWeights(other, second);
    const std::vector<std::string> audit{"audit",
                                         "--model",
                                         first,
                                         "--model",
                                         second,
                                         "--arch",
                                         "csaw-badnet:32x32x1:5",
                                         "--scale",
                                         "raw",
                                         "--clean",
                                         dir.file("clean.h5"),
                                         "--poisoned",
                                         dir.file("poisoned.h5"),
                                         "--n",
                                         "8"};
    const auto j = expectMergedEqualsWhole(dir, audit, 2, "models");
    EXPECT_EQ(j["command"], "audit");
    ASSERT_EQ(j["models"].size(), 2u);
    EXPECT_EQ(j["models"][0]["name"], "tiny.h5");
    EXPECT_EQ(j["models"][1]["name"], "other.h5");
    // Each model's numbers are what eval says of it alone.
    const auto e =
        runCli({"eval", "--json", "--model", second, "--arch", "csaw-badnet:32x32x1:5", "--scale",
                "raw", "--clean", dir.file("clean.h5"), "--poisoned", dir.file("poisoned.h5")});
    ASSERT_EQ(e.code, 0) << e.err;
    EXPECT_EQ(j["models"][1]["eval"]["cca"], e.json()["cca"]);
    const auto& curve = j["models"][0]["pruning"];
    EXPECT_EQ(curve["ks"].size(), curve["channels"].get<size_t>() + 1);
    EXPECT_EQ(curve["cca"][0], j["models"][0]["eval"]["cca"]);
    EXPECT_TRUE(j["models"][0]["verdict"]["trust"].is_string());
    EXPECT_EQ(j["models"][0]["strip"]["sets"].size(), 1u);
    // Three shards of two models: one shard audits none.
    expectMergedEqualsWhole(dir, audit, 3, "models");
}

TEST(CliShards, MergeRefusesPartsThatDoNotBelongTogether) {
    TempDir dir;
    const auto model = bdl::test::writeTinyFixture(dir, /*classes=*/5, /*images=*/20);
    const auto sweep = plus(plus({"sweep"}, tinyData(dir, model)),
                            {"--lrs", "1e-2,1e-3", "--ks", "1", "--epochs", "1", "--quiet"});
    const auto part = [&](const std::vector<std::string>& cmd, const std::string& shard,
                          const std::string& name) {
        const std::string path = dir.file(name);
        const auto r = runCli(plus(cmd, {"--shard", shard, "--out", path}));
        EXPECT_EQ(r.code, 0) << r.err;
        return path;
    };
    const auto p1 = part(sweep, "1/3", "p1.json");
    const auto p3 = part(sweep, "3/3", "p3.json");
    const auto merged = dir.file("merged.json");
    const auto merge = [&](std::vector<std::string> parts) {
        return runCli(plus(plus({"merge"}, parts), {"--out", merged}));
    };
    auto r = merge({p1, p3});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("missing shard 2 of 3"), std::string::npos) << r.err;
    r = merge({p1, p1, p3});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("given twice"), std::string::npos) << r.err;
    // Another learning-rate list is another job; the message says where they differ.
    const auto other = part(plus(plus({"sweep"}, tinyData(dir, model)),
                                 {"--lrs", "1e-2,1e-4", "--ks", "1", "--epochs", "1", "--quiet"}),
                            "2/3", "other.json");
    r = merge({p1, other, p3});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("another job"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("options.lrs"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(other), std::string::npos) << r.err;
    // Other data of the same name: the fingerprint holds the contents.
    TempDir dir2;
    bdl::test::writeTinyFixture(dir2, /*classes=*/5, /*images=*/21);
    std::filesystem::copy_file(dir2.file("clean.h5"), dir.file("clean.h5"),
                               std::filesystem::copy_options::overwrite_existing);
    const auto changed = part(sweep, "2/3", "changed.json");
    r = merge({p1, changed, p3});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("data["), std::string::npos) << r.err;
    // Not a part: an unsharded result, a truncated file, a part of another shard count.
    writeText(dir.file("whole.json"), R"({"command": "sweep", "cca": []})");
    r = merge({dir.file("whole.json")});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("not a partial result"), std::string::npos) << r.err;
    const std::string text = readText(p1);
    writeText(dir.file("cut.json"), text.substr(0, text.size() / 2));
    r = merge({dir.file("cut.json")});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("cut.json"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("not valid JSON"), std::string::npos) << r.err;
    // An edited header no longer matches its fingerprint.
    auto edited = nlohmann::json::parse(text);
    edited["header"]["options"]["epochs"] = {"5"};
    writeText(dir.file("edited.json"), edited.dump());
    r = merge({dir.file("edited.json")});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("fingerprint"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(merged)) << "a refused merge wrote a result";
    // Usage: --shard needs --out and a valid I/N; merge needs parts and --out.
    EXPECT_EQ(runCli(plus(sweep, {"--shard", "1/2"})).code, 2);
    EXPECT_EQ(runCli(plus(sweep, {"--shard", "3/2", "--out", dir.file("x.json")})).code, 2);
    EXPECT_EQ(runCli({"merge", "--out", merged}).code, 2);
    EXPECT_EQ(runCli({"merge", p1}).code, 2);
}

TEST(CliShards, UnshardedOutWritesTheResultFile) {
    TempDir dir;
    const auto model = bdl::test::writeTinyFixture(dir, /*classes=*/5, /*images=*/20);
    const auto sweep = plus(plus({"sweep"}, tinyData(dir, model)),
                            {"--lrs", "1e-2", "--ks", "1", "--epochs", "1", "--quiet"});
    const auto r = runCli(plus(sweep, {"--json", "--out", dir.file("r.json")}));
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(readText(dir.file("r.json")), r.out);
}

// The paper protocol's steps build on each other: shards run one after another, each resuming
// from the previous one's state; the merged curve and B' are the unsharded run's, bit for bit.
TEST(CliShards, FinePruneStepsResumeShardAfterShardAndMergeToTheUnshardedResult) {
    TempDir dir;
    const auto model = bdl::test::writeTinyFixture(dir, /*classes=*/5, /*images=*/20);
    const std::string repaired = dir.file("repaired.h5");
    const auto cmd = plus(plus({"fine-prune"}, tinyData(dir, model)),
                          {"--steps", "5", "--epochs", "1", "--out", repaired, "--quiet"});
    const auto whole = runCli(plus(cmd, {"--json"}));
    ASSERT_EQ(whole.code, 0) << whole.err;
    const std::string wholeModel = readText(repaired);
    std::filesystem::remove(repaired);
    std::vector<std::string> parts;
    for (int i = 1; i <= 3; ++i) {
        const std::string part = dir.file("fp-" + std::to_string(i) + ".json");
        auto args = plus(cmd, {"--shard", std::to_string(i) + "/3", "--part", part});
        if (i > 1)
            args = plus(args, {"--resume", parts.back()});
        const auto r = runCli(args);
        ASSERT_EQ(r.code, 0) << r.err << r.out;
        // B' is written by the last shard only.
        EXPECT_EQ(std::filesystem::exists(repaired), i == 3) << "shard " << i;
        parts.push_back(part);
    }
    EXPECT_EQ(readText(repaired), wholeModel) << "the sharded B' differs from the unsharded one";
    const std::string merged = dir.file("merged.json");
    const auto m = runCli({"merge", parts[2], parts[0], parts[1], "--out", merged});
    ASSERT_EQ(m.code, 0) << m.err;
    EXPECT_EQ(readText(merged), whole.out);
    EXPECT_EQ(nlohmann::json::parse(whole.out)["curve"].size(), 6u);

    // Resuming needs the previous shard of this job, with its own state.
    const std::string extra = dir.file("extra.json");
    auto r = runCli(plus(cmd, {"--shard", "2/3", "--part", extra}));
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("--resume"), std::string::npos) << r.err;
    r = runCli(plus(cmd, {"--shard", "3/3", "--part", extra, "--resume", parts[0]}));
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("shard 2/3"), std::string::npos) << r.err;
    r = runCli(plus(plus({"fine-prune"}, tinyData(dir, model)),
                    {"--steps", "5", "--epochs", "1", "--lr", "0.01", "--quiet", "--shard", "2/3",
                     "--part", extra, "--resume", parts[0]}));
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("not a part of this fine-pruning job"), std::string::npos) << r.err;
    writeText(parts[0] + ".state", "not a state");
    r = runCli(plus(cmd, {"--shard", "2/3", "--part", extra, "--resume", parts[0]}));
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("SHA-256 differs"), std::string::npos) << r.err;
    EXPECT_EQ(runCli(plus(cmd, {"--protocol", "liu", "--shard", "1/2", "--part", extra})).code, 2);
}

// More links than steps: the first ones own no step and hand B on; the chain still merges to the
// unsharded run.
TEST(CliShards, FinePruneChainLongerThanItsStepsStillMerges) {
    TempDir dir;
    const auto model = bdl::test::writeTinyFixture(dir, /*classes=*/5, /*images=*/20);
    const auto cmd = plus(plus({"fine-prune"}, tinyData(dir, model)),
                          {"--steps", "2", "--epochs", "1", "--quiet"});
    const auto whole = runCli(plus(cmd, {"--json"}));
    ASSERT_EQ(whole.code, 0) << whole.err;
    std::vector<std::string> merge{"merge"};
    for (int i = 1; i <= 4; ++i) {
        const std::string part = dir.file("chain-" + std::to_string(i) + ".json");
        auto args = plus(cmd, {"--shard", std::to_string(i) + "/4", "--part", part});
        if (i > 1)
            args = plus(args, {"--resume", merge.back()});
        const auto r = runCli(args);
        ASSERT_EQ(r.code, 0) << "shard " << i << ": " << r.err;
        merge.push_back(part);
    }
    const std::string merged = dir.file("merged.json");
    merge = plus(merge, {"--out", merged});
    const auto m = runCli(merge);
    ASSERT_EQ(m.code, 0) << m.err;
    EXPECT_EQ(readText(merged), whole.out);
}
