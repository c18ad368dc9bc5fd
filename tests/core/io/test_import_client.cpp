// The parent side of the sandboxed import, against fake helpers (tests/core/io/fake_helpers/):
// crashes, hangs, garbage, truncated and trailing replies, sandbox failures, progress, cancel,
// the helper's command line, and that no helper process or zombie is ever left behind.
#include "core/io/import_client.h"
#include "core/base/errors.h"
#include "core/base/feedback.h"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <thread>
#include <utility>
#include <vector>

#include <unistd.h>

#ifndef BDL_FAKE_HELPERS_DIR
#error "BDL_FAKE_HELPERS_DIR must name tests/core/io/fake_helpers"
#endif

using namespace bdl::core;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// The client runs the helper without a memory limit in AddressSanitizer builds.
#if defined(__SANITIZE_ADDRESS__)
const std::string kExpectedMemoryMiB = "0";
#else
const std::string kExpectedMemoryMiB = "512";
#endif

const char* const kFakeEnv[] = {"BDL_FAKE_ARGS",   "BDL_FAKE_STDERR", "BDL_FAKE_REPLY",
                                "BDL_FAKE_SIGNAL", "BDL_FAKE_EXIT",   "BDL_FAKE_PIDFILE"};

double secondsSince(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

std::string readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

/// The pids of this process's children, zombies included, from /proc.
std::vector<pid_t> childrenOfThisProcess() {
    std::vector<pid_t> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/proc", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos)
            continue;
        const std::string stat = readText(entry.path().string() + "/stat");
        const size_t paren = stat.rfind(')'); // "pid (comm) state ppid ..."; comm may hold ')'
        if (paren == std::string::npos)
            continue;
        char state = 0;
        int ppid = 0;
        if (std::sscanf(stat.c_str() + paren + 1, " %c %d", &state, &ppid) == 2 &&
            ppid == ::getpid())
            out.push_back(std::stoi(name));
    }
    return out;
}

/// A tiny data set: 2 images 1x3x3 of integer pixels, poisoned when asked.
Dataset tinyImportSet(bool poisoned) {
    Dataset d;
    d.name = "tiny";
    d.source = "helper-side/tiny";
    d.images = torch::arange(18, torch::kFloat32).reshape({2, 1, 3, 3}) * 10.0f;
    d.labels = torch::tensor({int64_t(1), int64_t(2)});
    if (poisoned)
        d.targets = torch::tensor({int64_t(0), int64_t(0)});
    d.itemNames = {"a.png", "b.png"};
    return d;
}

class ImportClient : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tmpl = (fs::temp_directory_path() / "bdl_import_client_XXXXXX").string();
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        m_dir = tmpl;
        clearImportCache();
    }
    void TearDown() override {
        for (const char* name : kFakeEnv)
            ::unsetenv(name);
        std::error_code ec;
        fs::remove_all(m_dir, ec);
        EXPECT_TRUE(childrenOfThisProcess().empty()) << "a helper process was left behind";
    }

    std::string file(const std::string& name) const { return (m_dir / name).string(); }

    static ImportOptions fake(const char* script, double timeoutSeconds = 30.0) {
        ImportOptions o;
        o.helperPath = std::string(BDL_FAKE_HELPERS_DIR) + "/" + script;
        o.timeoutSeconds = timeoutSeconds;
        o.cpuSeconds = 7;
        o.memoryMiB = 512;
        return o;
    }

    /// Makes reply.sh send `bytes` on stdout.
    void replyWith(const std::string& bytes) {
        const std::string path = file("reply.bin");
        std::ofstream(path, std::ios::binary) << bytes;
        ::setenv("BDL_FAKE_REPLY", path.c_str(), 1);
    }

    static std::string payloadOf(const Dataset& d) {
        std::string bytes;
        writeImportedDataset(
            d, [&bytes](const void* p, size_t n) { bytes.append(static_cast<const char*>(p), n); });
        return bytes;
    }

    static std::string refusal(const std::string& source, const std::string& problem) {
        std::string bytes;
        writeImportError(source, problem, [&bytes](const void* p, size_t n) {
            bytes.append(static_cast<const char*>(p), n);
        });
        return bytes;
    }

    /// The Error importDataset throws for `path` through `options`; fails the test without one.
    static std::string dataError(const std::string& path, const ImportOptions& options) {
        DataSpec spec;
        spec.path = path;
        try {
            importDataset(spec, nullptr, options);
        } catch (const Error& e) {
            EXPECT_EQ(e.source(), path);
            return e.what();
        }
        ADD_FAILURE() << "no error for " << path;
        return std::string();
    }

    fs::path m_dir;
};

