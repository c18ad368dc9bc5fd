// The hostile-file corpus through the real CLI: every generated file is opened the way a user
// would (`backdoorlab-cli info --model FILE`, `--clean FILE`, `--poisoned FILE`), which hands it
// to the sandboxed import helper. Each run must end in exactly one clean error: exit status 1,
// one stderr line naming the file, no crash, no hang, nothing written, no process left behind.
#include "hostile_corpus.h"
#include "hostile_runner.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <signal.h>
#include <stdlib.h>

#include <cstdlib>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

extern char** environ;

namespace bdl::hostile {
namespace {

namespace fs = std::filesystem;

constexpr uint64_t kSeed = 0x5eed2024;
constexpr double kLimitSeconds = 60.0; ///< past this a run is a hang (killed)
constexpr int kConcurrentRuns = 2;     ///< the CI machine has 2 cores
constexpr size_t kMinCorpusFiles = 120;

/// A fresh folder for one test: good/ (valid inputs), corpus/<category>/, scratch/ (one
/// working directory per run), logs/ (captured output). Removed with everything in it, unless
/// BDL_HOSTILE_KEEP is set.
class Workspace {
public:
    Workspace() {
        std::string tmpl = (fs::temp_directory_path() / "bdl-hostile-XXXXXX").string();
        if (!mkdtemp(tmpl.data()))
            throw std::runtime_error("cannot create a temporary folder");
        m_root = tmpl;
        for (const char* sub : {"corpus", "scratch", "logs"})
            fs::create_directories(path(sub));
        m_good = writeGoodFiles(path("good"));
    }
    ~Workspace() {
        if (std::getenv("BDL_HOSTILE_KEEP")) { // for a look at the corpus after a failure
            std::cout << "[hostile] kept " << m_root << std::endl;
            return;
        }
        std::error_code ec;
        fs::remove_all(m_root, ec); // symlinks are removed, never followed
    }
    Workspace(const Workspace&) = delete;
    Workspace& operator=(const Workspace&) = delete;

    std::string path(const std::string& sub) const { return m_root + "/" + sub; }
    const std::string& root() const { return m_root; }
    const GoodFiles& good() const { return m_good; }
    void rewriteGood() { m_good = writeGoodFiles(path("good")); }

private:
    std::string m_root;
    GoodFiles m_good;
};

std::vector<std::string> childEnvironment(const std::string& scratch) {
    // HOME, the XDG folders and TMPDIR point into the run's scratch folder, so that anything
    // the CLI or the helper would write there is seen; nothing else of the caller's changes.
    const std::map<std::string, std::string> set = {
        {"HOME", scratch + "/home"},
        {"XDG_DATA_HOME", scratch + "/home/.local/share"},
        {"XDG_CACHE_HOME", scratch + "/home/.cache"},
        {"XDG_CONFIG_HOME", scratch + "/home/.config"},
        {"TMPDIR", scratch + "/tmp"},
        {"BDL_IMPORT_HELPER", BDL_IMPORT_HELPER_PATH},
    };
    std::vector<std::string> env;
    bool waitPolicy = false;
    for (char** e = environ; *e; ++e) {
        const std::string kv = *e;
        const std::string name = kv.substr(0, kv.find('='));
        waitPolicy = waitPolicy || name == "OMP_WAIT_POLICY";
        if (!set.count(name))
            env.push_back(kv);
    }
    for (const auto& [name, value] : set)
        env.push_back(name + "=" + value);
    if (!waitPolicy) // what the CLI would set by re-executing itself; saves the second start
        env.push_back("OMP_WAIT_POLICY=PASSIVE");
    return env;
}

std::vector<std::string> cliArgs(const HostileFile& f, const GoodFiles& good) {
    // A fixed input scale: "auto" would run the model on the data to choose one, so a file could
    // fail for want of labels rather than for its own defect. --quiet: stderr is a file here, where
    // the CLI would otherwise print progress lines ("[  0%] reading the model ...") before the
    // one error line judged below.
    std::vector<std::string> args = {BDL_CLI_PATH, "info", "--scale", "1/255", "--quiet"};
    const std::vector<std::string> rest =
        f.openAs == OpenAs::Model ? std::vector<std::string>{"--model", f.path}
        : f.openAs == OpenAs::CleanData
            ? std::vector<std::string>{"--model", good.model, "--clean", f.path}
            : std::vector<std::string>{"--model", good.model,   "--clean",
                                       good.csaw, "--poisoned", f.path};
    args.insert(args.end(), rest.begin(), rest.end());
    return args;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char ch) { return std::tolower(ch); });
    return s;
}

