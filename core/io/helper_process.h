#pragma once
/// @file helper_process.h
/// One run of a helper executable (the sandboxed import helper, import_client.h), internal to
/// core/io: started with posix_spawn (safe in a multithreaded Qt process: no fork of the caller),
/// stdin /dev/null, stdout and stderr read through two non-blocking pipes under a deadline and
/// the caller's cancel flag. Not a general process API; import_client.cpp is its one user.
///
/// Ownership: a HelperProcess owns its child. Its destructor kills (SIGKILL) and reaps a child
/// still running, so no helper process or zombie outlives the call, however it ends.
/// Thread-safety: each object belongs to the thread that made it; several may run at once on
/// different threads (every descriptor is close-on-exec and the child gets only 0, 1 and 2, so
/// no child holds another's pipe open).
#include "core/base/feedback.h"

#include <chrono>
#include <string>
#include <vector>

#include <sys/types.h>

namespace bdl::core {

/// An owned file descriptor.
class UniqueFd {
public:
    UniqueFd() = default;
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    ~UniqueFd() { reset(); }
    int get() const { return m_fd; }
    /// Closes the descriptor held (if any) and takes `fd`.
    void reset(int fd = -1);

private:
    int m_fd = -1;
};

/// A started helper: its pid and the parent's ends of its stdout and stderr.
class HelperProcess {
public:
    /// Starts argv[0] with `argv` and this process's environment.
    /// @throws Error naming `origin` when the helper cannot be started.
    HelperProcess(const std::vector<std::string>& argv, const std::string& origin);
    HelperProcess(const HelperProcess&) = delete;
    HelperProcess& operator=(const HelperProcess&) = delete;
    ~HelperProcess() { kill(); }

    int outFd() const { return m_out.get(); }
    int errFd() const { return m_err.get(); }
    void closeOut() { m_out.reset(); }
    void closeErr() { m_err.reset(); }
    /// Without blocking: true once the helper has ended (it is reaped then).
    bool ended() { return m_reaped || reap(/*block=*/false); }
    /// SIGKILL unless already reaped, then waits for it.
    void kill();
    /// The wait status once ended(); meaningful only when statusKnown().
    int status() const { return m_status; }
    /// False when the status was lost (the process ignores SIGCHLD, so the kernel reaped it).
    bool statusKnown() const { return m_statusKnown; }

private:
    bool reap(bool block);

    pid_t m_pid = -1;
    bool m_reaped = false;
    bool m_statusKnown = true;
    int m_status = 0;
    UniqueFd m_out;
    UniqueFd m_err;
};

/// A helper's stdout and stderr, read together: stdout on demand, stderr whenever it has data,
/// so neither pipe fills up and stalls the helper. stderr lines `progress <fraction> <stage>`
/// go to the Feedback; other stderr text is kept (the last 4 KiB) for diagnostics. Every wait
/// checks the cancel flag at least every 50 ms and ends at the deadline.
class HelperOutput {
public:
    using Clock = std::chrono::steady_clock;
    /// Why reading stopped short of what was asked.
    enum class Stop { None, Ended, TimedOut };

    /// `fb` may be null; `origin` names the user's file in the Errors thrown.
    HelperOutput(HelperProcess& proc, Feedback* fb, Clock::time_point deadline, std::string origin);

    /// Reads exactly n bytes of stdout (an ImportSource). Throws Error when stdout ends first or
    /// the deadline passes (stop() says which), Cancelled when the Feedback is cancelled.
    void read(void* data, size_t n);
    /// After the payload: reads stdout to its end; false as soon as any byte comes. Throws as
    /// read() at the deadline or on cancel.
    bool atEnd();
    /// Waits until the helper has ended, taking stderr in; false at the deadline.
    /// @throws Cancelled when the Feedback is cancelled.
    bool waitForExit();
    /// Takes in what stderr still holds (call once the helper has ended).
    void drainStderr();
    Stop stop() const { return m_stop; }
    /// The non-progress stderr text kept (at most the last 4 KiB, as sent).
    const std::string& diagnostics() const { return m_tail; }
    /// The last non-empty line of diagnostics(), control characters replaced, shortened.
    std::string lastLine() const;

private:
    [[noreturn]] void fail(Stop why);
    /// Waits up to 50 ms for stderr (and stdout when wantOut), takes stderr in, checks cancel;
    /// false once the deadline has passed.
    bool pump(bool wantOut);
    void readStderr(int maxReads);
    void takeText(const char* data, size_t n);
    void flushLine();
    void handleLine(const std::string& line);

    HelperProcess& m_proc;
    ProgressScope m_scope;
    Clock::time_point m_deadline;
    std::string m_origin;
    Stop m_stop = Stop::None;
    std::string m_line; ///< stderr text after the last newline
    std::string m_tail; ///< the last 4 KiB of non-progress stderr lines
};

} // namespace bdl::core
