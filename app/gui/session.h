#pragma once
/// @file session.h
/// Session files (*.bdlsession): one JSON document holding a whole analysis (SessionState): the
/// workspace request, settings, every result and B' (its weights base64-encoded), so that
/// reopening shows the same numbers without recomputing. Written atomically (QSaveFile); read
/// with validation: a file that is not a session, of a newer format, truncated or with values
/// of the wrong type or size is refused with a message naming the file and the problem; nothing
/// half-read is ever returned.
///
/// Thread: any. Errors: returned (bool + message), never thrown.
#include "app/gui/analysis_types.h"

#include <QtCore/QByteArray>
#include <QtCore/QJsonObject>
#include <QtCore/QString>

namespace bdl::app {

/// "bdlsession", the format's suffix.
inline constexpr QLatin1String kSessionSuffix{"bdlsession"};
/// Version written; files with a higher one are refused.
inline constexpr int kSessionFormatVersion = 1;

QJsonObject sessionToJson(const SessionState& state);
/// Fills `state` from `json`; false with `error` (naming `origin`, e.g. the file) on any problem.
bool sessionFromJson(const QJsonObject& json, SessionState* state, QString* error,
                     const QString& origin = QString());

/// Writes atomically; false with `error` naming the file (the old file, if any, stays whole).
bool writeSessionFile(const QString& path, const SessionState& state, QString* error);
/// Reads and validates; false with `error` naming the file.
bool readSessionFile(const QString& path, SessionState* state, QString* error);

/// SHA-256 of a file's bytes; empty when it cannot be read.
QByteArray fileSha256(const QString& path);

} // namespace bdl::app
