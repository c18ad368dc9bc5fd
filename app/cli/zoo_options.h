#pragma once
/// @file zoo_options.h
/// The options that describe a demo zoo (shared by `zoo`, `demo` and --model zoo:ID).
#include "app/cli/arg_parser.h"
#include "core/zoo/zoo.h"

#include <string>
#include <vector>

namespace bdl::app {

/// --seed, --epochs, --train-images, --validation-images, --test-images, --source, --threads,
/// --json, --quiet, --help.
std::vector<OptionDef> zooOptions();
/// The configuration those options describe (defaults: the full demo zoo). `explicitly` tells
/// whether any of them was given.
core::ZooConfig zooConfigFromArgs(const ParsedArgs& a, bool* explicitly = nullptr);
/// The zoo folder: option `name` when given, else core::defaultZooDir().
std::string zooDirFromArgs(const ParsedArgs& a, const std::string& name);

} // namespace bdl::app
