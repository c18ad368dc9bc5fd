#include "core/base/stage_text.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace bdl::core::stage {

namespace {

/// A template cut into literal text and placeholders (%1 -> index 0).
struct Piece {
    std::string literal; ///< empty for a placeholder
    int arg = -1;        ///< the placeholder's argument index, or -1 for literal text
};

std::vector<Piece> split(const char* templ) {
    std::vector<Piece> pieces;
    std::string literal;
    const size_t n = std::strlen(templ);
    for (size_t i = 0; i < n; ++i) {
        if (templ[i] == '%' && i + 1 < n &&
            std::isdigit(static_cast<unsigned char>(templ[i + 1]))) {
            if (!literal.empty())
                pieces.push_back(Piece{literal, -1});
            literal.clear();
            pieces.push_back(Piece{std::string(), templ[i + 1] - '1'});
            ++i;
        } else {
            literal += templ[i];
        }
    }
    if (!literal.empty())
        pieces.push_back(Piece{literal, -1});
    return pieces;
}

bool matchFrom(const std::vector<Piece>& pieces, size_t i, const std::string& text, size_t pos,
               std::vector<std::string>& args) {
    if (i == pieces.size())
        return pos == text.size();
    const Piece& p = pieces[i];
    if (p.arg < 0)
        return text.compare(pos, p.literal.size(), p.literal) == 0 &&
               matchFrom(pieces, i + 1, text, pos + p.literal.size(), args);
    // Longest argument first, so that a name containing the next literal stays whole.
    for (size_t len = text.size() - pos; len >= 1; --len) {
        args[static_cast<size_t>(p.arg)] = text.substr(pos, len);
        if (matchFrom(pieces, i + 1, text, pos + len, args))
            return true;
    }
    return false;
}

} // namespace

const std::vector<const char*>& templates() {
    static const std::vector<const char*> all{kActivationsOf,
                                              kPredicting,
                                              kFineTuning,
                                              kFineTuningEpoch,
                                              kRanking,
                                              kPruning,
                                              kPruningStep,
                                              kFinePruningStep,
                                              kSweepCell,
                                              kRecreatingCell,
                                              kStrip,
                                              kReading,
                                              kReadingImages,
                                              kCheckingSavedWeights,
                                              kReadingFashionMnist,
                                              kWritingDataFiles,
                                              kTrainingModel,
                                              kTrainingModelEpoch,
                                              kWaitingForZoo,
                                              kZooReady};
    return all;
}

std::string format(const char* templ, const std::vector<std::string>& args) {
    std::string out;
    const size_t n = std::strlen(templ);
    for (size_t i = 0; i < n; ++i) {
        const bool placeholder =
            templ[i] == '%' && i + 1 < n && std::isdigit(static_cast<unsigned char>(templ[i + 1]));
        const int a = placeholder ? templ[i + 1] - '1' : -1;
        if (placeholder && a >= 0 && static_cast<size_t>(a) < args.size()) {
            out += args[static_cast<size_t>(a)];
            ++i;
        } else {
            out += templ[i];
        }
    }
    return out;
}

bool match(const char* templ, const std::string& text, std::vector<std::string>* args) {
    const std::vector<Piece> pieces = split(templ);
    int count = 0;
    for (const Piece& p : pieces)
        count = std::max(count, p.arg + 1);
    std::vector<std::string> found(static_cast<size_t>(count));
    if (!matchFrom(pieces, 0, text, 0, found))
        return false;
    if (args)
        *args = std::move(found);
    return true;
}

} // namespace bdl::core::stage
