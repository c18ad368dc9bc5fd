// backdoorlab-cli prune: the pruning-only curve (CCA and ASR for k = 0..C channels pruned in
// increasing mean-activation order on clean data), from activations cached once.
#include "app/cli/cli_context.h"
#include "app/cli/commands.h"
#include "app/cli/table.h"
#include "core/nn/activations.h"
#include "core/base/atomic_file.h"
#include "core/base/feedback.h"
#include "core/defenses/pruning.h"

namespace bdl::app {

namespace {

Json curveJson(const core::PruningCurve& c) {
    Json points = Json::array();
    for (const auto& p : c.points) {
        Json asr = Json::object();
        for (size_t i = 0; i < p.asr.size(); ++i)
            asr[c.poisonedNames[i]] = p.asr[i];
        points.push_back({{"k", p.k}, {"channel", p.channel}, {"cca", p.cca}, {"asr", asr}});
    }
    return {{"layer", c.layer},     {"channels", c.order.size()},
            {"order", c.order},     {"channel_means", c.channelMeans},
            {"dormant", c.dormant}, {"fast_path", c.fastPath},
            {"curve", points}};
}

void printCurve(CliContext& ctx, const core::PruningCurve& c, int64_t every) {
    auto& o = ctx.out();
    const auto channels = static_cast<int64_t>(c.order.size());
    o << "Pruning " << c.layer << ": " << channels << " channels, " << c.dormant.size()
      << " dormant on the ranking set; CCA on " << c.cleanName << "\n";
    std::vector<std::string> header{"k", "pruned %", "channel", "CCA %"};
    for (const auto& n : c.poisonedNames)
        header.push_back("ASR % " + n);
    Table t(header);
    const auto last = static_cast<int64_t>(c.points.size()) - 1;
    for (const auto& p : c.points) {
        if (every > 1 && p.k % every != 0 && p.k != last)
            continue;
        std::vector<std::string> cells{
            std::to_string(p.k), fixed(100.0 * p.k / std::max<int64_t>(channels, 1), 1),
            p.channel < 0 ? "-" : std::to_string(p.channel), fixed(p.cca)};
        for (double a : p.asr)
            cells.push_back(fixed(a));
        t.row(cells);
    }
    t.print(o);
    if (!c.fastPath && !c.fastPathNote.empty())
        o << "(generic evaluator: " << c.fastPathNote << ")\n";
}

/// Per-channel mean activations and mean feature maps of the pruned layer on every data set
/// (before pruning), for heatmaps: written as one JSON file.
Json activationsJson(CliContext& ctx, const core::Model& m, const std::string& layer) {
    std::vector<const core::Dataset*> sets{&ctx.clean()};
    for (const auto& p : ctx.poisoned())
        sets.push_back(&p);
    Json out = Json::array();
    for (const auto* d : sets) {
        const auto acts =
            core::layerActivations(m, d->images, layer, core::ProgressScope(ctx.feedback()));
        const auto s = core::summarizeActivations(acts, layer, d->name);
        Json maps = Json::array();
        const size_t plane = static_cast<size_t>(s.height * s.width);
        for (int64_t c = 0; c < s.channels; ++c)
            maps.push_back(std::vector<float>(s.meanMap.begin() + c * plane,
                                              s.meanMap.begin() + (c + 1) * plane));
        out.push_back({{"set", d->name},
                       {"channel_means", s.channelMeans},
                       {"dormant", s.dormant},
                       {"height", s.height},
                       {"width", s.width},
                       {"mean_maps", maps}});
    }
    return out;
}

int runPrune(CliContext& ctx) {
    const auto& m = ctx.model().model;
    core::PruneConfig cfg;
    cfg.layer = ctx.args().value("layer");
    cfg.maxChannels = ctx.args().integer("max-channels", -1, -1, 1 << 20);
    const auto& rank = ctx.train();
    const auto curve =
        core::pruningCurve(m, rank, ctx.clean(), ctx.poisoned(), cfg, ctx.feedback());
    if (ctx.args().has("activations")) {
        const Json acts{{"layer", curve.layer}, {"sets", activationsJson(ctx, m, curve.layer)}};
        core::writeFileAtomically(ctx.args().value("activations"), acts.dump() + "\n");
    }
    if (ctx.json()) {
        Json j = ctx.describeInputs();
        j["ranked_on"] = rank.name;
        j["in_sample"] = ctx.trainIsClean(); // ranked on the clean test set it is scored on
        j.update(curveJson(curve));
        ctx.out() << j.dump() << "\n";
        return kExitOk;
    }
    ctx.out() << "Channels ranked on " << rank.name
              << (ctx.trainIsClean() ? " (no --train given: the clean test set)" : "") << "\n";
    printCurve(ctx, curve, ctx.args().integer("every", 1, 1, 1 << 20));
    return kExitOk;
}

} // namespace

CommandDef pruneCommand() {
    auto opts = commonOptions();
    opts.push_back({"layer", "NAME", "layer whose channels are pruned", false,
                    "last conv after its pooling (pool_3)"});
    opts.push_back({"max-channels", "N", "stop after N channels", false, "all"});
    opts.push_back({"activations", "FILE.json",
                    "write per-channel means and mean feature maps of the layer per data set"});
    opts.push_back({"every", "N", "table: show every N-th point (JSON has all)", false, "1"});
    return {"prune", "pruning-only curve: CCA/ASR for k = 0..C channels pruned (Liu et al. order)",
            "",      opts,
            0,       runPrune};
}

} // namespace bdl::app
