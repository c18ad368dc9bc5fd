#pragma once
/// @file fuzz_session_entry.h
/// The session target's input handling (see fuzz_entries.h for the core targets): a
/// *.bdlsession file's bytes through sessionFromBytes(), the parser File > Open Session uses.
/// A session that opens must also save and reopen to the same bytes, which the verified save
/// (writeVerifiedSessionFile) relies on; a difference is thrown as std::logic_error, so the fuzz
/// target reports it as a crash.
#include "app/gui/session.h"

#include <stdexcept>
#include <string>

namespace bdl::fuzz {

inline void runSession(const std::string& bytes) {
    const QString origin = QStringLiteral("fuzz-session");
    app::SessionState state;
    QString error;
    if (!app::sessionFromBytes(QByteArray(bytes.data(), qsizetype(bytes.size())), &state, &error,
                               origin))
        return; // refused with a message: the contract
    const QByteArray saved = app::sessionToBytes(state);
    app::SessionState reopened;
    if (!app::sessionFromBytes(saved, &reopened, &error, origin))
        throw std::logic_error("an opened session does not reopen once saved: " +
                               error.toStdString());
    if (app::sessionToBytes(reopened) != saved)
        throw std::logic_error("an opened session saves differently once reopened");
}

} // namespace bdl::fuzz
