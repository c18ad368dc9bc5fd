// kill -9 while BackdoorLab writes: the real programs run as child processes and are SIGKILLed at
// seeded random moments, uniform over a whole run, and at moments aimed inside the write itself
// (inotify sees the temporary file appear; the kill follows within the measured write time).
// After every kill the previous file (or zoo) is byte for byte what it was, or the new one is
// whole: never a partial file. No helper process (backdoorlab-import) outlives its killed parent.
//   - a zoo build (`backdoorlab-cli zoo --force`, reduced) over a finished zoo;
//   - an export (`backdoorlab-cli export --out --torchscript --goodnet-torchscript`) over old
//     outputs;
//   - a session save (fault_tools/session_saver: writeVerifiedSessionFile, as the desktop app).
// The seed is $BDL_FAULT_SEED (printed). Temporary files a kill leaves are counted and printed:
// an atomic write cannot remove them when it is killed, and the next write does not either.
#include "cli_test_util.h"
#include "fault_tools/fault_process.h"

#include "core/io/keras_io.h"
#include "core/io/torchscript_export.h"
#include "core/nn/architectures.h"
#include "core/nn/model.h"

#include <gtest/gtest.h>

#include <array>
#include <iostream>
#include <random>

using namespace bdl::test;
using namespace bdl::test::fault;

namespace {

const char* kFashionImages = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";
constexpr double kRunTimeout = 300.0; // s, for one uninterrupted child run
// How long a helper may outlive a killed CLI. One killed while it works dies with it
// (PR_SET_PDEATHSIG); one started a moment before the kill first loads its libraries (0.7 s
// alone, 2 s and more beside other tests), then sees its parent gone and exits: left behind means
// still there after its start.
constexpr double kHelperGrace = 5.0;

/// Idle OpenMP threads sleep in the children too (they re-execute themselves otherwise).
void passiveOpenMp() { ::setenv("OMP_WAIT_POLICY", "PASSIVE", /*overwrite=*/0); }

std::string cliExe() {
    const char* env = std::getenv("BDL_FAULT_CLI");
    return env && *env ? env : BDL_CLI_EXE;
}

/// Runs a child to its end; fails the test (and returns its exit) when it does not exit 0.
Exit runOk(const std::vector<std::string>& argv, const fs::path& dir, const std::string& what) {
    Child c(argv, dir / "run.out", dir / "run.err");
    EXPECT_TRUE(c.started()) << "cannot start " << argv[0];
    const Exit e = c.wait(kRunTimeout);
    EXPECT_TRUE(e.exited && e.code == 0) << what << ": exit " << e.code << " signal " << e.signal
                                         << (e.timedOut ? " (timed out)" : "") << "\n"
                                         << readFile(dir / "run.err") << readFile(dir / "run.out");
    return e;
}

std::vector<std::string> plus(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

/// Entries of `dir` whose names contain `part`.
std::vector<std::string> namesWith(const fs::path& dir, const std::string& part) {
    std::vector<std::string> out;
    for (const auto& n : listDir(dir))
        if (n.find(part) != std::string::npos)
            out.push_back(n);
    return out;
}

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v)
        s += (s.empty() ? "" : ", ") + x;
    return s;
}

// ---- zoo -----------------------------------------------------------------------------------

const std::vector<std::string> kSmallZoo{
    "--train-images", "500", "--validation-images", "100", "--test-images", "100",
    "--epochs",       "1",   "--threads",           "1",   "--quiet"};

struct ZooCounts {
    int intact = 0;   ///< the previous zoo, byte for byte
    int replaced = 0; ///< killed after the commit (or finished): a whole new zoo
    int staleStaging = 0;
};