// Sanitizer builds run the helper without an address-space limit (import_client.cpp), so the
// message names no budget there.
#if defined(__SANITIZE_ADDRESS__)
constexpr const char* kOutOfMemory = "the image decoder ran out of memory";
#else
constexpr const char* kOutOfMemory = "the image decoder ran out of its memory budget (512 MiB)";
#endif

void expectHas(const std::string& msg, std::initializer_list<const char*> parts) {
    for (const char* p : parts)
        EXPECT_NE(msg.find(p), std::string::npos) << "'" << p << "' missing in: " << msg;
}

} // namespace

TEST_F(ImportClient, HelperKilledBySigsegvIsACrashOfTheReader) {
    const std::string path = file("model.h5");
    try {
        importKerasModel(path, "", nullptr, fake("crash.sh"));
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()), path + ": the HDF5 reader crashed (SIGSEGV) - the file is "
                                                "malformed or hostile; nothing was loaded");
    }
}

TEST_F(ImportClient, HangingHelperIsKilledAtTheTimeout) {
    const std::string pidFile = file("pid");
    ::setenv("BDL_FAKE_PIDFILE", pidFile.c_str(), 1);
    const auto start = Clock::now();
    const std::string msg = dataError(file("faces"), fake("hang.sh", /*timeoutSeconds=*/1.0));
    const double took = secondsSince(start);
    EXPECT_GE(took, 0.9);
    EXPECT_LT(took, 2.0);
    EXPECT_EQ(msg, file("faces") + ": the data reader did not finish within 1 s - the file is "
                                   "malformed or hostile; nothing was loaded");
    const pid_t pid = std::stoi(readText(pidFile));
    EXPECT_EQ(::kill(pid, 0), -1);
    EXPECT_EQ(errno, ESRCH) << "the helper " << pid << " still exists";
    EXPECT_TRUE(childrenOfThisProcess().empty());
}

TEST_F(ImportClient, CancelKillsTheHelperAndThrowsCancelled) {
    Feedback fb;
    Clock::time_point cancelledAt;
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        cancelledAt = Clock::now();
        fb.cancel();
    });
    DataSpec spec;
    spec.path = file("set.h5");
    EXPECT_THROW(importDataset(spec, &fb, fake("hang.sh")), Cancelled);
    const double afterCancel = secondsSince(cancelledAt);
    canceller.join();
    EXPECT_LT(afterCancel, 0.5);
    EXPECT_TRUE(childrenOfThisProcess().empty());
}

TEST_F(ImportClient, AlreadyCancelledStartsNoHelper) {
    Feedback fb;
    fb.cancel();
    ::setenv("BDL_FAKE_ARGS", file("args").c_str(), 1);
    EXPECT_THROW(importKerasModel(file("m.h5"), "", &fb, fake("reply.sh")), Cancelled);
    EXPECT_FALSE(fs::exists(file("args")));
}

TEST_F(ImportClient, GarbageReplyIsMalformed) {
    const std::string msg = dataError(file("photo.png"), fake("garbage.sh"));
    expectHas(msg, {"the image decoder sent a malformed reply", "nothing was loaded"});
}

TEST_F(ImportClient, TruncatedReplyWithExitZeroIsIncomplete) {
    const std::string whole = payloadOf(tinyImportSet(false));
    replyWith(whole.substr(0, whole.size() - 7));
    EXPECT_EQ(dataError(file("train-images-idx3-ubyte"), fake("reply.sh")),
              file("train-images-idx3-ubyte") + ": the IDX reader sent an incomplete reply; "
                                                "nothing was loaded");
}

TEST_F(ImportClient, TruncatedReplyThenCrashIsTheCrash) {
    const std::string whole = payloadOf(tinyImportSet(false));
    replyWith(whole.substr(0, whole.size() / 2));
    ::setenv("BDL_FAKE_SIGNAL", "BUS", 1);
    expectHas(dataError(file("set.hdf5"), fake("reply.sh")),
              {"the HDF5 reader crashed (SIGBUS)", "malformed or hostile"});
}

TEST_F(ImportClient, TrailingBytesAfterTheReplyAreAnError) {
    replyWith(payloadOf(tinyImportSet(false)) + "x");
    expectHas(dataError(file("folder"), fake("reply.sh")), {"sent bytes after its reply"});
}

