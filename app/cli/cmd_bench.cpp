// backdoorlab-cli bench: Google Benchmark timings of the hot paths on the shared YouTube-Face
// images (or, when they are absent, on a randomly initialised csaw-badnet with random images).
#include "app/cli/bench_peer.h"
#include "app/cli/bench_workload.h"
#include "app/cli/cli_context.h"
#include "app/cli/commands.h"
#include "app/cli/zoo_options.h"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <iostream>

namespace bdl::app {

namespace {

int runBench(CliContext& ctx) {
    if (ctx.args().has("make-full-size")) {
        writeFullSizeData(ctx.args().value("data"), ctx.args().value("make-full-size"), ctx.err());
        return kExitOk;
    }
    checkPeerArgs(ctx.args());
    const bool peer = ctx.args().has("peer");
    // Registrations are process-wide: an earlier in-process run (tests) left its own.
    benchmark::ClearRegisteredBenchmarks();
    BenchWorkload* workload = nullptr;
    if (ctx.args().has("zoo")) {
        registerZooBenchmarks();
    } else if (ctx.args().has("import")) {
        registerImportBenchmarks(ctx.args().value("data", "../shared/data/youtube_face"),
                                 zooDirFromArgs(ctx.args(), "zoo-dir"), ctx.err());
    } else {
        BenchWorkload& w = BenchWorkload::instance();
        core::ModelOpenOptions open;
        if (ctx.args().has("input-shape")) {
            int h = 0, wd = 0, c = 0;
            char tail = 0;
            const std::string text = ctx.args().value("input-shape");
            if (std::sscanf(text.c_str(), "%d,%d,%d%c", &h, &wd, &c, &tail) != 3 || h <= 0 ||
                wd <= 0 || c <= 0)
                throw UsageError("--input-shape must be H,W,C, got '" + text + "'");
            open.inputShape = {h, wd, c};
        }
        w.load(ctx.args().value("data"), ctx.args().value("model"),
               ctx.args().integer("images", 1000, 10, 100000), ctx.err(), open);
        w.precisionNote.clear();
        if (ctx.args().has("precision")) {
            core::InferencePrecision p{};
            const std::string text = ctx.args().value("precision");
            if (!core::parseInferencePrecision(text, &p))
                throw UsageError("--precision must be fp32 or bf16, got '" + text + "'");
            w.applyPrecision(p, ctx.err());
        }
        registerBenchmarks(w);
        workload = &w;
    }
    // Google Benchmark parses its own flags from an argv.
    std::vector<std::string> flags{"backdoorlab-cli-bench"};
    for (const char* name : {"benchmark_filter", "benchmark_min_time", "benchmark_repetitions",
                             "benchmark_format", "benchmark_out", "benchmark_out_format"})
        if (ctx.args().has(name))
            flags.push_back(std::string("--") + name + "=" + ctx.args().value(name));
    if (ctx.json() && !peer) // --peer prints its own JSON object
        flags.push_back("--benchmark_format=json");
    std::vector<char*> argv;
    for (auto& f : flags)
        argv.push_back(f.data());
    int argc = static_cast<int>(argv.size());
    benchmark::Initialize(&argc, argv.data());
    if (benchmark::ReportUnrecognizedArguments(argc, argv.data()))
        return kExitUsage;
    if (peer)
        return runBenchWithPeer(ctx, *workload);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return kExitOk;
}

} // namespace

CommandDef benchCommand() {
    std::vector<OptionDef> opts{
        {"data", "DIR", "YouTube-Face folder with models/ and images/", false,
         "../shared/data/youtube_face"},
        {"model", "PATH",
         "model to time (Keras .h5 or TorchScript .pt; one whose input is not 55x47x3 is timed "
         "on seeded random images of its input shape)",
         false, "sunglasses_bd_weights.h5 of --data"},
        {"input-shape", "H,W,C", "input size of a TorchScript --model the file does not fix"},
        {"images", "N", "clean and poisoned images each (the shared 100 are repeated)", false,
         "1000"},
        {"zoo", "", "time the demo zoo instead: one training epoch and the whole build (~4 min)"},
        {"import", "",
         "time opening files through the sandboxed helper against in-process parsing"},
        {"make-full-size", "DIR",
         "write CSAW-size data files made from the shared images (12 830 clean and poisoned "
         "test images, 11 547 validation; noise on every copy) into DIR, for "
         "scripts/scale_check.sh, and time nothing"},
        {"zoo-dir", "DIR", "the demo zoo folder for --import", false, "the default zoo folder"},
        {"threads", "N", "LibTorch intra-op threads", false, "number of cores"},
        {"precision", "P",
         "fp32 or bf16: time inference in this precision (bf16 is checked against float32 on "
         "the clean images first and falls back with a note, as for the analysis commands); "
         "given, it also calibrates the batch size",
         false, "fp32, batch 32"},
        {"peer", "",
         "then run the same work in plain PyTorch (tools/reference_bench.py) and print both side "
         "by side with the ratios: forward img/s, STRIP inputs/s and the cached pruning curve "
         "only, the shared sunglasses BadNet with 1000 images only (about 2 minutes)"},
        {"peer-python", "PATH", "interpreter for the --peer script", false, "/usr/bin/python3"},
        {"peer-script", "PATH", "the --peer script, run as PYTHON SCRIPT --shared DIR --threads N",
         false, "tools/reference_bench.py of the source tree"},
        {"json", "",
         "Google Benchmark JSON on stdout (with --peer: one JSON object with app, "
         "peer and ratios)"},
        {"benchmark_filter", "REGEX", "run only matching benchmarks"},
        {"benchmark_min_time", "SECONDS", "minimum time per benchmark"},
        {"benchmark_repetitions", "N", "repetitions per benchmark"},
        {"benchmark_format", "FMT", "console, json or csv"},
        {"benchmark_out", "FILE", "also write results to FILE"},
        {"benchmark_out_format", "FMT", "format of --benchmark_out"},
        {"help", "", "show this help"},
    };
    return {
        "bench",
        "time forward img/s, STRIP inputs/s (N = 100) and the full pruning curve",
        "Without the shared data it times a randomly initialised csaw-badnet on random images.\n"
        "With --peer it then runs the same work in plain PyTorch as a child process on the same "
        "machine\n(tools/reference_bench.py, with the app's thread count) and prints both side "
        "by side.",
        opts,
        0,
        runBench};
}

} // namespace bdl::app
