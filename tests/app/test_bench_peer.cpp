// backdoorlab-cli bench --peer: the peer's JSON, the ratios and the table as a unit, and the
// command end to end with a fake peer script run by /bin/sh.
#include "app/cli/bench_peer.h"
#include "core/base/errors.h"
#include "cli_test_util.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

using bdl::app::AppBenchFigures;
using bdl::app::PeerFigures;
using bdl::test::runCli;
using bdl::test::TempDir;

namespace fs = std::filesystem;

namespace {

// What tools/reference_bench.py prints, cut down (the curve arrays left out).
const std::string kPeerLine =
    R"({"tool": "reference_bench.py", "torch": "1.13.1", "threads": 2, )"
    R"("allocator": {"MALLOC_MMAP_THRESHOLD_": "268435456", "MALLOC_TRIM_THRESHOLD_": "1073741824"}, )"
    R"("forward_img_per_s": 4149.0, "strip_inputs_per_s": 41.5, "prune_curve_s": 12.5, )"
    R"("fine_tune_img_per_s": 400.0, )"
    R"("best": {"forward_img_per_s": 9391.0, "forward_batch": 256, "forward_channels_last": true, )"
    R"("strip_inputs_per_s": 120.0, "strip_inputs_per_forward": 2, "prune_curve_cached_s": 0.35, )"
    R"("prune_sweep_cached_s": 0.2, "fine_tune_img_per_s": 500.0, )"
    R"x("fine_tune_form": "Adam(foreach=True), zero_grad(set_to_none=True)"}})x";

AppBenchFigures appSample() {
    AppBenchFigures a;
    a.forwardImgPerS = 11000;
    a.stripInputsPerS = 160;
    a.pruneCurveCachedMs = 25;
    a.fineTuneImgPerS = 600;
    a.images = 1000;
    a.threads = 2;
    a.torchVersion = "1.13.1";
    a.allocator = "M_MMAP_THRESHOLD=268435456, M_TRIM_THRESHOLD=1073741824 (mallopt)";
    a.forwardBatch = 32;
    a.stripBatch = 128;
    return a;
}

/// The core::Error parsePeerJson throws for `text`, or "" when it throws none.
std::string parseError(const std::string& text) {
    try {
        bdl::app::parsePeerJson(text, "/x/fake_peer.py");
    } catch (const bdl::core::Error& e) {
        EXPECT_EQ(e.source(), "/x/fake_peer.py");
        return e.what();
    }
    return {};
}

/// Whether `line` holds `parts` in this order.
bool inOrder(const std::string& line, const std::vector<std::string>& parts) {
    size_t at = 0;
    for (const auto& p : parts) {
        at = line.find(p, at);
        if (at == std::string::npos)
            return false;
        at += p.size();
    }
    return true;
}

std::string replaced(std::string s, const std::string& from, const std::string& to) {
    const size_t at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return at == std::string::npos ? s : s.replace(at, from.size(), to);
}

} // namespace

TEST(BenchPeer, ParsesTheLastJsonLineOfThePeersOutput) {
    const PeerFigures p =
        bdl::app::parsePeerJson("loading...\n{not this}\n" + kPeerLine + "\n", "peer.py");
    EXPECT_EQ(p.threads, 2);
    EXPECT_EQ(p.torchVersion, "1.13.1");
    EXPECT_EQ(p.mmapThreshold, "268435456");
    EXPECT_EQ(p.trimThreshold, "1073741824");
    EXPECT_DOUBLE_EQ(p.forwardImgPerS, 4149.0);
    EXPECT_DOUBLE_EQ(p.pruneCurveS, 12.5);
    EXPECT_DOUBLE_EQ(p.bestForwardImgPerS, 9391.0);
    EXPECT_EQ(p.bestForwardBatch, 256);
    EXPECT_TRUE(p.bestForwardChannelsLast);
    EXPECT_EQ(p.bestStripInputsPerForward, 2);
    EXPECT_DOUBLE_EQ(p.bestPruneCurveCachedS, 0.35);
    EXPECT_DOUBLE_EQ(p.fineTuneImgPerS, 400.0);
    EXPECT_DOUBLE_EQ(p.bestFineTuneImgPerS, 500.0);
    EXPECT_EQ(p.bestFineTuneForm, "Adam(foreach=True), zero_grad(set_to_none=True)");
    EXPECT_EQ(p.raw["tool"], "reference_bench.py");
}

