#pragma once
/// @file tune_options.h
/// Options shared by the commands that fine-tune (fine-prune, sweep, goodnet, export).
#include "app/cli/arg_parser.h"
#include "core/nn/finetune.h"

#include <vector>

namespace bdl::app {

/// --lr, --epochs, --batch-size (the paper: 1e-3, 10 epochs).
std::vector<OptionDef> tuneOptions(int defaultEpochs = 10);
core::FineTuneConfig tuneConfig(const ParsedArgs& args, uint64_t seed, int defaultEpochs = 10);
/// Parses "1e-2,1e-3" style lists; throws UsageError naming the option.
std::vector<double> numberList(const ParsedArgs& args, const std::string& name,
                               std::vector<double> fallback);

} // namespace bdl::app
