// STRIP's result JSON for strip, audit and merge (see strip_result.h).
#include "app/cli/strip_result.h"

#include "core/base/errors.h"

#include <cmath>

namespace bdl::app {

namespace {

Json finiteOrNull(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

} // namespace

core::ThresholdRule parseThresholdRule(const std::string& r) {
    if (r == "normal")
        return core::ThresholdRule::NormalFit;
    if (r == "percentile")
        return core::ThresholdRule::Percentile;
    if (r == "eer")
        return core::ThresholdRule::EqualError;
    throw UsageError("--rule must be normal, percentile or eer, got '" + r + "'");
}

const char* thresholdRuleName(core::ThresholdRule r) {
    switch (r) {
    case core::ThresholdRule::NormalFit:
        return "normal";
    case core::ThresholdRule::Percentile:
        return "percentile";
    case core::ThresholdRule::EqualError:
        return "eer";
    }
    return "?";
}

core::StripReport finishStripResult(Json& j, const StripEntropyParts& d) {
    const auto rule = parseThresholdRule(j.at("threshold").at("rule").get<std::string>());
    const double frr = j.at("threshold").at("target_frr").get<double>();
    const auto report = core::stripReport(d.calibration.entropy, d.clean, d.poisoned, rule, frr);
    j["calibration"]["frr"] = report.calibrationFrr;
    j["threshold"]["value"] = finiteOrNull(report.threshold.value);
    j["threshold"]["uses_poisoned_data"] = report.threshold.usesPoisonedData;
    j["clean"] = {{"name", d.clean.name},
                  {"n", report.nClean},
                  {"frr", finiteOrNull(report.cleanFrr)},
                  {"cca", finiteOrNull(report.cca)},
                  {"entropy", d.clean.entropy}};
    Json sets = Json::array();
    for (size_t i = 0; i < report.sets.size(); ++i) {
        const auto& s = report.sets[i];
        sets.push_back({{"name", s.name},
                        {"n", s.n},
                        {"threshold", s.threshold},
                        {"frr", s.frr},
                        {"far", s.far},
                        {"auroc", s.auroc},
                        {"asr", s.asr},
                        {"cca", s.cca},
                        {"entropy", d.poisoned[i].entropy}});
    }
    j["poisoned"] = sets;
    return report;
}

Json stripSetDataJson(const core::StripSetData& d) {
    return {{"name", d.name},
            {"entropy", d.entropy},
            {"predicted", d.predicted},
            {"reference", d.reference}};
}

core::StripSetData stripSetDataFromJson(const Json& j, const std::string& source) {
    const auto bad = [&](const std::string& what) {
        return core::Error(source, "malformed STRIP part: " + what);
    };
    if (!j.is_object() || !j.contains("name") || !j["name"].is_string())
        throw bad("a set without a name");
    core::StripSetData d;
    d.name = j["name"].get<std::string>();
    for (const char* key : {"entropy", "predicted", "reference"})
        if (!j.contains(key) || !j[key].is_array())
            throw bad("set '" + d.name + "' has no '" + key + "' list");
    for (const auto& v : j["entropy"]) {
        if (!v.is_number())
            throw bad("set '" + d.name + "' has a non-numeric entropy");
        d.entropy.push_back(v.get<double>());
    }
    for (const auto& v : j["predicted"]) {
        if (!v.is_number_integer())
            throw bad("set '" + d.name + "' has a non-integer prediction");
        d.predicted.push_back(v.get<int64_t>());
    }
    for (const auto& v : j["reference"]) {
        if (!v.is_number_integer())
            throw bad("set '" + d.name + "' has a non-integer label");
        d.reference.push_back(v.get<int64_t>());
    }
    if (d.predicted.size() != d.entropy.size() || d.reference.size() != d.entropy.size())
        throw bad("set '" + d.name + "' has lists of different lengths");
    return d;
}

void appendStripSetData(core::StripSetData& to, const core::StripSetData& from) {
    if (to.name.empty())
        to.name = from.name;
    to.entropy.insert(to.entropy.end(), from.entropy.begin(), from.entropy.end());
    to.predicted.insert(to.predicted.end(), from.predicted.begin(), from.predicted.end());
    to.reference.insert(to.reference.end(), from.reference.begin(), from.reference.end());
}

} // namespace bdl::app
