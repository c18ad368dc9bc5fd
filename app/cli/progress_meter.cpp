#include "app/cli/progress_meter.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ostream>

namespace bdl::app {

namespace {

constexpr double kRedrawInterval = 0.1; // Tty: at most 10 redraws per second
constexpr int kSteps = 20;              // Lines: one line per 5 %
constexpr int kBar = 20;                // Tty: bar width when there is room
constexpr int kMinBar = 10;             // ... and the narrowest bar drawn
constexpr double kNewJobDrop = 0.01;    // a fraction this much lower starts a new job
constexpr int kMinStageBeside = 20;     // the stage's columns beside a bar: else the bar goes
constexpr int kMinStage = 12;           // ... and without one: else the times go
const char* const kErase = "\r\033[K";

double steadySeconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

/// Control characters (a newline or an escape sequence in a file name) printed as '?'.
std::string sanitize(const std::string& s) {
    std::string r = s;
    for (char& c : r)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            c = '?';
    return r;
}

/// Columns of a UTF-8 string, counted as code points.
int columns(const std::string& s) {
    int n = 0;
    for (unsigned char c : s)
        n += (c & 0xC0) != 0x80;
    return n;
}

/// The byte offset of code point n of s (s.size() past the end).
size_t offsetOf(const std::string& s, int n) {
    int seen = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (seen == n)
                return i;
            ++seen;
        }
    }
    return s.size();
}

/// s in at most n columns, its middle replaced by "..." when it is longer: the start says what
/// the stage is, the end holds the file name of "reading /a/long/path/clean_test.h5" or the
/// counter of "training model ..., epoch 2/3".
std::string fit(const std::string& s, int n) {
    if (n <= 0)
        return {};
    const int w = columns(s);
    if (w <= n)
        return s;
    if (n <= 3)
        return std::string(static_cast<size_t>(n), '.');
    const int head = (n - 3 + 1) / 2;
    const int tail = n - 3 - head;
    return s.substr(0, offsetOf(s, head)) + "..." + s.substr(offsetOf(s, w - tail));
}

/// "42.0%", rounded down (99.96 % is not "100.0%").
std::string percentText(double f) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", std::floor(f * 1000.0 + 1e-9) / 10.0);
    return buf;
}

/// The 5 % step f is in (0..20); the epsilon keeps 0.15 in step 3 despite rounding.
int stepOf(double f) { return static_cast<int>(std::floor(f * kSteps + 1e-9)); }

} // namespace

ProgressMeter::ProgressMeter(std::ostream& os, Mode mode, int width, Clock clock)
    : m_os(os), m_mode(mode), m_width(std::max(1, width)),
      m_clock(clock ? std::move(clock) : Clock(steadySeconds)) {}

ProgressMeter::~ProgressMeter() { finish(); }

ProgressMeter::Mode ProgressMeter::chooseMode(bool quiet, bool json, bool errIsStderr,
                                              bool stderrIsTty, const char* term) {
    if (quiet || json || !errIsStderr)
        return Mode::Off;
    if (stderrIsTty && !(term && std::strcmp(term, "dumb") == 0))
        return Mode::Tty;
    return Mode::Lines;
}

ProgressMeter::Mode ProgressMeter::modeForStderr(bool quiet, bool json, bool errIsStderr) {
    return chooseMode(quiet, json, errIsStderr, isatty(STDERR_FILENO) == 1, std::getenv("TERM"));
}

int ProgressMeter::terminalWidth(int fd) {
    if (const char* env = std::getenv("COLUMNS")) {
        char* end = nullptr;
        const long n = std::strtol(env, &end, 10);
        if (end != env && *end == '\0' && n > 0 && n < 100000)
            return static_cast<int>(n);
    }
    winsize ws{};
    if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return 80;
}

std::string ProgressMeter::formatDuration(double seconds) {
    const long long s =
        std::isfinite(seconds) && seconds > 0 ? static_cast<long long>(std::llround(seconds)) : 0;
    char buf[48];
    if (s < 3600)
        std::snprintf(buf, sizeof buf, "%lld:%02lld", s / 60, s % 60);
    else
        std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
    return buf;
}

std::string ProgressMeter::stageKey(const std::string& stage) {
    std::string key = stage.substr(0, stage.find_first_of("0123456789"));
    while (!key.empty() && (key.back() == ' ' || key.back() == '\t'))
        key.pop_back();
    return key;
}