std::vector<std::string> nonEmptyLines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (line.find_first_not_of(" \t\r") != std::string::npos)
            lines.push_back(line);
    return lines;
}

/// One corpus file's run and what was wrong with it (nothing: a clean error).
struct Outcome {
    HostileFile file;
    RunResult run;
    std::vector<std::string> writes;
    std::vector<std::string> problems;
    bool helperFailed = false; ///< clean at the CLI, but the helper crashed or was killed
};

/// Checks the stderr of a failed run: one line, "backdoorlab-cli: ...", naming the file, and
/// none of the text an uncaught exception (C++, a LibTorch backtrace, an OpenCV assertion), an
/// abort, a sanitizer or an HDF5 error stack prints.
void judgeMessage(const Outcome& o, std::vector<std::string>& problems) {
    const std::vector<std::string> lines = nonEmptyLines(o.run.err);
    if (lines.size() != 1)
        problems.push_back("stderr has " + std::to_string(lines.size()) + " lines, expected 1");
    const std::string first = lines.empty() ? std::string() : lines.front();
    if (first.rfind("backdoorlab-cli: ", 0) != 0)
        problems.push_back("stderr does not start with 'backdoorlab-cli: '");
    const std::string name = fs::path(o.file.path).filename().string();
    if (first.find(name) == std::string::npos)
        problems.push_back("the error does not name " + name);
    for (const char* bad :
         {"terminate called", "what():", "Aborted", "core dumped", "Segmentation fault",
          "HDF5-DIAG", "Sanitizer", "runtime error:", "std::", "basic_string", "filesystem error",
          "frame #", "<unknown function>", "Exception raised from", "Assertion failed"})
        if (o.run.err.find(bad) != std::string::npos)
            problems.push_back(std::string("stderr contains '") + bad + "'");
    if (!o.run.out.empty())
        problems.push_back("stdout is not empty");
}

void judge(Outcome& o) {
    std::vector<std::string> problems;
    if (o.run.timedOut)
        problems.push_back("hang: still running after " + std::to_string(int(kLimitSeconds)) +
                           " s (killed)");
    else if (o.run.signal != 0)
        problems.push_back("crash: killed by signal " + std::to_string(o.run.signal) +
                           (o.run.coreDumped ? " (core dumped)" : ""));
    else if (o.run.exitCode != 1)
        problems.push_back("exit status " + std::to_string(o.run.exitCode) + ", expected 1");
    if (!o.run.timedOut && o.run.signal == 0)
        judgeMessage(o, problems);
    for (const auto& w : o.writes)
        problems.push_back("wrote: " + w);
    for (const auto& p : o.run.leftovers)
        problems.push_back("left running: " + p);
    o.problems = problems;
    // import_client.cpp's wording for a helper that crashed, was killed or stopped by the
    // sandbox, ran out of memory or time, or exited without a reply.
    const std::string msg = lower(o.run.err);
    bool helper = false;
    for (const char* phrase :
         {"crashed (", "was killed", "was stopped by", "sandbox forbids", "ran out of",
          "cpu seconds", "did not finish within", "failed (exit status", "without an exit status",
          "reply ended early", "reply timed out"})
        helper = helper || msg.find(phrase) != std::string::npos;
    o.helperFailed = problems.empty() && helper;
}

std::vector<std::string> prefixed(const std::string& where, std::vector<std::string> diffs) {
    for (auto& d : diffs)
        d = where + ": " + d;
    return diffs;
}

Outcome runOne(const HostileFile& f, const Workspace& ws, const std::string& scratch) {
    fs::create_directories(scratch + "/home");
    fs::create_directories(scratch + "/tmp");
    const Snapshot scratchBefore = snapshot(scratch, true);
    const Snapshot corpusBefore = snapshot(ws.path("corpus"), false);
    const Snapshot goodBefore = snapshot(ws.path("good"), false);
    RunRequest rq;
    rq.argv = cliArgs(f, ws.good());
    rq.cwd = scratch;
    rq.env = childEnvironment(scratch);
    rq.timeoutSeconds = kLimitSeconds;
    rq.captureDir = ws.path("logs");
    rq.markers = {f.path};
    Outcome o{f, runProcess(rq), {}, {}, false};
    for (auto&& d : prefixed("scratch", compareSnapshots(scratchBefore, snapshot(scratch, true))))
        o.writes.push_back(d);
    for (auto&& d :
         prefixed("corpus", compareSnapshots(corpusBefore, snapshot(ws.path("corpus"), false))))
        o.writes.push_back(d);
    for (auto&& d :
         prefixed("good files", compareSnapshots(goodBefore, snapshot(ws.path("good"), false))))
        o.writes.push_back(d);
    judge(o);
    return o;
}

