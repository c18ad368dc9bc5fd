#include "hostile_runner.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string_view>
#include <thread>

namespace bdl::hostile {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
    std::vector<char*> p;
    for (auto& s : strings)
        p.push_back(s.data());
    p.push_back(nullptr);
    return p;
}

/// The child's side of fork(): only async-signal-safe calls until execve.
[[noreturn]] void execChild(const char* cwd, int outFd, int errFd, char* const* argv,
                            char* const* envp) {
    setpgid(0, 0);
    const int devNull = open("/dev/null", O_RDONLY);
    if (chdir(cwd) != 0 || devNull < 0 || dup2(devNull, 0) < 0 || dup2(outFd, 1) < 0 ||
        dup2(errFd, 2) < 0)
        _exit(126);
    execve(argv[0], argv, envp);
    static const char kMsg[] =
        "hostile runner: execve failed (binary missing or being relinked?)\n";
    [[maybe_unused]] const ssize_t n = write(2, kMsg, sizeof kMsg - 1);
    _exit(127);
}

/// Waits for pid until the deadline; false when it is still running then.
bool waitUntil(pid_t pid, Clock::time_point deadline, int* status) {
    for (;;) {
        const pid_t r = waitpid(pid, status, WNOHANG);
        if (r == pid || (r < 0 && errno != EINTR))
            return true;
        if (Clock::now() >= deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

/// Parses /proc/PID/stat: state and process group.
bool procStat(const std::string& pid, char* state, pid_t* pgrp) {
    const std::string stat = slurp("/proc/" + pid + "/stat");
    const size_t close = stat.rfind(')');
    if (close == std::string::npos || close + 2 >= stat.size())
        return false;
    std::istringstream rest(stat.substr(close + 2));
    long ppid = 0, group = 0;
    rest >> *state >> ppid >> group;
    *pgrp = pid_t(group);
    return bool(rest);
}

} // namespace

std::vector<std::string> liveProcesses(pid_t pgid, const std::vector<std::string>& markers) {
    std::vector<std::string> found;
    const std::string self = std::to_string(getpid());
    DIR* proc = opendir("/proc");
    if (!proc)
        return found;
    while (const dirent* e = readdir(proc)) {
        const std::string pid = e->d_name;
        if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos || pid == self)
            continue;
        char state = '?';
        pid_t group = 0;
        if (!procStat(pid, &state, &group) || state == 'Z' || state == 'X')
            continue;
        std::string cmd = slurp("/proc/" + pid + "/cmdline");
        std::replace(cmd.begin(), cmd.end(), '\0', ' ');
        bool ours = pgid > 0 && group == pgid;
        for (const auto& m : markers)
            ours = ours || (!m.empty() && cmd.find(m) != std::string::npos);
        if (ours)
            found.push_back(pid + " " + state + " " + cmd);
    }
    closedir(proc);
    return found;
}

RunResult runProcess(const RunRequest& request) {
    static std::atomic<int> counter{0};
    const std::string stem = request.captureDir + "/run" + std::to_string(counter++);
    RunResult result;
    const int outFd = open((stem + ".out").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    const int errFd = open((stem + ".err").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    std::vector<std::string> args = request.argv, env = request.env;
    std::vector<char*> argv = pointers(args), envp = pointers(env);
    const auto start = Clock::now();
    const pid_t pid = outFd < 0 || errFd < 0 ? -1 : fork();
    if (pid == 0)
        execChild(request.cwd.c_str(), outFd, errFd, argv.data(), envp.data());
    if (outFd >= 0)
        close(outFd);
    if (errFd >= 0)
        close(errFd);
    if (pid < 0) {
        result.exited = true;
        result.exitCode = 127;
        result.err = "cannot start " + request.argv.at(0) + ": " + std::strerror(errno);
        return result;
    }
    setpgid(pid, pid); // also done by the child: whichever runs first
    int status = 0;
    const auto limit = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(request.timeoutSeconds));
    if (!waitUntil(pid, start + limit, &status)) {
        result.timedOut = true;
        kill(-pid, SIGKILL);
        waitpid(pid, &status, 0);
    }
    result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    result.exited = WIFEXITED(status);
    result.exitCode = result.exited ? WEXITSTATUS(status) : -1;
    result.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    result.coreDumped = WIFSIGNALED(status) && WCOREDUMP(status);
    // A helper told to die with its parent may need a moment; one still there after 3 s leaked.
    const auto grace = Clock::now() + std::chrono::seconds(3);
    while (!(result.leftovers = liveProcesses(pid, request.markers)).empty() &&
           Clock::now() < grace)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (!result.leftovers.empty()) {
        kill(-pid, SIGKILL);
        for (const auto& p : result.leftovers)
            kill(pid_t(std::stol(p)), SIGKILL);
    }
    result.out = slurp(stem + ".out");
    result.err = slurp(stem + ".err");
    return result;
}

// ---- snapshots -------------------------------------------------------------------------------

namespace {

uint64_t hashFile(const std::string& path) {
    // One buffer per thread, left uninitialised: a zero-filled 1 MiB vector per file made each
    // hashed snapshot of the 10^4-file folder memset 10 GB (minutes under ASan).
    constexpr size_t kChunk = size_t(1) << 16;
    thread_local const std::unique_ptr<char[]> buf(new char[kChunk]);
    std::ifstream in(path, std::ios::binary);
    uint64_t h = 1469598103934665603ull;
    while (in) {
        in.read(buf.get(), std::streamsize(kChunk));
        const std::string_view chunk(buf.get(), size_t(in.gcount()));
        h = (h ^ std::hash<std::string_view>()(chunk)) * 1099511628211ull;
    }
    return h;
}

void walk(const std::string& root, const std::string& rel, bool hashContents, Snapshot& out) {
    const std::string dirPath = rel.empty() ? root : root + "/" + rel;
    DIR* dir = opendir(dirPath.c_str());
    if (!dir)
        return;
    while (const dirent* e = readdir(dir)) {
        const std::string name = e->d_name;
        if (name == "." || name == "..")
            continue;
        const std::string r = rel.empty() ? name : rel + "/" + name;
        const std::string full = root + "/" + r;
        struct stat st {};
        if (lstat(full.c_str(), &st) != 0)
            continue;
        FileState s;
        s.mtimeNs = int64_t(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
        if (S_ISREG(st.st_mode)) {
            s.type = 'f';
            s.size = uintmax_t(st.st_size);
            s.hash = hashContents ? hashFile(full) : 0;
        } else if (S_ISDIR(st.st_mode)) {
            s.type = 'd';
        } else if (S_ISLNK(st.st_mode)) {
            s.type = 'l';
            std::error_code ec;
            s.target = fs::read_symlink(full, ec).string();
        } else {
            s.type = S_ISFIFO(st.st_mode) ? 'p' : 'o';
        }
        out[r] = s;
        if (s.type == 'd')
            walk(root, r, hashContents, out);
    }
    closedir(dir);
}

} // namespace

Snapshot snapshot(const std::string& root, bool hashContents) {
    Snapshot out;
    walk(root, "", hashContents, out);
    return out;
}

std::vector<std::string> compareSnapshots(const Snapshot& before, const Snapshot& after,
                                          bool withTimes) {
    std::vector<std::string> diffs;
    for (const auto& [path, a] : after) {
        const auto it = before.find(path);
        if (it == before.end()) {
            diffs.push_back("created " + path);
            continue;
        }
        const FileState& b = it->second;
        std::string what;
        if (a.type != b.type)
            what += " type";
        if (a.size != b.size)
            what += " size " + std::to_string(b.size) + "->" + std::to_string(a.size);
        if (a.hash != b.hash)
            what += " content";
        if (a.target != b.target)
            what += " link target";
        if (withTimes && a.mtimeNs != b.mtimeNs)
            what += " mtime";
        if (!what.empty())
            diffs.push_back("changed " + path + " (" + what.substr(1) + ")");
    }
    for (const auto& [path, b] : before)
        if (!after.count(path))
            diffs.push_back("removed " + path);
    return diffs;
}

} // namespace bdl::hostile
