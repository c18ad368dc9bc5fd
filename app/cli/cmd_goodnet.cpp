// backdoorlab-cli goodnet: G(B, B') (B's label where B and B' agree, else class N) and the paper's
// improved G'(B0, B'); scores on data sets, or the labels of one image like the paper's eval.py.
#include "app/cli/cli_context.h"
#include "app/cli/commands.h"
#include "app/cli/table.h"
#include "app/cli/tune_options.h"
#include "core/io/data_io.h"
#include "core/io/import_client.h"
#include "core/base/errors.h"
#include "core/defenses/goodnet.h"
#include "core/nn/metrics.h"

namespace bdl::app {

namespace {

/// Loads --repaired or --b0 with its own input scale (the paper's repaired nets need raw pixels
/// while the CSAW BadNets need 1/255).
core::LoadedModel loadOther(CliContext& ctx, const std::string& pathOpt,
                            const std::string& scaleOpt, Json& info) {
    core::LoadedModel m = ctx.openModel(ctx.args().value(pathOpt));
    const std::string text = ctx.args().value(scaleOpt, "auto");
    core::InputScale s;
    if (text == "auto") {
        if (!ctx.hasClean())
            throw UsageError("--" + scaleOpt + " auto needs --clean; or give 1/255 or raw");
        const auto det = core::detectInputScale(m.model, ctx.clean(), ctx.feedback());
        info = {{"path", m.source},
                {"scale", core::inputScaleName(det.chosen)},
                {"scale_detection", {{"acc_unit", det.accUnit}, {"acc_raw", det.accRaw}}}};
        return m;
    }
    if (!core::parseInputScale(text, &s))
        throw UsageError("--" + scaleOpt + " must be auto, 1/255 or raw, got '" + text + "'");
    m.model.setInputScale(s);
    info = {{"path", m.source}, {"scale", core::inputScaleName(s)}};
    return m;
}

Json reportJson(const core::GoodnetReport& r) {
    Json sets = Json::object();
    for (const auto& s : r.poisoned)
        sets[s.name] = {{"asr", s.asr}, {"rejected", s.rejectRate}, {"n", s.n}};
    return {{"cca", r.cca},
            {"clean_rejected", r.cleanRejectRate},
            {"n_clean", r.nClean},
            {"poisoned", sets}};
}

int runImage(CliContext& ctx, const core::Model& b, const core::Model& bp, const core::Model* b0,
             Json j) {
    core::DataSpec spec;
    spec.path = ctx.args().positionals()[0];
    spec.channels = b.inputShape()[2];
    spec.modelInput = b.inputShape();
    const core::Dataset img = core::importDataset(spec, ctx.feedback());
    if (img.size() != 1)
        throw core::Error(spec.path, "expected one image, found " + std::to_string(img.size()));
    const auto x = img.images;
    const int64_t lb = core::predictLabels(b, x)[0].item<int64_t>();
    const int64_t lbp = core::predictLabels(bp, x)[0].item<int64_t>();
    const int64_t g = core::goodnetLabel(b, bp, x);
    j["image"] = spec.path;
    j["n_class"] = b.numClasses();
    j["b"] = lb;
    j["b_prime"] = lbp;
    j["g"] = g;
    if (b0)
        j["g_prime"] = core::goodnetLabel(*b0, bp, x);
    if (ctx.json()) {
        ctx.out() << j.dump() << "\n";
        return kExitOk;
    }
    auto& o = ctx.out();
    o << "image " << spec.path << "\n";
    o << "  B:          " << lb << "\n  B':         " << lbp << "\n  G(B, B'):   " << g
      << (g == b.numClasses() ? "  (N: poisoned)" : "") << "\n";
    if (b0) {
        const int64_t gp = j["g_prime"];
        o << "  G'(B0, B'): " << gp << (gp == b.numClasses() ? "  (N: poisoned)" : "") << "\n";
    }
    return kExitOk;
}

int runGoodnet(CliContext& ctx) {
    if (!ctx.args().has("repaired"))
        throw UsageError("--repaired PATH (the fine-pruned B') is required");
    const core::Model& b = ctx.model().model;
    Json j = ctx.describeInputs();
    Json bpInfo, b0Info;
    const auto bp = loadOther(ctx, "repaired", "repaired-scale", bpInfo);
    if (bp.model.numClasses() != b.numClasses())
        throw core::Error(bp.source, "has " + std::to_string(bp.model.numClasses()) +
                                         " classes but B has " + std::to_string(b.numClasses()));
    j["repaired"] = bpInfo;
    std::optional<core::Model> b0;
    if (ctx.args().has("b0")) {
        b0.emplace(loadOther(ctx, "b0", "b0-scale", b0Info).model);
        j["b0"] = b0Info;
    } else if (const auto k0 = ctx.args().integer("b0-channels", 0, 0, 1 << 20); k0 > 0) {
        b0.emplace(core::makeB0(b, ctx.train(), k0, tuneConfig(ctx.args(), ctx.seed()),
                                std::string(), ctx.feedback()));
        j["b0"] = {{"fine_pruned_channels", k0}, {"trained_on", ctx.train().name}};
    }
    if (!ctx.args().positionals().empty())
        return runImage(ctx, b, bp.model, b0 ? &*b0 : nullptr, j);
    const auto& clean = ctx.clean();
    const auto& poisoned = ctx.poisoned();
    const auto rb = core::evaluate(b, clean, poisoned, ctx.feedback());
    const auto rbp = core::evaluate(bp.model, clean, poisoned, ctx.feedback());
    const auto g = core::goodnet(b, bp.model, clean, poisoned, ctx.feedback());
    j["n_class"] = g.rejectClass;
    j["b_scores"] = scoresJson(rb);
    j["b_prime_scores"] = scoresJson(rbp);
    j["g"] = reportJson(g);
    std::optional<core::GoodnetReport> gp;
    if (b0) {
        gp = core::goodnet(*b0, bp.model, clean, poisoned, ctx.feedback());
        j["b0_scores"] = scoresJson(core::evaluate(*b0, clean, poisoned, ctx.feedback()));
        j["g_prime"] = reportJson(*gp);
    }
    if (ctx.json()) {
        ctx.out() << j.dump() << "\n";
        return kExitOk;
    }
    std::vector<std::string> header{"model", "CCA %", "clean rejected %"};
    for (const auto& p : poisoned)
        header.push_back("ASR % " + p.name);
    Table t(header);
    auto evalRow = [&](const char* name, const core::EvalReport& e) {
        std::vector<std::string> c{name, fixed(e.cca), "-"};
        for (const auto& s : e.asr)
            c.push_back(fixed(s.asr));
        t.row(c);
    };
    auto gRow = [&](const char* name, const core::GoodnetReport& r) {
        std::vector<std::string> c{name, fixed(r.cca), fixed(r.cleanRejectRate)};
        for (const auto& s : r.poisoned)
            c.push_back(fixed(s.asr) + " (" + fixed(s.rejectRate, 0) + " % N)");
        t.row(c);
    };
    evalRow("B", rb);
    evalRow("B'", rbp);
    gRow("G(B, B')", g);
    if (gp)
        gRow("G'(B0, B')", *gp);
    ctx.out() << "Goodnet: class N = " << g.rejectClass
              << " marks inputs where the two nets disagree\n";
    t.print(ctx.out());
    return kExitOk;
}

} // namespace

CommandDef goodnetCommand() {
    auto opts = commonOptions();
    opts.push_back({"repaired", "PATH", "the repaired net B' (Keras .h5)"});
    opts.push_back({"repaired-scale", "S", "input scale of B': auto, 1/255 or raw", false, "auto"});
    opts.push_back({"b0", "PATH", "B0 for G'(B0, B') (Keras .h5)"});
    opts.push_back({"b0-scale", "S", "input scale of --b0", false, "auto"});
    opts.push_back({"b0-channels", "K0", "make B0 by fine-pruning K0 channels of B on --train",
                    false, "0: no G'"});
    for (auto& o : tuneOptions())
        opts.push_back(o);
    return {"goodnet",
            "G(B, B') and G'(B0, B'): scores per set, or the labels of one IMAGE",
            "With an IMAGE argument prints the labels of B, B', G (and G') like the paper's "
            "eval.py; class N (= number of classes) means 'poisoned'.",
            opts,
            1,
            runGoodnet};
}

} // namespace bdl::app
