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
    std::string precisionNote; ///< what applyPrecision() chose, or empty

    /// --precision: bf16 checked against float32 on the clean images (and the batch
    /// calibrated) by core::applyInferencePrecision; the note goes to `log`.
    void applyPrecision(core::InferencePrecision p, std::ostream& log);

    static BenchWorkload& instance();
    /// Loads the shared model and images, or a synthetic stand-in when they are absent. A model
    /// given whose input is not the shared images' 55 x 47 x 3 (a TorchScript ResNet at 32 x 32)
    /// is timed on seeded random images of its own input shape. `open` is how the model file is
    /// opened (TorchScript input shape).
    void load(const std::string& dataDir, const std::string& modelPath, int64_t images,
              std::ostream& log, const core::ModelOpenOptions& open = core::ModelOpenOptions());
};

/// Inputs per iteration of strip/inputs/N=100 (5 000 superimposed images).
inline constexpr int64_t kStripBenchInputs = 50;

/// Writes clean_test.h5 and sunglasses_poisoned_test.h5 (12 830 images each) and
/// clean_validation.h5 (11 547), the CSAW-HackML 2020 sizes, into outDir: the shared clean_test
/// and sunglasses_poisoned_data images (under dataDir, the youtube_face folder; empty: the
/// default) repeated, every copy with its own seeded pixel noise. For the scale checks
/// (scripts/scale_check.sh). Throws Error naming what is missing.
void writeFullSizeData(const std::string& dataDir, const std::string& outDir, std::ostream& log);

/// Registers forward, STRIP and pruning-curve benchmarks over the loaded workload. forward/img,
/// strip/inputs/N=100 and pruning_curve_cached/* report wall-clock time (UseRealTime: their work
/// runs on every intra-op thread, and the main thread's CPU time misses the others').
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
