#pragma once
/// @file cli_context.h
/// What every backdoorlab-cli subcommand shares: the common options, lazy loading of the model and
/// data sets, the input-scale decision, progress on stderr and Ctrl-C cancellation.
#include "app/cli/arg_parser.h"
#include "core/nn/dataset.h"
#include "core/base/feedback.h"
#include "core/io/keras_io.h"
#include "core/nn/inference_tuning.h"
#include "core/nn/metrics.h"

#include <nlohmann/json.hpp>

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bdl::app {

using Json = nlohmann::ordered_json;

class ProgressMeter;

/// Options understood by every analysis subcommand.
std::vector<OptionDef> commonOptions();

/// Applies --device (absent: the CPU) before anything loads a model: core::setComputeDevice.
/// Throws UsageError for a value that names no device, core::Error("--device D", why) when the
/// device cannot be used (this LibTorch has no CUDA, no GPU is visible).
void applyDeviceOption(const ParsedArgs& args);

/// How the input scale was chosen.
struct ScaleChoice {
    core::InputScale scale = core::InputScale::Unit;
    bool detected = false;  ///< true for --scale auto
    double accUnit = -1.0;  ///< clean accuracy at 1/255 (detection only)
    double accRaw = -1.0;   ///< clean accuracy at raw (detection only)
    std::string detectedOn; ///< data set used for detection
    /// --scale auto without data, where the command allows it (info): nothing ran the model, the
    /// scale is not known (`scale` is the model's default and nothing uses it).
    bool undetermined = false;
};

class CliContext {
public:
    CliContext(ParsedArgs args, std::ostream& out, std::ostream& err);
    ~CliContext();

    const ParsedArgs& args() const { return m_args; }
    /// stdout and stderr; each call first erases a progress bar drawn on the terminal, so that
    /// what is printed next starts on a clean line (the next progress update draws the bar again).
    std::ostream& out();
    std::ostream& err();
    bool json() const { return m_args.has("json"); }
    /// For commands that describe a model without running it (info): --scale auto without data
    /// leaves the scale undetermined instead of being a usage error. Call before model().
    void allowUndeterminedScale() { m_allowUndeterminedScale = true; }
    uint64_t seed() const;

    /// Progress to stderr (ProgressMeter: a bar on a terminal, a line per 5 % otherwise, nothing
    /// with --quiet or --json or when err is not std::cerr); cancel on SIGINT.
    core::Feedback* feedback() { return m_feedback.get(); }
    /// Erases the progress bar if one is drawn (out() and err() do so).
    void clearProgress();

    /// --model loaded with --arch (Keras weights-only) or --input-shape (TorchScript), the
    /// --normalize normalisation and the scale applied (--scale, or auto-detected on clean data).
    /// `--model zoo:ID`, or no --model and no data options (= zoo:patch), takes a model of the
    /// demo zoo in --zoo (built on first use) and its data as the defaults for --clean
    /// (clean_test), --poisoned (its triggers' test files), --train (clean_validation) and
    /// --scale (1/255). Data options without --model are a UsageError.
    core::LoadedModel& model();
    const ScaleChoice& scale();
    /// --precision applied to model(): bf16 is checked against float32 on the clean data
    /// (core::applyInferencePrecision) and falls back with a note; fp32 changes nothing.
    const core::PrecisionCheck& precision();
    /// --clean (required when asked for); labels validated against the model. With --hold-out P
    /// and no --train: the rest of core::holdOutSplit(--clean, P, --seed), whose held part is
    /// then the train set.
    const core::Dataset& clean();
    bool hasClean() {
        resolveZoo();
        return m_args.has("clean");
    }
    /// Every --poisoned set, targets from ':TARGET' or the file names/labels.
    const std::vector<core::Dataset>& poisoned();
    /// --train (clean data for ranking and fine-tuning); else the --hold-out part of --clean;
    /// else falls back to --clean when allowFallback (results are then in-sample: commands
    /// write "in_sample": true in their JSON).
    const core::Dataset& train(bool allowFallback = true);
    bool trainIsClean() const { return m_trainIsClean; }

    /// The JSON block every command starts from: model, scale, data sets.
    Json describeInputs();

    /// Opens a model file given on the command line the way --model is opened: --arch for Keras
    /// weights-only files, --input-shape for TorchScript files, then --normalize applied.
    core::LoadedModel openModel(const std::string& path);

private:
    void resolveZoo();
    bool holdsOut();
    core::Dataset loadOne(const std::string& arg, bool poisonedRole);

    ParsedArgs m_args;
    std::ostream& m_out;
    std::ostream& m_err;
    std::unique_ptr<ProgressMeter> m_meter; // before m_feedback, whose callback uses it
    std::unique_ptr<core::Feedback> m_feedback;
    std::optional<core::LoadedModel> m_model;
    std::optional<ScaleChoice> m_scale;
    std::optional<core::PrecisionCheck> m_precision;
    bool m_allowUndeterminedScale = false;
    std::optional<core::Dataset> m_clean;
    std::optional<std::vector<core::Dataset>> m_poisoned;
    std::optional<core::Dataset> m_train;
    bool m_trainIsClean = false;
    int m_holdOutPercent = 0; ///< > 0 once --hold-out split --clean
    bool m_zooResolved = false;
    std::string m_zooDir;   ///< set when the model comes from the demo zoo
    std::string m_zooModel; ///< its id
};

/// {"cca": ..., "asr": {"<set>": ...}} of an evaluation.
Json scoresJson(const core::EvalReport& e);

/// Fixed-point formatting for tables ("95.00").
std::string fixed(double v, int decimals = 2);

} // namespace bdl::app