TEST_F(ImportClient, SandboxSetupFailureSaysWhichPart) {
    EXPECT_EQ(dataError(file("a.jpg"), fake("sandbox_fail.sh")),
              file("a.jpg") + ": the import sandbox could not be set up: sandbox: landlock "
                              "unavailable");
}

TEST_F(ImportClient, ExitStatusesAndSignalsAreNamed) {
    struct Case {
        const char* signal;
        const char* exitStatus;
        const char* stderrLine;
        std::vector<const char*> expected;
    };
    const std::vector<Case> cases = {
        {"",
         "1",
         "cannot parse: boom",
         {"the image decoder failed (exit status 1): cannot parse: boom"}},
        {"", "2", "unknown option --x", {"internal error", "unknown option --x"}},
        {"ABRT",
         "",
         "terminate called after throwing an instance of 'std::bad_alloc'",
         {kOutOfMemory, "nothing was loaded"}},
        {"SYS",
         "",
         "sandbox: forbidden system call socket",
         {"attempted a system call the sandbox forbids and was stopped",
          "(sandbox: forbidden system call socket)"}},
        {"XCPU", "", "", {"the image decoder used more than 7 CPU seconds"}},
        {"KILL", "", "", {"the image decoder was killed (SIGKILL)"}},
        {"ABRT", "", "", {"the image decoder crashed (SIGABRT)"}},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(std::string(c.signal) + c.exitStatus + c.stderrLine);
        ::setenv("BDL_FAKE_SIGNAL", c.signal, 1);
        ::setenv("BDL_FAKE_EXIT", *c.exitStatus ? c.exitStatus : "0", 1);
        ::setenv("BDL_FAKE_STDERR", c.stderrLine, 1);
        const std::string msg = dataError(file("img.PNG"), fake("reply.sh"));
        for (const char* part : c.expected)
            expectHas(msg, {part});
    }
}

TEST_F(ImportClient, ProgressIsPassedOnAndARefusalIsTheLoadersError) {
    const std::string path = file("weights.h5");
    const std::string problem = "layer 'conv_1': kernel has shape [3,3,1] where [3,3,1,20] is "
                                "expected";
    replyWith(refusal(path, problem));
    std::vector<std::pair<double, std::string>> seen;
    Feedback fb([&seen](double f, const std::string& stage) { seen.emplace_back(f, stage); });
    try {
        importKerasModel(path, "csaw-badnet", &fb, fake("reply.sh"));
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.source(), path);
        EXPECT_EQ(e.problem(), problem);
        EXPECT_EQ(std::string(e.what()), path + ": " + problem);
    }
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_DOUBLE_EQ(seen[0].first, 0.25);
    EXPECT_EQ(seen[0].second, "reading the file");
    EXPECT_DOUBLE_EQ(seen[1].first, 0.75);
    EXPECT_EQ(seen[1].second, "decoding");
}

TEST_F(ImportClient, DataSetReplyIsReturnedWithTheUsersPath) {
    const Dataset sent = tinyImportSet(/*poisoned=*/true);
    replyWith(payloadOf(sent));
    ::setenv("BDL_FAKE_ARGS", file("args").c_str(), 1);
    DataSpec spec;
    spec.path = "-odd name.png"; // never opened here: the fake helper ignores it
    spec.role = DataSpec::Poisoned;
    spec.target = 0;
    spec.labelsCsv = file("labels.csv");
    spec.channels = 1;
    spec.modelInput = {3, 3, 1};
    ImportOptions options = fake("reply.sh");
    const Dataset got = importDataset(spec, nullptr, options);
    EXPECT_EQ(got.source, spec.path);
    EXPECT_EQ(got.name, "tiny");
    EXPECT_EQ(got.itemNames, sent.itemNames);
    EXPECT_TRUE(torch::equal(got.images, sent.images));
    EXPECT_TRUE(torch::equal(got.labels, sent.labels));
    EXPECT_TRUE(torch::equal(got.targets, sent.targets));
    const std::string expectedArgs = "--protocol\n1\n--parent-pid\n" + std::to_string(::getpid()) +
                                     "\n--memory-mb\n" + kExpectedMemoryMiB +
                                     "\n--cpu-seconds\n7\ndata\n./-odd name.png\n"
                                     "--role\npoisoned\n--target\n0\n--labels-csv\n" +
                                     file("labels.csv") + "\n--channels\n1\n--model-input\n3,3,1\n";
    EXPECT_EQ(readText(file("args")), expectedArgs);
}