/// Runs every file, kConcurrentRuns at a time; results in the files' order.
std::vector<Outcome> runAll(const std::vector<HostileFile>& files, const Workspace& ws) {
    std::vector<Outcome> out(files.size());
    std::atomic<size_t> next{0};
    auto worker = [&] {
        for (size_t i; (i = next++) < files.size();)
            out[i] = runOne(files[i], ws,
                            ws.path("scratch/" + files[i].category + "-" + std::to_string(i)));
    };
    std::vector<std::thread> threads;
    for (int t = 0; t < kConcurrentRuns; ++t)
        threads.emplace_back(worker);
    for (auto& t : threads)
        t.join();
    return out;
}

// ---- tallies -----------------------------------------------------------------------------------

struct Tally {
    size_t files = 0, clean = 0, helperFailed = 0, crashes = 0, hangs = 0, writes = 0, other = 0;
    double seconds = 0.0;

    void add(const Outcome& o) {
        ++files;
        seconds += o.run.seconds;
        clean += o.problems.empty();
        helperFailed += o.helperFailed;
        crashes += !o.run.timedOut && o.run.signal != 0;
        hangs += o.run.timedOut;
        writes += !o.writes.empty();
        other += !o.problems.empty() && !o.run.timedOut && o.run.signal == 0 && o.writes.empty();
    }
    void add(const Tally& t) {
        files += t.files;
        clean += t.clean;
        helperFailed += t.helperFailed;
        crashes += t.crashes;
        hangs += t.hangs;
        writes += t.writes;
        other += t.other;
        seconds += t.seconds;
    }
    std::string text() const {
        std::ostringstream s;
        s << files << " files: " << clean << " clean errors (" << helperFailed
          << " of them a helper crash, kill or failure), " << crashes << " crashes, " << hangs
          << " hangs, " << writes << " runs that wrote files, " << other
          << " other failures; CLI time " << int(seconds) << " s";
        return s.str();
    }
};

std::mutex g_totalsMutex;
Tally g_totals;
size_t g_categoriesRun = 0;

/// Prints the whole-corpus totals of the categories this process ran.
class TotalsPrinter : public ::testing::Environment {
public:
    void TearDown() override {
        std::lock_guard<std::mutex> lock(g_totalsMutex);
        if (g_categoriesRun == 0)
            return;
        std::cout << "[hostile] totals over " << g_categoriesRun << " of " << categoryNames().size()
                  << " categories: " << g_totals.text() << std::endl;
    }
};

[[maybe_unused]] ::testing::Environment* const g_printer =
    ::testing::AddGlobalTestEnvironment(new TotalsPrinter);

std::string describe(const Outcome& o) {
    std::ostringstream s;
    s << fs::path(o.file.path).filename().string() << " (" << o.file.what << "):";
    for (const auto& p : o.problems)
        s << "\n    - " << p;
    s << "\n    stderr: " << o.run.err.substr(0, 600);
    return s.str();
}

/// "[hostile]   NAME  1.9 s  exit 1 [helper crash/kill]: first stderr line" (paths shortened).
std::string summaryLine(const Outcome& o, const std::string& root) {
    std::string first = o.run.err.substr(0, o.run.err.find('\n'));
    for (size_t at; (at = first.find(root)) != std::string::npos;)
        first.replace(at, root.size(), "$WS");
    std::ostringstream s;
    s << "[hostile]   " << fs::path(o.file.path).filename().string() << "  " << std::fixed
      << std::setprecision(1) << o.run.seconds << " s  "
      << (o.run.timedOut ? "HANG"
          : o.run.signal ? "SIGNAL " + std::to_string(o.run.signal)
                         : "exit " + std::to_string(o.run.exitCode))
      << (o.problems.empty() ? "" : " FAILED")
      << (o.helperFailed ? " [helper crash/kill/failure]" : "") << ": " << first.substr(0, 240);
    return s.str();
}

// ---- the tests -------------------------------------------------------------------------------

class HostileCorpus : public ::testing::TestWithParam<std::string> {};

