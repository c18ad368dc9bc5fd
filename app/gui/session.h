#pragma once
/// @file session.h
/// Session files (*.bdlsession): one JSON document holding a whole analysis (SessionState): the
/// workspace request, settings, every result, B' and the other B' candidates (their weights
/// base64-encoded; B''s once, the candidates list naming it by id), so that
/// reopening shows the same numbers without recomputing. Written atomically (QSaveFile); read
/// with validation: a file that is not a session, of a newer format, truncated or with values
/// of the wrong type or size is refused with a message naming the file and the problem; nothing
/// half-read is ever returned. writeVerifiedSessionFile() (File > Save Session and the autosave)
/// also reads its bytes back before replacing the file, so a session that would not reopen to
/// the same state is never written.
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

/// The bytes writeSessionFile() writes for `state` (compact JSON).
QByteArray sessionToBytes(const SessionState& state);
/// Parses and validates `bytes` as readSessionFile() does; errors start with `origin`.
bool sessionFromBytes(const QByteArray& bytes, SessionState* state, QString* error,
                      const QString& origin);
/// Whether `state` can reopen what it holds: its request must open the workspace its results
/// are for (the same model file or zoo model, the same clean test, train and poisoned files).
/// False with the reason in `why` (without a file name). True without results.
bool sessionRequestMatchesResults(const SessionState& state, QString* why);
/// The save that never leaves a session that cannot be reopened: checks the request against
/// the results (sessionRequestMatchesResults()), writes the bytes to memory, reads them back
/// with the parser Open uses (sessionFromBytes()), writes the state read back again and
/// compares both byte for byte; only then replaces `path` atomically. On any problem `path`
/// is untouched and `error` names the file and the first difference.
bool writeVerifiedSessionFile(const QString& path, const SessionState& state, QString* error);

/// SHA-256 of a file's bytes; empty when it cannot be read.
QByteArray fileSha256(const QString& path);

} // namespace bdl::app
