#pragma once
/// @file progress_meter.h
/// backdoorlab-cli's progress on stderr, fed by core::Feedback's callback.
///
/// Three modes:
///  - Tty: one line redrawn in place (`\r\033[K`): `stage  [#####.....]  42.0%  0:12 elapsed  ETA
///    0:17`, fitted to the terminal width (the middle of a long stage is replaced by "..." rather
///    than wrapped; then the bar, then the times are dropped on very narrow terminals). Redrawn at
///    most 10 times per second, except at once for a stage key (below) new to the job; erased when
///    the fraction reaches 1, by clear() (before the CLI prints anything else) and by finish() or
///    the destructor.
///  - Lines: for a log file or CI. A full line `[ 40%] stage (0:12 elapsed, ETA 0:17)` when the
///    fraction crosses the next 5 % step, or when the job reports a stage *key* it has not shown
///    yet (so each job's first update prints a line). The key is the stage text up to its first
///    digit, so that "pruning 12/60" -> "pruning 13/60" or "fine-tuning, epoch 3/10" -> ".. 4/10"
///    are one stage and do not print a line per counter step, and a job that alternates between
///    two stages ("activations of clean_test", "activations of pool_3") prints each once. Plus
///    one `[100%] stage (0:29 elapsed)` line when a job completes. So at most 21 lines per job
///    plus one per distinct stage key.
///  - Off: nothing (--quiet, --json, or an err stream that is not stderr).
///
/// Jobs and the clocks: the core's fraction covers one job (ProgressScope maps its parts onto
/// [0, 1]), and the CLI runs several jobs in turn with one Feedback (reading data, detecting the
/// scale, the pruning curve ...), so the fraction starts again near 0 when the next job begins. A
/// fraction more than 1 % lower than the previous one starts a new job: elapsed time and ETA are
/// counted from there. The ETA is elapsed * (1 - f) / (f - f0), f0 being the job's first fraction,
/// once the job has done at least 1 % and run at least 1 s; before, it reads "ETA --". Nothing
/// runs between two callbacks: the line shows the time of the last update.
///
/// Stage texts may hold file names: control characters are printed as '?'. Widths are counted in
/// UTF-8 code points. All members are thread-safe.
#include <functional>
#include <iosfwd>
#include <mutex>
#include <string>
#include <vector>

namespace bdl::app {

class ProgressMeter {
public:
    enum class Mode { Tty, Lines, Off };
    /// Monotonic time in seconds (tests pass a fake one).
    using Clock = std::function<double()>;

    /// `width`: terminal columns (Tty only; the line uses at most width - 1 of them). An empty
    /// clock means std::chrono::steady_clock.
    ProgressMeter(std::ostream& os, Mode mode, int width = 80, Clock clock = {});
    ~ProgressMeter();
    ProgressMeter(const ProgressMeter&) = delete;
    ProgressMeter& operator=(const ProgressMeter&) = delete;

    /// A core::Feedback::ProgressFn: fraction in [0, 1] of the current job, its stage text.
    void update(double fraction, const std::string& stage);
    /// Tty: erases the bar if one is drawn (the next update draws it again). Other modes: nothing.
    void clear();
    /// The end of all jobs: clear().
    void finish();
    Mode mode() const { return m_mode; }

    /// Off with --quiet or --json or when err is not stderr; Tty on a terminal whose TERM is not
    /// "dumb"; Lines otherwise.
    static Mode chooseMode(bool quiet, bool json, bool errIsStderr, bool stderrIsTty,
                           const char* term);
    /// chooseMode() for the process's stderr (isatty, $TERM).
    static Mode modeForStderr(bool quiet, bool json, bool errIsStderr);
    /// $COLUMNS when it is a number, else the terminal's width (TIOCGWINSZ on fd), else 80.
    static int terminalWidth(int fd);
    /// "m:ss" under an hour, else "h:mm:ss" (rounded to the second; negative counts as 0).
    static std::string formatDuration(double seconds);
    /// The stage text up to its first digit, trailing blanks removed (Lines' notion of a stage).
    static std::string stageKey(const std::string& stage);

private:
    void drawTty(double now);
    void printLine(double now);
    std::string etaText(double now) const;
    void eraseLocked();
    void write(const std::string& s);

    std::ostream& m_os;
    const Mode m_mode;
    const int m_width;
    Clock m_clock;
    std::mutex m_mutex;

    // The current job.
    bool m_started = false;
    double m_jobStart = 0.0;            ///< clock at its first update
    double m_jobF0 = 0.0;               ///< its first fraction
    double m_fraction = 0.0;            ///< its last fraction
    std::string m_stage;                ///< last stage text (sanitised)
    bool m_jobDone = false;             ///< reached 1 (Lines printed its 100 % line)
    std::vector<std::string> m_jobKeys; ///< its stage keys shown so far
    // Tty.
    bool m_drawn = false;
    double m_lastDraw = 0.0;
    // Lines.
    int m_lastStep = 0; ///< 5 % step of the last line
};

} // namespace bdl::app
