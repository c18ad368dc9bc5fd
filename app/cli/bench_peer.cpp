#include "app/cli/bench_peer.h"

#include "app/cli/bench_workload.h"
#include "app/cli/commands.h"
#include "app/cli/table.h"
#include "core/base/errors.h"
#include "core/base/runtime.h"
#include "core/defenses/strip.h"
#include "core/nn/metrics.h"

#include <ATen/Parallel.h>
#include <torch/version.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <limits>

extern char** environ;

#ifndef BDL_DEFAULT_SHARED_DIR
#define BDL_DEFAULT_SHARED_DIR "../shared"
#endif
#ifndef BDL_SOURCE_DIR
#define BDL_SOURCE_DIR "."
#endif

namespace bdl::app {

namespace fs = std::filesystem;

namespace {

constexpr int64_t kPeerImages = 1000; // the peer replicates the 100 clean_test images to 1000
constexpr const char* kDefaultPython = "/usr/bin/python3";
constexpr const char* kDefaultScript = BDL_SOURCE_DIR "/tools/reference_bench.py";
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// "11 000" for 11000.4 (decimals after the point, groups of three before it).
std::string grouped(double v, int decimals) {
    std::string s = fixed(v, decimals);
    const size_t point = s.find('.');
    size_t end = point == std::string::npos ? s.size() : point;
    const size_t begin = s[0] == '-' ? 1 : 0;
    while (end > begin + 3) {
        end -= 3;
        s.insert(end, " ");
    }
    return s;
}

/// A rate or a time at a sensible precision; "-" where it was not measured.
std::string figure(double v) {
    if (!(v > 0) || !std::isfinite(v))
        return "-";
    return grouped(v, v >= 100 ? 0 : v >= 10 ? 1 : 2);
}

std::string ratioText(double r) { return std::isfinite(r) ? fixed(r, 2) + "x" : "-"; }

/// Rate ratio app / peer (NaN when the app did not run it).
double rateRatio(double app, double peer) { return app > 0 ? app / peer : kNaN; }
/// Time ratio peer / app.
double timeRatio(double peer, double app) { return app > 0 ? peer / app : kNaN; }

const Json& member(const Json& obj, const char* key, const std::string& path,
                   const std::string& script) {
    if (!obj.contains(key))
        throw core::Error(script, "its JSON has no '" + path + "'");
    return obj.at(key);
}

double positiveNumber(const Json& obj, const char* key, const std::string& prefix,
                      const std::string& script) {
    const std::string path = prefix + key;
    const Json& v = member(obj, key, path, script);
    if (!v.is_number())
        throw core::Error(script, "'" + path + "' in its JSON is not a number (" + v.dump() + ")");
    const double d = v.get<double>();
    if (!(d > 0) || !std::isfinite(d))
        throw core::Error(script,
                          "'" + path + "' in its JSON is not a positive number (" + v.dump() + ")");
    return d;
}

int64_t positiveInteger(const Json& obj, const char* key, const std::string& prefix,
                        const std::string& script) {
    const double d = positiveNumber(obj, key, prefix, script);
    if (d != std::floor(d) || d > 1e15)
        throw core::Error(script, "'" + prefix + key + "' in its JSON is not a whole number");
    return static_cast<int64_t>(d);
}

std::string envText(const Json& allocator, const char* key) {
    if (!allocator.is_object() || !allocator.contains(key) || allocator.at(key).is_null())
        return "unset";
    const Json& v = allocator.at(key);
    return v.is_string() ? v.get<std::string>() : v.dump();
}

std::string appAllocatorText() {
    if (core::allocatorTuned())
        return "M_MMAP_THRESHOLD=" + std::to_string(core::kMallocMmapThreshold) +
               ", M_TRIM_THRESHOLD=" + std::to_string(core::kMallocTrimThreshold) + " (mallopt)";
    // Not tuned (an in-process run: tests): glibc's defaults or the environment's.
    const char* mmap = std::getenv("MALLOC_MMAP_THRESHOLD_");
    const char* trim = std::getenv("MALLOC_TRIM_THRESHOLD_");
    return std::string("MALLOC_MMAP_THRESHOLD_=") + (mmap ? mmap : "unset") +
           ", MALLOC_TRIM_THRESHOLD_=" + (trim ? trim : "unset") + " (not tuned)";
}

/// The folder holding data/youtube_face for a --data folder (empty: the default shared folder).
/// UsageError when --data is not such a folder: the peer script takes the shared folder.
std::string sharedDirFor(const std::string& dataDir) {
    if (dataDir.empty())
        return BDL_DEFAULT_SHARED_DIR;
    fs::path p = fs::path(dataDir).lexically_normal();
    if (p.filename().empty())
        p = p.parent_path(); // a trailing '/'
    fs::path shared = p.parent_path().parent_path();
    if (shared.empty())
        shared = ".";
    std::error_code ec;
    if (!fs::equivalent(shared / "data" / "youtube_face", p, ec))
        throw UsageError("--peer: the peer script takes the folder that holds data/youtube_face, "
                         "so --data must be such a data/youtube_face folder (got '" +
                         dataDir + "')");
    return shared.string();
}

std::string formText(const PeerFigures& p, int which) {
    switch (which) {
    case 0:
        return "batch " + std::to_string(p.bestForwardBatch) +
               (p.bestForwardChannelsLast ? ", channels-last" : ", NCHW");
    case 1:
        return std::to_string(p.bestStripInputsPerForward) + " input" +
               (p.bestStripInputsPerForward == 1 ? "" : "s") + " per forward";
    case 2:
        return "pool_3 cached once";
    default:
        return p.bestFineTuneForm;
    }
}

} // namespace

RecordingReporter::RecordingReporter(std::ostream& out, std::ostream& err, bool color)
    : m_console(color ? benchmark::ConsoleReporter::OO_Color
                      : benchmark::ConsoleReporter::OO_None) {
    m_console.SetOutputStream(&out);
    m_console.SetErrorStream(&err);
}

bool RecordingReporter::ReportContext(const Context& context) {
    return m_console.ReportContext(context);
}

void RecordingReporter::ReportRuns(const std::vector<Run>& reports) {
    for (const Run& r : reports) {
        if (r.run_type != Run::RT_Iteration || r.error_occurred)
            continue;
        Timing& t = m_timings[r.run_name.function_name];
        t.iterations += r.iterations;
        t.realSeconds += r.real_accumulated_time;
    }
    m_console.ReportRuns(reports);
}

void RecordingReporter::Finalize() { m_console.Finalize(); }

AppBenchFigures appFigures(const RecordingReporter::Timings& timings, int64_t forwardImages,
                           int64_t stripInputs) {
    // Seconds per iteration from wall-clock time, 0 when the benchmark did not run.
    auto perIteration = [&](const char* name) {
        const auto it = timings.find(name);
        if (it == timings.end() || it->second.iterations <= 0 || !(it->second.realSeconds > 0))
            return 0.0;
        return it->second.realSeconds / static_cast<double>(it->second.iterations);
    };
    AppBenchFigures f;
    f.images = forwardImages;
    if (const double s = perIteration("forward/img"); s > 0)
        f.forwardImgPerS = static_cast<double>(forwardImages) / s;
    if (const double s = perIteration("strip/inputs/N=100"); s > 0)
        f.stripInputsPerS = static_cast<double>(stripInputs) / s;
    f.pruneCurveCachedMs = 1000.0 * perIteration("pruning_curve_cached/fast");
    if (const double s = perIteration("fine_tune/epoch"); s > 0)
        f.fineTuneImgPerS = static_cast<double>(forwardImages) / s;
    return f;
}

PeerFigures parsePeerJson(const std::string& stdoutText, const std::string& script) {
    std::string line;
    size_t pos = 0;
    while (pos < stdoutText.size()) {
        size_t end = stdoutText.find('\n', pos);
        if (end == std::string::npos)
            end = stdoutText.size();
        const std::string l = stdoutText.substr(pos, end - pos);
        const size_t first = l.find_first_not_of(" \t\r");
        if (first != std::string::npos && l[first] == '{')
            line = l;
        pos = end + 1;
    }
    if (line.empty())
        throw core::Error(script, "printed no JSON line on stdout" +
                                      (stdoutText.empty()
                                           ? std::string(" (nothing at all)")
                                           : " (it printed: '" + stdoutText.substr(0, 200) + "')"));
    PeerFigures p;
    try {
        p.raw = Json::parse(line);
    } catch (const Json::exception& e) {
        throw core::Error(script,
                          std::string("printed a line that is not valid JSON: ") + e.what());
    }
    if (!p.raw.is_object())
        throw core::Error(script, "printed JSON that is not an object");
    const Json& j = p.raw;
    p.threads = static_cast<int>(positiveInteger(j, "threads", "", script));
    const Json& torch = member(j, "torch", "torch", script);
    p.torchVersion = torch.is_string() ? torch.get<std::string>() : torch.dump();
    const Json& allocator = member(j, "allocator", "allocator", script);
    p.mmapThreshold = envText(allocator, "MALLOC_MMAP_THRESHOLD_");
    p.trimThreshold = envText(allocator, "MALLOC_TRIM_THRESHOLD_");
    p.forwardImgPerS = positiveNumber(j, "forward_img_per_s", "", script);
    p.stripInputsPerS = positiveNumber(j, "strip_inputs_per_s", "", script);
    p.pruneCurveS = positiveNumber(j, "prune_curve_s", "", script);
    p.fineTuneImgPerS = positiveNumber(j, "fine_tune_img_per_s", "", script);
    const Json& best = member(j, "best", "best", script);
    if (!best.is_object())
        throw core::Error(script, "'best' in its JSON is not an object");
    p.bestForwardImgPerS = positiveNumber(best, "forward_img_per_s", "best.", script);
    p.bestForwardBatch = positiveInteger(best, "forward_batch", "best.", script);
    const Json& cl = member(best, "forward_channels_last", "best.forward_channels_last", script);
    if (!cl.is_boolean())
        throw core::Error(script, "'best.forward_channels_last' in its JSON is not true or false");
    p.bestForwardChannelsLast = cl.get<bool>();
    p.bestStripInputsPerS = positiveNumber(best, "strip_inputs_per_s", "best.", script);
    p.bestStripInputsPerForward =
        positiveInteger(best, "strip_inputs_per_forward", "best.", script);
    p.bestPruneCurveCachedS = positiveNumber(best, "prune_curve_cached_s", "best.", script);
    p.bestPruneSweepS = positiveNumber(best, "prune_sweep_cached_s", "best.", script);
    p.bestFineTuneImgPerS = positiveNumber(best, "fine_tune_img_per_s", "best.", script);
    const Json& form = member(best, "fine_tune_form", "best.fine_tune_form", script);
    if (!form.is_string())
        throw core::Error(script, "'best.fine_tune_form' in its JSON is not a string");
    p.bestFineTuneForm = form.get<std::string>();
    return p;
}

PeerRatios peerRatios(const AppBenchFigures& app, const PeerFigures& peer) {
    return {rateRatio(app.forwardImgPerS, peer.forwardImgPerS),
            rateRatio(app.forwardImgPerS, peer.bestForwardImgPerS),
            rateRatio(app.stripInputsPerS, peer.stripInputsPerS),
            rateRatio(app.stripInputsPerS, peer.bestStripInputsPerS),
            timeRatio(1000.0 * peer.pruneCurveS, app.pruneCurveCachedMs),
            timeRatio(1000.0 * peer.bestPruneSweepS, app.pruneCurveCachedMs),
            rateRatio(app.fineTuneImgPerS, peer.fineTuneImgPerS),
            rateRatio(app.fineTuneImgPerS, peer.bestFineTuneImgPerS)};
}

void printPeerTable(std::ostream& out, const AppBenchFigures& app, const PeerFigures& peer,
                    const std::vector<std::string>& peerCommand) {
    const PeerRatios r = peerRatios(app, peer);
    Table t({"workload", "BackdoorLab (" + app.precision + ")", "peer (plain)", "peer (best)",
             "vs plain", "vs best", "peer's best form"});
    t.leftColumns(1, /*lastToo=*/true);
    t.row({"forward, img/s (" + grouped(static_cast<double>(app.images), 0) + " images)",
           figure(app.forwardImgPerS), figure(peer.forwardImgPerS), figure(peer.bestForwardImgPerS),
           ratioText(r.forwardVsPlain), ratioText(r.forwardVsBest), formText(peer, 0)});
    t.row({"STRIP N=100, inputs/s", figure(app.stripInputsPerS), figure(peer.stripInputsPerS),
           figure(peer.bestStripInputsPerS), ratioText(r.stripVsPlain), ratioText(r.stripVsBest),
           formText(peer, 1)});
    t.row({"pruning curve, 61 points, ms", figure(app.pruneCurveCachedMs),
           figure(1000.0 * peer.pruneCurveS), figure(1000.0 * peer.bestPruneSweepS),
           ratioText(r.pruneVsPlain), ratioText(r.pruneVsBest), formText(peer, 2)});
    t.row({"fine-tuning, 1 epoch, img/s", figure(app.fineTuneImgPerS), figure(peer.fineTuneImgPerS),
           figure(peer.bestFineTuneImgPerS), ratioText(r.fineTuneVsPlain),
           ratioText(r.fineTuneVsBest), formText(peer, 3)});
    t.print(out);
    out << "\nRatios > 1: BackdoorLab is faster (rates: BackdoorLab / peer; times: peer / "
           "BackdoorLab); '-': not run.\n"
        << "Peer plain: batch 256 under no_grad; STRIP one input per forward; the curve by 61 "
           "masked forward passes; fine-tuning Adam lr 1e-3, batch 32, float32\n  (both sides; "
           "the plain loop zeroes the gradients and runs the per-tensor Adam).\n"
        << "Pruning curve: both sides' best is the 61-point sweep from pool_3 activations "
           "already cached (BackdoorLab: pruning_curve_cached/fast;\n  the peer's with computing "
           "them: "
        << figure(1000.0 * peer.bestPruneCurveCachedS)
        << " ms); plain is the whole masked-forward curve.\n";
    std::string command;
    for (const auto& a : peerCommand)
        command += (command.empty() ? "" : " ") + a;
    const char* omp = core::openMpWaitPolicy();
    const std::string ompText = std::string("OMP_WAIT_POLICY=") + (*omp ? omp : "unset");
    out << "\nBackdoorLab: LibTorch " << app.torchVersion << ", " << app.threads << " threads, "
        << ompText << ", " << app.precision << ", forward batch " << app.forwardBatch << ", STRIP "
        << app.stripBatch << " superimposed images per pass\n  " << app.allocator << "\n"
        << (app.precisionNote.empty() ? std::string() : "  precision: " + app.precisionNote + "\n")
        << "peer: " << command << "\n  torch " << peer.torchVersion << ", " << peer.threads
        << " threads, " << ompText << " (inherited), MALLOC_MMAP_THRESHOLD_=" << peer.mmapThreshold
        << ", MALLOC_TRIM_THRESHOLD_=" << peer.trimThreshold << "\n";
    if (peer.threads != app.threads)
        out << "Warning: the peer ran with " << peer.threads << " threads, BackdoorLab with "
            << app.threads << ".\n";
}

Json peerJson(const AppBenchFigures& app, const PeerFigures& peer,
              const std::vector<std::string>& peerCommand) {
    const PeerRatios r = peerRatios(app, peer);
    auto measured = [](double v) { return v > 0 ? Json(v) : Json(nullptr); };
    auto pair = [](double plain, double best) {
        return Json{{"vs_plain", std::isfinite(plain) ? Json(plain) : Json(nullptr)},
                    {"vs_best", std::isfinite(best) ? Json(best) : Json(nullptr)}};
    };
    Json a;
    a["forward_img_per_s"] = measured(app.forwardImgPerS);
    a["strip_inputs_per_s"] = measured(app.stripInputsPerS);
    a["prune_curve_cached_ms"] = measured(app.pruneCurveCachedMs);
    a["fine_tune_img_per_s"] = measured(app.fineTuneImgPerS);
    a["images"] = app.images;
    a["threads"] = app.threads;
    a["torch"] = app.torchVersion;
    a["allocator"] = app.allocator;
    a["omp_wait_policy"] = core::openMpWaitPolicy();
    a["forward_batch"] = app.forwardBatch;
    a["precision"] = app.precision;
    if (!app.precisionNote.empty())
        a["precision_note"] = app.precisionNote;
    a["strip_batch"] = app.stripBatch;
    Json j;
    j["app"] = a;
    j["peer"] = peer.raw;
    j["peer_command"] = peerCommand;
    j["ratios"] = {{"forward", pair(r.forwardVsPlain, r.forwardVsBest)},
                   {"strip", pair(r.stripVsPlain, r.stripVsBest)},
                   {"prune_curve", pair(r.pruneVsPlain, r.pruneVsBest)},
                   {"fine_tune", pair(r.fineTuneVsPlain, r.fineTuneVsBest)}};
    return j;
}

std::vector<std::string> peerCommand(const std::string& python, const std::string& script,
                                     const std::string& shared, int threads) {
    return {python, script, "--shared", shared, "--threads", std::to_string(threads)};
}

std::string runPeer(const std::vector<std::string>& command, const std::string& script) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        throw core::Error(script, std::string("cannot make a pipe: ") + std::strerror(errno));
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    std::vector<std::string> args = command;
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, args[0].c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        throw core::Error(script, "cannot start " + command[0] + ": " + std::strerror(rc));
    }
    std::string text;
    char buf[65536];
    for (;;) {
        const ssize_t n = read(fds[0], buf, sizeof buf);
        if (n > 0)
            text.append(buf, static_cast<size_t>(n));
        else if (n == 0 || errno != EINTR)
            break;
    }
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            throw core::Error(script,
                              std::string("lost the peer process: ") + std::strerror(errno));
    if (WIFSIGNALED(status))
        throw core::Error(script, command[0] + " was killed by signal " +
                                      std::to_string(WTERMSIG(status)) + " (" +
                                      strsignal(WTERMSIG(status)) + ")");
    if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
        throw core::Error(script, "exited with status " + std::to_string(WEXITSTATUS(status)) +
                                      " (its messages, if any, are on stderr above)");
    return text;
}

