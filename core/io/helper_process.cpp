#include "core/io/helper_process.h"

#include "core/base/errors.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <system_error>
#include <thread>
#include <utility>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ; // what the helper inherits; POSIX declares it in no header

namespace bdl::core {

namespace {

constexpr int kCheckMs = 50;              // cancel and the deadline are checked this often
constexpr size_t kStderrTailBytes = 4096; // helper diagnostics kept for error messages
constexpr size_t kMaxLineBytes = 4096;    // a longer stderr "line" is kept as plain text
constexpr size_t kMaxStageBytes = 120;    // progress stage text passed on to the Feedback
constexpr size_t kMaxMessageBytes = 300;  // helper text quoted in an error message
constexpr int kStderrReadsPerPump = 16;   // a chatty helper cannot starve the stdout reads
constexpr int kPipeBufferBytes = 1 << 20; // bigger stdout pipe: fewer wake-ups for big sets

std::string errnoText(int err) { return std::error_code(err, std::generic_category()).message(); }

/// Helper text made safe to show: control characters become spaces, surrounding spaces go, at
/// most maxBytes bytes, cut on a UTF-8 character boundary.
std::string helperText(std::string s, size_t maxBytes) {
    for (char& c : s)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            c = ' ';
    if (s.size() > maxBytes) {
        size_t cut = maxBytes;
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80)
            --cut;
        s.resize(cut);
    }
    const size_t first = s.find_first_not_of(' ');
    if (first == std::string::npos)
        return std::string();
    return s.substr(first, s.find_last_not_of(' ') + 1 - first);
}

/// A close-on-exec pipe whose ends are above 2, so the dup2 onto the child's stdout or stderr
/// always makes a new descriptor (a dup2 onto itself would leave close-on-exec set).
void makePipe(UniqueFd& readEnd, UniqueFd& writeEnd, const std::string& origin) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        throw Error(origin, "cannot start the import helper: pipe: " + errnoText(errno));
    int err = 0;
    for (int& fd : fds) {
        if (fd > 2)
            continue;
        const int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
        err = moved < 0 ? errno : err;
        ::close(fd);
        fd = moved;
    }
    readEnd.reset(fds[0]);
    writeEnd.reset(fds[1]);
    if (err != 0)
        throw Error(origin, "cannot start the import helper: pipe: " + errnoText(err));
}

} // namespace

// ---- UniqueFd, HelperProcess -------------------------------------------------------------------

void UniqueFd::reset(int fd) {
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = fd;
}

HelperProcess::HelperProcess(const std::vector<std::string>& argv, const std::string& origin) {
    UniqueFd outWrite, errWrite;
    makePipe(m_out, outWrite, origin);
    makePipe(m_err, errWrite, origin);
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    ::posix_spawn_file_actions_init(&actions);
    ::posix_spawnattr_init(&attr);
    ::posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    ::posix_spawn_file_actions_adddup2(&actions, outWrite.get(), 1);
    ::posix_spawn_file_actions_adddup2(&actions, errWrite.get(), 2);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    ::posix_spawn_file_actions_addclosefrom_np(&actions, 3); // also fds opened without CLOEXEC
#endif
    // A Qt worker thread may block signals: the helper starts with none blocked, all default.
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    ::posix_spawnattr_setsigmask(&attr, &none);
    ::posix_spawnattr_setsigdefault(&attr, &all);
    ::posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    std::vector<char*> args;
    for (const std::string& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = -1;
    const int rc = ::posix_spawn(&pid, argv.at(0).c_str(), &actions, &attr, args.data(), environ);
    ::posix_spawn_file_actions_destroy(&actions);
    ::posix_spawnattr_destroy(&attr);
    if (rc != 0)
        throw Error(origin, "cannot start the import helper " + argv[0] + ": " + errnoText(rc));
    m_pid = pid;
    for (int fd : {m_out.get(), m_err.get()})
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    ::fcntl(m_out.get(), F_SETPIPE_SZ, kPipeBufferBytes); // best effort
}

void HelperProcess::kill() {
    if (m_reaped || m_pid <= 0) // kill(-1) would signal every process we may signal
        return;
    ::kill(m_pid, SIGKILL);
    reap(/*block=*/true);
}

bool HelperProcess::reap(bool block) {
    for (;;) {
        int status = 0;
        const pid_t r = ::waitpid(m_pid, &status, block ? 0 : WNOHANG);
        if (r == m_pid) {
            m_status = status;
            m_reaped = true;
            return true;
        }
        if (r == 0)
            return false;
        if (errno == EINTR)
            continue;
        m_reaped = true; // ECHILD: the process is gone and its status with it
        m_statusKnown = false;
        return true;
    }
}

// ---- HelperOutput ------------------------------------------------------------------------------

HelperOutput::HelperOutput(HelperProcess& proc, Feedback* fb, Clock::time_point deadline,
                           std::string origin)
    : m_proc(proc), m_scope(fb), m_deadline(deadline), m_origin(std::move(origin)) {}

void HelperOutput::fail(Stop why) {
    m_stop = why;
    throw Error(m_origin, why == Stop::Ended ? "the reply ended early" : "the reply timed out");
}

void HelperOutput::read(void* data, size_t n) {
    char* dst = static_cast<char*>(data);
    while (n > 0) {
        if (m_proc.outFd() < 0)
            fail(Stop::Ended);
        const ssize_t got = ::read(m_proc.outFd(), dst, n);
        if (got > 0) {
            dst += got;
            n -= static_cast<size_t>(got);
            m_scope.check();
            if (Clock::now() >= m_deadline)
                fail(Stop::TimedOut);
        } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
            m_proc.closeOut();
        } else if (errno == EAGAIN && !pump(/*wantOut=*/true)) {
            fail(Stop::TimedOut);
        }
    }
}

