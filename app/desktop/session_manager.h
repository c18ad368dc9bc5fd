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
/// goodnets, restore) and at endRun() (quit), when enabled in the settings and
/// a workspace is open, autosavePath() is written atomically. startRun() marks the run as
/// unclean in the settings (endRun() clears the mark); when the previous run did not end
/// cleanly and an autosave exists, the banner offers "Restore previous session".
///
/// Errors (unreadable or invalid files, a failed restore, a failed write) go to the banner and
/// name the file. Thread: GUI thread only.
#include "app/gui/analysis_types.h"

#include <QtCore/QObject>
#include <QtCore/QString>

#include <functional>
#include <optional>

class QWidget;

namespace bdl::app {

class Controller;
class NotificationBanner;
class RecentFiles;

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

    void setHooks(CaptureHook capture, ApplyHook apply);

    /// The session file saved to or opened last; empty for an unsaved analysis.
    QString currentPath() const { return m_path; }
    /// Changed since the last save or open (finished result jobs, setModified()).
    bool isModified() const { return m_modified; }
    /// Whether a restore waits for the running job to end, or runs.
    bool restoring() const { return m_pending.has_value(); }

    /// The whole analysis as it is now.
    SessionState capture() const;
    /// Captures and writes `path` (atomically); on success it becomes the current session.
    /// False with the reason in the banner (and `error`, when given).
    bool saveTo(const QString& path, QString* error = nullptr);
    /// Reads `path` and starts restoring it (after cancelling a running job). False, with the
    /// reason in the banner, when the file cannot be read.
    bool open(const QString& path);

    /// AppDataLocation/autosave.bdlsession.
    static QString autosavePath();
    /// Writes the autosave now (nothing, returning false, without a workspace or when
    /// autosave is off in the settings).
    bool writeAutosave(QString* error = nullptr);
    /// False: never write the autosave (a --screenshot run is no session of the user's).
    void setAutosaveAllowed(bool allowed) { m_autosaveAllowed = allowed; }
    /// At start: offers the autosave when the last run did not exit cleanly; then marks this run
    /// as running. Returns whether the offer was made.
    bool startRun();
    /// At quit: writes the autosave and marks the run as cleanly ended.
    void endRun();

public Q_SLOTS:
    void setModified(bool modified = true);
    /// Saves to the current session, or asks for a file (saveAs()) when there is none.
    bool save();
    /// Asks for a file and saves there.
    bool saveAs();
    /// Asks for a session file and opens it.
    void openWithDialog();
    /// Opens the autosave (the banner's "Restore previous session").
    void restoreAutosave();

Q_SIGNALS:
    /// currentPath() or isModified() changed (the window title follows).
    void stateChanged();
    /// A session was restored; `path` is the file it came from.
    void restored(const QString& path);

private:
    void onJobFinished(const QString& job);
    void onJobEnded(const QString& job);
    void onRestoreFailed(const QString& job, const QString& message);
    void startPendingRestore();
    void setPath(const QString& path);
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
};

} // namespace bdl::app
