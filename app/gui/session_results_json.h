#pragma once
/// @file session_results_json.h
/// Internal to session.cpp: the JSON mapping of the request and result types a session holds.
/// Readers validate types, ranges and the consistency of parallel vectors through a JsonReader
/// (the first problem wins; results are meaningless once !reader.ok()).
#include "app/gui/analysis_types.h"
#include "app/gui/session_json.h"

namespace bdl::app::sessionjson {

QJsonObject workspaceRequestToJson(const WorkspaceRequest& r);
WorkspaceRequest workspaceRequestFromJson(const QJsonObject& o, JsonReader& r, const QString& p);
QJsonObject stripRequestToJson(const StripRequest& s);
StripRequest stripRequestFromJson(const QJsonObject& o, JsonReader& r, const QString& p);
QJsonObject resultsToJson(const SessionResults& s);
SessionResults resultsFromJson(const QJsonObject& o, JsonReader& r, const QString& p);

} // namespace bdl::app::sessionjson