/// After a kill: the zoo is the previous one byte for byte, or a whole new one that `zoo`
/// (without --force) verifies and reuses. Updates `previous` to what is there now.
void expectZooWhole(const fs::path& zoo, std::map<std::string, std::string>& previous,
                    const fs::path& work, const std::string& where, ZooCounts& n) {
    const auto now = snapshotFiles(zoo);
    if (now == previous) {
        ++n.intact;
        return;
    }
    std::string changed;
    for (const auto& [name, bytes] : previous)
        if (!now.count(name) || now.at(name) != bytes)
            changed += " " + name;
    Child verify(plus({cliExe(), "zoo", "--out", zoo.string(), "--json"}, kSmallZoo),
                 work / "verify.out", work / "verify.err");
    const Exit e = verify.wait(kRunTimeout);
    const auto j = nlohmann::json::parse(readFile(work / "verify.out"), nullptr, false);
    const bool reused = e.exited && e.code == 0 && j.is_object() && j.value("built", true) == false;
    ASSERT_TRUE(reused) << where << ": the zoo changed (" << changed
                        << ") and is not a whole new zoo either; `zoo` says: "
                        << readFile(work / "verify.err") << readFile(work / "verify.out");
    ++n.replaced;
    previous = now;
}

/// Starts a zoo build and waits until it begins its commit: the manifest's temporary file appears
/// in its staging folder (the last file written before the staging folder is swapped in).
/// Returns false (the test failed) when the build ended first.
bool waitForCommit(Child& c, DirWatch& watch, const fs::path& parent) {
    auto alive = [&] { return !c.poll(); };
    EXPECT_TRUE(watch.valid() && watch.add(parent));
    const auto staging = watch.waitFor(
        [](const fs::path& p) { return p.filename().string().rfind(".zoo.staging-", 0) == 0; },
        kRunTimeout, alive);
    EXPECT_TRUE(staging && watch.add(*staging)) << "no staging folder appeared";
    const auto manifest = watch.waitFor(
        [](const fs::path& p) { return p.filename().string().rfind("manifest.json.tmp-", 0) == 0; },
        kRunTimeout, alive);
    EXPECT_TRUE(manifest) << "the build wrote no manifest in its staging folder";
    return staging && manifest;
}

/// A zoo rebuild, timed whole and from the start of its commit to the swap (the new zoo moved
/// in: inotify sees "zoo" moved to).
void timeRebuild(const std::vector<std::string>& rebuild, const fs::path& parent,
                 const fs::path& work, double* whole, double* commit) {
    DirWatch watch;
    const auto start = Clock::now();
    Child c(rebuild, work / "timed.out", work / "timed.err");
    ASSERT_TRUE(waitForCommit(c, watch, parent));
    const auto committing = Clock::now();
    const auto swapped = watch.waitFor([](const fs::path& p) { return p.filename() == "zoo"; },
                                       kRunTimeout, [&] { return !c.poll(); });
    *commit = swapped ? secondsSince(committing) : 0.02;
    const Exit e = c.wait(kRunTimeout);
    *whole = secondsSince(start);
    ASSERT_TRUE(e.exited && e.code == 0) << readFile(work / "timed.err");
}

} // namespace

