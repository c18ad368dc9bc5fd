// The hostile-file corpus through the readers the import helper runs, in this process: for every
// file, a forked child loads it as the helper would (loadKerasModel / loadTorchScriptModel /
// loadDataset with the CLI's settings), writes the helper's payload to memory and decodes it as
// the client does. It must end in a clean refusal (core::Error) or a payload that decodes; a
// crash, any other exception, or a sanitizer report (ASan/UBSan exit with status 1 and a report
// on stderr) fails the test, naming the file. A child past the helper's CPU limit is killed and
// counted as contained, as the helper's own limit would contain it.
//
// Why in-process: the sanitizer build (scripts/test.sh --sanitize) runs this instead of the CLI
// pass (bdl_hostile_tests' Categories/HostileCorpus.*, which runs in the normal build): there, a
// LibTorch process takes ~3 s to start under ASan and the CLI pass starts two or three per file,
// ten minutes of the CI's hour; a fork of this already started process costs milliseconds, and
// the same parser code runs under the sanitizers.
#include "hostile_corpus.h"

#include "core/base/errors.h"
#include "core/io/data_io.h"
#include "core/io/import_format.h"
#include "core/io/keras_io.h"
#include "core/io/torchscript_import.h"

#include <gtest/gtest.h>
#include <torch/types.h>
#include <torch/utils.h>

#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <string>

namespace bdl::hostile {
namespace {

namespace fs = std::filesystem;

constexpr uint64_t kReadersSeed = 0x5eed2024; ///< the corpus of bdl_hostile_tests: the same files
constexpr int kCpuSeconds = 120;              ///< the import helper's default --cpu-seconds
constexpr int kWallSeconds = 150; ///< a child blocked (not computing) this long is stopped

enum ChildStatus : int { kPayload = 0, kRefused = 10, kOtherException = 11 };

/// What the helper does with the file, then what the client does with the payload.
int readAsTheHelperDoes(const HostileFile& f) {
    std::string bytes;
    const core::ImportSink sink = [&bytes](const void* data, size_t size) {
        bytes.append(static_cast<const char*>(data), size);
    };
    try {
        if (f.openAs == OpenAs::Model) {
            const core::LoadedModel m = core::isZipFile(f.path) ? core::loadTorchScriptModel(f.path)
                                                                : core::loadKerasModel(f.path);
            core::writeImportedModel(m, sink);
        } else {
            core::DataSpec spec = core::parseDataArg(f.path, f.openAs == OpenAs::PoisonedData
                                                                 ? core::DataSpec::Poisoned
                                                                 : core::DataSpec::Clean);
            spec.channels = 1; // the good model's 28x28x1 input, as the CLI sets it
            spec.modelInput = {28, 28, 1};
            spec.keepUInt8 = true;
            core::writeImportedDataset(core::loadDataset(spec), sink);
        }
        core::decodeImportPayload(bytes, f.path);
        return kPayload;
    } catch (const core::Error&) {
        return kRefused;
    } catch (const std::exception& e) {
        std::cerr << "[readers] " << f.path << ": escaped " << typeid(e).name() << ": " << e.what()
                  << std::endl;
        return kOtherException;
    }
}

struct Result {
    int status = -1; ///< exit status, or -1 when killed
    int signal = 0;
};

Result runInChild(const HostileFile& f) {
    std::cout.flush();
    std::cerr.flush();
    const pid_t pid = fork();
    if (pid < 0)
        return {-1, 0};
    if (pid == 0) {
        const rlimit cpu{rlim_t(kCpuSeconds), rlim_t(kCpuSeconds + 5)};
        setrlimit(RLIMIT_CPU, &cpu);
        alarm(kWallSeconds);
        _exit(readAsTheHelperDoes(f));
    }
    int ws = 0;
    while (waitpid(pid, &ws, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(ws))
        return {WEXITSTATUS(ws), 0};
    return {-1, WIFSIGNALED(ws) ? WTERMSIG(ws) : 0};
}

class HostileReaders : public ::testing::TestWithParam<std::string> {
protected:
    static void SetUpTestSuite() {
        // One thread: the children are forked from this process, and an OpenMP pool started
        // here would not exist in them.
        torch::set_num_threads(1);
    }
};

TEST_P(HostileReaders, EveryFileIsRefusedOrReadWithoutACrash) {
    std::string tmpl = (fs::temp_directory_path() / "bdl-hostile-readers-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    const fs::path root = tmpl;
    const GoodFiles good = writeGoodFiles((root / "good").string());
    const std::vector<HostileFile> files =
        writeCategory(GetParam(), (root / "corpus").string(), good, kReadersSeed);
    ASSERT_FALSE(files.empty());
    int refused = 0, payloads = 0, contained = 0;
    for (const HostileFile& f : files) {
        const Result r = runInChild(f);
        const std::string name = fs::path(f.path).filename().string() + " (" + f.what + ")";
        if (r.status == kRefused) {
            ++refused;
        } else if (r.status == kPayload) {
            ++payloads; // refused later by the CLI (e.g. labels outside the model's classes)
        } else if (r.signal == SIGXCPU || r.signal == SIGKILL || r.signal == SIGALRM) {
            ++contained; // the client's time limit and the helper's CPU limit stop these
            std::cout << "[readers] " << name << ": stopped at the time limit\n";
        } else {
            ADD_FAILURE() << name << ": "
                          << (r.signal ? "killed by signal " + std::to_string(r.signal)
                              : r.status == kOtherException
                                  ? std::string("an exception other than core::Error")
                                  : "exit status " + std::to_string(r.status) +
                                        " (a sanitizer report, see stderr)");
        }
    }
    std::cout << "[readers] " << GetParam() << ": " << files.size() << " files: " << refused
              << " refused, " << payloads << " read (left to the CLI's checks), " << contained
              << " stopped at the time limit" << std::endl;
    std::error_code ec;
    fs::remove_all(root, ec);
}

INSTANTIATE_TEST_SUITE_P(Categories, HostileReaders, ::testing::ValuesIn(categoryNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                             return info.param;
                         });

} // namespace
} // namespace bdl::hostile
