#pragma once
// Header-only helpers of the fault tests (tests/app/test_kill_during_write.cpp,
// tests/app/test_full_disk.cpp): real executables started as child processes with their output in
// files, SIGKILL at a chosen moment, waiting with a deadline, inotify on a folder (to kill while
// a file is being written), /proc scans for helper processes left behind, and whole-file reads.
// POSIX/Linux only, like the product's atomic writes.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/inotify.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <poll.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace bdl::test::fault {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

inline double secondsSince(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

/// The seed of every random moment: $BDL_FAULT_SEED, else a fixed one (runs are reproducible;
/// the tests print it so a failure can be replayed).
inline uint64_t faultSeed() {
    const char* s = std::getenv("BDL_FAULT_SEED");
    return s && *s ? std::strtoull(s, nullptr, 10) : 20261202ULL;
}

inline std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline void writeFile(const fs::path& p, const std::string& bytes) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << bytes;
}

/// Names in a folder, sorted (empty when it cannot be listed).
inline std::vector<std::string> listDir(const fs::path& dir) {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
        names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

/// Every regular file under `dir` (relative path -> bytes).
inline std::map<std::string, std::string> snapshotFiles(const fs::path& dir) {
    std::map<std::string, std::string> files;
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(dir, ec))
        if (e.is_regular_file())
            files[fs::relative(e.path(), dir).string()] = readFile(e.path());
    return files;
}

/// How a child ended.
struct Exit {
    bool exited = false;   ///< ended by itself (code valid)
    int code = -1;         ///< exit status when exited
    int signal = 0;        ///< the signal that ended it, else 0
    bool timedOut = false; ///< still running at the deadline (it was killed then)
};

inline Exit exitFrom(int status) {
    Exit e;
    if (WIFEXITED(status)) {
        e.exited = true;
        e.code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        e.signal = WTERMSIG(status);
    }
    return e;
}