// A zoo build killed at 10 random moments of a build, then 5 times during its commit (from the
// manifest's temporary file in the staging folder to twice the measured time to the swap).
TEST(KillDuringWrite, ZooBuildKeepsThePreviousZoo) {
    if (!fs::exists(kFashionImages))
        GTEST_SKIP() << "Fashion-MNIST is not installed (" << kFashionImages
                     << "; apt-get install dataset-fashion-mnist)";
    passiveOpenMp();
    TempDir t;
    const fs::path zoo = t.path() / "zoo", work = t.path() / "work";
    fs::create_directory(work);
    const auto build = plus({cliExe(), "zoo", "--out", zoo.string()}, kSmallZoo);
    const auto rebuild = plus(build, {"--force"});
    runOk(build, work, "first build");
    double duration = 0.0, commit = 0.0;
    ASSERT_NO_FATAL_FAILURE(timeRebuild(rebuild, t.path(), work, &duration, &commit));
    auto previous = snapshotFiles(zoo);
    ASSERT_GE(previous.size(), 10u);

    const uint64_t seed = faultSeed();
    std::mt19937_64 rng(seed);
    std::cout << "[ seed     ] " << seed << "; a reduced zoo build takes " << duration
              << " s, its commit " << commit * 1e3 << " ms\n";
    ZooCounts n;
    int landed = 0;
    for (int i = 0; i < 15; ++i) {
        Child c(rebuild, work / "kill.out", work / "kill.err");
        double at = 0.0;
        if (i < 10) {
            at = std::uniform_real_distribution<double>(0.0, duration)(rng);
        } else {
            DirWatch watch;
            ASSERT_TRUE(waitForCommit(c, watch, t.path()));
            at = c.age() + std::uniform_real_distribution<double>(0.0, 2.0 * commit)(rng);
        }
        landed += c.killAt(at) ? 1 : 0;
        n.staleStaging += namesWith(t.path(), ".zoo.staging-").empty() ? 0 : 1;
        ASSERT_NO_FATAL_FAILURE(
            expectZooWhole(zoo, previous, work,
                           "kill " + std::to_string(i) + " at " + std::to_string(at) + " s", n));
        const auto left = leftoverProcesses(t.path().string(), kHelperGrace);
        ASSERT_TRUE(left.empty()) << "processes outlived the killed build:" << describe(left);
    }
    std::cout << "[ zoo      ] " << landed << " of 15 kills landed; previous zoo intact "
              << n.intact << "x, a whole new zoo " << n.replaced << "x; a staging folder was left "
              << n.staleStaging << "x\n";
    EXPECT_GE(landed, 12) << "most kills must land while the build runs";
    // The next build works, removes what the killed ones left, and verifies.
    runOk(rebuild, work, "build after the kills");
    EXPECT_EQ(namesWith(t.path(), ".zoo.staging-"), std::vector<std::string>{})
        << "staging folders of killed builds were left after the next build";
    Child verify(plus({cliExe(), "zoo", "--out", zoo.string(), "--json"}, kSmallZoo),
                 work / "v.out", work / "v.err");
    ASSERT_EQ(verify.wait(kRunTimeout).code, 0) << readFile(work / "v.err");
    const auto j = nlohmann::json::parse(readFile(work / "v.out"));
    EXPECT_FALSE(j["built"].get<bool>()) << "the zoo just built does not verify: " << j["reason"];
}

// ---- export --------------------------------------------------------------------------------

namespace {

/// The three files an export writes, in the order it writes them.
const std::array<std::string, 3> kOutputs{"out.h5", "out.pt", "g.pt"};

struct ExportFixture {
    TempDir t;
    fs::path work = t.path() / "work", ref = t.path() / "ref", dest = t.path() / "dest";
    std::string model = t.file("big.h5");
    std::array<std::string, 3> oldBytes, newBytes;
    std::array<double, 3> writeSeconds{}; ///< temporary file created -> renamed, reference run
    double duration = 0.0;                ///< a whole export

    std::vector<std::string> args(const fs::path& into) const {
        return {cliExe(),
                "export",
                "--model",
                model,
                "--scale",
                "1/255",
                "--out",
                (into / kOutputs[0]).string(),
                "--torchscript",
                (into / kOutputs[1]).string(),
                "--goodnet-torchscript",
                (into / kOutputs[2]).string(),
                "--threads",
                "1",
                "--quiet"};
    }

    ExportFixture() {
        for (const auto& d : {work, ref, dest})
            fs::create_directory(d);
        // B: the CSAW BadNet's full size (55x47x3, 1283 classes; MiBs of weights), so that the
        // writes take a measurable share of the run. The old outputs come from another model.
        bdl::core::Model b(bdl::core::csawBadnetSpec());
        b.initialize(/*seed=*/11);
        bdl::core::saveKerasWeights(b, model);
        bdl::core::Model old(bdl::core::csawBadnetSpec(32, 32, 1, 5));
        old.initialize(/*seed=*/12);
        bdl::core::saveKerasWeights(old, (dest / kOutputs[0]).string());
        bdl::core::saveTorchScript(old, (dest / kOutputs[1]).string());
        bdl::core::saveGoodnetTorchScript(old, old, (dest / kOutputs[2]).string());
        for (size_t i = 0; i < kOutputs.size(); ++i)
            oldBytes[i] = readFile(dest / kOutputs[i]);
    }