TEST_F(ImportClient, ReplyOfTheWrongKindIsAnError) {
    replyWith(payloadOf(tinyImportSet(false)));
    try {
        importKerasModel(file("model.keras"), "", nullptr, fake("reply.sh"));
        FAIL() << "no error";
    } catch (const Error& e) {
        expectHas(e.what(), {"the model reader sent a data set where a model was asked for"});
    }
    DataSpec poisoned; // a clean set where a poisoned one was asked for
    poisoned.path = file("set.h5");
    poisoned.role = DataSpec::Poisoned;
    EXPECT_THROW(importDataset(poisoned, nullptr, fake("reply.sh")), Error);
}

TEST_F(ImportClient, ModelCommandLineCarriesTheArchitecture) {
    replyWith(refusal(file("m.h5"), "no such file"));
    ::setenv("BDL_FAKE_ARGS", file("args").c_str(), 1);
    EXPECT_THROW(importKerasModel(file("m.h5"), "mnist-badnet", nullptr, fake("reply.sh")), Error);
    const std::string args = readText(file("args"));
    expectHas(args, {"--protocol\n1\n--parent-pid\n", "\nmodel\n", "--arch\nmnist-badnet\n"});
    EXPECT_NE(args.find("\nmodel\n" + file("m.h5") + "\n--arch\n"), std::string::npos) << args;
}

TEST_F(ImportClient, MissingHelperExecutableIsAnErrorNamingTheFile) {
    ImportOptions options = fake("no-such-helper");
    expectHas(dataError(file("x.png"), options),
              {"cannot start the import helper", "no-such-helper"});
}

TEST_F(ImportClient, ConcurrentImportsEachGetTheirOwnReply) {
    replyWith(payloadOf(tinyImportSet(false)));
    std::vector<std::thread> threads;
    std::vector<int64_t> sizes(4, -1);
    for (size_t i = 0; i < sizes.size(); ++i)
        threads.emplace_back([&, i] {
            DataSpec spec;
            spec.path = file("set" + std::to_string(i) + ".h5");
            sizes[i] = importDataset(spec, nullptr, fake("reply.sh")).size();
        });
    for (std::thread& t : threads)
        t.join();
    EXPECT_EQ(sizes, std::vector<int64_t>(4, 2));
}

// ---- the reply cache ------------------------------------------------------------------------

// An unchanged regular file is read by the helper once; its reply is decoded afresh each time.
TEST_F(ImportClient, UnchangedFileIsReadOnceAndChangedFileAgain) {
    const std::string path = file("set.h5");
    std::ofstream(path, std::ios::binary) << "first version";
    replyWith(payloadOf(tinyImportSet(false)));
    const std::string args = file("args");
    ::setenv("BDL_FAKE_ARGS", args.c_str(), 1);
    DataSpec spec;
    spec.path = path;
    Dataset first = importDataset(spec, nullptr, fake("reply.sh"));
    ASSERT_TRUE(fs::exists(args));
    fs::remove(args);
    first.images.fill_(-1.0f); // a caller's changes never reach the next caller
    const Dataset second = importDataset(spec, nullptr, fake("reply.sh"));
    EXPECT_FALSE(fs::exists(args)) << "the helper ran for an unchanged file";
    EXPECT_TRUE(torch::equal(second.images, tinyImportSet(false).images));
    EXPECT_EQ(second.source, path);
    EXPECT_EQ(importCacheStats().hits, 1);
    EXPECT_EQ(importCacheStats().entries, 1);

    std::ofstream(path, std::ios::binary) << "second version, longer";
    importDataset(spec, nullptr, fake("reply.sh"));
    EXPECT_TRUE(fs::exists(args)) << "a changed file was answered from the cache";
    fs::remove(args);
    // Other options of the same file are another command line.
    spec.channels = 1;
    importDataset(spec, nullptr, fake("reply.sh"));
    EXPECT_TRUE(fs::exists(args)) << "another command line was answered from the cache";
}

