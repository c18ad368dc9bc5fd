// backdoorlab-import: the only code of BackdoorLab that parses a file a user opens. One run reads
// one file with the ordinary loaders (core/io/keras_io.h, core/io/data_io.h) after confining
// itself (sandbox.h), and writes one payload of the import format (core/io/import_format.h) on
// stdout. Its command line, output and exit status are the contract of core/io/import_client.h:
// 0 after a payload (a clean refusal included), 2 for a bad command line, 3 when the sandbox could
// not be set up, 1 when the payload could not be made or written (stderr says why).
//
// With BDL_IMPORT_SELFTEST=1 in the environment it confines itself for the given input as usual,
// then tries what the sandbox must refuse and prints one line per attempt on stdout instead of a
// payload ("selftest <attempt>: denied (<reason>)" or "selftest <attempt>: allowed"; first
// "selftest inherited-fds: <count>"); with BDL_IMPORT_SELFTEST=exec it calls execve(), which
// kills it with SIGSYS. The tests use this to check the confinement of the real executable.
#include "app/import/import_args.h"
#include "app/import/sandbox.h"

#include "core/base/errors.h"
#include "core/base/feedback.h"
#include "core/base/runtime.h"
#include "core/base/stage_text.h"
#include "core/base/atomic_file.h"
#include "core/io/data_io.h"
#include "core/io/image_file.h"
#include "core/io/import_format.h"
#include "core/io/keras_io.h"
#include "core/io/torchscript_import.h"
#include "core/io/weights_snapshot.h"

#include <c10/util/Exception.h>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <new>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

