// backdoorlab-cli's progress on stderr (app/cli/progress_meter.h): the terminal bar, the lines for
// logs, the ETA on a fake clock, and the CLI's choice of mode.
#include "cli_test_util.h"

#include "app/cli/commands.h"
#include "app/cli/progress_meter.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

using bdl::app::ProgressMeter;
using Mode = ProgressMeter::Mode;

namespace {

/// A clock the test moves by hand.
struct FakeClock {
    double now = 100.0;
    ProgressMeter::Clock fn() {
        return [this] { return now; };
    }
};

/// The texts between "\r\033[K" erasures (what the terminal showed, one after the other).
std::vector<std::string> frames(const std::string& s) {
    std::vector<std::string> r;
    const std::string erase = "\r\033[K";
    size_t pos = s.find(erase);
    while (pos != std::string::npos) {
        const size_t next = s.find(erase, pos + erase.size());
        r.push_back(s.substr(pos + erase.size(), next == std::string::npos
                                                     ? std::string::npos
                                                     : next - pos - erase.size()));
        pos = next;
    }
    return r;
}

std::vector<std::string> lines(const std::string& s) {
    std::vector<std::string> r;
    std::istringstream in(s);
    for (std::string l; std::getline(in, l);)
        r.push_back(l);
    return r;
}

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

} // namespace

TEST(ProgressMeterFormat, DurationsAndStageKeys) {
    EXPECT_EQ(ProgressMeter::formatDuration(0), "0:00");
    EXPECT_EQ(ProgressMeter::formatDuration(12.4), "0:12");
    EXPECT_EQ(ProgressMeter::formatDuration(59.6), "1:00");
    EXPECT_EQ(ProgressMeter::formatDuration(3599), "59:59");
    EXPECT_EQ(ProgressMeter::formatDuration(3600 + 62), "1:01:02");
    EXPECT_EQ(ProgressMeter::formatDuration(-5), "0:00");
    EXPECT_EQ(ProgressMeter::stageKey("pruning 12/60"), "pruning");
    EXPECT_EQ(ProgressMeter::stageKey("fine-tuning, epoch 3/10"), "fine-tuning, epoch");
    EXPECT_EQ(ProgressMeter::stageKey("STRIP"), "STRIP");
    EXPECT_EQ(ProgressMeter::stageKey(""), "");
}

TEST(ProgressMeterMode, QuietJsonAndForeignStreamsAreOff) {
    EXPECT_EQ(ProgressMeter::chooseMode(true, false, true, true, "xterm"), Mode::Off);
    EXPECT_EQ(ProgressMeter::chooseMode(false, true, true, true, "xterm"), Mode::Off);
    EXPECT_EQ(ProgressMeter::chooseMode(false, false, false, true, "xterm"), Mode::Off);
    EXPECT_EQ(ProgressMeter::chooseMode(false, false, true, true, "xterm"), Mode::Tty);
    EXPECT_EQ(ProgressMeter::chooseMode(false, false, true, true, nullptr), Mode::Tty);
    EXPECT_EQ(ProgressMeter::chooseMode(false, false, true, true, "dumb"), Mode::Lines);
    EXPECT_EQ(ProgressMeter::chooseMode(false, false, true, false, "xterm"), Mode::Lines);
}

TEST(ProgressMeterTty, ShowsStagePercentElapsedAndEtaInTheWidth) {
    std::ostringstream os;
    FakeClock clock;
    {
        ProgressMeter m(os, Mode::Tty, 80, clock.fn());
        m.update(0.0, "pruning 0/60");
        clock.now += 12.0;
        m.update(0.42, "pruning 25/60");
        const auto f = frames(os.str());
        ASSERT_EQ(f.size(), 2u) << os.str();
        const std::string& bar = f.back();
        EXPECT_TRUE(contains(bar, "pruning 25/60")) << bar;
        EXPECT_TRUE(contains(bar, "42.0%")) << bar;
        EXPECT_TRUE(contains(bar, "0:12 elapsed")) << bar;
        EXPECT_TRUE(contains(bar, "ETA 0:17")) << bar; // 12 * 0.58 / 0.42 = 16.6 s
        EXPECT_TRUE(contains(bar, "[########")) << bar;
        EXPECT_LT(bar.size(), 80u) << bar;
        EXPECT_EQ(bar.find('\n'), std::string::npos);
        EXPECT_TRUE(contains(f.front(), "ETA --")) << f.front();
    }
    // The destructor erases the bar: the output ends with the erase sequence.
    const std::string s = os.str();
    ASSERT_GE(s.size(), 4u);
    EXPECT_EQ(s.substr(s.size() - 4), "\r\033[K");
}

