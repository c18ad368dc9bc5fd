// Import benchmarks for `backdoorlab-cli bench --import`: what the sandboxed helper costs when a
// user opens a file. Each file is opened ten times through the helper (a new confined process per
// open, as a first open), ten times as a reopen of the unchanged file (the reply cache, decoded
// and checked again) and ten times with the same parser in this process; Google Benchmark
// reports the median of the ten.
#include "app/cli/bench_workload.h"
#include "core/io/data_io.h"
#include "core/io/import_client.h"
#include "core/io/keras_io.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <ostream>
#include <vector>

namespace bdl::app {

namespace fs = std::filesystem;

namespace {

void registerMedianOf10(const std::string& name, std::function<void()> open) {
    benchmark::RegisterBenchmark(name.c_str(),
                                 [open](benchmark::State& state) {
                                     for (auto _ : state)
                                         open();
                                 })
        ->Unit(benchmark::kMillisecond)
        ->Iterations(1)
        ->Repetitions(10)
        ->ComputeStatistics(
            "min",
            [](const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); })
        ->ReportAggregatesOnly(true)
        ->UseRealTime();
}

/// The helper every time (a first open), and a reopen answered from the reply cache.
core::ImportOptions uncached() {
    core::ImportOptions o;
    o.useCache = false;
    return o;
}

core::DataSpec cleanSpec(const std::string& path) {
    core::DataSpec spec;
    spec.path = path;
    return spec;
}

} // namespace

void registerImportBenchmarks(const std::string& dataDir, const std::string& zooDir,
                              std::ostream& log) {
    const std::string model = (fs::path(dataDir) / "models" / "sunglasses_bd_weights.h5").string();
    if (fs::exists(model)) {
        registerMedianOf10("import/model/sunglasses/helper", [model] {
            benchmark::DoNotOptimize(core::importKerasModel(model, {}, nullptr, uncached()));
        });
        registerMedianOf10("import/model/sunglasses/helper_reopen",
                           [model] { benchmark::DoNotOptimize(core::importKerasModel(model)); });
        registerMedianOf10("import/model/sunglasses/in_process",
                           [model] { benchmark::DoNotOptimize(core::loadKerasModel(model)); });
    } else {
        log << "bench --import: " << model << " is absent; the model benchmarks are skipped\n";
    }
    const std::string zooClean = (fs::path(zooDir) / "clean_test.h5").string();
    if (fs::exists(zooClean)) {
        registerMedianOf10("import/data/zoo_clean_test/helper", [zooClean] {
            benchmark::DoNotOptimize(core::importDataset(cleanSpec(zooClean), nullptr, uncached()));
        });
        registerMedianOf10("import/data/zoo_clean_test/helper_reopen", [zooClean] {
            benchmark::DoNotOptimize(core::importDataset(cleanSpec(zooClean)));
        });
        registerMedianOf10("import/data/zoo_clean_test/in_process", [zooClean] {
            benchmark::DoNotOptimize(core::loadDataset(cleanSpec(zooClean)));
        });
    } else {
        log << "bench --import: " << zooClean
            << " is absent (build the demo zoo first); the data benchmarks are skipped\n";
    }
    const std::string folder = (fs::path(dataDir) / "images" / "clean_test").string();
    if (fs::is_directory(folder)) {
        registerMedianOf10("import/data/clean_test_folder/helper", [folder] {
            benchmark::DoNotOptimize(core::importDataset(cleanSpec(folder)));
        });
        registerMedianOf10("import/data/clean_test_folder/in_process", [folder] {
            benchmark::DoNotOptimize(core::loadDataset(cleanSpec(folder)));
        });
    }
}

} // namespace bdl::app
