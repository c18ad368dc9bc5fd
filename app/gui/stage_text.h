#pragma once
/// @file stage_text.h
/// Job stage texts in the user's language. The core reports stages in English, made from the
/// templates of core/base/stage_text.h ("fine-pruning %1/%2" -> "fine-pruning 3/10"); the Worker
/// adds a few of its own (bdl::app::stage below). StageText::translate() finds the template a text
/// was made from, translates the template (context "bdl::app::StageText"; each one is listed with
/// QT_TRANSLATE_NOOP in stage_text.cpp so lupdate finds it) and puts the arguments (numbers and
/// names, never translated) back in. Counts of things use %n plurals: in the translated source the
/// count is %n and the other arguments keep their order as %1, %2, ...
///
/// Without a translation for a template (English, or a language that lacks it) the text is
/// returned as it is. A text made from no known template is returned as it is, too: add its
/// template here or in the core (StageTextTest and CancelPhasesTest fail for a stage a job
/// reports that no template matches).
///
/// Thread: any (QCoreApplication::translate is thread-safe); the status bar calls it on the GUI
/// thread. No torch or core in this header: the desktop includes it.
#include <QtCore/QCoreApplication>
#include <QtCore/QString>
#include <QtCore/QStringList>

namespace bdl::app {

/// Stage templates the Worker reports itself (its own steps around the core's calls).
namespace stage {
inline constexpr char kActivationsOfRepairedOn[] = "activations of B' on %1"; ///< data set
inline constexpr char kGoodnetG[] = "G(B, B')";
inline constexpr char kGoodnetB0FinePruning[] = "B0: fine-pruning %1 channels"; ///< k0
inline constexpr char kGoodnetB0[] = "B0";
inline constexpr char kGoodnetGPrime[] = "G'(B0, B')";
inline constexpr char kGoodnetCurveOfB[] = "pruning curve of B"; ///< for the pruning-aware flag
inline constexpr char kInspectB[] = "inspect: B";
inline constexpr char kBuildingZoo[] = "building the demo zoo (%1; about 4 minutes on 2 cores)";
inline constexpr char kLoading[] = "loading %1"; ///< a model file
inline constexpr char kDetectingScale[] = "detecting the input scale";
inline constexpr char kRestoringResults[] = "restoring the saved results";
inline constexpr char kLoadingCandidate[] = "loading B' candidate #%1"; ///< its id
inline constexpr char kStripDetail[] = "STRIP detail";
inline constexpr char kStripSet[] = "STRIP: %1 %2/%3"; ///< data set, inputs done / inputs
} // namespace stage

class StageText {
    Q_DECLARE_TR_FUNCTIONS(bdl::app::StageText)

public:
    /// `english` in the installed language (see the file comment); `english` when untranslated.
    static QString translate(const QString& english);
    /// The template `english` was made from (the longest literal match), empty when none.
    static QString templateOf(const QString& english);
    /// Every template translate() knows: the core's (core::stage::templates()) and the
    /// Worker's (bdl::app::stage), English as reported.
    static QStringList templates();
    /// The translatable source of each of templates(), in the same order (with %n for counts).
    static QStringList sources();
};

} // namespace bdl::app