TEST(ProgressMeterTty, LongStagesAreCutToTheWidthNotWrapped) {
    const std::string stage = "reading " + std::string(200, 'x') + "/clean_test.h5";
    for (int width : {120, 80, 50, 30, 12, 3}) {
        std::ostringstream os;
        FakeClock clock;
        ProgressMeter m(os, Mode::Tty, width, clock.fn());
        m.update(0.0, stage);
        clock.now += 5;
        m.update(0.5, stage);
        auto f = frames(os.str());
        ASSERT_EQ(f.size(), 2u) << width;
        EXPECT_LE(static_cast<int>(f[0].size()), width - 1) << width << ": " << f[0];
        f.erase(f.begin());
        EXPECT_LE(static_cast<int>(f[0].size()), width - 1) << width << ": " << f[0];
        if (width >= 50) { // the middle goes: what the stage is and the file name stay
            EXPECT_EQ(f[0].rfind("reading", 0), 0u) << f[0];
            EXPECT_TRUE(contains(f[0], "...")) << f[0];
            EXPECT_TRUE(contains(f[0], "test.h5")) << f[0];
            EXPECT_TRUE(contains(f[0], "50.0%")) << f[0];
            EXPECT_TRUE(contains(f[0], "ETA 0:05")) << f[0];
        }
        if (width >= 80) {
            EXPECT_TRUE(contains(f[0], "[")) << f[0]; // the bar stays
        }
        if (width >= 30) {
            EXPECT_TRUE(contains(f[0], "50.0%")) << f[0];
        }
    }
}

TEST(ProgressMeterTty, ControlCharactersInStagesAreNotPrinted) {
    std::ostringstream os;
    FakeClock clock;
    ProgressMeter m(os, Mode::Tty, 80, clock.fn());
    m.update(0.1, "reading a\nb\033]0;title\007.h5");
    const auto f = frames(os.str());
    ASSERT_EQ(f.size(), 1u);
    EXPECT_TRUE(contains(f[0], "reading a?b?]0;title?.h5")) << f[0];
}

TEST(ProgressMeterTty, RedrawsAtMostTenTimesASecondAndClearsAtTheEnd) {
    std::ostringstream os;
    FakeClock clock;
    ProgressMeter m(os, Mode::Tty, 80, clock.fn());
    for (int i = 0; i < 1000; ++i) { // 1000 updates in 2 s, the counter in the text changing
        m.update(i / 1000.0, "pruning " + std::to_string(i) + "/1000");
        clock.now += 0.002;
    }
    const auto drawn = frames(os.str()).size();
    EXPECT_GE(drawn, 15u);
    EXPECT_LE(drawn, 25u);
    // A new stage (not a new counter) is drawn at once.
    m.update(0.9995, "predicting");
    EXPECT_TRUE(contains(frames(os.str()).back(), "predicting")) << os.str();
    EXPECT_TRUE(contains(frames(os.str()).back(), "99.9%")) << os.str();
    // Done: the line is erased (an empty frame) and stays so.
    m.update(1.0, "predicting");
    EXPECT_EQ(frames(os.str()).back(), "");
    const auto before = os.str().size();
    m.clear();
    m.finish();
    EXPECT_EQ(os.str().size(), before);
}

TEST(ProgressMeterTty, ClearErasesAndTheNextUpdateRedraws) {
    std::ostringstream os;
    FakeClock clock;
    ProgressMeter m(os, Mode::Tty, 80, clock.fn());
    m.update(0.2, "fine-pruning 2/10");
    m.clear();
    EXPECT_EQ(frames(os.str()).back(), "");
    m.update(0.2005, "fine-pruning 2/10"); // within 0.1 s of the last draw, yet drawn again
    EXPECT_TRUE(contains(frames(os.str()).back(), "fine-pruning 2/10")) << os.str();
}

