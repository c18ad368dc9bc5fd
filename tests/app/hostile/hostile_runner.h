#pragma once
// Running the real CLI as a separate process with a wall-clock limit, and the evidence the
// hostile-corpus test collects around each run: what the folders held before and after, and
// which processes were left behind.
#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace bdl::hostile {

/// One program run.
struct RunRequest {
    std::vector<std::string> argv; ///< argv[0] is the executable's path
    std::string cwd;
    std::vector<std::string> env; ///< "NAME=value", the whole environment
    double timeoutSeconds = 60.0;
    std::string captureDir; ///< stdout/stderr are written here (not in cwd)
    /// A process whose command line contains one of these (e.g. the corpus file's name) is
    /// counted as this run's, beside the processes of its own process group.
    std::vector<std::string> markers;
};

/// How it ended.
struct RunResult {
    bool exited = false; ///< normal exit (exitCode valid)
    int exitCode = -1;
    int signal = 0; ///< killed by this signal (ours included, after a time-out)
    bool coreDumped = false;
    bool timedOut = false; ///< still running at the limit: the process group was SIGKILLed
    double seconds = 0.0;
    std::string out, err;
    /// "PID STATE cmdline" of the run's processes still alive a while after it ended (they
    /// are killed afterwards, so one leak does not spoil the next run).
    std::vector<std::string> leftovers;
};

/// Runs the program in its own process group; never throws for the program's behaviour
/// (a failure to start is exitCode 127). Thread-safe: several runs may go on at once.
RunResult runProcess(const RunRequest& request);

/// Live (non-zombie) processes other than this one whose process group is `pgid` (when > 0) or
/// whose command line contains one of `markers`, as "PID STATE cmdline".
std::vector<std::string> liveProcesses(pid_t pgid, const std::vector<std::string>& markers);

/// What a folder held: relative path -> type, size, mtime, content hash (regular files) or
/// link target (symlinks). Symlinks are not followed; FIFOs and devices are not opened.
struct FileState {
    char type = '?'; ///< f(ile) d(ir) l(ink) p(ipe) o(ther)
    uintmax_t size = 0;
    int64_t mtimeNs = 0;
    uint64_t hash = 0;
    std::string target;
};
using Snapshot = std::map<std::string, FileState>;

/// Walks `root` (absent: empty). hashContents=false leaves hash 0 (cheap listing).
Snapshot snapshot(const std::string& root, bool hashContents);
/// "created X", "removed X", "changed X (...)" for every difference; `withTimes` compares
/// mtimes too (off when comparing two separately generated corpora).
std::vector<std::string> compareSnapshots(const Snapshot& before, const Snapshot& after,
                                          bool withTimes = true);

} // namespace bdl::hostile
