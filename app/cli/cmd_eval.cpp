// backdoorlab-cli eval: clean accuracy and attack success rate per poisoned set, optionally with
// a per-image predictions CSV.
#include "app/cli/cli_context.h"
#include "app/cli/commands.h"
#include "app/cli/table.h"
#include "core/base/atomic_file.h"
#include "core/nn/metrics.h"

#include <sstream>

namespace bdl::app {

namespace {

std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos)
        return s;
    std::string q = "\"";
    for (char c : s)
        q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

void appendPredictions(std::ostringstream& csv, const core::Model& m, const core::Dataset& d,
                       core::Feedback* fb) {
    const auto probs = core::predictProbabilities(m, d.images, fb);
    const auto [maxProb, pred] = probs.max(1);
    for (int64_t i = 0; i < d.size(); ++i) {
        const int64_t label = d.labels[i].item<int64_t>();
        csv << csvField(d.name) << "," << csvField(d.itemNames.at(i)) << ","
            << (label >= 0 ? std::to_string(label) : "") << ","
            << (d.poisoned() ? std::to_string(d.targets[i].item<int64_t>()) : "") << ","
            << pred[i].item<int64_t>() << "," << fixed(maxProb[i].item<double>(), 6) << "\n";
    }
}

int runEval(CliContext& ctx) {
    const auto& m = ctx.model().model;
    const auto& clean = ctx.clean();
    const auto& poisoned = ctx.poisoned();
    const auto report = core::evaluate(m, clean, poisoned, ctx.feedback());
    if (ctx.args().has("predictions")) {
        std::ostringstream csv;
        csv << "set,file,label,target,predicted,max_probability\n";
        appendPredictions(csv, m, clean, ctx.feedback());
        for (const auto& p : poisoned)
            appendPredictions(csv, m, p, ctx.feedback());
        core::writeFileAtomically(ctx.args().value("predictions"), csv.str());
    }
    Json j = ctx.describeInputs();
    j["cca"] = report.cca;
    j["n_clean"] = report.nClean;
    j["clean"] = clean.name;
    Json asr = Json::object();
    Json sizes = Json::object();
    for (const auto& s : report.asr) {
        asr[s.name] = s.asr;
        sizes[s.name] = s.n;
    }
    j["asr"] = asr;
    j["n_poisoned"] = sizes;
    if (ctx.args().has("predictions"))
        j["predictions"] = ctx.args().value("predictions");
    if (ctx.json()) {
        ctx.out() << j.dump() << "\n";
        return kExitOk;
    }
    auto& o = ctx.out();
    o << "Model  " << ctx.model().source << "  (scale " << j["scale"].get<std::string>()
      << (ctx.scale().detected ? ", auto-detected" : "") << ")\n";
    Table t({"set", "images", "metric", "%"});
    t.row({clean.name, std::to_string(report.nClean), "CCA", fixed(report.cca)});
    for (const auto& s : report.asr)
        t.row({s.name, std::to_string(s.n), "ASR", fixed(s.asr)});
    t.print(o);
    if (ctx.args().has("predictions"))
        o << "Predictions written to " << ctx.args().value("predictions") << "\n";
    return kExitOk;
}

} // namespace

CommandDef evalCommand() {
    auto opts = commonOptions();
    opts.push_back({"predictions", "FILE.csv",
                    "write set, file, label, target, predicted, max probability per image"});
    return {"eval", "clean accuracy (CCA) and attack success rate (ASR) per poisoned set",
            "",     opts,
            0,      runEval};
}

} // namespace bdl::app