TEST(BenchPeer, BadPeerOutputNamesTheScriptAndTheProblem) {
    EXPECT_NE(parseError("").find("/x/fake_peer.py: printed no JSON line"), std::string::npos);
    EXPECT_NE(parseError("{\"threads\": \n").find("not valid JSON"), std::string::npos);
    const std::string noBest = replaced(kPeerLine, "\"best\"", "\"beast\"");
    EXPECT_NE(parseError(noBest).find("/x/fake_peer.py: its JSON has no 'best'"), std::string::npos)
        << parseError(noBest);
    const std::string text =
        replaced(kPeerLine, "\"forward_batch\": 256", "\"forward_batch\": \"256\"");
    EXPECT_NE(parseError(text).find("'best.forward_batch' in its JSON is not a number"),
              std::string::npos)
        << parseError(text);
    const std::string zero = replaced(kPeerLine, "\"prune_curve_s\": 12.5", "\"prune_curve_s\": 0");
    EXPECT_NE(parseError(zero).find("'prune_curve_s'"), std::string::npos);
    const std::string noForm = replaced(kPeerLine, "\"fine_tune_form\": \"Adam",
                                        "\"fine_tune_form\": [\"Adam\"], \"x\": \"");
    EXPECT_NE(parseError(noForm).find("'best.fine_tune_form' in its JSON is not a string"),
              std::string::npos)
        << parseError(noForm);
    EXPECT_EQ(parseError(kPeerLine), "");
}

TEST(BenchPeer, RatiosSayHowMuchFasterTheAppIs) {
    const auto r = bdl::app::peerRatios(appSample(), bdl::app::parsePeerJson(kPeerLine, "p"));
    EXPECT_NEAR(r.forwardVsPlain, 11000.0 / 4149.0, 1e-12);
    EXPECT_NEAR(r.forwardVsBest, 11000.0 / 9391.0, 1e-12);
    EXPECT_NEAR(r.stripVsBest, 160.0 / 120.0, 1e-12);
    EXPECT_NEAR(r.pruneVsPlain, 12500.0 / 25.0, 1e-9); // times: peer / app
    EXPECT_NEAR(r.pruneVsBest, 200.0 / 25.0, 1e-9);    // the sweep alone on both sides
    EXPECT_NEAR(r.fineTuneVsPlain, 600.0 / 400.0, 1e-12);
    EXPECT_NEAR(r.fineTuneVsBest, 600.0 / 500.0, 1e-12);
    AppBenchFigures notRun = appSample();
    notRun.stripInputsPerS = 0;
    EXPECT_TRUE(std::isnan(
        bdl::app::peerRatios(notRun, bdl::app::parsePeerJson(kPeerLine, "p")).stripVsBest));
}

TEST(BenchPeer, TableShowsBothSidesTheRatiosAndTheSettings) {
    std::ostringstream out;
    bdl::app::printPeerTable(out, appSample(), bdl::app::parsePeerJson(kPeerLine, "p"),
                             {"/usr/bin/python3", "peer.py", "--shared", "S", "--threads", "2"});
    const std::string t = out.str();
    std::istringstream lines(t);
    std::string header, forward, strip, prune, tune;
    std::getline(lines, header);
    std::getline(lines, forward);
    std::getline(lines, strip);
    std::getline(lines, prune);
    std::getline(lines, tune);
    EXPECT_NE(header.find("vs best"), std::string::npos) << t;
    EXPECT_NE(forward.find("forward, img/s (1 000 images)"), std::string::npos) << t;
    EXPECT_NE(forward.find("11 000"), std::string::npos) << t;
    EXPECT_NE(forward.find("9 391"), std::string::npos) << t;
    EXPECT_TRUE(inOrder(forward, {"2.65x", "1.17x", "batch 256, channels-last"})) << t;
    EXPECT_TRUE(inOrder(strip, {"160", "41.5", "120", "3.86x", "1.33x", "2 inputs per forward"}))
        << t;
    EXPECT_TRUE(inOrder(prune, {"25.0", "12 500", "200", "500.00x", "8.00x"})) << t;
    EXPECT_TRUE(inOrder(tune, {"fine-tuning, 1 epoch", "600", "400", "500", "1.50x", "1.20x",
                               "Adam(foreach=True)"}))
        << t;
    EXPECT_NE(t.find("the peer's with computing them: 350 ms"), std::string::npos) << t;
    EXPECT_NE(header.find("BackdoorLab (fp32)"), std::string::npos) << t;
    EXPECT_NE(t.find("peer: /usr/bin/python3 peer.py --shared S --threads 2"), std::string::npos);
    EXPECT_NE(t.find("MALLOC_MMAP_THRESHOLD_=268435456"), std::string::npos);
    EXPECT_NE(t.find("forward batch 32"), std::string::npos);
    EXPECT_EQ(t.find("Warning"), std::string::npos);
}

TEST(BenchPeer, JsonNestsThePeerAndGivesNullForWhatDidNotRun) {
    AppBenchFigures a = appSample();
    a.stripInputsPerS = 0;
    const auto j = bdl::app::peerJson(a, bdl::app::parsePeerJson(kPeerLine, "p"), {"py", "p"});
    EXPECT_EQ(j["peer"]["tool"], "reference_bench.py");
    EXPECT_NEAR(j["ratios"]["forward"]["vs_best"].get<double>(), 11000.0 / 9391.0, 1e-12);
    EXPECT_TRUE(j["ratios"]["strip"]["vs_best"].is_null());
    EXPECT_TRUE(j["app"]["strip_inputs_per_s"].is_null());
    EXPECT_NEAR(j["ratios"]["fine_tune"]["vs_best"].get<double>(), 600.0 / 500.0, 1e-12);
    EXPECT_EQ(j["app"]["threads"], 2);
}