/// A child process: argv[0] is the executable's path; stdin is /dev/null, stdout and stderr go
/// to the given files. The destructor kills and reaps a child still running.
class Child {
public:
    Child(const std::vector<std::string>& argv, const fs::path& out, const fs::path& err) {
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        std::vector<char*> args;
        for (const auto& a : argv)
            args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        if (posix_spawn(&m_pid, args[0], &fa, nullptr, args.data(), environ) != 0)
            m_pid = -1;
        posix_spawn_file_actions_destroy(&fa);
        m_started = Clock::now();
    }
    ~Child() {
        if (m_pid > 0 && !m_reaped) {
            ::kill(m_pid, SIGKILL);
            int status = 0;
            ::waitpid(m_pid, &status, 0);
        }
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    bool started() const { return m_pid > 0; }
    pid_t pid() const { return m_pid; }
    /// Seconds since the spawn.
    double age() const { return secondsSince(m_started); }

    /// The exit, if it has ended (reaps it); nullopt while it runs.
    std::optional<Exit> poll() {
        if (m_reaped || m_pid <= 0) // waitpid(-1) would reap any child
            return m_exit;
        int status = 0;
        if (::waitpid(m_pid, &status, WNOHANG) != m_pid)
            return std::nullopt;
        m_reaped = true;
        m_exit = exitFrom(status);
        return m_exit;
    }
    /// Waits up to `timeout` seconds; kills it past the deadline (timedOut set).
    Exit wait(double timeout) {
        const auto start = Clock::now();
        while (secondsSince(start) < timeout) {
            if (auto e = poll())
                return *e;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        Exit e = killNow();
        e.timedOut = true;
        return e;
    }
    /// SIGKILL now (if still running) and reap.
    Exit killNow() {
        if (!m_reaped && m_pid > 0) {
            ::kill(m_pid, SIGKILL);
            int status = 0;
            ::waitpid(m_pid, &status, 0);
            m_reaped = true;
            m_exit = exitFrom(status);
        }
        return m_exit;
    }
    /// Kills it `at` seconds after the spawn, unless it ended before: returns whether the kill
    /// landed (false: it had ended by itself; see exit()).
    bool killAt(double at) {
        while (age() < at) {
            if (poll())
                return false;
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
        if (poll())
            return false;
        killNow();
        return m_exit.signal == SIGKILL;
    }
    const Exit& exit() const { return m_exit; }

private:
    pid_t m_pid = -1;
    bool m_reaped = false;
    Exit m_exit;
    Clock::time_point m_started;
};

/// inotify on folders: waits for a name to be created or moved in.
class DirWatch {
public:
    DirWatch() : m_fd(inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {}
    ~DirWatch() {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    DirWatch(const DirWatch&) = delete;
    DirWatch& operator=(const DirWatch&) = delete;

    bool valid() const { return m_fd >= 0; }
    /// Watches `dir` (IN_CREATE, IN_MOVED_TO); false when it cannot.
    bool add(const fs::path& dir) {
        const int wd = inotify_add_watch(m_fd, dir.c_str(), IN_CREATE | IN_MOVED_TO);
        if (wd < 0)
            return false;
        m_dirs[wd] = dir;
        return true;
    }
    /// Waits until an event's full path matches `match`, up to `timeout` s, or until `alive`
    /// (the writer still runs) is false and every event queued before is read. Events after the
    /// match stay queued for the next call.
    std::optional<fs::path> waitFor(const std::function<bool(const fs::path&)>& match,
                                    double timeout, const std::function<bool()>& alive) {
        const auto start = Clock::now();
        for (;;) {
            while (!m_pending.empty()) {
                const fs::path next = m_pending.front();
                m_pending.erase(m_pending.begin());
                if (match(next))
                    return next;
            }
            const bool running = alive() && secondsSince(start) < timeout;
            if (!readEvents(/*waitMs=*/5) && !running)
                return std::nullopt;
        }
    }

private:
    /// Appends the events that arrive within waitMs to m_pending; false when none did.
    bool readEvents(int waitMs) {
        pollfd p{m_fd, POLLIN, 0};
        if (::poll(&p, 1, waitMs) <= 0)
            return false;
        alignas(inotify_event) char buf[8192];
        const ssize_t n = ::read(m_fd, buf, sizeof buf);
        for (ssize_t at = 0; n > 0 && at < n;) {
            const auto* ev = reinterpret_cast<const inotify_event*>(buf + at);
            at += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
            if (ev->len > 0 && m_dirs.count(ev->wd))
                m_pending.push_back(m_dirs[ev->wd] / ev->name);
        }
        return n > 0;
    }

private:
    int m_fd = -1;
    std::map<int, fs::path> m_dirs;
    std::vector<fs::path> m_pending; ///< read, not yet matched
};

/// A running (or zombie) process other than this one.
struct ProcInfo {
    pid_t pid = 0;
    pid_t ppid = 0;
    char state = '?';
    std::string comm;
    std::string cmdline; ///< arguments joined by spaces
};

/// Every process whose command line contains `marker`, or whose parent is `parent` (> 0).
inline std::vector<ProcInfo> findProcesses(const std::string& marker, pid_t parent = 0) {
    std::vector<ProcInfo> found;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator("/proc", ec)) {
        const std::string name = e.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos)
            continue;
        ProcInfo p;
        p.pid = static_cast<pid_t>(std::stol(name));
        if (p.pid == ::getpid())
            continue;
        // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses.
        const std::string stat = readFile(e.path() / "stat");
        const auto open = stat.find('('), close = stat.rfind(')');
        if (open == std::string::npos || close == std::string::npos || close + 4 > stat.size())
            continue;
        p.comm = stat.substr(open + 1, close - open - 1);
        p.state = stat[close + 2];
        p.ppid = static_cast<pid_t>(std::atol(stat.c_str() + close + 4));
        p.cmdline = readFile(e.path() / "cmdline");
        std::replace(p.cmdline.begin(), p.cmdline.end(), '\0', ' ');
        const bool byMarker = !marker.empty() && p.cmdline.find(marker) != std::string::npos;
        if (byMarker || (parent > 0 && p.ppid == parent))
            found.push_back(p);
    }
    return found;
}

inline std::string describe(const std::vector<ProcInfo>& ps) {
    std::string s;
    for (const auto& p : ps)
        s += "\n  pid " + std::to_string(p.pid) + " ppid " + std::to_string(p.ppid) + " state " +
             p.state + " (" + p.comm + ") " + p.cmdline;
    return s;
}

/// Waits up to `timeout` s for every process mentioning `marker` to be gone (a helper killed by
/// PR_SET_PDEATHSIG ends a moment after its parent); returns those still there.
inline std::vector<ProcInfo> leftoverProcesses(const std::string& marker, double timeout) {
    const auto start = Clock::now();
    std::vector<ProcInfo> left = findProcesses(marker);
    while (!left.empty() && secondsSince(start) < timeout) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        left = findProcesses(marker);
    }
    return left;
}

} // namespace bdl::test::fault
