#pragma once
/// @file model_output.h
/// Writing a repaired model B' (Keras .h5 in the input's layout, TorchScript) and the goodnet
/// G(B, B') TorchScript, as asked by --out / --torchscript / --goodnet-torchscript.
#include "app/cli/arg_parser.h"
#include "app/cli/cli_context.h"

#include <vector>

namespace bdl::core {
class Model;
}

namespace bdl::app {

std::vector<OptionDef> modelOutputOptions();
/// Writes the requested files atomically; returns {"keras": path, ...} for the JSON.
Json writeModelOutputs(CliContext& ctx, const core::Model& b, const core::Model& repaired);
/// Human-readable lines for the written files.
void printModelOutputs(CliContext& ctx, const Json& outputs);

} // namespace bdl::app