TEST(BenchPeer, AppFiguresComeFromWallClockTime) {
    bdl::app::RecordingReporter::Timings t;
    t["forward/img"] = {10, 0.5};                // 50 ms per 1000 images
    t["strip/inputs/N=100"] = {4, 2.0};          // 0.5 s per 50 inputs
    t["pruning_curve_cached/fast"] = {5, 0.125}; // 25 ms per curve
    t["fine_tune/epoch"] = {3, 6.0};             // 2 s per epoch of 1000 images
    const auto f = bdl::app::appFigures(t, 1000, 50);
    EXPECT_DOUBLE_EQ(f.fineTuneImgPerS, 500.0);
    EXPECT_DOUBLE_EQ(f.forwardImgPerS, 20000.0);
    EXPECT_DOUBLE_EQ(f.stripInputsPerS, 100.0);
    EXPECT_DOUBLE_EQ(f.pruneCurveCachedMs, 25.0);
    EXPECT_EQ(bdl::app::appFigures({}, 1000, 50).forwardImgPerS, 0.0);
}

// --- the command ---------------------------------------------------------------------------

TEST(BenchPeerCli, RefusesWhatThePeerDoesNotTime) {
    auto r = runCli({"bench", "--peer", "--images", "10"});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("leave out --images"), std::string::npos) << r.err;
    r = runCli({"bench", "--peer", "--model", "/nowhere/other.h5"});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("sunglasses BadNet only"), std::string::npos) << r.err;
    r = runCli({"bench", "--peer-script", "x.py"});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("--peer-script needs --peer"), std::string::npos) << r.err;
}

TEST(BenchPeerCli, RefusesTheSyntheticWorkloadWithoutSharedData) {
    TempDir dir;
    const auto r = runCli({"bench", "--peer", "--data", dir.file("data/youtube_face"),
                           "--peer-python", "/bin/sh", "--peer-script", dir.file("fake.sh")});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("--peer needs the shared YouTube-Face model and images"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("random csaw-badnet"), std::string::npos) << r.err;
}

namespace {

class BenchPeerShared : public ::testing::Test {
protected:
    void SetUp() override {
        m_data = bdl::test::youtubeFaceDir();
        if (m_data.empty())
            GTEST_SKIP() << "../shared/data/youtube_face is absent: skipping bench --peer runs";
    }
    std::string script(const std::string& body) {
        const std::string path = m_dir.file("fake_peer.sh");
        std::ofstream(path) << body;
        return path;
    }
    std::string m_data;
    TempDir m_dir;
};

} // namespace

TEST_F(BenchPeerShared, FailingPeerNamesTheScriptAndItsExitStatus) {
    const std::string fake = script("echo 'peer: something broke' >&2\nexit 3\n");
    // A filter that matches nothing: only the peer runs.
    const auto r = runCli({"bench", "--peer", "--data", m_data, "--peer-python", "/bin/sh",
                           "--peer-script", fake, "--benchmark_filter", "^nothing$"});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find(fake + ": exited with status 3"), std::string::npos) << r.err;
}

TEST_F(BenchPeerShared, PrintsTheTableAndTheJsonObject) {
    const std::string args = m_dir.file("args.txt");
    const std::string fake = script("printf '%s\\n' \"$@\" > '" + args +
                                    "'\necho 'loading'\necho '" + kPeerLine + "'\n");
    const std::vector<std::string> common{"bench",
                                          "--peer",
                                          "--data",
                                          m_data,
                                          "--peer-python",
                                          "/bin/sh",
                                          "--peer-script",
                                          fake,
                                          "--threads",
                                          "2",
                                          "--benchmark_filter",
                                          "^forward/img",
                                          "--benchmark_min_time",
                                          "0.01"};
    auto r = runCli(common);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("forward/img"), std::string::npos) << r.out; // the console reporter
    EXPECT_NE(r.out.find("peer (best)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("batch 256, channels-last"), std::string::npos) << r.out;
    std::ifstream in(args);
    std::vector<std::string> got;
    for (std::string line; std::getline(in, line);)
        got.push_back(line);
    ASSERT_EQ(got.size(), 4u);
    EXPECT_EQ(got[0], "--shared");
    EXPECT_TRUE(fs::equivalent(got[1], fs::path(m_data).parent_path().parent_path())) << got[1];
    EXPECT_EQ(got[2], "--threads");
    EXPECT_EQ(got[3], "2");

    auto withJson = common;
    withJson.push_back("--json");
    r = runCli(withJson);
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = r.json();
    EXPECT_GT(j["app"]["forward_img_per_s"].get<double>(), 0.0);
    EXPECT_TRUE(j["app"]["strip_inputs_per_s"].is_null()); // filtered out
    EXPECT_EQ(j["peer"]["best"]["forward_batch"], 256);
    EXPECT_GT(j["ratios"]["forward"]["vs_best"].get<double>(), 0.0);
}
