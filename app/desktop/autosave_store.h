#pragma once
/// @file autosave_store.h
/// The autosave files of running BackdoorLab windows: one per instance, so that two instances
/// never write the same file and a new instance never overwrites what a crashed one left.
///
/// Layout: AppDataLocation/autosave/<id>.bdlsession, guarded by <id>.lock, a QLockFile the
/// instance takes before its first autosave and holds until it ends. <id> is the start time,
/// the process id and a counter ("20250101-120000-4242-0"), unique per SessionManager.
/// - A clean exit (removeOwn()) deletes the file, then releases the lock: nothing is offered.
/// - A crash or kill -9 leaves the file and a stale lock (its process is gone); a window
///   destroyed without its clean exit leaves the file without a lock. Either is an orphan.
/// - claimOrphans() finds the orphans (never this instance's own file, never a file whose lock
///   a running instance holds) and takes their locks, so that an instance started meanwhile
///   does not offer them too. The files themselves are only read, never written: they are
///   deleted by discard() (the user chose Discard, or Restore and the restored state is in the
///   instance's own autosave) and otherwise stay for the next start (releaseOrphans()).
/// - The single autosave of earlier versions (AppDataLocation/autosave.bdlsession) is an orphan
///   too while AppSettings::cleanExit() says their last run did not end cleanly.
///
/// Thread: GUI thread only (it reads session files to describe them: a few MB at most).
/// Errors: returned as text naming the file; nothing is thrown.
#include <QtCore/QCoreApplication>
#include <QtCore/QDateTime>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVector>

#include <map>
#include <memory>

class QLockFile;

namespace bdl::app {

/// An autosave left by an instance that did not exit cleanly, as the restore offer lists it.
struct AutosaveEntry {
    QString path;
    QString modelName; ///< the model's file name, or the demo zoo model's id
    QDateTime saved;   ///< last written
    qint64 bytes = 0;
    QStringList holds;   ///< what it holds, in words ("B' (pruned 2 channels, ...)", "STRIP run")
    QString error;       ///< why it cannot be read (then it can only be discarded); empty if fine
    bool legacy = false; ///< the single autosave of an earlier version

    /// One line: file, model, time, what it holds and size (translated).
    QString summary() const;
};

class AutosaveStore {
    Q_DECLARE_TR_FUNCTIONS(AutosaveStore)

public:
    /// `dir`: the autosave folder; empty = defaultDir().
    explicit AutosaveStore(const QString& dir = QString());
    /// Releases every lock held (the files stay: a destroyed window without a clean exit leaves
    /// its autosave to be offered).
    ~AutosaveStore();
    AutosaveStore(const AutosaveStore&) = delete;
    AutosaveStore& operator=(const AutosaveStore&) = delete;

    /// AppDataLocation/autosave.
    static QString defaultDir();
    /// AppDataLocation/autosave.bdlsession, where earlier versions kept their one autosave.
    static QString legacyPath();
    QString dir() const { return m_dir; }

    /// This instance's autosave file (fixed at construction; written by the caller after
    /// lockOwn()).
    QString ownPath() const;
    /// Creates the folder and takes this instance's lock (once). False with `error` when the
    /// folder cannot be made or the lock taken.
    bool lockOwn(QString* error = nullptr);
    /// A clean exit: deletes this instance's autosave, then releases its lock.
    void removeOwn();
    /// Whether `path` is an autosave (this instance's, an orphan or the legacy file).
    bool isAutosave(const QString& path) const;

    /// Finds the orphans not yet claimed, takes their locks and adds them to orphans(); returns
    /// every claimed orphan, oldest first. Lock files left without their autosave are removed.
    QVector<AutosaveEntry> claimOrphans();
    /// The orphans claimed and neither discarded nor released.
    const QVector<AutosaveEntry>& orphans() const { return m_orphans; }
    /// Deletes a claimed orphan and its lock. False with `error` (naming the file) when the file
    /// cannot be deleted (it stays claimed).
    bool discard(const QString& path, QString* error = nullptr);
    /// Releases the claims: the orphans stay on disk and are offered again at the next start.
    void releaseOrphans();

    /// Describes the autosave at `path` (reads it).
    static AutosaveEntry describe(const QString& path);

private:
    QString lockPathOf(const QString& sessionPath) const;

    QString m_dir;
    QString m_id;
    std::unique_ptr<QLockFile> m_ownLock;
    QVector<AutosaveEntry> m_orphans;
    std::map<QString, std::unique_ptr<QLockFile>> m_claims; ///< orphan path -> its lock
};

} // namespace bdl::app