TEST_F(ImportClient, RefusalsFoldersAndUncachedRunsAlwaysRunTheHelper) {
    const std::string path = file("m.h5");
    std::ofstream(path, std::ios::binary) << "model";
    const std::string args = file("args");
    ::setenv("BDL_FAKE_ARGS", args.c_str(), 1);
    replyWith(refusal(path, "not a model"));
    for (int i = 0; i < 2; ++i) {
        EXPECT_THROW(importKerasModel(path, "", nullptr, fake("reply.sh")), Error);
        EXPECT_TRUE(fs::exists(args)) << "a refusal was answered from the cache";
        fs::remove(args);
    }
    replyWith(payloadOf(tinyImportSet(false)));
    DataSpec folder;
    folder.path = m_dir.string(); // a folder: its files may change unseen
    ImportOptions uncached = fake("reply.sh");
    uncached.useCache = false;
    DataSpec spec;
    spec.path = file("m.h5");
    for (int i = 0; i < 2; ++i) {
        importDataset(folder, nullptr, fake("reply.sh"));
        EXPECT_TRUE(fs::exists(args));
        fs::remove(args);
        importDataset(spec, nullptr, uncached);
        EXPECT_TRUE(fs::exists(args));
        fs::remove(args);
    }
    EXPECT_EQ(importCacheStats().hits, 0);
    EXPECT_EQ(importCacheStats().entries, 0);
}

// ---- where the helper is --------------------------------------------------------------------

class ImportClientHelperPath : public ::testing::Test {
protected:
    void SetUp() override {
        if (const char* old = std::getenv("BDL_IMPORT_HELPER"))
            m_old = old;
    }
    void TearDown() override {
        if (m_old)
            ::setenv("BDL_IMPORT_HELPER", m_old->c_str(), 1);
        else
            ::unsetenv("BDL_IMPORT_HELPER");
    }
    std::optional<std::string> m_old;
};

TEST_F(ImportClientHelperPath, EnvironmentVariableWins) {
    const std::string helper = std::string(BDL_FAKE_HELPERS_DIR) + "/sandbox_fail.sh";
    ::setenv("BDL_IMPORT_HELPER", helper.c_str(), 1);
    EXPECT_EQ(importHelperPath(), helper);
    DataSpec spec; // and the imports use it when the options name no helper
    spec.path = "faces.png";
    try {
        importDataset(spec);
        FAIL() << "no error";
    } catch (const Error& e) {
        expectHas(e.what(), {"faces.png: the import sandbox could not be set up"});
    }
}

TEST_F(ImportClientHelperPath, MissingOrNotExecutableHelperIsAnError) {
    const std::string missing = "/nonexistent/backdoorlab-import";
    ::setenv("BDL_IMPORT_HELPER", missing.c_str(), 1);
    try {
        importHelperPath();
        FAIL() << "no error";
    } catch (const Error& e) {
        expectHas(e.what(), {"/nonexistent/backdoorlab-import", "BDL_IMPORT_HELPER"});
    }
    DataSpec spec;
    spec.path = "faces.png";
    try {
        importDataset(spec);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.source(), "faces.png");
        expectHas(e.what(), {"BDL_IMPORT_HELPER", "nothing was loaded"});
    }
    const std::string notExecutable =
        (fs::temp_directory_path() / ("bdl_not_exec_" + std::to_string(::getpid()))).string();
    std::ofstream(notExecutable) << "#!/bin/sh\n";
    fs::permissions(notExecutable, fs::perms::owner_read | fs::perms::owner_write);
    ::setenv("BDL_IMPORT_HELPER", notExecutable.c_str(), 1);
    EXPECT_THROW(importHelperPath(), Error);
    fs::remove(notExecutable);
}

// ---- the real helper, when it is built --------------------------------------------------------

TEST(ImportClientRealHelper, ImageFileRoundTripMatchesTheInProcessLoader) {
    ::unsetenv("BDL_IMPORT_HELPER");
    std::string helper;
    try {
        helper = importHelperPath();
    } catch (const Error&) {
        GTEST_SKIP() << "backdoorlab-import is not built";
    }
    const std::string path =
        (fs::temp_directory_path() / ("bdl_import_rt_" + std::to_string(::getpid()) + "_0_3_1.png"))
            .string();
    cv::Mat img(5, 4, CV_8UC3);
    cv::randu(img, 0, 255);
    ASSERT_TRUE(cv::imwrite(path, img));
    DataSpec spec;
    spec.path = path;
    const Dataset direct = loadDataset(spec);
    const Dataset viaHelper = importDataset(spec);
    fs::remove(path);
    EXPECT_EQ(viaHelper.source, path);
    EXPECT_TRUE(torch::equal(viaHelper.images, direct.images));
    EXPECT_TRUE(torch::equal(viaHelper.labels, direct.labels));
    EXPECT_EQ(viaHelper.itemNames, direct.itemNames);
}