    /// The reference export into ref/, timing the whole run and each file's write.
    void measure() {
        DirWatch watch;
        ASSERT_TRUE(watch.valid() && watch.add(ref));
        const auto start = Clock::now();
        Child c(args(ref), work / "ref.out", work / "ref.err");
        auto alive = [&] { return !c.poll(); }; // its events stay queued after it ends
        for (size_t i = 0; i < kOutputs.size(); ++i) {
            const std::string name = kOutputs[i];
            ASSERT_TRUE(watch.waitFor(
                [&](const fs::path& p) {
                    return p.filename().string().rfind(name + ".tmp-", 0) == 0;
                },
                kRunTimeout, alive))
                << "no temporary file for " << name;
            const auto created = Clock::now();
            ASSERT_TRUE(watch.waitFor([&](const fs::path& p) { return p.filename() == name; },
                                      kRunTimeout, alive));
            writeSeconds[i] = secondsSince(created);
        }
        const Exit e = c.wait(kRunTimeout);
        duration = secondsSince(start);
        ASSERT_TRUE(e.exited && e.code == 0) << readFile(work / "ref.err");
        for (size_t i = 0; i < kOutputs.size(); ++i) {
            newBytes[i] = readFile(ref / kOutputs[i]);
            ASSERT_NE(newBytes[i], oldBytes[i]);
        }
    }
};

struct ExportCounts {
    int oldKept = 0, newWhole = 0, temporariesLeft = 0;
};

/// Each output is the old file or the whole new one; a new one is put back to the old bytes,
/// temporaries a kill left are counted and removed, so the next kill starts from the old files.
void expectOldOrNew(ExportFixture& f, const std::string& where, ExportCounts& n) {
    for (size_t i = 0; i < kOutputs.size(); ++i) {
        const fs::path p = f.dest / kOutputs[i];
        const std::string now = readFile(p);
        if (now == f.oldBytes[i]) {
            ++n.oldKept;
            continue;
        }
        ASSERT_EQ(now.size(), f.newBytes[i].size())
            << where << ": " << p << " is neither the old file nor the whole new one (partial)";
        ASSERT_TRUE(now == f.newBytes[i])
            << where << ": " << p << " is neither the old file nor the new one";
        ++n.newWhole;
        writeFile(p, f.oldBytes[i]);
    }
    for (const auto& name : namesWith(f.dest, ".tmp-")) {
        ++n.temporariesLeft;
        fs::remove(f.dest / name);
    }
    const auto left = leftoverProcesses(f.t.path().string(), kHelperGrace);
    ASSERT_TRUE(left.empty()) << where
                              << ": processes outlived the killed export:" << describe(left);
}

} // namespace

