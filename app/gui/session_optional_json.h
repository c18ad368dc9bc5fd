#pragma once
/// @file session_optional_json.h
/// Reading session members added after the first format version: absent in older files, which
/// keep the fallback; and k(), a member's path in error messages. Shared by session_results_json.cpp and session_request_json.cpp.
#include "app/gui/session_json.h"

namespace bdl::app::sessionjson {

/// The path of member `key` of the object at path `p`, for error messages.
inline QString k(const QString& p, const char* key) { return join(p, key); }

inline bool optionalBool(const QJsonObject& o, const char* key, JsonReader& r, const QString& p,
                         bool fallback = false) {
    return o.contains(QLatin1String(key)) ? r.boolean(o, key, p) : fallback;
}
inline int optionalInt(const QJsonObject& o, const char* key, JsonReader& r, const QString& p,
                       int min, int max) {
    return o.contains(QLatin1String(key)) ? r.integer(o, key, p, min, max) : 0;
}
inline quint64 optionalU64(const QJsonObject& o, const char* key, JsonReader& r, const QString& p) {
    return o.contains(QLatin1String(key)) ? r.unsigned64(o, key, p) : 0;
}

} // namespace bdl::app::sessionjson
