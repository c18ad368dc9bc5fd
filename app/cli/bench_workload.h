#pragma once
/// @file bench_workload.h
/// The data the `bench` subcommand times, loaded once, and the benchmark registrations.
#include "core/nn/dataset.h"
#include "core/io/import_client.h"
#include "core/io/keras_io.h"

#include <iosfwd>
#include <optional>
#include <string>

namespace bdl::app {

struct BenchWorkload {
    std::optional<core::LoadedModel> model;
    core::Dataset clean;    ///< `images` clean images (the shared 100 repeated)
    core::Dataset poisoned; ///< `images` poisoned images
    std::string description;
    bool synthetic = false;

    static BenchWorkload& instance();
    /// Loads the shared model and images, or a synthetic stand-in when they are absent. A model
    /// given whose input is not the shared images' 55 x 47 x 3 (a TorchScript ResNet at 32 x 32)
    /// is timed on seeded random images of its own input shape. `open` is how the model file is
    /// opened (TorchScript input shape).
    void load(const std::string& dataDir, const std::string& modelPath, int64_t images,
              std::ostream& log, const core::ModelOpenOptions& open = core::ModelOpenOptions());
};

/// Registers forward, STRIP and pruning-curve benchmarks over the loaded workload.
void registerBenchmarks(BenchWorkload& w);
/// Registers the zoo benchmarks (bench_zoo.cpp): one training epoch on 55 000 Fashion-MNIST
/// images, and the whole demo zoo build (about 4 minutes).
void registerZooBenchmarks();
/// Registers the import benchmarks (bench_import.cpp): opening the shared sunglasses model and
/// the demo zoo's clean test set through the sandboxed helper and, for the overhead, with the
/// same parser in this process. Files that are absent are skipped with a message on `log`.
void registerImportBenchmarks(const std::string& dataDir, const std::string& zooDir,
                              std::ostream& log);

} // namespace bdl::app
