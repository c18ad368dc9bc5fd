// Steps 1-4 of the confinement (sandbox.h) and the list of paths Landlock lets the loaders read.
#include "app/import/sandbox.h"

#include "app/import/import_args.h"

#include <ATen/Parallel.h>
#include <H5public.h>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <torch/types.h>
#include <torch/utils.h>

#include <dirent.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#if defined(__SANITIZE_ADDRESS__)
#define BDL_ADDRESS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BDL_ADDRESS_SANITIZER 1
#endif
#endif

namespace bdl::app {

namespace fs = std::filesystem;

namespace {

/// Sets both limits of `resource`, never above the hard limit already in force (lowering is
/// always allowed; raising is not, without privileges).
void lowerLimit(int resource, const char* name, rlim_t soft, rlim_t hard) {
    rlimit cur{};
    if (getrlimit(resource, &cur) != 0)
        throw SandboxError("rlimits", errnoText(std::string("getrlimit ") + name));
    rlimit want{std::min(soft, cur.rlim_max), std::min(hard, cur.rlim_max)};
    want.rlim_cur = std::min(want.rlim_cur, want.rlim_max);
    if (setrlimit(resource, &want) != 0)
        throw SandboxError("rlimits", errnoText(std::string("setrlimit ") + name));
}

/// close_range() for kernels or C libraries without it: every entry of /proc/self/fd above 2.
void closeListedFiles() {
    DIR* dir = opendir("/proc/self/fd");
    if (!dir)
        throw SandboxError("descriptors", errnoText("/proc/self/fd"));
    std::vector<int> fds;
    while (const dirent* e = readdir(dir)) {
        const int fd = std::atoi(e->d_name);
        if (fd > 2 && fd != dirfd(dir))
            fds.push_back(fd);
    }
    closedir(dir);
    for (const int fd : fds)
        close(fd);
}

/// The address space in use (the first field of /proc/self/statm, in pages), 0 when unknown.
[[maybe_unused]] int64_t mappedMiB() { // unused under AddressSanitizer
    std::FILE* f = std::fopen("/proc/self/statm", "re");
    long long pages = 0;
    if (f) {
        if (std::fscanf(f, "%lld", &pages) != 1)
            pages = 0;
        std::fclose(f);
    }
    return int64_t(pages) * sysconf(_SC_PAGESIZE) >> 20;
}

bool isRegularFile(int fd) {
    struct stat st {};
    return fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

bool exists(const std::string& path, bool* directory) {
    struct stat st {};
    if (path.empty() || ::stat(path.c_str(), &st) != 0)
        return false;
    *directory = S_ISDIR(st.st_mode);
    return true;
}

/// Adds `path` as a file (never a folder) when it exists.
void addFile(std::vector<ReadablePath>& out, const std::string& path) {
    bool directory = false;
    if (exists(path, &directory) && !directory)
        out.push_back({path, false});
}

/// The labels files loadIdx() may pick for `images` ("x-images-idx3-ubyte[.gz]" ->
/// "x-labels-idx1-ubyte" and "x-labels-idx1-ubyte.gz"); none for other names.
std::vector<std::string> idxLabelCandidates(const std::string& images) {
    const fs::path p(images);
    std::string name = p.filename().string();
    const std::string from = "images-idx3-ubyte", to = "labels-idx1-ubyte";
    const size_t at = name.rfind(from);
    if (at == std::string::npos)
        return {};
    name.replace(at, from.size(), to);
    const bool gz = name.size() > 3 && name.compare(name.size() - 3, 3, ".gz") == 0;
    const std::string plain = gz ? name.substr(0, name.size() - 3) : name;
    return {(p.parent_path() / plain).string(), (p.parent_path() / (plain + ".gz")).string()};
}

} // namespace

std::string errnoText(const std::string& what) { return what + ": " + std::strerror(errno); }

void dieWithParent() {
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0)
        throw SandboxError("parent", errnoText("PR_SET_PDEATHSIG"));
}

void requireParent(long parentPid) {
    const long actual = static_cast<long>(getppid());
    if (actual != parentPid)
        throw SandboxError("parent", "process " + std::to_string(parentPid) +
                                         " is not this helper's parent (" + std::to_string(actual) +
                                         " is); it may have exited");
}

void closeInheritedFiles() {
    if (close_range(3, ~0U, 0) == 0)
        return;
    if (errno != ENOSYS && errno != EINVAL)
        throw SandboxError("descriptors", errnoText("close_range"));
    closeListedFiles();
}

void limitResources(int cpuSeconds) {
    constexpr rlim_t kMaxFiles = 64; // the loaders hold a handful of files at a time
    lowerLimit(RLIMIT_CORE, "RLIMIT_CORE", 0, 0);
    // The helper writes no file. Pipes are not covered by the limit; stdout or stderr redirected
    // to a file by hand would be (EFBIG), so the limit is left out then.
    if (isRegularFile(STDOUT_FILENO) || isRegularFile(STDERR_FILENO))
        std::fprintf(stderr,
                     "sandbox: rlimits: stdout or stderr is a file, RLIMIT_FSIZE not set\n");
    else
        lowerLimit(RLIMIT_FSIZE, "RLIMIT_FSIZE", 0, 0);
    lowerLimit(RLIMIT_NOFILE, "RLIMIT_NOFILE", kMaxFiles, kMaxFiles);
    if (cpuSeconds > 0) {
        constexpr rlim_t kGraceSeconds = 5; // SIGXCPU at the soft limit, SIGKILL at the hard one
        lowerLimit(RLIMIT_CPU, "RLIMIT_CPU", rlim_t(cpuSeconds),
                   rlim_t(cpuSeconds) + kGraceSeconds);
    }
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        throw SandboxError("rlimits", errnoText("PR_SET_DUMPABLE"));
}

void limitMemory(int64_t memoryMiB) {
#if !defined(BDL_ADDRESS_SANITIZER)
    if (memoryMiB <= 0)
        return;
    const int64_t mapped = mappedMiB();
    if (mapped >= memoryMiB) // every later allocation would fail, thread stacks included
        throw SandboxError("rlimits", "--memory-mb " + std::to_string(memoryMiB) +
                                          " is below the " + std::to_string(mapped) +
                                          " MiB the helper maps before it reads anything");
    const rlim_t bytes = rlim_t(memoryMiB) << 20;
    lowerLimit(RLIMIT_AS, "RLIMIT_AS", bytes, bytes);
#else
    (void)memoryMiB; // the sanitizer's shadow memory alone needs terabytes of address space
#endif
}

std::string leaveNetwork() {
    if (unshare(CLONE_NEWNET) == 0)
        return std::string();
    const int first = errno;
    // Without CAP_SYS_ADMIN a new user namespace grants it for the network namespace. New
    // credentials may reset the parent-death signal and dumpability: set both again.
    if (first == EPERM && unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0) {
        if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0 ||
            prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
            throw SandboxError("network", errnoText("prctl after the user namespace"));
        return std::string();
    }
    const std::string note = "sandbox: network: no network namespace (" +
                             std::string(std::strerror(first == EPERM ? errno : first)) +
                             "); sockets are refused by the system call filter";
    std::fprintf(stderr, "%s\n", note.c_str());
    return note;
}

void warmUpLibraries() {
    at::set_num_threads(1); // omp_set_num_threads(1): OpenMP and OpenBLAS start no thread
    try {
        at::set_num_interop_threads(1); // the pool itself starts lazily, on first at::launch()
    } catch (const c10::Error&) {
        // Already set or already running: nothing to change.
    }
    const torch::Tensor t = torch::arange(16, torch::kFloat32).view({4, 4});
    (void)torch::isfinite(t.matmul(t)).all().item<bool>();
    if (H5open() < 0)
        throw SandboxError("warm-up", "the HDF5 library did not initialise");
    cv::setNumThreads(0); // OpenCV's parallel loops run on the calling thread
    const cv::Mat img(2, 2, CV_8UC3, cv::Scalar(1, 2, 3));
    for (const char* ext : {".png", ".jpg"}) {
        std::vector<uchar> bytes;
        if (!cv::imencode(ext, img, bytes) || cv::imdecode(bytes, cv::IMREAD_UNCHANGED).empty())
            throw SandboxError("warm-up", std::string("OpenCV cannot round-trip ") + ext);
    }
}

std::vector<ReadablePath> readablePaths(const ImportArgs& args) {
    std::vector<ReadablePath> out;
    bool directory = false;
    if (!exists(args.path, &directory))
        return out;
    if (args.command == ImportArgs::Command::Snapshot) { // the weights and their model
        addFile(out, args.path);
        addFile(out, args.modelPath);
        return out;
    }
    if (args.command != ImportArgs::Command::Data) {
        addFile(out, args.path);
        return out;
    }
    if (directory) {
        out.push_back({args.path, true});
        addFile(out, args.spec.labelsCsv);
        return out;
    }
    addFile(out, args.path);
    for (const std::string& labels : idxLabelCandidates(args.path))
        addFile(out, labels);
    return out;
}

} // namespace bdl::app
