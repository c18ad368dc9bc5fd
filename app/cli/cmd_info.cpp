// backdoorlab-cli info: what a model file holds (layers, shapes, scale, prunable layer) and what
// the given data sets hold.
#include "app/cli/cli_context.h"
#include "app/cli/commands.h"
#include "core/nn/model.h"

#include <ostream>

namespace bdl::app {

namespace {

Json shapeJson(const core::TensorShape& s) { return Json(s.dims); }

std::string shapeText(const core::TensorShape& s) {
    std::string t;
    for (size_t i = 0; i < s.dims.size(); ++i)
        t += (i ? "x" : "") + std::to_string(s.dims[i]);
    return t;
}

Json datasetJson(const core::Dataset& d) {
    Json j{{"name", d.name}, {"path", d.source}, {"images", d.size()}};
    if (d.size() > 0) {
        j["shape"] = std::vector<int64_t>(d.images.sizes().begin() + 1, d.images.sizes().end());
        j["pixel_min"] = d.images.min().item<double>();
        j["pixel_max"] = d.images.max().item<double>();
    }
    if (d.poisoned()) {
        const auto u = std::get<0>(at::_unique(d.targets));
        j["targets"] =
            std::vector<int64_t>(u.data_ptr<int64_t>(), u.data_ptr<int64_t>() + u.numel());
    }
    return j;
}

int runInfo(CliContext& ctx) {
    ctx.allowUndeterminedScale(); // a model is described without data
    auto& loaded = ctx.model();
    const core::Model& m = loaded.model;
    Json j = ctx.describeInputs();
    Json layers = Json::array();
    int64_t totalParams = 0;
    for (const auto& l : m.spec().layers) {
        int64_t params = 0;
        for (const auto& t : m.kerasWeights(l.name))
            params += t.numel();
        totalParams += params;
        Json lj{{"name", l.name},
                {"class", core::layerKindName(l.kind)},
                {"output", shapeJson(m.outputShape(l.name))},
                {"params", params}};
        if (!l.inputs.empty())
            lj["inputs"] = l.inputs;
        layers.push_back(lj);
    }
    j["layers"] = layers;
    j["params"] = totalParams;
    j["prune_layer"] = m.defaultPruneLayer();
    j["prune_channels"] = m.outputShape(m.defaultPruneLayer()).channels();
    Json prunable = Json::array();
    for (const auto& p : m.prunableLayers())
        prunable.push_back({{"conv", p.conv},
                            {"layer", p.output},
                            {"channels", p.channels},
                            {"cut_point", p.cutPoint}});
    j["prunable"] = prunable;
    if (ctx.hasClean())
        j["clean"] = datasetJson(ctx.clean());
    Json ps = Json::array();
    for (const auto& p : ctx.poisoned())
        ps.push_back(datasetJson(p));
    if (!ps.empty())
        j["poisoned"] = ps;
    if (ctx.json()) {
        ctx.out() << j.dump() << "\n";
        return kExitOk;
    }
    auto& o = ctx.out();
    o << "Model      " << loaded.source << " (" << j["model"]["format"].get<std::string>() << ", "
      << m.numClasses() << " classes, " << totalParams << " parameters)\n";
    if (ctx.scale().undetermined)
        o << "Scale      not determined (--scale auto compares both scales on clean data: give "
             "--clean PATH, or --scale 1/255 or raw)";
    else
        o << "Scale      " << j["scale"].get<std::string>();
    if (ctx.scale().detected)
        o << "  (auto: clean accuracy " << fixed(ctx.scale().accUnit) << " % at 1/255, "
          << fixed(ctx.scale().accRaw) << " % raw, on " << ctx.scale().detectedOn << ")";
    if (m.inputNormalization().empty())
        o << "\n";
    else
        o << "\nNormalize  " << j["model"]["normalization"].get<std::string>() << "\n";
    o << "Input      " << m.inputShape()[0] << " x " << m.inputShape()[1] << " x "
      << m.inputShape()[2] << " (H x W x C)\n";
    o << "Prunable   " << j["prune_layer"].get<std::string>() << " ("
      << j["prune_channels"].get<int64_t>() << " channels, the default; --layer picks another)\n";
    for (const auto& p : j["prunable"])
        o << "           " << p["conv"].get<std::string>()
          << (p["layer"] == p["conv"] ? std::string()
                                      : " -> masked at " + p["layer"].get<std::string>())
          << " (" << p["channels"].get<int64_t>() << " channels)\n";
    o << "\n";
    o << "  layer            class                 output        params  inputs\n";
    for (const auto& l : j["layers"]) {
        std::string name = l["name"], cls = l["class"];
        std::string shape = shapeText(m.outputShape(name));
        std::string ins;
        if (l.contains("inputs"))
            for (const auto& i : l["inputs"])
                ins += (ins.empty() ? "" : ", ") + i.get<std::string>();
        o << "  " << name << std::string(name.size() < 17 ? 17 - name.size() : 1, ' ') << cls
          << std::string(cls.size() < 22 ? 22 - cls.size() : 1, ' ') << shape
          << std::string(shape.size() < 14 ? 14 - shape.size() : 1, ' ')
          << l["params"].get<int64_t>() << "  " << ins << "\n";
    }
    auto dataLine = [&](const char* role, const Json& d) {
        o << role << d["name"].get<std::string>() << ": " << d["images"].get<int64_t>()
          << " images from " << d["path"].get<std::string>() << "\n";
    };
    if (j.contains("clean") || j.contains("poisoned"))
        o << "\n";
    if (j.contains("clean"))
        dataLine("Clean      ", j["clean"]);
    if (j.contains("poisoned"))
        for (const auto& p : j["poisoned"])
            dataLine("Poisoned   ", p);
    return kExitOk;
}

} // namespace

CommandDef infoCommand() {
    return {"info", "describe a model file and data sets", "", commonOptions(), 0, runInfo};
}

} // namespace bdl::app
