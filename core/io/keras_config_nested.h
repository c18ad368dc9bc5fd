#pragma once
/// @file keras_config_nested.h
/// Private to the keras_config*.cpp files: inlining of Keras models used as layers (nested
/// Functional, Model or Sequential) into one flat Functional model_config, which the layer parser
/// then reads like any other. See "Nested models" in keras_config.h for the rules and names.
#include "core/io/keras_config.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace bdl::core::keras_detail {

struct KerasInlining {
    /// The models nested directly in the top-level model, in layer order.
    std::vector<KerasNestedModel> nested;
    /// Inlined layer name -> where it came from, for error messages
    /// (" in nested model 'backbone'", " in nested model 'backbone' > 'block'").
    std::map<std::string, std::string> where;
};

/// Rewrites `root` (a parsed model_config) in place into a flat Functional config when it has
/// nested models; leaves it untouched when it has none. Throws Error(source, ...) naming the
/// nested model for what cannot be inlined (shared, several inputs or outputs, call arguments,
/// unknown inbound layers, nesting deeper than 32), and nlohmann::json exceptions for values of
/// the wrong JSON type (the caller reports those as a malformed model_config).
KerasInlining inlineNestedModels(nlohmann::json& root, const std::string& source);

} // namespace bdl::core::keras_detail
