#pragma once
/// @file stage_text.h
/// The stage texts that long core jobs report through Feedback ("fine-pruning 3/10"), defined
/// once as English templates with %1, %2, ... for their arguments.
///
/// Why templates: the core has no Qt, but the desktop app shows these texts in its status bar in
/// the user's language. A job reports the English text made by format(); the app matches it
/// against templates() (app/gui/stage_text.h: translateStage()), translates the matched template
/// (a QT_TRANSLATE_NOOP'd copy, so lupdate finds it) and puts the arguments back in. The CLI
/// prints the English text as it is. A text that matches no template is shown as it is, so a
/// new stage must be added here (the tests in tests/core/base/test_stage_text.cpp and
/// tests/app/gui/test_cancel_phases.cpp fail for a reported stage that is missing).
///
/// Arguments are numbers, names of layers, data sets or files; they are never translated.
#include <string>
#include <vector>

namespace bdl::core::stage {

// ---- core/nn ----------------------------------------------------------------------------------
inline constexpr char kActivationsOf[] = "activations of %1";          ///< %1: layer or data set
inline constexpr char kPredicting[] = "predicting";                    ///< metrics' batches
inline constexpr char kFineTuning[] = "fine-tuning";                   ///< before the first epoch
inline constexpr char kFineTuningEpoch[] = "fine-tuning, epoch %1/%2"; ///< epoch / epochs
// ---- core/defenses ----------------------------------------------------------------------------
inline constexpr char kRanking[] = "ranking channels";
inline constexpr char kPruning[] = "pruning";                    ///< Liu et al.'s validation curve
inline constexpr char kPruningStep[] = "pruning %1/%2";          ///< k / channels of the curve
inline constexpr char kFinePruningStep[] = "fine-pruning %1/%2"; ///< step / steps (paper)
inline constexpr char kSweepCell[] = "lr %1, %2 channels";       ///< learning rate, k of the cell
inline constexpr char kRecreatingCell[] = "re-creating the cell: %1 channels"; ///< k
inline constexpr char kStrip[] = "STRIP";
// ---- core/io ----------------------------------------------------------------------------------
inline constexpr char kReading[] = "reading %1"; ///< %1: a file's path
inline constexpr char kReadingImages[] = "reading images";
// The import helper (app/import), whose reports the client passes on (import_client.h).
inline constexpr char kCheckingSavedWeights[] = "checking the saved weights"; ///< a snapshot
// ---- core/zoo ---------------------------------------------------------------------------------
inline constexpr char kReadingFashionMnist[] = "reading Fashion-MNIST";
inline constexpr char kWritingDataFiles[] = "writing the data files";
inline constexpr char kTrainingModel[] = "training model %1";                   ///< title
inline constexpr char kTrainingModelEpoch[] = "training model %1, epoch %2/%3"; ///< title, e / E
inline constexpr char kWaitingForZoo[] = "waiting for another process building the zoo";
inline constexpr char kZooReady[] = "zoo ready";

/// Every template above, in the order above.
const std::vector<const char*>& templates();

/// The template with %1, %2, ... replaced by args[0], args[1], ... in one pass (an argument
/// containing "%2" stays as it is). A placeholder without an argument stays as it is.
std::string format(const char* templ, const std::vector<std::string>& args = {});

/// The arguments of `text` when it is `templ` with its placeholders filled (each argument at least
/// one character; the last possible split when several fit), else false. Inverse of format().
bool match(const char* templ, const std::string& text, std::vector<std::string>* args);

} // namespace bdl::core::stage
