#include "app/gui/stage_text.h"

#include "core/base/stage_text.h"

#include <cstring>
#include <string>
#include <vector>

namespace bdl::app {

namespace {

constexpr char kContext[] = "bdl::app::StageText";

/// One stage template: the English text it reports, the source translators see, and which
/// argument (0-based) is a count shown with %n (-1: none).
struct Entry {
    const char* reported;
    const char* source;
    int countArg;
};

// Every template of core/base/stage_text.h and of bdl::app::stage, with its translatable source.
// lupdate reads the QT_TRANSLATE_*NOOP literals; StageTextTest checks that the first column is
// exactly core::stage::templates() plus the Worker's.
const Entry kEntries[] = {
    // core/nn
    {core::stage::kActivationsOf, QT_TRANSLATE_NOOP("bdl::app::StageText", "activations of %1"),
     -1},
    {core::stage::kPredicting, QT_TRANSLATE_NOOP("bdl::app::StageText", "predicting"), -1},
    {core::stage::kFineTuning, QT_TRANSLATE_NOOP("bdl::app::StageText", "fine-tuning"), -1},
    {core::stage::kFineTuningEpoch,
     QT_TRANSLATE_NOOP("bdl::app::StageText", "fine-tuning, epoch %1/%2"), -1},
    // core/defenses
    {core::stage::kRanking, QT_TRANSLATE_NOOP("bdl::app::StageText", "ranking channels"), -1},
    {core::stage::kPruning, QT_TRANSLATE_NOOP("bdl::app::StageText", "pruning"), -1},
    {core::stage::kPruningStep, QT_TRANSLATE_NOOP("bdl::app::StageText", "pruning %1/%2"), -1},
    {core::stage::kFinePruningStep, QT_TRANSLATE_NOOP("bdl::app::StageText", "fine-pruning %1/%2"),
     -1},
    {core::stage::kSweepCell, QT_TRANSLATE_N_NOOP("bdl::app::StageText", "lr %1, %n channel(s)"),
     1},
    {core::stage::kRecreatingCell,
     QT_TRANSLATE_N_NOOP("bdl::app::StageText", "re-creating the cell: %n channel(s)"), 0},
    {core::stage::kStrip, QT_TRANSLATE_NOOP("bdl::app::StageText", "STRIP"), -1},
    // core/io
    {core::stage::kReading, QT_TRANSLATE_NOOP("bdl::app::StageText", "reading %1"), -1},
    {core::stage::kReadingImages, QT_TRANSLATE_NOOP("bdl::app::StageText", "reading images"), -1},
    {core::stage::kCheckingSavedWeights,
     QT_TRANSLATE_NOOP("bdl::app::StageText", "checking the saved weights"), -1},
    // core/zoo
    {core::stage::kReadingFashionMnist,
     QT_TRANSLATE_NOOP("bdl::app::StageText", "reading Fashion-MNIST"), -1},
    {core::stage::kWritingDataFiles,
     QT_TRANSLATE_NOOP("bdl::app::StageText", "writing the data files"), -1},
    {core::stage::kTrainingModel, QT_TRANSLATE_NOOP("bdl::app::StageText", "training model %1"),
     -1},
    {core::stage::kTrainingModelEpoch,
     QT_TRANSLATE_NOOP("bdl::app::StageText", "training model %1, epoch %2/%3"), -1},
    {core::stage::kWaitingForZoo,
     QT_TRANSLATE_NOOP("bdl::app::StageText", "waiting for another process building the zoo"), -1},
    {core::stage::kZooReady, QT_TRANSLATE_NOOP("bdl::app::StageText", "zoo ready"), -1},
    // the Worker's own
    {stage::kActivationsOfRepairedOn,
     QT_TRANSLATE_NOOP("bdl::app::StageText", "activations of B' on %1"), -1},
    {stage::kGoodnetG, QT_TRANSLATE_NOOP("bdl::app::StageText", "G(B, B')"), -1},
    {stage::kGoodnetB0FinePruning,
     QT_TRANSLATE_N_NOOP("bdl::app::StageText", "B0: fine-pruning %n channel(s)"), 0},
    {stage::kGoodnetB0, QT_TRANSLATE_NOOP("bdl::app::StageText", "B0"), -1},
    {stage::kGoodnetGPrime, QT_TRANSLATE_NOOP("bdl::app::StageText", "G'(B0, B')"), -1},
    {stage::kGoodnetCurveOfB, QT_TRANSLATE_NOOP("bdl::app::StageText", "pruning curve of B"), -1},
    {stage::kInspectB, QT_TRANSLATE_NOOP("bdl::app::StageText", "inspect: B"), -1},
    {stage::kBuildingZoo,
     QT_TRANSLATE_NOOP("bdl::app::StageText",
                       "building the demo zoo (%1; about 4 minutes on 2 cores)"),
     -1},
    {stage::kLoading, QT_TRANSLATE_NOOP("bdl::app::StageText", "loading %1"), -1},
    {stage::kDetectingScale, QT_TRANSLATE_NOOP("bdl::app::StageText", "detecting the input scale"),
     -1},
    {stage::kRestoringResults,
     QT_TRANSLATE_NOOP("bdl::app::StageText", "restoring the saved results"), -1},
    {stage::kLoadingCandidate, QT_TRANSLATE_NOOP("bdl::app::StageText", "loading B' candidate #%1"),
     -1},
    {stage::kStripDetail, QT_TRANSLATE_NOOP("bdl::app::StageText", "STRIP detail"), -1},
    {stage::kStripSet, QT_TRANSLATE_NOOP("bdl::app::StageText", "STRIP: %1 %2/%3"), -1},
};

/// Characters of `templ` outside its placeholders: the more, the more specific the template.
int literalLength(const char* templ) {
    int n = 0;
    for (const char* c = templ; *c; ++c) {
        if (c[0] == '%' && c[1] >= '1' && c[1] <= '9')
            ++c;
        else
            ++n;
    }
    return n;
}

/// The entry `english` was made from (most literal characters first), and its arguments.
const Entry* find(const QString& english, std::vector<std::string>* args) {
    const std::string text = english.toStdString();
    const Entry* best = nullptr;
    std::vector<std::string> found;
    for (const Entry& e : kEntries) {
        if ((!best || literalLength(e.reported) > literalLength(best->reported)) &&
            core::stage::match(e.reported, text, &found)) {
            best = &e;
            *args = found;
        }
    }
    return best;
}

/// `templ` with %1, %2, ... replaced by args in one pass (an argument's own "%1" stays).
QString fill(const QString& templ, const QStringList& args) {
    QString out;
    out.reserve(templ.size() + 16);
    for (qsizetype i = 0; i < templ.size(); ++i) {
        const QChar c = templ[i];
        if (c == QLatin1Char('%') && i + 1 < templ.size() && templ[i + 1].isDigit()) {
            const int a = templ[i + 1].digitValue() - 1;
            if (a >= 0 && a < args.size()) {
                out += args[a];
                ++i;
                continue;
            }
        }
        out += c;
    }
    return out;
}

} // namespace

QString StageText::translate(const QString& english) {
    std::vector<std::string> args;
    const Entry* e = find(english, &args);
    if (!e)
        return english;
    QStringList rest;
    int count = -1;
    for (size_t i = 0; i < args.size(); ++i) {
        if (static_cast<int>(i) == e->countArg)
            count = QString::fromStdString(args[i]).toInt();
        else
            rest << QString::fromStdString(args[i]);
    }
    const QString translated = QCoreApplication::translate(kContext, e->source, nullptr, count);
    // Untranslated: the source comes back (with %n filled); the reported English reads better.
    if (e->countArg < 0 ? translated == QLatin1String(e->source)
                        : translated == QString(QLatin1String(e->source))
                                            .replace(QLatin1String("%n"), QString::number(count)))
        return english;
    return fill(translated, rest);
}

QString StageText::templateOf(const QString& english) {
    std::vector<std::string> args;
    const Entry* e = find(english, &args);
    return e ? QLatin1String(e->reported) : QString();
}

QStringList StageText::templates() {
    QStringList out;
    for (const Entry& e : kEntries)
        out << QLatin1String(e.reported);
    return out;
}

QStringList StageText::sources() {
    QStringList out;
    for (const Entry& e : kEntries)
        out << QLatin1String(e.source);
    return out;
}

} // namespace bdl::app