bool HelperOutput::atEnd() {
    while (m_proc.outFd() >= 0) {
        char byte;
        const ssize_t got = ::read(m_proc.outFd(), &byte, 1);
        if (got > 0)
            return false;
        if (got == 0 || (errno != EINTR && errno != EAGAIN))
            m_proc.closeOut();
        else if (errno == EAGAIN && !pump(/*wantOut=*/true))
            fail(Stop::TimedOut);
    }
    return true;
}

bool HelperOutput::waitForExit() {
    int idleMs = 1; // once both pipes are closed the exit follows at once: look soon, back off
    while (!m_proc.ended()) {
        if (m_proc.errFd() >= 0) {
            if (!pump(/*wantOut=*/false))
                return false;
            continue;
        }
        m_scope.check();
        if (Clock::now() >= m_deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(idleMs));
        idleMs = std::min(idleMs * 2, kCheckMs);
    }
    drainStderr();
    return true;
}

void HelperOutput::drainStderr() { readStderr(/*maxReads=*/1 << 16); }

bool HelperOutput::pump(bool wantOut) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(m_deadline - Clock::now());
    if (left.count() <= 0)
        return false;
    pollfd fds[2];
    nfds_t count = 0;
    if (wantOut && m_proc.outFd() >= 0)
        fds[count++] = pollfd{m_proc.outFd(), POLLIN, 0};
    const nfds_t errAt = count;
    if (m_proc.errFd() >= 0)
        fds[count++] = pollfd{m_proc.errFd(), POLLIN, 0};
    const int waitMs = static_cast<int>(std::min<int64_t>(left.count(), kCheckMs));
    if (count == 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(waitMs));
    else if (::poll(fds, count, waitMs) > 0 && errAt < count && fds[errAt].revents != 0)
        readStderr(kStderrReadsPerPump);
    m_scope.check();
    return Clock::now() < m_deadline;
}

void HelperOutput::readStderr(int maxReads) {
    char buf[4096];
    for (int i = 0; i < maxReads && m_proc.errFd() >= 0; ++i) {
        const ssize_t got = ::read(m_proc.errFd(), buf, sizeof buf);
        if (got > 0) {
            takeText(buf, static_cast<size_t>(got));
        } else if (got < 0 && errno == EINTR) {
            continue;
        } else if (got < 0 && errno == EAGAIN) {
            return;
        } else {
            m_proc.closeErr();
            if (!m_line.empty())
                flushLine();
        }
    }
}

void HelperOutput::takeText(const char* data, size_t n) {
    for (size_t i = 0; i < n; ++i) {
        if (data[i] == '\n') {
            flushLine();
            continue;
        }
        m_line.push_back(data[i]);
        if (m_line.size() >= kMaxLineBytes) // no line this long is progress: keep it as text
            flushLine();
    }
}

void HelperOutput::flushLine() {
    // Swap rather than std::exchange: GCC 12 reports a false array-bounds error on the latter.
    std::string line;
    line.swap(m_line);
    handleLine(line);
}

void HelperOutput::handleLine(const std::string& line) {
    static const std::string kProgress = "progress ";
    if (line.compare(0, kProgress.size(), kProgress) == 0) {
        const char* begin = line.data() + kProgress.size();
        const char* end = line.data() + line.size();
        double fraction = 0.0;
        const auto [next, ec] = std::from_chars(begin, end, fraction);
        if (ec == std::errc() && std::isfinite(fraction) && (next == end || *next == ' ')) {
            const std::string stage(next == end ? end : next + 1, end);
            m_scope.set(fraction, helperText(stage, kMaxStageBytes)); // may throw Cancelled
            return;
        }
    }
    m_tail += line;
    m_tail += '\n';
    if (m_tail.size() > kStderrTailBytes)
        m_tail.erase(0, m_tail.size() - kStderrTailBytes);
}

std::string HelperOutput::lastLine() const {
    size_t end = m_tail.size();
    while (end > 0) {
        const size_t start = m_tail.rfind('\n', end - 1);
        const size_t from = start == std::string::npos ? 0 : start + 1;
        std::string line = helperText(m_tail.substr(from, end - from), kMaxMessageBytes);
        if (!line.empty())
            return line;
        end = start == std::string::npos ? 0 : start;
    }
    return std::string();
}

} // namespace bdl::core