TEST(ProgressMeterLines, AboutOneLinePerFivePercentAndOnePerStage) {
    std::ostringstream os;
    FakeClock clock;
    {
        ProgressMeter m(os, Mode::Lines, 80, clock.fn());
        for (int i = 0; i <= 1000; ++i) {
            // The counter in the text changes at every update: one stage all the same.
            const std::string stage = i < 500 ? "pruning " + std::to_string(i) + "/500" : "STRIP";
            m.update(i / 1000.0, stage);
            clock.now += 0.008;
        }
    }
    const auto ls = lines(os.str());
    // 0 %, 5 % ... 95 % (20), the STRIP stage at 50 % (its own line, no second 50 % line), 100 %.
    EXPECT_GE(ls.size(), 20u) << os.str();
    EXPECT_LE(ls.size(), 23u) << os.str();
    EXPECT_EQ(ls.front().rfind("[  0%] pruning 0/500 (0:00 elapsed, ETA --)", 0), 0u) << ls.front();
    int strip = 0;
    for (const auto& l : ls) {
        EXPECT_EQ(l.find('\r'), std::string::npos);
        EXPECT_EQ(l.front(), '[') << l;
        strip += contains(l, "STRIP");
    }
    EXPECT_GE(strip, 10);
    EXPECT_TRUE(contains(os.str(), "[ 50%] STRIP")) << os.str();
    EXPECT_TRUE(contains(os.str(), "[ 25%] pruning 250/500 (0:02 elapsed, ETA 0:06)")) << os.str();
    EXPECT_EQ(ls.back(), "[100%] STRIP (0:08 elapsed)");
}

TEST(ProgressMeterLines, NewStageKeysPrintAtOnce) {
    std::ostringstream os;
    FakeClock clock;
    ProgressMeter m(os, Mode::Lines, 80, clock.fn());
    m.update(0.0, "fine-tuning");
    m.update(0.01, "fine-tuning, epoch 1/10");
    m.update(0.02, "fine-tuning, epoch 2/10"); // same key as the line before: no line
    m.update(0.021, "fine-tuning, epoch 2/10");
    // Stages a job alternates between print once each.
    for (int i = 0; i < 20; ++i)
        m.update(0.03 + i * 0.0001, i % 2 ? "activations of clean_test" : "activations of pool_3");
    const auto ls = lines(os.str());
    ASSERT_EQ(ls.size(), 4u) << os.str();
    EXPECT_TRUE(contains(ls[0], "] fine-tuning (")) << ls[0];
    EXPECT_TRUE(contains(ls[1], "] fine-tuning, epoch 1/10 (")) << ls[1];
    EXPECT_TRUE(contains(ls[2], "] activations of pool_3 (")) << ls[2];
    EXPECT_TRUE(contains(ls[3], "] activations of clean_test (")) << ls[3];
    // The next job (the fraction went back) prints its stages again.
    m.update(0.0, "activations of pool_3");
    EXPECT_EQ(lines(os.str()).size(), 5u) << os.str();
}

TEST(ProgressMeterOff, PrintsNothing) {
    std::ostringstream os;
    FakeClock clock;
    {
        ProgressMeter m(os, Mode::Off, 80, clock.fn());
        for (int i = 0; i <= 100; ++i) {
            m.update(i / 100.0, "STRIP");
            clock.now += 1;
        }
        m.clear();
        m.finish();
    }
    EXPECT_EQ(os.str(), "");
}

TEST(ProgressMeterEta, QuarterAfterTenSecondsLeavesThirty) {
    std::ostringstream os;
    FakeClock clock;
    ProgressMeter m(os, Mode::Lines, 80, clock.fn());
    m.update(0.0, "sweep");
    clock.now += 0.5;
    m.update(0.005, "sweep"); // under 1 s and 1 %: no estimate yet
    clock.now += 9.5;
    m.update(0.25, "sweep");
    const auto ls = lines(os.str());
    ASSERT_EQ(ls.size(), 2u) << os.str();
    EXPECT_EQ(ls[0], "[  0%] sweep (0:00 elapsed, ETA --)");
    EXPECT_EQ(ls[1], "[ 25%] sweep (0:10 elapsed, ETA 0:30)");
}

