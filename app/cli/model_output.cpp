#include "app/cli/model_output.h"

#include "core/io/keras_io.h"
#include "core/nn/model.h"
#include "core/io/torchscript_export.h"

#include <ostream>

namespace bdl::app {

std::vector<OptionDef> modelOutputOptions() {
    return {
        {"out", "PATH.h5",
         "write B' as Keras weights (same layout as --model; a TorchScript model as a Keras whole "
         "model where Keras can express its layers)"},
        {"torchscript", "PATH.pt", "write B' as TorchScript (raw images in, probabilities out)"},
        {"goodnet-torchscript", "PATH.pt", "write G(B, B') as TorchScript (labels; N = reject)"},
    };
}

Json writeModelOutputs(CliContext& ctx, const core::Model& b, const core::Model& repaired) {
    Json j = Json::object();
    core::Model baked = repaired;
    baked.bakeChannelMasks(); // so a Keras reader, which knows no masks, sees the pruning
    if (ctx.args().has("out")) {
        const std::string path = ctx.args().value("out");
        core::saveKerasWeights(baked, path, &ctx.model());
        j["keras"] = path;
    }
    if (ctx.args().has("torchscript")) {
        const std::string path = ctx.args().value("torchscript");
        core::saveTorchScript(baked, path);
        j["torchscript"] = path;
    }
    if (ctx.args().has("goodnet-torchscript")) {
        const std::string path = ctx.args().value("goodnet-torchscript");
        core::saveGoodnetTorchScript(b, baked, path);
        j["goodnet_torchscript"] = path;
    }
    return j;
}

void printModelOutputs(CliContext& ctx, const Json& outputs) {
    if (outputs.contains("keras"))
        ctx.out() << "B' written to " << outputs["keras"].get<std::string>()
                  << (ctx.model().format == core::ModelFormat::TorchScript
                          ? " (Keras whole model, translated from TorchScript)\n"
                          : " (Keras weights)\n");
    if (outputs.contains("torchscript"))
        ctx.out() << "B' written to " << outputs["torchscript"].get<std::string>()
                  << " (TorchScript)\n";
    if (outputs.contains("goodnet_torchscript"))
        ctx.out() << "G(B, B') written to " << outputs["goodnet_torchscript"].get<std::string>()
                  << " (TorchScript)\n";
}

} // namespace bdl::app