namespace bdl::app {

namespace {

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitSandbox = 3;

/// Writes all of [data, data + size) to fd; throws naming the stream on failure.
void writeAll(int fd, const void* data, size_t size) {
    if (const int err = core::writeFully(fd, data, size)) {
        errno = err;
        throw std::runtime_error(errnoText(fd == STDOUT_FILENO ? "stdout" : "stderr"));
    }
}

const core::ImportSink kStdout = [](const void* data, size_t size) {
    writeAll(STDOUT_FILENO, data, size);
};

/// "progress <fraction> <stage>" lines on stderr, at most one per 2 % (and the last one).
class ProgressLines {
public:
    void operator()(double fraction, const std::string& stage) {
        constexpr double kStep = 0.02;
        if (fraction < m_last + kStep && !(fraction >= 1.0 && m_last < 1.0))
            return;
        m_last = fraction;
        std::string line = "progress " + std::to_string(fraction) + " ";
        for (const char c : stage) // one line per report, whatever the stage text holds
            line += (c == '\n' || c == '\r') ? ' ' : c;
        line += '\n';
        try {
            writeAll(STDERR_FILENO, line.data(), line.size());
        } catch (const std::runtime_error&) {
            // Progress is optional: a closed stderr must not stop the import.
        }
    }

private:
    double m_last = -1.0;
};

/// One self-test attempt: `rc` < 0 means refused, with errno set.
void report(const char* what, long rc) {
    const std::string line =
        std::string("selftest ") + what + ": " +
        (rc < 0 ? "denied (" + std::string(std::strerror(errno)) + ")" : std::string("allowed")) +
        "\n";
    writeAll(STDOUT_FILENO, line.data(), line.size());
}

/// Counts descriptors above 2 (close() is allowed once confined; fcntl() is not).
int inheritedFiles() {
    int count = 0;
    for (int fd = 3; fd < 1024; ++fd)
        count += close(fd) == 0 ? 1 : 0;
    return count;
}

/// BDL_IMPORT_SELFTEST=1: every attempt once, then exit 0. BDL_IMPORT_SELFTEST=exec: an execve(),
/// which the filter answers with SIGSYS.
void selfTest(const std::string& mode, const std::string& input) {
    if (mode == "exec") {
        char* const argv[] = {const_cast<char*>("/bin/true"), nullptr};
        execve(argv[0], argv, environ);
        report("exec", -1);
        return;
    }
    const std::string fds = "selftest inherited-fds: " + std::to_string(inheritedFiles()) + "\n";
    writeAll(STDOUT_FILENO, fds.data(), fds.size());
    const int in = open(input.c_str(), O_RDONLY | O_CLOEXEC);
    report("read-input", in);
    if (in >= 0)
        close(in);
    report("socket", socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    report("read-etc-passwd", open("/etc/passwd", O_RDONLY | O_CLOEXEC));
    const std::string tmp = "/tmp/bdl-import-selftest-" + std::to_string(getpid());
    report("write-tmp", open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    const pid_t child = fork();
    if (child == 0)
        _exit(0);
    report("fork", child);
    // A thread stays possible (clone3 fails with ENOSYS, glibc falls back to clone).
    try {
        std::thread([] {}).join();
        report("thread", 0);
    } catch (const std::system_error& e) {
        errno = e.code().value();
        report("thread", -1);
    }
}

void confine(const ImportArgs& args) {
    requireParent(args.parentPid);
    closeInheritedFiles();
    limitResources(args.cpuSeconds);
    leaveNetwork();
    requireParent(args.parentPid); // a user namespace renewed the parent-death signal
    try {
        warmUpLibraries();
    } catch (const SandboxError&) {
        throw;
    } catch (const std::exception& e) {
        throw SandboxError("warm-up", e.what());
    }
    limitMemory(args.memoryMiB);
    restrictFiles(readablePaths(args));
    restrictSystemCalls();
}

/// The bytes of a snapshot file (at most 4 GiB: the import budget's largest tensor).
std::string readSnapshotFile(const std::string& path) {
    std::error_code ec;
    const uintmax_t size = std::filesystem::file_size(path, ec);
    if (ec)
        throw core::Error(path, "cannot read the saved weights: " + ec.message());
    if (size > (uintmax_t(4) << 30))
        throw core::Error(path, "the saved weights are over 4 GiB");
    std::string bytes(size_t(size), '\0');
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw core::Error(path,
                          "cannot read the saved weights: " + std::string(std::strerror(errno)));
    size_t got = 0;
    while (got < bytes.size()) {
        const ssize_t n = read(fd, bytes.data() + got, bytes.size() - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += size_t(n);
    }
    close(fd);
    if (got != bytes.size())
        throw core::Error(path, "cannot read the saved weights (the file is shorter than it was)");
    return bytes;
}

/// A model file of either family: TorchScript (a zip archive) or Keras HDF5.
core::LoadedModel loadAnyModel(const std::string& path, const ImportArgs& args) {
    if (core::isZipFile(path)) {
        core::TorchScriptOptions options;
        options.inputShape = args.inputShape;
        return core::loadTorchScriptModel(path, options);
    }
    return core::loadKerasModel(path, args.arch);
}

/// Sends the loader's own refusal, its text unchanged: the parent rethrows it for the user.
void refuse(const ImportArgs& args, const core::Error& e) {
    core::writeImportError(e.source().empty() ? args.path : e.source(), e.problem(), kStdout);
}

/// Parses the input and writes its payload (or the loader's refusal). Only loading is guarded:
/// a payload that fails half-way must not be followed by a second one.
void runImport(const ImportArgs& args) {
    ProgressLines lines;
    core::Feedback fb([&lines](double f, const std::string& stage) { lines(f, stage); });
    if (args.command == ImportArgs::Command::Model) {
        std::optional<core::LoadedModel> model;
        try {
            fb.setProgress(0.0, "reading the model");
            model = loadAnyModel(args.path, args);
            fb.setProgress(1.0, "reading the model");
        } catch (const core::Error& e) {
            return refuse(args, e);
        }
        core::writeImportedModel(*model, kStdout);
        return;
    }
    if (args.command == ImportArgs::Command::Image) {
        std::optional<core::ModelImage> image;
        try {
            image = core::loadImageForModel(args.path, args.size[0], args.size[1], args.size[2]);
        } catch (const core::Error& e) {
            return refuse(args, e);
        }
        core::writeImportedImage(*image, args.path, kStdout);
        return;
    }
    if (args.command == ImportArgs::Command::Snapshot) {
        // Session weights (BDLW, weights_snapshot.h): decoded against the model they belong to,
        // read here too; the reply is that model with the snapshot's weights (masks baked in).
        std::optional<core::LoadedModel> model;
        try {
            fb.setProgress(0.0, "reading the model");
            model = loadAnyModel(args.modelPath, args);
            const std::string bytes = readSnapshotFile(args.path);
            fb.setProgress(0.5, core::stage::kCheckingSavedWeights);
            core::Model decoded =
                core::decodeWeightsSnapshot(model->model, args.layer, bytes, args.path);
            decoded.bakeChannelMasks();
            model->model = std::move(decoded);
            fb.setProgress(1.0, core::stage::kCheckingSavedWeights);
        } catch (const core::Error& e) {
            return refuse(args, e);
        }
        core::writeImportedModel(*model, kStdout);
        return;
    }
    core::Dataset data;
    try {
        core::DataSpec spec = args.spec;
        spec.keepUInt8 = true; // sent as read: no float32 copy in this cold process
        data = core::loadDataset(spec, &fb);
    } catch (const core::Error& e) {
        return refuse(args, e);
    }
    core::writeImportedDataset(data, kStdout);
}

/// One line for an exception the loaders let through: no LibTorch backtrace, no "filesystem
/// error: status:" prefix, no line breaks (the parent shows the last line of stderr).
std::string diagnostic(const std::exception& e, const ImportArgs& args) {
    std::string text;
    if (dynamic_cast<const std::bad_alloc*>(&e))
        text = "out of memory (limit " + std::to_string(args.memoryMiB) + " MiB)";
    else if (const auto* torchError = dynamic_cast<const c10::Error*>(&e))
        text = torchError->what_without_backtrace();
    else if (const auto* fsError = dynamic_cast<const std::filesystem::filesystem_error*>(&e))
        text = fsError->path1().string() + ": " + fsError->code().message();
    else
        text = e.what();
    text = text.substr(0, text.find_first_of("\r\n"));
    return text.empty() ? std::string("unexpected error") : text;
}

int run(int argc, char** argv) {
    ImportArgs args;
    try {
        args = parseImportArgs(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const UsageError& e) {
        std::fprintf(stderr, "backdoorlab-import: %s\n%s\n", e.what(), importUsage());
        return kExitUsage;
    }
    try {
        confine(args);
    } catch (const SandboxError& e) {
        std::fprintf(stderr, "sandbox: %s\n", e.what());
        return kExitSandbox;
    }
    const char* selftest = std::getenv("BDL_IMPORT_SELFTEST");
    try {
        if (selftest && *selftest)
            selfTest(selftest, args.path);
        else
            runImport(args);
    } catch (const std::exception& e) {
        // Not a refusal the loaders meant: the parent reports a failed reader with this line.
        std::fprintf(stderr, "backdoorlab-import: %s: %s\n", args.path.c_str(),
                     diagnostic(e, args).c_str());
        return kExitFailed;
    }
    return 0;
}

} // namespace

} // namespace bdl::app

int main(int argc, char** argv) {
    // Before anything loads OpenMP work. libgomp reads its environment when it is loaded, before
    // main(), so the effective limit is at::set_num_threads(1) in warmUpLibraries(); this covers
    // libraries that read the variable lazily.
    setenv("OMP_NUM_THREADS", "1", 1);
    // The helper starts cold for every file: without reuse of freed heap memory each temporary
    // tensor is a fresh mmap() paid in page faults (a 4.5 MB data set took 1.25 s instead of 1.0 s).
    bdl::core::tuneAllocator();
    try {
        bdl::app::dieWithParent();
    } catch (const bdl::app::SandboxError& e) {
        std::fprintf(stderr, "sandbox: %s\n", e.what());
        return bdl::app::kExitSandbox;
    }
    return bdl::app::run(argc, argv);
}