TEST_P(HostileCorpus, EveryFileGivesOneCleanError) {
    Workspace ws;
    const std::string category = GetParam();
    const std::vector<HostileFile> files =
        writeCategory(category, ws.path("corpus/" + category), ws.good(), kSeed);
    ASSERT_FALSE(files.empty());
    const Snapshot before = snapshot(ws.root() + "/corpus", true);
    const Snapshot goodBefore = snapshot(ws.path("good"), true);

    const std::vector<Outcome> outcomes = runAll(files, ws);

    Tally tally;
    std::vector<std::string> failures;
    for (const auto& o : outcomes) {
        tally.add(o);
        if (!o.problems.empty())
            failures.push_back(describe(o));
        std::cout << summaryLine(o, ws.root()) << std::endl;
    }
    std::cout << "[hostile] " << category << ": " << tally.text() << std::endl;
    {
        std::lock_guard<std::mutex> lock(g_totalsMutex);
        g_totals.add(tally);
        ++g_categoriesRun;
    }
    for (const auto& f : failures)
        ADD_FAILURE() << f;
    // Whole-category evidence, with content hashes: the corpus and the good files unchanged,
    // no process of this workspace still alive.
    for (const auto& d : compareSnapshots(before, snapshot(ws.root() + "/corpus", true)))
        ADD_FAILURE() << "corpus changed during the runs: " << d;
    for (const auto& d : compareSnapshots(goodBefore, snapshot(ws.path("good"), true)))
        ADD_FAILURE() << "good files changed during the runs: " << d;
    for (const auto& p : liveProcesses(0, {ws.root()}))
        ADD_FAILURE() << "still running after the category: " << p;
}

INSTANTIATE_TEST_SUITE_P(Categories, HostileCorpus, ::testing::ValuesIn(categoryNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                             return info.param;
                         });

TEST(HostileCorpusGenerator, WritesAtLeast120FilesReproducibly) {
    Workspace ws;
    size_t total = 0;
    std::ostringstream counts;
    for (const auto& category : categoryNames()) {
        const auto files = writeCategory(category, ws.path("corpus/" + category), ws.good(), kSeed);
        EXPECT_FALSE(files.empty()) << category;
        total += files.size();
        counts << " " << category << "=" << files.size();
    }
    std::cout << "[hostile] corpus: " << total << " files:" << counts.str() << std::endl;
    EXPECT_GE(total, kMinCorpusFiles);

    // The same seed gives the same bytes: rewrite the good files and the categories that draw
    // from the seed (the others are fixed recipes) in the same place, and compare.
    const std::vector<std::string> seeded = {"ByteFlips", "NonFinite", "CsawData", "Images", "Idx"};
    Snapshot first;
    for (const auto& sub : seeded)
        for (auto& [path, state] : snapshot(ws.path("corpus/" + sub), true))
            first[sub + "/" + path] = state;
    for (auto& [path, state] : snapshot(ws.path("good"), true))
        first["good/" + path] = state;
    fs::remove_all(ws.path("good"));
    ws.rewriteGood();
    Snapshot second;
    for (const auto& sub : seeded) {
        fs::remove_all(ws.path("corpus/" + sub));
        writeCategory(sub, ws.path("corpus/" + sub), ws.good(), kSeed);
        for (auto& [path, state] : snapshot(ws.path("corpus/" + sub), true))
            second[sub + "/" + path] = state;
    }
    for (auto& [path, state] : snapshot(ws.path("good"), true))
        second["good/" + path] = state;
    EXPECT_GT(first.size(), 80u); // the seeded categories and the good files
    for (const auto& d : compareSnapshots(first, second, /*withTimes=*/false))
        ADD_FAILURE() << "not reproducible from the seed: " << d;
}