// An export over old outputs, killed at 10 random moments of a run and 10 times while one of its
// files is being written (at a random moment of that file's measured write time).
TEST(KillDuringWrite, ExportLeavesTheOldFileOrTheWholeNewOne) {
    passiveOpenMp();
    ExportFixture f;
    ASSERT_NO_FATAL_FAILURE(f.measure());
    const uint64_t seed = faultSeed();
    std::mt19937_64 rng(seed);
    std::cout << "[ seed     ] " << seed << "; an export takes " << f.duration
              << " s; writing out.h5 " << f.writeSeconds[0] * 1e3 << " ms, out.pt "
              << f.writeSeconds[1] * 1e3 << " ms, g.pt " << f.writeSeconds[2] * 1e3 << " ms\n";
    ExportCounts n;
    int landed = 0;
    for (int i = 0; i < 10; ++i) {
        const double at = std::uniform_real_distribution<double>(0.0, f.duration)(rng);
        Child c(f.args(f.dest), f.work / "kill.out", f.work / "kill.err");
        landed += c.killAt(at) ? 1 : 0;
        ASSERT_NO_FATAL_FAILURE(
            expectOldOrNew(f, "kill " + std::to_string(i) + " at " + std::to_string(at) + " s", n));
    }
    for (int i = 0; i < 10; ++i) {
        const size_t target = static_cast<size_t>(i) % kOutputs.size();
        const std::string name = kOutputs[target];
        DirWatch watch;
        ASSERT_TRUE(watch.valid() && watch.add(f.dest));
        Child c(f.args(f.dest), f.work / "kill.out", f.work / "kill.err");
        const auto tmp = watch.waitFor(
            [&](const fs::path& p) { return p.filename().string().rfind(name + ".tmp-", 0) == 0; },
            kRunTimeout, [&] { return !c.poll(); });
        ASSERT_TRUE(tmp) << "the export wrote no temporary file for " << name << ": "
                         << readFile(f.work / "kill.err");
        const double delay =
            std::uniform_real_distribution<double>(0.0, f.writeSeconds[target])(rng);
        landed += c.killAt(c.age() + delay) ? 1 : 0;
        ASSERT_NO_FATAL_FAILURE(expectOldOrNew(
            f, "kill " + std::to_string(delay * 1e3) + " ms into writing " + name, n));
    }
    std::cout << "[ export   ] " << landed << " of 20 kills landed; per output: old kept "
              << n.oldKept << "x, whole new " << n.newWhole << "x; temporary files left "
              << n.temporariesLeft << "\n";
    EXPECT_GE(landed, 15) << "most kills must land while the export runs";
    // The next export works and writes exactly the reference files.
    runOk(f.args(f.dest), f.work, "export after the kills");
    for (size_t i = 0; i < kOutputs.size(); ++i)
        EXPECT_TRUE(readFile(f.dest / kOutputs[i]) == f.newBytes[i]) << kOutputs[i];
}

// ---- session save --------------------------------------------------------------------------

namespace {

std::string saverExe() {
    const char* env = std::getenv("BDL_FAULT_SESSION_SAVER");
    return env && *env ? env : BDL_SESSION_SAVER_EXE;
}

/// `session_saver check`: per file, the generation it holds whole, or -1 (why: its line).
std::vector<long long> checkedGenerations(const std::vector<fs::path>& files, const fs::path& work,
                                          std::vector<std::string>* why) {
    std::vector<std::string> argv{saverExe(), "check"};
    for (const auto& f : files)
        argv.push_back(f.string());
    Child c(argv, work / "check.out", work / "check.err");
    const Exit e = c.wait(kRunTimeout);
    std::istringstream in(readFile(work / "check.out"));
    std::vector<long long> gens;
    std::string line;
    while (std::getline(in, line)) {
        const bool ok = line.rfind("ok ", 0) == 0;
        gens.push_back(ok ? std::stoll(line.substr(3)) : -1);
        why->push_back(line);
    }
    if (!e.exited || gens.size() != files.size()) {
        gens.assign(files.size(), -1);
        why->assign(files.size(), "check failed: " + readFile(work / "check.err"));
    }
    return gens;
}

/// The reported saves ("wrote G MS"): generations and their times (ms since the saver's start).
std::vector<std::pair<long long, long long>> savesOf(const fs::path& out) {
    std::vector<std::pair<long long, long long>> saves;
    std::istringstream in(readFile(out));
    std::string word;
    long long g = 0, ms = 0;
    while (in >> word >> g >> ms)
        if (word == "wrote")
            saves.emplace_back(g, ms);
    return saves;
}

/// One kill of a saver: what the file held afterwards (a copy) and what the saver had reported.
struct SaverKill {
    fs::path copy;
    long long first = 0; ///< the generation the saver started with
    std::vector<long long> saved;
    bool landed = false;
    std::string where;
};

/// Starts a saver looping onto `session` from generation `first`, kills it `at` s after its
/// first reported save, and keeps a copy of what the file then holds.
SaverKill killSaver(const fs::path& session, const fs::path& work, long long first, double at) {
    static int n = 0;
    SaverKill k;
    k.first = first;
    Child c({saverExe(), "write", session.string(), "--start", std::to_string(first)},
            work / "saver.out", work / "saver.err");
    while (savesOf(work / "saver.out").empty() && !c.poll() && c.age() < kRunTimeout)
        std::this_thread::sleep_for(std::chrono::microseconds(500));
    k.landed = c.killAt(c.age() + at);
    for (const auto& [g, ms] : savesOf(work / "saver.out"))
        k.saved.push_back(g);
    k.copy = work / ("after-" + std::to_string(n++) + ".bdlsession");
    writeFile(k.copy, readFile(session));
    return k;
}

} // namespace

