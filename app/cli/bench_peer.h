#pragma once
/// @file bench_peer.h
/// `backdoorlab-cli bench --peer`: the app's forward, STRIP and cached pruning-curve timings beside
/// those of tools/reference_bench.py (the same work in plain PyTorch, "plain" and "best" forms),
/// run as a child process on the same machine in the same invocation, so that both see the same
/// load, thread count and allocator settings.
#include "app/cli/cli_context.h"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace bdl::app {

struct BenchWorkload;

/// The benchmarks --peer runs unless the user gives --benchmark_filter.
inline constexpr const char* kPeerBenchmarkFilter =
    "^(forward/img|strip/inputs/N=100|pruning_curve_cached/fast|fine_tune/epoch)(/|$)";

/// A display reporter that forwards everything to a console reporter writing to `out` and `err`
/// and records, per benchmark (its registered name, without Google Benchmark's "/real_time" or
/// "/iterations:N" suffixes), the iterations and wall-clock seconds of its runs (repetitions
/// summed; aggregates and failed runs left out). Wall-clock because the work runs on every
/// intra-op thread: Google Benchmark's items_per_second divides by the main thread's CPU time.
class RecordingReporter : public benchmark::BenchmarkReporter {
public:
    struct Timing {
        int64_t iterations = 0;
        double realSeconds = 0; ///< summed over the iterations
    };
    using Timings = std::map<std::string, Timing>;

    /// `out` and `err` must outlive the reporter. `color`: ANSI colours (a terminal only).
    RecordingReporter(std::ostream& out, std::ostream& err, bool color);

    bool ReportContext(const Context& context) override;
    void ReportRuns(const std::vector<Run>& reports) override;
    void Finalize() override;

    const Timings& timings() const { return m_timings; }

private:
    benchmark::ConsoleReporter m_console;
    Timings m_timings;
};

/// What the app measured (0 where the benchmark did not run) and what it ran with.
struct AppBenchFigures {
    double forwardImgPerS = 0;     ///< forward/img: images per wall-clock second
    double stripInputsPerS = 0;    ///< strip/inputs/N=100: inputs per wall-clock second
    double pruneCurveCachedMs = 0; ///< pruning_curve_cached/fast: ms per 61-point curve
    double fineTuneImgPerS = 0;    ///< fine_tune/epoch: training images per wall-clock second
    int64_t images = 0;            ///< clean images per forward/img iteration
    int threads = 0;
    std::string torchVersion;
    std::string allocator; ///< e.g. "M_MMAP_THRESHOLD=268435456, M_TRIM_THRESHOLD=1073741824"
    std::string ompWaitPolicy;
    int64_t forwardBatch = 0;
    std::string precision = "fp32"; ///< the inference precision the benchmarks ran in
    std::string precisionNote;      ///< core::PrecisionCheck::note when --precision was given
    int64_t stripBatch = 0;         ///< superimposed images per STRIP forward pass
};

/// The figures from recorded timings: `forwardImages` images per forward/img and fine_tune/epoch
/// iteration and `stripInputs` per strip/inputs/N=100 iteration.
AppBenchFigures appFigures(const RecordingReporter::Timings& timings, int64_t forwardImages,
                           int64_t stripInputs);

/// The peer's figures, checked, and its whole JSON object.
struct PeerFigures {
    double forwardImgPerS = 0;
    double stripInputsPerS = 0;
    double pruneCurveS = 0; ///< masked forward pass per point
    double bestForwardImgPerS = 0;
    int64_t bestForwardBatch = 0;
    bool bestForwardChannelsLast = false;
    double bestStripInputsPerS = 0;
    int64_t bestStripInputsPerForward = 0;
    double bestPruneCurveCachedS = 0; ///< activations computed once, then the sweep
    double bestPruneSweepS = 0;       ///< the 61-point sweep alone, from cached activations
    double fineTuneImgPerS = 0;       ///< one epoch, the usual training loop
    double bestFineTuneImgPerS = 0;   ///< one epoch, the fastest plain form it found
    std::string bestFineTuneForm;     ///< that form, e.g. "Adam(foreach=True), ..."
    int threads = 0;
    std::string torchVersion;
    std::string mmapThreshold; ///< MALLOC_MMAP_THRESHOLD_ it ran with, "unset" when null
    std::string trimThreshold; ///< MALLOC_TRIM_THRESHOLD_
    Json raw;
};

/// Parses the last line of the peer's stdout that starts with '{'. Throws core::Error whose
/// source is `script` when there is none, it is not JSON, or a key is missing or of the wrong
/// type (the message names the key, e.g. "best.forward_img_per_s").
PeerFigures parsePeerJson(const std::string& stdoutText, const std::string& script);

/// Ratios > 1 mean BackdoorLab is faster: rates app / peer, times peer / app. NaN where the app
/// did not run the benchmark.
struct PeerRatios {
    double forwardVsPlain, forwardVsBest;
    double stripVsPlain, stripVsBest;
    double pruneVsPlain, pruneVsBest;
    double fineTuneVsPlain, fineTuneVsBest;
};
PeerRatios peerRatios(const AppBenchFigures& app, const PeerFigures& peer);

/// The comparison table, the notes under it and what each side ran with.
void printPeerTable(std::ostream& out, const AppBenchFigures& app, const PeerFigures& peer,
                    const std::vector<std::string>& peerCommand);
/// {"app": {...}, "peer": the peer's whole object, "peer_command": [...], "ratios": {...}}.
Json peerJson(const AppBenchFigures& app, const PeerFigures& peer,
              const std::vector<std::string>& peerCommand);

/// `python script --shared SHARED --threads N`.
std::vector<std::string> peerCommand(const std::string& python, const std::string& script,
                                     const std::string& shared, int threads);
/// Runs `command` (command[0] looked up in PATH when it has no '/'; no shell) with stdin and
/// stderr inherited and returns its stdout. Throws core::Error whose source is `script` when it
/// cannot start, exits with a non-zero status or is killed by a signal.
std::string runPeer(const std::vector<std::string>& command, const std::string& script);

/// --peer's refusals that need no workload: --zoo, --import, a --model other than the shared
/// sunglasses BadNet, --images other than 1000 (UsageError). And --peer-python / --peer-script
/// without --peer.
void checkPeerArgs(const ParsedArgs& args);

/// After benchmark::Initialize() with the workload's benchmarks registered: refuses a synthetic
/// workload (core::Error), runs the three benchmarks, then the peer, and prints the table (or
/// with --json one JSON object). Returns the exit code.
int runBenchWithPeer(CliContext& ctx, const BenchWorkload& w);

} // namespace bdl::app
