#pragma once
/// @file session_manager.h
/// Sessions in the main window: File > Save Session (Ctrl+S), Save Session As (Ctrl+Shift+S),
/// Open Session (Ctrl+Shift+O) and reopening from File > Open Recent, a command-line argument
/// or a drop; the modified mark; and the autosave that makes a crash or a kill lose at most the
/// running job.
///
/// A session is captured from the Controller (sessionResults(): workspace, curve, sweep, B' and
/// its weights, STRIP, goodnets), the settings of the last tuning and sweep, the model file's
/// SHA-256, and what the window adds through the capture hook (the workspace request in use,
/// STRIP settings and threshold, comparison rows, view state). Opening reads the file
/// (readSessionFile), hands it to Controller::restoreSession() - cancelling a running job
/// first - and, once job::kRestore finished, gives it to the apply hook.
///
/// Autosave: after every finished job that changes results (open, curve, tuning, sweep, STRIP,
/// goodnets, restore), when enabled in the settings and a workspace is open, the instance's own
/// autosave (autosavePath(), an AutosaveStore file guarded by a lock this instance holds while
/// it runs) is written: never another instance's, so two running windows never share a file and
/// a new start never overwrites what a crashed one left. endRun() (a clean quit) deletes it.
///
/// Crash recovery: startRun() looks for autosaves whose instance is gone without its clean exit
/// (stale or no lock), claims them (so a third instance does not offer them too) and offers
/// them in the banner, listing what it found (file, model, time, what it holds, size); its
/// button and File > Restore Autosaved Session open the RecoveryDialog (Restore / Discard /
/// Decide Later). Those files are only read until the user chose: Discard deletes one; Restore
/// reopens it and deletes it once its state is in this instance's own autosave. A quit without
/// a choice leaves them for the next start.
///
/// Saving: saveTo() and the autosave go through writeVerifiedSessionFile(): the captured state
/// is checked (its request opens the workspace its results are for), read back with the parser
/// Open uses and compared before the file is replaced, so a session that would not reopen is
/// never written (the banner names the file and why). Opening another workspace (or a session)
/// makes it the window's document: the session path is cleared (Ctrl+S asks for a file) until a
/// restored session sets it; a failed or cancelled open changes nothing.
///
/// Errors (unreadable or invalid files, a failed restore, a failed write) go to the banner and
/// name the file. Thread: GUI thread only.
#include "app/desktop/autosave_store.h"
#include "app/gui/analysis_types.h"

#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QString>

#include <functional>
#include <memory>
#include <optional>

class QWidget;

namespace bdl::app {

class Controller;
class NotificationBanner;
class RecentFiles;
class RecoveryDialog;

class SessionManager : public QObject {
    Q_OBJECT

public:
    /// Fills in what only the window knows (request in use, STRIP, comparison, view state).
    using CaptureHook = std::function<void(SessionState* state)>;
    /// Puts a restored session's window state back (called after job::kRestore finished).
    using ApplyHook = std::function<void(const SessionState& state)>;

    /// `recent` may be null. `dialogParent` parents the file dialogs.
    SessionManager(Controller* controller, NotificationBanner* banner, RecentFiles* recent,
                   QWidget* dialogParent);
    /// Releases the autosave locks; the files stay (only endRun() removes this instance's).
    ~SessionManager() override;

    void setHooks(CaptureHook capture, ApplyHook apply);

    /// The session file saved to or opened last; empty for an unsaved analysis.
    QString currentPath() const { return m_path; }
    /// Changed since the last save or open (finished result jobs, setModified()).
    bool isModified() const { return m_modified; }
    /// Whether a restore waits for the running job to end, or runs.
    bool restoring() const { return m_pending.has_value(); }
    /// The request of the session being restored (while restoring()).
    std::optional<WorkspaceRequest> restoringRequest() const;

    /// The whole analysis as it is now.
    SessionState capture() const;
    /// Captures, verifies (writeVerifiedSessionFile()) and writes `path` atomically; on success
    /// it becomes the current session. False with the reason in the banner (and `error`, when
    /// given); the old file is then untouched.
    bool saveTo(const QString& path, QString* error = nullptr);
    /// Reads `path` and starts restoring it (after cancelling a running job). False, with the
    /// reason in the banner, when the file cannot be read.
    bool open(const QString& path);

    /// This instance's autosave: AppDataLocation/autosave/<id>.bdlsession (AutosaveStore).
    QString autosavePath() const;
    /// The store of autosaves (this instance's and the orphans it claimed).
    AutosaveStore* autosaves() const { return m_store.get(); }
    /// Writes this instance's autosave now (nothing, returning false, without a workspace, while
    /// restoring, or when autosave is off in the settings or not allowed).
    bool writeAutosave(QString* error = nullptr);
    /// False: never write the autosave (a --screenshot run is no session of the user's).
    void setAutosaveAllowed(bool allowed) { m_autosaveAllowed = allowed; }
    /// At start: claims the autosaves of instances that did not exit cleanly and offers them in
    /// the banner. Returns whether an offer was made.
    bool startRun();
    /// At quit (a clean exit): deletes this instance's autosave and releases the claimed ones
    /// the user did not choose about (offered again at the next start).
    void endRun();
    /// The autosaves offered and not yet restored or discarded.
    QVector<AutosaveEntry> pendingAutosaves() const;
    /// The recovery dialog while it is shown; null otherwise.
    RecoveryDialog* recoveryDialog() const;

public Q_SLOTS:
    void setModified(bool modified = true);
    /// Saves to the current session, or asks for a file (saveAs()) when there is none.
    bool save();
    /// Asks for a file and saves there.
    bool saveAs();
    /// Asks for a session file and opens it.
    void openWithDialog();
    /// Shows the recovery dialog for the pending autosaves (the banner's button, File >
    /// Restore Autosaved Session); nothing when there are none.
    void showRecoveryDialog();
    /// Reopens the offered autosave `path`; once restored (and this instance's autosave holds
    /// it) the file is deleted. False when it cannot be read (banner).
    bool restoreAutosave(const QString& path);
    /// Deletes the offered autosave `path`. False with the reason in the banner.
    bool discardAutosave(const QString& path);

Q_SIGNALS:
    /// currentPath() or isModified() changed (the window title follows).
    void stateChanged();
    /// A session was restored; `path` is the file it came from.
    void restored(const QString& path);
    /// pendingAutosaves() changed.
    void autosavesChanged();

private:
    void onJobFinished(const QString& job);
    void onJobEnded(const QString& job);
    void connectRestoreFailure(const QString& path);
    void onWorkspaceOpened();
    void startPendingRestore();
    void setPath(const QString& path);
    void showRecoveryOffer();
    bool autosaveWanted() const;
    QString dialogDir() const;

    Controller* m_controller;
    NotificationBanner* m_banner;
    RecentFiles* m_recent;
    QWidget* m_dialogParent;
    CaptureHook m_capture;
    ApplyHook m_apply;
    QString m_path;
    bool m_modified = false;
    std::optional<SessionState> m_pending; ///< read, waiting for or in restoreSession()
    QString m_pendingPath;
    bool m_restoreRunning = false;
    bool m_autosaveAllowed = true;
    std::unique_ptr<AutosaveStore> m_store;
    QString m_restoringAutosave; ///< the offered autosave being restored
    QPointer<RecoveryDialog> m_dialog;
    QMetaObject::Connection m_restoreFailure; ///< the running restore's failure message
};

} // namespace bdl::app
