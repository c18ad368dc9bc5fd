#pragma once
/// @file sandbox.h
/// How backdoorlab-import confines itself before it parses a user's file. The steps run in this
/// order, each once, on the main thread while the process is still single-threaded:
///   1. dieWithParent(), requireParent(),       - tied to the parent's life, no inherited fds
///      closeInheritedFiles()
///   2. limitResources()                        - core, file size, fds, CPU time
///   3. leaveNetwork()                          - an empty network namespace when the kernel lets
///   4. warmUpLibraries(), limitMemory()        - LibTorch, OpenMP, HDF5, OpenCV load what they
///                                                would otherwise open lazily (files, threads);
///                                                then the address-space limit
///   5. restrictFiles()                         - Landlock: read-only access to the input alone
///   6. restrictSystemCalls()                   - seccomp allow-list (the last step)
/// A step that must succeed throws SandboxError; main() reports it on stderr as
/// "sandbox: <step>: <reason>" and exits with status 3 (core/io/import_client.h). Steps that may
/// be missing on an older kernel (the network namespace, Landlock) write one note on stderr and
/// leave the rest of the confinement in force.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace bdl::app {

struct ImportArgs;

/// A confinement step that failed. what() is "<step>: <reason>".
class SandboxError : public std::runtime_error {
public:
    SandboxError(const std::string& step, const std::string& reason)
        : std::runtime_error(step + ": " + reason) {}
};

/// "<what>: <strerror(errno)>" for the errno of the call that just failed.
std::string errnoText(const std::string& what);

/// Step 1, first thing in main(): SIGKILL when the parent dies (PR_SET_PDEATHSIG).
void dieWithParent();
/// Step 1: refuses to run unless `parentPid` is the parent (it may have died before
/// dieWithParent() took effect, and then no signal would ever come).
void requireParent(long parentPid);
/// Step 1: closes every descriptor above 2 (stdin, stdout and stderr stay).
void closeInheritedFiles();
/// Step 2: RLIMIT_CORE 0, RLIMIT_FSIZE 0 (stdout is a pipe, which the limit does not cover;
/// left out with a note when stdout or stderr is a regular file, as in a run by hand),
/// RLIMIT_NOFILE 64, RLIMIT_CPU cpuSeconds (hard +5; 0 = unchanged), and PR_SET_DUMPABLE 0 (no
/// ptrace attach, no core, /proc/self owned by root).
void limitResources(int cpuSeconds);
/// Step 3: unshare(CLONE_NEWNET), or CLONE_NEWUSER|CLONE_NEWNET when that needs privileges.
/// Returns an empty string on success, else the note written to stderr (the seccomp filter
/// refuses sockets anyway). Must run before any thread starts (a user namespace requires it).
std::string leaveNetwork();
/// Step 4: one intra-op thread and no inter-op pool for LibTorch (its pthreadpool starts and
/// ends a worker now), a tiny matrix product (CPU detection reads /proc and /sys; OpenBLAS
/// maps its work buffer), HDF5's library initialisation, OpenCV without worker threads and one
/// PNG and JPEG round trip in memory (GDAL, which OpenCV loads, reads its configuration), so
/// that nothing needs to open a file or start a thread once confined.
void warmUpLibraries();
/// Step 4, after warmUpLibraries(): RLIMIT_AS memoryMiB (0 = unchanged). Set only now because
/// LibTorch and OpenBLAS map about 850 MiB at start-up and their thread pool hangs instead of
/// failing when it cannot map a stack; a limit at or below what is already mapped is refused.
/// Skipped under AddressSanitizer, whose shadow memory needs terabytes of address space.
void limitMemory(int64_t memoryMiB);

/// A path the input may be read through, and how.
struct ReadablePath {
    std::string path;
    bool beneath = false; ///< a folder: read files and list folders beneath it
};
/// What the loaders of `args` read: the model file; the data file or image folder (plus a given
/// labels CSV); a snapshot and the model file it belongs to; for IDX images (`*images-idx3-ubyte[.gz]`) also the labels file beside them, in
/// both the plain and the gzip form. Paths that do not exist are left out (the loader then
/// reports the missing file itself).
std::vector<ReadablePath> readablePaths(const ImportArgs& args);

/// Step 5: PR_SET_NO_NEW_PRIVS, then a Landlock domain handling every file-system right of the
/// running kernel's ABI (and, from ABI 4, TCP bind/connect; from ABI 6, abstract Unix sockets
/// and signals to other processes) that grants only reading `paths`. Without Landlock in the
/// kernel it writes "sandbox: landlock unavailable, file reads are not confined" and returns
/// false; true when the domain is in force.
bool restrictFiles(const std::vector<ReadablePath>& paths);
/// Step 6: the seccomp allow-list (see syscall_filter.cpp for each group and why). A system call
/// outside it raises SIGSYS: a handler writes "sandbox: forbidden system call <nr> (<name>)" on
/// stderr and the process dies of SIGSYS. Sockets, process creation and file opens with write
/// flags fail with an errno instead, so libraries that try them see an ordinary error.
void restrictSystemCalls();

} // namespace bdl::app