TEST(ProgressMeterEta, AFractionGoingBackStartsANewJob) {
    std::ostringstream os;
    FakeClock clock;
    ProgressMeter m(os, Mode::Lines, 80, clock.fn());
    m.update(0.0, "reading clean_test.h5");
    clock.now += 20;
    m.update(1.0, "reading clean_test.h5");
    clock.now += 100; // work that reports nothing (loading the model)
    m.update(0.0, "pruning 0/60");
    clock.now += 4;
    m.update(0.5, "pruning 30/60");
    const auto ls = lines(os.str());
    ASSERT_EQ(ls.size(), 4u) << os.str();
    EXPECT_EQ(ls[1], "[100%] reading clean_test.h5 (0:20 elapsed)");
    EXPECT_EQ(ls[2], "[  0%] pruning 0/60 (0:00 elapsed, ETA --)");
    // Counted from the new job's start: 4 s for half, not 124 s.
    EXPECT_EQ(ls[3], "[ 50%] pruning 30/60 (0:04 elapsed, ETA 0:04)");
}

TEST(ProgressMeterEta, ResetInTheMiddleOfAJobCountsFromItsFirstFraction) {
    std::ostringstream os;
    FakeClock clock;
    ProgressMeter m(os, Mode::Tty, 100, clock.fn());
    m.update(0.8, "evaluating");
    clock.now += 10;
    m.update(0.3, "predicting"); // went back: new job starting at 30 %
    clock.now += 10;
    m.update(0.65, "predicting"); // 35 % in 10 s: 35 % left take 10 s
    const std::string bar = frames(os.str()).back();
    EXPECT_TRUE(contains(bar, "0:10 elapsed")) << bar;
    EXPECT_TRUE(contains(bar, "ETA 0:10")) << bar;
}

TEST(ProgressMeterEta, ASmallDropIsNotANewJob) {
    std::ostringstream os;
    FakeClock clock;
    ProgressMeter m(os, Mode::Tty, 100, clock.fn());
    m.update(0.0, "sweep");
    clock.now += 10;
    m.update(0.5, "sweep");
    clock.now += 1;
    m.update(0.495, "sweep"); // a job's parts rounding, not a new job: the clock runs on
    const std::string bar = frames(os.str()).back();
    EXPECT_TRUE(contains(bar, "0:11 elapsed")) << bar;
}

namespace {

/// Runs the CLI in-process with the real std::cerr, fd 2 sent to a file; returns what it got.
std::string runWithStderrToFile(const std::vector<std::string>& args, std::string* out, int* code) {
    bdl::test::TempDir dir;
    const std::string path = dir.file("stderr.txt");
    std::cerr.flush();
    std::fflush(stderr);
    const int saved = dup(STDERR_FILENO);
    const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    EXPECT_GE(fd, 0);
    dup2(fd, STDERR_FILENO);
    close(fd);
    std::ostringstream o;
    *code = bdl::app::runCli(args, o, std::cerr);
    std::cerr.flush();
    std::fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    *out = o.str();
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

} // namespace

TEST(ProgressCli, InProcessRunsWithTheirOwnErrStreamGetNoProgress) {
    bdl::test::TempDir dir;
    const auto model = bdl::test::writeTinyFixture(dir);
    const auto r = bdl::test::runCli({"eval", "--model", model, "--scale", "raw", "--clean",
                                      dir.file("clean.h5"), "--poisoned", dir.file("poisoned.h5")});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.err, "");
}

TEST(ProgressCli, StderrFileGetsLinesButNotWithJsonOrQuiet) {
    bdl::test::TempDir dir;
    const auto model = bdl::test::writeTinyFixture(dir);
    const std::vector<std::string> args{"eval",    "--model",           model, "--scale", "raw",
                                        "--clean", dir.file("clean.h5")};
    std::string out;
    int code = -1;
    // stderr is a file here: Lines mode.
    std::string err = runWithStderrToFile(args, &out, &code);
    ASSERT_EQ(code, 0) << err;
    EXPECT_TRUE(contains(err, "[100%] ")) << err;
    EXPECT_TRUE(contains(err, " elapsed")) << err;
    EXPECT_FALSE(contains(err, "\r")) << err;
    for (const char* flag : {"--json", "--quiet"}) {
        auto quiet = args;
        quiet.push_back(flag);
        err = runWithStderrToFile(quiet, &out, &code);
        ASSERT_EQ(code, 0) << flag << ": " << err;
        EXPECT_EQ(err, "") << flag;
        if (std::string(flag) == "--json") {
            EXPECT_TRUE(nlohmann::json::parse(out, nullptr, false).is_object()) << out;
        }
    }
}