void ProgressMeter::update(double fraction, const std::string& stage) {
    if (m_mode == Mode::Off)
        return;
    const double f = std::isfinite(fraction) ? std::clamp(fraction, 0.0, 1.0) : 0.0;
    const std::string text = sanitize(stage);
    std::lock_guard<std::mutex> lock(m_mutex);
    const double now = m_clock();
    // The first job, or the next one: a drop of more than 1 % (a smaller one is taken for the
    // rounding of a job's parts, not for a new job).
    if (!m_started || f < m_fraction - kNewJobDrop) {
        m_started = true;
        m_jobStart = now;
        m_jobF0 = f;
        m_jobDone = false;
        m_lastStep = stepOf(f);
        m_jobKeys.clear();
    }
    // A stage key new to the job is shown at once (Tty: drawn, Lines: printed); a counter in the
    // text ("pruning 13/60") waits for the next redraw or 5 % step like the fraction.
    const std::string key = stageKey(text);
    const bool newKey = std::find(m_jobKeys.begin(), m_jobKeys.end(), key) == m_jobKeys.end();
    if (newKey)
        m_jobKeys.push_back(key);
    m_fraction = f;
    m_stage = text;
    if (m_mode == Mode::Tty) {
        if (f >= 1.0)
            eraseLocked();
        else if (!m_drawn || newKey || now - m_lastDraw >= kRedrawInterval)
            drawTty(now);
        return;
    }
    bool print = false;
    if (f >= 1.0) {
        print = !m_jobDone;
        m_jobDone = true;
    } else {
        print = newKey || stepOf(f) > m_lastStep;
    }
    if (print)
        printLine(now);
}

std::string ProgressMeter::etaText(double now) const {
    const double elapsed = now - m_jobStart;
    const double done = m_fraction - m_jobF0;
    if (done < 0.01 || elapsed < 1.0)
        return "--";
    return formatDuration(elapsed * (1.0 - m_fraction) / done);
}

void ProgressMeter::drawTty(double now) {
    const std::string pct = percentText(m_fraction);
    const std::string times = formatDuration(now - m_jobStart) + " elapsed  ETA " + etaText(now);
    const std::string tail = "  " + pct + "  " + times;
    const int avail = std::max(1, m_width - 1); // the last column would wrap on some terminals
    const int tailW = columns(tail);
    const int stageW = columns(m_stage);
    auto bar = [&](int w) {
        const int filled = std::clamp(static_cast<int>(std::floor(m_fraction * w)), 0, w);
        return "  [" + std::string(static_cast<size_t>(filled), '#') +
               std::string(static_cast<size_t>(w - filled), '.') + "]";
    };
    const int room = avail - tailW - 4; // stage + bar columns ("  [" and "]" take 4)
    std::string line;
    if (room - stageW >= kMinBar)
        line = m_stage + bar(std::min(kBar, room - stageW)) + tail;
    else if (room - kMinBar >= kMinStageBeside)
        line = fit(m_stage, room - kMinBar) + bar(kMinBar) + tail;
    else if (avail - tailW >= kMinStage)
        line = fit(m_stage, avail - tailW) + tail;
    else if (avail - columns(pct) - 2 >= kMinStage)
        line = fit(m_stage, avail - columns(pct) - 2) + "  " + pct;
    else
        line = fit(m_stage + "  " + pct, avail);
    if (m_stage.empty())
        line.erase(0, line.find_first_not_of(' '));
    write(kErase + line);
    m_drawn = true;
    m_lastDraw = now;
}

void ProgressMeter::printLine(double now) {
    const bool done = m_fraction >= 1.0;
    char head[16];
    std::snprintf(head, sizeof head, "[%3d%%] ",
                  static_cast<int>(std::floor(m_fraction * 100.0 + 1e-9)));
    std::string line = head;
    if (!m_stage.empty())
        line += m_stage + " ";
    line += "(" + formatDuration(now - m_jobStart) + " elapsed";
    if (!done)
        line += ", ETA " + etaText(now);
    line += ")\n";
    write(line);
    m_lastStep = stepOf(m_fraction);
}

void ProgressMeter::eraseLocked() {
    if (!m_drawn)
        return;
    write(kErase);
    m_drawn = false;
}

void ProgressMeter::clear() {
    if (m_mode != Mode::Tty)
        return;
    std::lock_guard<std::mutex> lock(m_mutex);
    eraseLocked();
}

void ProgressMeter::finish() { clear(); }

void ProgressMeter::write(const std::string& s) {
    m_os.write(s.data(), static_cast<std::streamsize>(s.size()));
    m_os.flush();
}

} // namespace bdl::app
