// Zoo benchmarks for `backdoorlab-cli bench --zoo`: one training epoch of the zoo architecture
// (the unit tools/reference_zoo.py times in PyTorch) and the whole zoo build.
#include "app/cli/bench_workload.h"
#include "core/nn/architectures.h"
#include "core/io/data_io.h"
#include "core/base/errors.h"
#include "core/nn/finetune.h"
#include "core/nn/model.h"
#include "core/zoo/zoo.h"

#include <benchmark/benchmark.h>
#include <torch/types.h>

#include <filesystem>
#include <random>

namespace bdl::app {

namespace fs = std::filesystem;

void registerZooBenchmarks() {
    benchmark::RegisterBenchmark(
        "zoo/train_epoch/55000",
        [](benchmark::State& state) {
            const core::ZooConfig cfg;
            core::DataSpec spec;
            spec.path = cfg.source + "/train-images-idx3-ubyte.gz";
            core::Dataset train = core::loadIdx(spec).slice(0, cfg.trainImages);
            core::Model model(core::architectureSpec("csaw-badnet-same:28x28x1:10"));
            model.initialize(1);
            model.setInputScale(core::InputScale::Unit);
            core::FineTuneConfig ft;
            ft.lr = cfg.lr;
            ft.epochs = 1;
            ft.batchSize = cfg.batchSize;
            for (auto _ : state)
                core::fineTune(model, train, ft);
            state.SetItemsProcessed(state.iterations() * train.size());
        })
        ->Unit(benchmark::kSecond)
        ->Iterations(1)
        ->UseRealTime();
    benchmark::RegisterBenchmark("zoo/build/full",
                                 [](benchmark::State& state) {
                                     const fs::path dir = fs::temp_directory_path() /
                                                          ("bdl-bench-zoo-" +
                                                           std::to_string(std::random_device{}()));
                                     for (auto _ : state)
                                         core::buildZoo(core::ZooConfig(), (dir / "zoo").string());
                                     std::error_code ec;
                                     fs::remove_all(dir, ec);
                                 })
        ->Unit(benchmark::kSecond)
        ->Iterations(1)
        ->UseRealTime();
}

} // namespace bdl::app
