#pragma once
/// @file feedback.h
/// Progress and cancellation for long core jobs (the QgsFeedback shape).
///
/// A Feedback is made by the caller (the GUI thread or the CLI), handed by pointer to a core job
/// (nullptr means "no progress, never cancelled"), and polled by the job between batches. cancel()
/// may be called from any thread. The progress callback runs on the job's thread and only when the
/// fraction moved by at least 0.1 % (or the stage text changed), so it can be cheap to forward.
#include <atomic>
#include <functional>
#include <mutex>
#include <string>

namespace bdl::core {

class Feedback {
public:
    /// fraction in [0, 1]; stage is a short human-readable description ("pruning 12/60").
    using ProgressFn = std::function<void(double fraction, const std::string& stage)>;

    Feedback() = default;
    explicit Feedback(ProgressFn fn) : m_fn(std::move(fn)) {}
    Feedback(const Feedback&) = delete;
    Feedback& operator=(const Feedback&) = delete;

    /// Thread-safe; the job notices at its next check.
    void cancel() { m_cancelled.store(true, std::memory_order_relaxed); }
    /// True once cancel() was called here, or on the Feedback given to followCancelOf().
    bool isCancelled() const {
        return m_cancelled.load(std::memory_order_relaxed) || (m_outer && m_outer->isCancelled());
    }
    /// Makes this Feedback report the cancel of `outer` too (a job's Feedback handed to a
    /// sub-call that checks for cancel without reporting progress). `outer` must outlive this.
    void followCancelOf(const Feedback* outer) { m_outer = outer; }

    /// Reports progress (throttled to 0.1 % steps). Called by the job thread only.
    void setProgress(double fraction, const std::string& stage = std::string());
    /// Last fraction reported through setProgress (unthrottled value).
    double progress() const { return m_last.load(std::memory_order_relaxed); }

private:
    ProgressFn m_fn;
    std::atomic<bool> m_cancelled{false};
    const Feedback* m_outer = nullptr;
    std::atomic<double> m_last{0.0};
    double m_lastEmitted = -1.0;
    std::string m_lastStage;
};

/// Maps a sub-job's [0, 1] progress onto [begin, end] of a parent Feedback and checks for cancel.
/// Cheap to copy; a null Feedback makes every call a no-op.
class ProgressScope {
public:
    ProgressScope(Feedback* fb, double begin = 0.0, double end = 1.0)
        : m_fb(fb), m_begin(begin), m_end(end) {}
    /// Throws Cancelled when the flag is set.
    void check() const;
    /// Reports fraction f of this scope, then check().
    void set(double f, const std::string& stage = std::string()) const;
    /// A nested scope covering [a, b] of this one.
    ProgressScope sub(double a, double b) const;
    Feedback* feedback() const { return m_fb; }

private:
    Feedback* m_fb;
    double m_begin;
    double m_end;
};

} // namespace bdl::core