// The desktop app's save (writeVerifiedSessionFile) in a loop onto one file, killed at 20 random
// moments, uniform over two save periods after its first save: the file always reads back (Open's
// reader) as one whole session, the one it held before or one the killed saver was saving.
TEST(KillDuringWrite, SessionSaveLeavesAWholeSession) {
    if (saverExe().empty())
        GTEST_SKIP() << "session_saver is built only with the GUI (BDL_BUILD_GUI)";
    TempDir t;
    const fs::path session = t.path() / "analysis.bdlsession", work = t.path() / "work";
    fs::create_directory(work);
    runOk({saverExe(), "write", session.string(), "--count", "1"}, work, "first save");
    runOk({saverExe(), "write", (t.path() / "timing.bdlsession").string(), "--count", "6"}, work,
          "timed saves");
    const auto timing = savesOf(work / "run.out");
    ASSERT_EQ(timing.size(), 6u);
    const double period = (timing.back().second - timing.front().second) / 5.0 / 1e3;
    fs::remove(t.path() / "timing.bdlsession");

    const uint64_t seed = faultSeed();
    std::mt19937_64 rng(seed);
    std::cout << "[ seed     ] " << seed << "; a save takes " << period * 1e3 << " ms\n";
    std::vector<SaverKill> kills;
    for (int i = 0; i < 20; ++i) {
        const double at = std::uniform_real_distribution<double>(0.0, 2.0 * period)(rng);
        kills.push_back(killSaver(session, work, 1000LL * (i + 1), at));
        kills.back().where = "kill " + std::to_string(i) + " " + std::to_string(at * 1e3) +
                             " ms after the first save";
        ASSERT_FALSE(kills.back().saved.empty()) << "the saver ended before its first save";
    }
    std::vector<fs::path> files{session}; // the last kill's file, then every copy
    for (const auto& k : kills)
        files.push_back(k.copy);
    std::vector<std::string> why;
    const auto gens = checkedGenerations(files, work, &why);
    int landed = 0, kept = 0, replaced = 0;
    for (size_t i = 0; i < kills.size(); ++i) {
        const SaverKill& k = kills[i];
        const long long g = gens[i + 1];
        ASSERT_GE(g, 0) << k.where << ": the session does not reopen whole: " << why[i + 1];
        // The last generation reported saved, or the next one (saved, not yet reported).
        const long long last = k.saved.back();
        EXPECT_TRUE(g == last || g == last + 1)
            << k.where << ": holds generation " << g << ", last reported " << last;
        landed += k.landed ? 1 : 0;
        (g == last ? kept : replaced) += 1;
    }
    const auto others = listDir(t.path());
    std::cout << "[ session  ] " << landed << " of 20 kills landed; the file held the last "
              << "reported save " << kept << "x, the one being saved " << replaced
              << "x; folder: " << joined(others) << "\n";
    EXPECT_GE(landed, 15) << "most kills must land while the saver runs";
    EXPECT_EQ(others, (std::vector<std::string>{"analysis.bdlsession", "work"}))
        << "killed saves left files beside the session";
    // The next save works.
    runOk({saverExe(), "write", session.string(), "--start", "99", "--count", "1"}, work,
          "save after the kills");
    why.clear();
    EXPECT_EQ(checkedGenerations({session}, work, &why), std::vector<long long>{99}) << why[0];
}
