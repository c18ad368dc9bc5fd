#pragma once
// Private to core/io/keras_config*.cpp: the parser of a Keras model_config (keras_config.h). Its
// layer settings are read in keras_config.cpp, the graph (Sequential / Functional, inbound
// nodes, topological order) is assembled in keras_config_graph.cpp.
#include "core/base/errors.h"
#include "core/io/keras_config.h"

#include <nlohmann/json.hpp>

#include <array>
#include <map>
#include <string>
#include <vector>

namespace bdl::core::keras_detail {

using nlohmann::json;

/// Sizes (filters, kernel, units, input extents) above this are refused as absurd before they
/// can overflow an int.
constexpr int64_t kMaxSize = int64_t(1) << 24;

/// One layer entry of the config, with the context needed for error messages.
struct LayerEntry {
    std::string name;
    std::string cls;
    const json* config = nullptr;
    const json* raw = nullptr;
};

class ConfigParser {
public:
    /// `where` names the nested model an inlined layer came from (keras_config_nested.h).
    explicit ConfigParser(std::string source, std::map<std::string, std::string> where = {})
        : m_source(std::move(source)), m_where(std::move(where)) {}

    ModelSpec parse(const json& root);

private:
    [[noreturn]] void fail(const std::string& what) const { throw Error(m_source, what); }
    [[noreturn]] void fail(const LayerEntry& e, const std::string& what) const {
        auto where = m_where.find(e.name);
        throw Error(m_source, "layer '" + e.name + "' (" + e.cls + ")" +
                                  (where == m_where.end() ? std::string() : where->second) + ": " +
                                  what);
    }

    LayerEntry entry(const json& layer) const;
    LayerSpec parseLayer(const LayerEntry& e) const;
    void parseInput(const LayerEntry& e, LayerSpec& l, const json& shape) const;
    void parseConv(const LayerEntry& e, LayerSpec& l) const;
    void parsePool(const LayerEntry& e, LayerSpec& l) const;
    void parseBatchNorm(const LayerEntry& e, LayerSpec& l) const;
    void parseRelu(const LayerEntry& e, LayerSpec& l) const;
    void parseZeroPadding(const LayerEntry& e, LayerSpec& l) const;
    int nonNegativeInt(const LayerEntry& e, const json& v, const char* key) const;
    ActivationKind activation(const LayerEntry& e, const char* key) const;
    int positiveInt(const LayerEntry& e, const json& v, const char* key) const;
    std::array<int, 2> pair(const LayerEntry& e, const char* key, std::array<int, 2> dflt) const;
    double number(const LayerEntry& e, const char* key, double dflt) const;
    bool boolean(const LayerEntry& e, const char* key, bool dflt) const;
    void requireChannelsLast(const LayerEntry& e) const;
    bool padding(const LayerEntry& e) const;

    /// Records a Rescaling with per-channel lists (see KerasFoldedLayers); false for scalars.
    bool perChannelRescaling(const LayerEntry& e) const;
    /// Takes the recorded per-channel Rescaling layers out of the graph into *out.
    void foldPerChannel(ModelSpec& spec, KerasFoldedLayers* out) const;

    ModelSpec parseSequential(const json& config);
    ModelSpec parseFunctional(const json& config);
    std::vector<std::string> inboundOf(const LayerEntry& e) const;
    std::string singleEndpoint(const json& list, const char* what) const;
    void sortTopologically(ModelSpec& spec) const;

    std::string m_source;
    std::map<std::string, std::string> m_where;
    /// Rescaling layers with per-channel scale/offset lists, by name.
    struct PerChannel {
        std::vector<double> scale, offset;
    };
    mutable std::map<std::string, PerChannel> m_perChannel;

public:
    ModelSpec parseWithAffine(const json& root, KerasFoldedLayers* out) {
        ModelSpec spec = parse(root);
        foldPerChannel(spec, out);
        return spec;
    }
};

} // namespace bdl::core::keras_detail