/// The harness itself: the evidence it collects must be able to show each kind of failure.
TEST(HostileHarness, SeesWritesCrashesHangsAndLeftovers) {
    Workspace ws;
    RunRequest rq;
    rq.cwd = ws.path("scratch/harness");
    fs::create_directories(rq.cwd);
    rq.env = childEnvironment(rq.cwd);
    rq.captureDir = ws.path("logs");
    rq.timeoutSeconds = 10;

    const Snapshot before = snapshot(rq.cwd, true);
    rq.argv = {"/bin/sh", "-c", "echo oops >&2; echo x > written; exit 1"};
    RunResult r = runProcess(rq);
    EXPECT_TRUE(r.exited && r.exitCode == 1 && r.err == "oops\n" && !r.timedOut);
    EXPECT_EQ(compareSnapshots(before, snapshot(rq.cwd, true)),
              std::vector<std::string>{"created written"});

    rq.argv = {"/bin/sh", "-c", "kill -SEGV $$"};
    r = runProcess(rq);
    EXPECT_TRUE(!r.exited && r.signal == SIGSEGV && !r.timedOut);

    rq.timeoutSeconds = 1;
    rq.argv = {"/bin/sleep", "30"};
    r = runProcess(rq);
    EXPECT_TRUE(r.timedOut && r.signal == SIGKILL && r.seconds < 10);

    // A child that outlives its parent (as a helper that ignored its parent's death would).
    rq.timeoutSeconds = 10;
    rq.argv = {"/bin/sh", "-c", "sleep 29.8765 & exit 1"};
    r = runProcess(rq);
    ASSERT_EQ(r.leftovers.size(), 1u) << ::testing::PrintToString(r.leftovers);
    EXPECT_NE(r.leftovers[0].find("sleep 29.8765"), std::string::npos);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_TRUE(liveProcesses(0, {"29.8765"}).empty()) << "the runner should kill leftovers";
}

using Pointer = nlohmann::json::json_pointer;

/// Runs the CLI on good inputs and returns its --json output.
nlohmann::json runGood(const Workspace& ws, const std::vector<std::string>& args) {
    RunRequest rq;
    rq.argv = {BDL_CLI_PATH, "info", "--json", "--scale", "1/255"};
    rq.argv.insert(rq.argv.end(), args.begin(), args.end());
    rq.cwd = ws.path("scratch/good");
    fs::create_directories(rq.cwd + "/home");
    fs::create_directories(rq.cwd + "/tmp");
    rq.env = childEnvironment(rq.cwd);
    rq.timeoutSeconds = kLimitSeconds;
    rq.captureDir = ws.path("logs");
    const RunResult r = runProcess(rq);
    EXPECT_TRUE(r.exited && r.exitCode == 0)
        << "exit " << r.exitCode << ", signal " << r.signal << "; stderr: " << r.err;
    EXPECT_TRUE(r.leftovers.empty());
    nlohmann::json j = nlohmann::json::parse(r.out, nullptr, /*allow_exceptions=*/false);
    EXPECT_TRUE(j.is_object()) << "stdout is not one JSON object: " << r.out;
    return j.is_object() ? j : nlohmann::json::object();
}

TEST(HostileCorpusSanity, GoodFilesStillOpenAfterHostileOnes) {
    Workspace ws;
    // First some of the worst: files that make the reader crash or spin, bombs, symlink tricks.
    std::vector<HostileFile> hostile;
    for (const char* category : {"ByteFlips", "Bombs", "Hdf5Features", "Folders"}) {
        const auto files = writeCategory(category, ws.path("corpus/") + category, ws.good(), kSeed);
        hostile.insert(hostile.end(), files.begin(),
                       files.begin() + std::min<size_t>(2, files.size()));
    }
    // (Their messages are the category tests' business; here only that they were refused.)
    for (const auto& o : runAll(hostile, ws))
        EXPECT_TRUE(o.run.exited && o.run.exitCode == 1 && o.writes.empty() &&
                    o.run.leftovers.empty())
            << describe(o);
    const Snapshot goodBefore = snapshot(ws.path("good"), true);

    const GoodFiles& g = ws.good();
    nlohmann::json j =
        runGood(ws, {"--model", g.model, "--clean", g.csaw, "--poisoned", g.csaw + ":0"});
    EXPECT_EQ(j.value(Pointer("/clean/images"), -1), 20) << j.dump();
    EXPECT_EQ(j.value(Pointer("/poisoned/0/images"), -1), 20) << j.dump();
    j = runGood(ws, {"--model", g.model, "--clean", g.folder});
    EXPECT_EQ(j.value(Pointer("/clean/images"), -1), 4) << j.dump();
    j = runGood(ws, {"--model", g.model, "--clean", g.idx});
    EXPECT_EQ(j.value(Pointer("/clean/images"), -1), 20) << j.dump();
    j = runGood(ws, {"--model", g.wholeModel});
    EXPECT_GT(j.value("params", 0), 0) << j.dump();
    for (const auto& d : compareSnapshots(goodBefore, snapshot(ws.path("good"), true)))
        ADD_FAILURE() << "good files changed: " << d;
}

} // namespace
} // namespace bdl::hostile
