#pragma once
/// @file import_format_internal.h
/// Shared by import_format.cpp (reading), import_format_write.cpp and import_format_spec.cpp only
/// (not part of the core API): the tensor dtypes on the wire, the checked JSON accessors of the
/// import header and the ModelSpec <-> JSON mapping.
#include "core/io/import_format.h"
#include "core/nn/model_spec.h"

#include <nlohmann/json.hpp>
#include <torch/types.h>

#include <cstdint>
#include <string>

namespace bdl::core::import_detail {

using nlohmann::json;

/// Blobs are read and written in pieces of at most this many bytes.
inline constexpr size_t kChunkBytes = size_t(16) << 20;

// ---- dtypes on the wire ------------------------------------------------------------------------

enum class DType { Float32, Float64, Int64, UInt8 };

struct DTypeInfo {
    DType type;
    const char* name;
    int64_t size;
    torch::ScalarType torchType;
};

inline constexpr DTypeInfo kDTypes[] = {
    {DType::Float32, "float32", 4, torch::kFloat32},
    {DType::Float64, "float64", 8, torch::kFloat64},
    {DType::Int64, "int64", 8, torch::kInt64},
    {DType::UInt8, "uint8", 1, torch::kUInt8},
};

inline const DTypeInfo& info(DType t) {
    for (const auto& d : kDTypes)
        if (d.type == t)
            return d;
    return kDTypes[0];
}

/// Reads members of the (untrusted) import header. Every accessor checks the JSON type and range
/// and throws Error(origin, "import header: <path>: <problem>") otherwise, where path is the
/// member's place in the header, e.g. "model.spec.layers[3].filters". Never throws anything else.
class HeaderReader {
public:
    explicit HeaderReader(std::string origin) : m_origin(std::move(origin)) {}

    [[noreturn]] void fail(const std::string& path, const std::string& problem) const;
    const std::string& origin() const { return m_origin; }

    /// `path` + "." + key, or key alone at the root (path empty).
    static std::string child(const std::string& path, const std::string& key);
    /// `path` + "[i]".
    static std::string item(const std::string& path, size_t i);

    /// The member `key` of the object `obj` (at `path`); Error when it is missing.
    const json& member(const json& obj, const std::string& path, const char* key) const;
    const json& object(const json& v, const std::string& path) const;
    const json& array(const json& v, const std::string& path) const;
    std::string string(const json& v, const std::string& path) const;
    bool boolean(const json& v, const std::string& path) const;
    /// An integer (not a float) within [lo, hi].
    int64_t integer(const json& v, const std::string& path, int64_t lo, int64_t hi) const;
    /// A finite number (integer or float).
    double number(const json& v, const std::string& path) const;
    /// An array of `n` integers, each within [lo, hi].
    std::vector<int64_t> integers(const json& v, const std::string& path, size_t n, int64_t lo,
                                  int64_t hi) const;

private:
    std::string m_origin;
};

/// Every LayerSpec field of every layer, as documented in import_format.h.
json specToJson(const ModelSpec& spec);

/// The inverse of specToJson, checking every member's type and range (sizes 0..kMaxSpecSize, at
/// most `maxLayers` layers). Does not check that the graph is consistent; Model(spec) does.
ModelSpec specFromJson(const HeaderReader& r, const json& v, const std::string& path,
                       int64_t maxLayers);

/// Largest filters/units/kernel/stride/pool/input extent accepted in a spec (as the Keras
/// model_config parser, keras_config.cpp).
inline constexpr int64_t kMaxSpecSize = int64_t(1) << 24;

/// Follows Model's shape inference over `spec` (overflow-checked) and refuses, before Model(spec)
/// allocates its zero weights, a graph whose weights would exceed the budget (one tensor over
/// maxTensorBytes, all over maxTotalBytes) or whose sizes overflow. Where the graph is
/// inconsistent it stops silently: Model(spec) refuses that layer before allocating past it.
void checkModelAllocation(const ModelSpec& spec, const ImportBudget& budget,
                          const std::string& origin);

/// The deepest nesting of [ and { outside strings of a JSON text, stopping once it passes
/// `limit` (a header is refused before nlohmann::json's recursive parser sees a deep one).
int bracketDepth(const std::string& text, int limit);

} // namespace bdl::core::import_detail