void checkPeerArgs(const ParsedArgs& args) {
    if (!args.has("peer")) {
        for (const char* name : {"peer-python", "peer-script"})
            if (args.has(name))
                throw UsageError(std::string("--") + name + " needs --peer");
        return;
    }
    if (args.has("zoo") || args.has("import"))
        throw UsageError("--peer compares the forward, STRIP and pruning-curve benchmarks: it "
                         "does not combine with --zoo or --import");
    if (args.has("images") && args.integer("images", kPeerImages, 10, 100000) != kPeerImages)
        throw UsageError("--peer times " + std::to_string(kPeerImages) +
                         " images, as the peer script does: leave out --images");
    if (args.has("model")) {
        const std::string data = args.value("data");
        const fs::path dir = data.empty()
                                 ? fs::path(BDL_DEFAULT_SHARED_DIR) / "data" / "youtube_face"
                                 : fs::path(data);
        std::error_code ec;
        if (fs::weakly_canonical(args.value("model"), ec) !=
            fs::weakly_canonical(dir / "models" / "sunglasses_bd_weights.h5", ec))
            throw UsageError("--peer times the shared sunglasses BadNet only (the peer script "
                             "knows no other model): leave out --model");
    }
}

int runBenchWithPeer(CliContext& ctx, const BenchWorkload& w) {
    const std::string dataDir = ctx.args().value("data");
    if (w.synthetic)
        throw core::Error(
            dataDir.empty() ? std::string(BDL_DEFAULT_SHARED_DIR "/data/youtube_face") : dataDir,
            "--peer needs the shared YouTube-Face model and images (the peer script times "
            "sunglasses_bd_weights.h5 on them), and they are absent; this would time " +
                w.description);
    const std::string shared = sharedDirFor(dataDir);
    const std::string python = ctx.args().value("peer-python", kDefaultPython);
    const std::string script = ctx.args().value("peer-script", kDefaultScript);
    std::error_code ec;
    if (!fs::is_regular_file(script, ec))
        throw core::Error(script, "no such peer script (give one with --peer-script)");

    // Console output on stdout, or on stderr when stdout carries the one JSON object.
    std::ostream& console = ctx.json() ? ctx.err() : ctx.out();
    const bool color = !ctx.json() && &console == &std::cout && isatty(STDOUT_FILENO);
    RecordingReporter reporter(console, ctx.err(), color);
    const std::string spec = ctx.args().value("benchmark_filter", kPeerBenchmarkFilter);
    benchmark::RunSpecifiedBenchmarks(&reporter, spec);
    benchmark::Shutdown();

    AppBenchFigures app = appFigures(reporter.timings(), w.clean.size(), kStripBenchInputs);
    app.threads = at::get_num_threads();
    app.torchVersion = TORCH_VERSION;
    app.allocator = appAllocatorText();
    const auto& model = w.model->model;
    app.forwardBatch = model.inferenceBatch() > 0 ? model.inferenceBatch() : core::kPredictBatch;
    app.precision = core::inferencePrecisionName(model.inferencePrecision());
    app.precisionNote = w.precisionNote;
    app.stripBatch = core::StripConfig().batch;

    const auto command = peerCommand(python, script, shared, app.threads);
    ctx.err() << "Running the peer (about 2 minutes):";
    for (const auto& a : command)
        ctx.err() << " " << a;
    ctx.err() << std::endl;
    ctx.out().flush();
    std::string text;
    try {
        text = runPeer(command, script);
    } catch (const core::Error&) {
        if (ctx.feedback()->isCancelled())
            throw core::Cancelled();
        throw;
    }
    const PeerFigures peer = parsePeerJson(text, script);
    if (ctx.json()) {
        ctx.out() << peerJson(app, peer, command).dump() << "\n";
    } else {
        ctx.out() << "\n";
        printPeerTable(ctx.out(), app, peer, command);
    }
    return kExitOk;
}

} // namespace bdl::app
